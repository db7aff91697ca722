/// Escapes text for XML attribute values and element content (XES and
/// OCEL 2.0 XML). Characters XML 1.0 cannot hold at all (most control
/// characters) become U+FFFD rather than making the file unreadable.
enum XMLText {
    static func escaped(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte < 0x20 || byte == 38 || byte == 60 || byte == 62 || byte == 34 || byte == 39 || byte >= 0xEF {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // Attribute-value normalization would turn raw line breaks and
            // tabs into spaces; character references survive it.
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            case let c where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A stored date or instant as `xs:dateTime` in UTC with milliseconds,
    /// the form XES tools expect: `2026-03-01T09:30:00.000+00:00`.
    static func dateTime(_ stored: String) -> String {
        let instant = Timestamp.normalize(stored) ?? stored
        let bytes = instant.utf8
        if bytes.count == 10 { return instant + "T00:00:00.000+00:00" }
        if instant.hasSuffix("Z") { return String(instant.dropLast()) + ".000+00:00" }
        return instant
    }
}
