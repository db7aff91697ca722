/// Writes JSON text by hand: fast, no Foundation, keys in the order given.
public enum JSONText {
    public static func string(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                let hex = String(c.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
        return result
    }

    public static func value(_ value: OutputValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let integer): String(integer)
        case .real(let real): real.isFinite ? NumberText.shortest(real) : "null"
        case .text(let text): string(text)
        case .bool(let bool): bool ? "true" : "false"
        case .list(let items): "[" + items.map(string).joined(separator: ",") + "]"
        case .records(let records): "[" + records.map(object).joined(separator: ",") + "]"
        case .json(let text): text
        }
    }

    public static func object(_ pairs: [(key: String, value: OutputValue)]) -> String {
        "{" + pairs.map { string($0.key) + ":" + value($0.value) }.joined(separator: ",") + "}"
    }
}
