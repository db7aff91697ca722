/// A parsed JSON value (RFC 8259).
///
/// Objects keep their members in input order, because exports are easier
/// to check against their source that way; duplicate names are rejected
/// by the parser, so each name appears at most once.
public enum JSONValue: Sendable {
    /// `null`
    case null
    /// `true` or `false`
    case bool(Bool)
    /// A number, kept as written; see `JSONNumber`.
    case number(JSONNumber)
    /// A string, escapes resolved.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in input order.
    case object([(key: String, value: JSONValue)])

    /// The default nesting limit; deeper input is rejected rather than
    /// risking a stack overflow on hostile data.
    public static let defaultMaximumDepth = 128

    /// Parses one complete JSON text. Whitespace may surround the value;
    /// anything else after it is an error.
    /// - Throws: `JSONError` with line and byte position.
    public init(parsing text: String, maximumDepth: Int = JSONValue.defaultMaximumDepth) throws(JSONError) {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(JSONError) in
                try JSONValue.parse(bytes, firstLine: 1, maximumDepth: maximumDepth)
            }
        }
        self = try result.get()
    }

    /// Parses one complete JSON text given as UTF-8 bytes.
    /// - Throws: `JSONError` with line and byte position.
    public init(parsing bytes: [UInt8], maximumDepth: Int = JSONValue.defaultMaximumDepth) throws(JSONError) {
        let result = bytes.withUnsafeBufferPointer { bytes in
            Result { () throws(JSONError) in
                try JSONValue.parse(bytes, firstLine: 1, maximumDepth: maximumDepth)
            }
        }
        self = try result.get()
    }

    /// Parses `bytes` whose first byte is on line `firstLine` of the input.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, maximumDepth: Int) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, firstLine: firstLine, maximumDepth: maximumDepth)
        return try parser.parseDocument()
    }

    /// The member named `key` when this is an object, else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text when this is a string, else nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number when this is a number, else nil.
    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The flag when this is `true` or `false`, else nil.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: Equatable {
    /// Values are equal when they have the same kind and content; objects
    /// must also list their members in the same order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}
