import CSQLite

/// A failure the user can act on: what was wrong, what to do, and the
/// sysexits code the process ends with.
public struct TrackerError: Error, Sendable, CustomStringConvertible {
    /// Exit codes from sysexits(3), as the command line promises them.
    public enum Code: Int32, Sendable {
        case usage = 64
        case badData = 65
        case notFound = 66
        case cannotCreate = 73
        case ioError = 74
        case busy = 75
        case schemaTooNew = 78
    }

    public let code: Code
    public let message: String
    public let hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
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
    public static func schemaTooNew(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.schemaTooNew, message, hint: hint)
    }
    /// A database whose recorded schema conflicts with this binary's.
    public static func config(_ message: String, hint: String? = nil) -> TrackerError {
        TrackerError(.schemaTooNew, message, hint: hint)
    }
}

extension TrackerError {
    /// The one place where any error becomes a user-facing error with its
    /// exit code. Errors of SQLite keep their code and message.
    public init(_ error: any Error) {
        switch error {
        case let error as TrackerError:
            self = error
        case let error as DatabaseError:
            self = TrackerError(databaseError: error)
        case let error as any UserFacingError:
            self = TrackerError(error.exitCode, error.description, hint: error.hint)
        default:
            self = TrackerError(.ioError, String(describing: error))
        }
    }

    init(databaseError error: DatabaseError) {
        switch error.code {
        case SQLITE_BUSY, SQLITE_LOCKED:
            self = .init(.busy, "the database is busy: another process held its lock too long (\(error.message))",
                         hint: "try again in a moment")
        case SQLITE_NOTADB:
            self = .badData("the file is not a SQLite database (\(error.message))",
                            hint: "point --db at a tracker database, or at a new path to create one")
        case SQLITE_CORRUPT:
            self = .badData("the database file is damaged (\(error.message))",
                            hint: "restore it from a backup; `tracker check` lists what is wrong")
        case SQLITE_CANTOPEN:
            self = .notFound("cannot open the database file (\(error.message))",
                             hint: "check the path given with --db or $TRACKER_DB, and its permissions")
        case SQLITE_READONLY:
            self = .badData("the database refused a write: \(error.message)",
                            hint: "this command only reads; use the caseworker commands to change data")
        case SQLITE_CONSTRAINT:
            self = .badData("the change breaks a rule of the data: \(error.message)")
        case SQLITE_FULL:
            self = .io("the disk is full: \(error.message)", hint: "free space and run the command again")
        case SQLITE_IOERR, SQLITE_PERM:
            self = .io("cannot read or write the database: \(error.message)",
                       hint: "check the disk and the file's permissions")
        default:
            self = .io(error.description)
        }
    }
}

/// An error from a parser or reader that knows its own exit code and hint.
public protocol UserFacingError: Error, CustomStringConvertible {
    var exitCode: TrackerError.Code { get }
    var hint: String? { get }
}

extension UserFacingError {
    public var hint: String? { nil }
}
