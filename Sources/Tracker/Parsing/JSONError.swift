/// Why a JSON text could not be parsed, and where.
///
/// Messages never quote the input: it may hold personal data.
public struct JSONError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong.
    public enum Reason: Equatable, Sendable {
        /// The text ended where `expected` was still needed.
        case unexpectedEnd(expected: String)
        /// Found something else where `expected` was needed.
        case unexpectedCharacter(expected: String)
        /// A valid value was followed by more than whitespace.
        case trailingCharacters
        /// A backslash escape other than \" \\ \/ \b \f \n \r \t \uXXXX.
        case invalidEscape
        /// A \u escape without four hexadecimal digits.
        case invalidUnicodeEscape
        /// A UTF-16 surrogate escape without its other half.
        case loneSurrogate
        /// A raw control character (below U+0020) inside a string.
        case controlCharacterInString
        /// The bytes are not valid UTF-8.
        case invalidUTF8
        /// Not valid JSON number syntax (e.g. `01`, `1.`, `+1`, `.5`).
        case invalidNumber
        /// A number too large to be represented (e.g. `1e999`).
        case numberOutOfRange
        /// An object has the member name `name` twice.
        case duplicateKey(name: String)
        /// Arrays and objects are nested deeper than `limit`.
        case nestingTooDeep(limit: Int)
        /// An NDJSON line held a value that is not an object.
        case notAnObject
        /// An NDJSON line is longer than `limit` bytes.
        case lineTooLong(limit: Int)
    }

    /// The physical line (1-based) where the problem was found.
    public let line: Int
    /// The byte position within that line (1-based).
    public let column: Int
    /// What is wrong.
    public let reason: Reason

    /// Creates an error.
    public init(line: Int, column: Int, reason: Reason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// For example "line 7, byte 12: expected ',' or '}' after an object member".
    public var description: String {
        "line \(line), byte \(column): \(reasonText)"
    }

    var reasonText: String {
        switch reason {
        case .unexpectedEnd(let expected): return "input ends early, expected \(expected)"
        case .unexpectedCharacter(let expected): return "expected \(expected)"
        case .trailingCharacters: return "unexpected text after the end of the JSON value"
        case .invalidEscape: return "invalid escape sequence in a string"
        case .invalidUnicodeEscape: return "\\u must be followed by four hexadecimal digits"
        case .loneSurrogate: return "\\u escape is half of a UTF-16 surrogate pair without the other half"
        case .controlCharacterInString: return "control character inside a string (it must be escaped)"
        case .invalidUTF8: return "text is not valid UTF-8"
        case .invalidNumber: return "invalid number"
        case .numberOutOfRange: return "number is too large"
        case .duplicateKey(let name): return "member name \"\(name)\" appears twice in one object"
        case .nestingTooDeep(let limit): return "arrays and objects nested deeper than \(limit) levels"
        case .notAnObject: return "expected a JSON object ({...}) on this line"
        case .lineTooLong(let limit): return "line is longer than the limit of \(limit) bytes"
        }
    }
}
