/// Why a CSV file could not be read, and where.
///
/// Messages never quote the field's content: it may hold personal data.
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong with the data.
    public enum Reason: Equatable, Sendable {
        /// The input ended inside a quoted field opened on `openedOnLine`.
        case unterminatedQuotedField(openedOnLine: Int)
        /// A `"` appeared inside a field that did not start with one.
        case quoteInUnquotedField
        /// Something other than a comma or a line end followed a closing quote.
        case unexpectedTextAfterClosingQuote
        /// The field's bytes are not valid UTF-8.
        case invalidUTF8
        /// The field is longer than `limit` bytes.
        case fieldTooLarge(limit: Int)
        /// The record has more than `limit` fields.
        case tooManyFields(limit: Int)
    }

    /// The physical line (1-based) where the problem was found.
    public let line: Int
    /// The field's position in its record (1-based).
    public let column: Int
    /// What is wrong.
    public let reason: Reason

    /// Creates an error.
    public init(line: Int, column: Int, reason: Reason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// For example "line 14, column 3: unterminated quoted field opened on line 12".
    public var description: String {
        "line \(line), column \(column): \(reasonText)"
    }

    var reasonText: String {
        switch reason {
        case .unterminatedQuotedField(let openedOnLine):
            return "unterminated quoted field opened on line \(openedOnLine) (a closing \" is missing)"
        case .quoteInUnquotedField:
            return "a \" inside a field that does not start with one (put the whole field in quotes and double the inner \")"
        case .unexpectedTextAfterClosingQuote:
            return "text after the closing \" of a quoted field (expected a comma or the end of the line)"
        case .invalidUTF8:
            return "text is not valid UTF-8 (save the file as UTF-8)"
        case .fieldTooLarge(let limit):
            return "field is larger than the limit of \(limit) bytes"
        case .tooManyFields(let limit):
            return "record has more than \(limit) fields"
        }
    }
}
