/// A failure of the tracker's own rules, with what was wrong and what to do.
/// Errors of the layers below (SQLite, the parsers, the privacy rules) are
/// user-facing errors of their own and are not wrapped in this one.
public struct TrackerError: UserFacingError, Sendable {
    public let kind: FailureKind
    public let message: String
    public let hint: String?

    public init(_ kind: FailureKind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String {
        guard let hint else { return message }
        return "\(message)\nhint: \(hint)"
    }

    public static func usage(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.usage, message, hint: hint)
    }
    public static func badData(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.badData, message, hint: hint)
    }
    public static func notFound(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.notFound, message, hint: hint)
    }
    public static func cannotCreate(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.cannotCreate, message, hint: hint)
    }
    public static func io(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.ioError, message, hint: hint)
    }
}
