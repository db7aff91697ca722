/// Detects CPR numbers in free text, so that notes, titles and other text
/// fields can be refused before a CPR number is stored where it must not be.
public enum CPRGuard {
    /// True when `text` holds anything shaped like a CPR number:
    /// - exactly ten digits in a row (not part of a longer run of digits), or
    /// - exactly six digits, one separator, exactly four digits, where the
    ///   separator is a hyphen-minus, a space, a no-break space or a Unicode
    ///   hyphen or dash (U+2010–U+2013, U+2212), since word processors turn
    ///   typed hyphens into those;
    ///
    /// and whose first six digits are a real date (DDMMYY) in the century
    /// the seventh digit selects. Phone numbers written in groups
    /// (`+45 12 34 56 78`) and longer numbers do not match.
    ///
    /// Scans UTF-8 bytes once; any Unicode text is fine, since all bytes
    /// of non-ASCII characters are ≥ 0x80 and never look like digits.
    public static func containsCPR(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { containsCPR(utf8: $0) }
    }

    /// The same check on raw UTF-8 bytes.
    public static func containsCPR(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            guard isDigit(bytes[index]) else {
                index += 1
                continue
            }
            let runStart = index
            while index < count && isDigit(bytes[index]) { index += 1 }
            let runLength = index - runStart
            if runLength == 10 {
                if startsWithBirthDate(bytes, at: runStart, seventhDigitAt: runStart + 6) { return true }
            } else if runLength == 6, let separatorLength = separatorLength(in: bytes, at: index) {
                let tailStart = index + separatorLength
                var tailEnd = tailStart
                while tailEnd < count && isDigit(bytes[tailEnd]) { tailEnd += 1 }
                if tailEnd - tailStart == 4 {
                    if startsWithBirthDate(bytes, at: runStart, seventhDigitAt: tailStart) { return true }
                }
                // The tail run is examined again as a run of its own.
            }
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Whether the six digits at `start` are DDMMYY of a real date in the
    /// century chosen by the digit at `seventh`.
    private static func startsWithBirthDate(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, seventhDigitAt seventh: Int) -> Bool {
        func number(at index: Int) -> Int {
            Int(bytes[index] - UInt8(ascii: "0")) * 10 + Int(bytes[index + 1] - UInt8(ascii: "0"))
        }
        return CPR.isValidBirthDate(
            day: number(at: start),
            month: number(at: start + 2),
            twoDigitYear: number(at: start + 4),
            seventhDigit: Int(bytes[seventh] - UInt8(ascii: "0"))
        )
    }

    /// The byte length of a separator at `index`, or nil when there is none.
    private static func separatorLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "-"), UInt8(ascii: " "):
            return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:
            return 2  // U+00A0 no-break space
        case 0xE2 where index + 2 < bytes.count:
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if second == 0x80 && (0x90...0x93).contains(third) { return 3 }  // U+2010–U+2013
            if second == 0x88 && third == 0x92 { return 3 }  // U+2212 minus sign
            return nil
        default:
            return nil
        }
    }
}
