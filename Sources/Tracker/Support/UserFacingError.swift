/// What kind of failure an error is, seen from the person who must act on
/// it. The command line turns each kind into its exit code, in one place;
/// the library never speaks of exit codes.
public enum FailureKind: Sendable, Equatable {
    /// The command was given wrongly (a missing or contradictory option).
    case usage
    /// A value, file or row is malformed or out of range.
    case badData
    /// Something named does not exist: a journey, sector, file, key.
    case notFound
    /// A file or directory cannot be created, or exists already.
    case cannotCreate
    /// Reading or writing failed.
    case ioError
    /// Another process held the database too long.
    case busy
    /// The database was written by a newer or a different schema.
    case incompatibleSchema

    /// The kind of any error: a user-facing one says its own; anything else
    /// is an input/output failure, shown with its description.
    public init(_ error: any Error) {
        self = (error as? any UserFacingError)?.kind ?? .ioError
    }
}

/// An error a person can act on: what was wrong and what to do. Each layer's
/// errors conform in their own folder (the SQLite layer's, the parsers',
/// the privacy rules'), so nothing at the bottom needs to know them all.
public protocol UserFacingError: Error, CustomStringConvertible {
    var kind: FailureKind { get }
    /// The sentence after `error:`; by default the description.
    var message: String { get }
    /// What to do about it, printed after `hint:`.
    var hint: String? { get }
}

extension UserFacingError {
    public var message: String { description }
    public var hint: String? { nil }
}
