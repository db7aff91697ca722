/// A JSON number, kept as written so no precision is lost before the
/// caller decides what it needs (an ID must not become 1.0e+15).
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number exactly as it appeared in the input, e.g. `-12.50e3`.
    public let text: String
    /// The value as a Double (always finite; larger numbers are rejected by the parser).
    public let doubleValue: Double
    /// True when written without a fraction or exponent, e.g. `42` or `-7`.
    public let isInteger: Bool

    /// Creates a number; `text` must be valid JSON number syntax for `doubleValue` to make sense.
    public init(text: String, doubleValue: Double, isInteger: Bool) {
        self.text = text
        self.doubleValue = doubleValue
        self.isInteger = isInteger
    }

    /// The value as an `Int` when written as an integer that fits, else nil.
    public var integerValue: Int? {
        isInteger ? Int(text) : nil
    }

    /// The text as written.
    public var description: String { text }
}
