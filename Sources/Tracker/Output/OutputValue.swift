/// One cell of command output, typed so every format can render it right:
/// numbers stay numbers in JSON, lists become arrays (`;`-joined in CSV).
public enum OutputValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)
    case list([String])
    /// Nested rows (a journey's timeline, say): an array of objects in
    /// JSON, JSON text in CSV.
    case records([[(key: String, value: OutputValue)]])
    /// Text already known to be valid JSON (the audit log's detail): embedded
    /// as is in JSON, printed as text elsewhere.
    case json(String)

    public static func == (lhs: OutputValue, rhs: OutputValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.integer(a), .integer(b)): a == b
        case let (.real(a), .real(b)): a == b
        case let (.text(a), .text(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case let (.list(a), .list(b)): a == b
        case let (.json(a), .json(b)): a == b
        case let (.records(a), .records(b)):
            a.count == b.count && zip(a, b).allSatisfy { x, y in
                x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            }
        default: false
        }
    }

    public static func int(_ value: Int) -> OutputValue { .integer(Int64(value)) }

    public static func optional(_ value: Double?) -> OutputValue { value.map(OutputValue.real) ?? .null }
    public static func optional(_ value: Int?) -> OutputValue { value.map { .integer(Int64($0)) } ?? .null }
    public static func optional(_ value: String?) -> OutputValue { value.map(OutputValue.text) ?? .null }

    /// Plain text for CSV and the terminal (lists `;`-joined, null empty).
    public var plainText: String {
        switch self {
        case .null: ""
        case .integer(let integer): String(integer)
        case .real(let real): NumberText.shortest(real)
        case .text(let text): text
        case .bool(let bool): bool ? "true" : "false"
        case .list(let items): items.joined(separator: ";")
        case .records: JSONText.value(self)
        case .json(let text): text
        }
    }
}

/// Number formatting without Foundation.
public enum NumberText {
    /// The shortest text that reads back as the same double; non-finite
    /// values have no number form and render as empty.
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// Fixed decimals for people reading a table (`12.35`).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return value.description }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(units % Int64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// What a number in a table is, told by its column's name: people read
    /// each kind one way, whatever the analysis (`tracker` names its columns
    /// by this rule).
    public enum Kind: Sendable, Equatable {
        /// `*days*`: at most one decimal.
        case days
        /// `share_*`: a percentage with one decimal.
        case share
        /// `p`, `*_p`, `q`: three significant digits, or `<0.001`.
        case pValue
        /// Anything else: integers as they are, others to two decimals.
        case plain

        public init(column: String) {
            if column.hasPrefix("share") { self = .share }
            else if column == "p" || column == "q" || column.hasSuffix("_p") { self = .pValue }
            else if column.contains("days") { self = .days }
            else { self = .plain }
        }
    }

    /// How a number reads in the terminal table, by the kind its column
    /// holds: the one formatter of every table.
    public static func forTable(_ value: Double, column: String = "") -> String {
        guard value.isFinite else { return "" }
        switch Kind(column: column) {
        case .days:
            return trimmed(fixed(value, decimals: 1))
        case .share:
            return fixed(value * 100, decimals: 1) + "%"
        case .pValue:
            if value < 0.001 { return "<0.001" }
            return significant(value, digits: 3)
        case .plain:
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return fixed(value, decimals: 2)
        }
    }

    /// Without trailing zeros after the point (`12.0` → `12`).
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `digits` significant digits of a value between 0.001 and 1 (a p-value).
    private static func significant(_ value: Double, digits: Int) -> String {
        var decimals = digits
        var scaled = value
        while scaled < 0.1 && decimals < 12 {
            scaled *= 10
            decimals += 1
        }
        return trimmed(fixed(value, decimals: decimals))
    }
}
