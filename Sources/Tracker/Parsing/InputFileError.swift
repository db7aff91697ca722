#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to open or read an input file (or standard input).
///
/// Kept apart from the data errors (`CSVError`, `JSONError`) because the
/// caller reacts differently: a missing file is the user's typo, a read
/// failure is the machine's trouble, bad bytes are the sender's mistake.
public struct InputFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// There is no file at the path.
        case notFound
        /// The file exists but this user may not read it.
        case permissionDenied
        /// The path names a directory, not a file.
        case isDirectory
        /// Opening failed for another reason; the system error text is kept.
        case openFailed(systemMessage: String)
        /// Reading failed part way through; the system error text is kept.
        case readFailed(systemMessage: String)
    }

    /// The path as the user gave it, or "standard input".
    public let path: String
    /// What went wrong.
    public let reason: Reason

    /// Creates an error for `path`.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// True when the file simply is not there (the caller's exit code 66),
    /// false for failures of the system while reading (exit code 74).
    public var isMissingFile: Bool {
        switch reason {
        case .notFound, .isDirectory: return true
        case .permissionDenied, .openFailed, .readFailed: return false
        }
    }

    /// A sentence fit for a caseworker.
    public var description: String {
        switch reason {
        case .notFound:
            return "cannot open '\(path)': no such file"
        case .permissionDenied:
            return "cannot open '\(path)': permission denied"
        case .isDirectory:
            return "cannot read '\(path)': it is a directory, not a file"
        case .openFailed(let message):
            return "cannot open '\(path)': \(message)"
        case .readFailed(let message):
            return "cannot read '\(path)': \(message)"
        }
    }

    /// Maps an `errno` value from `open(2)` to a reason.
    static func openReason(errno code: Int32) -> Reason {
        switch code {
        case ENOENT, ENOTDIR: return .notFound
        case EACCES, EPERM: return .permissionDenied
        case EISDIR: return .isDirectory
        default: return .openFailed(systemMessage: systemMessage(errno: code))
        }
    }

    /// The C library's text for an `errno` value.
    static func systemMessage(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "system error \(code)" }
        return String(cString: text)
    }
}
