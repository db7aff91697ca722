/// A value that failed validation, naming the field it came from: a command
/// prints it as an error, an import reports it against the row and column.
public struct FieldError: UserFacingError, Sendable, Equatable {
    public let field: String
    public let reason: String
    /// 65 for a malformed value, 66 for a name that matches nothing (an
    /// unknown sector, say); an import reports both as a bad row.
    public let kind: FailureKind
    public let hint: String?

    public init(field: String, _ reason: String, code: FailureKind = .badData, hint: String? = nil) {
        self.field = field
        self.reason = reason
        self.kind = code
        self.hint = hint
    }

    public var description: String { "\(field): \(reason)" }
}
