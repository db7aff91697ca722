/// Why a pseudonym key could not be made, loaded or saved.
///
/// Messages never include key material.
public enum PseudonymKeyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The environment variable is set but empty (or only whitespace).
    case emptyEnvironmentValue(variable: String)
    /// No key file at the path.
    case missingFile(path: String)
    /// The key file exists but cannot be read; `reason` is the system's text.
    case unreadableFile(path: String, reason: String)
    /// The key file does not hold 64 hexadecimal characters.
    case invalidFileContent(path: String)
    /// `createFile(at:)` found a file already there and left it untouched.
    case fileAlreadyExists(path: String)
    /// The key file could not be created or written; `reason` is the system's text.
    case cannotWriteFile(path: String, reason: String)

    /// True for a missing key file (the caller's exit code 66).
    public var isMissingFile: Bool {
        if case .missingFile = self { return true }
        return false
    }

    /// A sentence fit for a caseworker.
    public var description: String {
        switch self {
        case .emptyEnvironmentValue(let variable):
            return "\(variable) is set but empty; set it to a key of 64 hexadecimal characters or unset it"
        case .missingFile(let path):
            return "pseudonym key file '\(path)' does not exist"
        case .unreadableFile(let path, let reason):
            return "cannot read pseudonym key file '\(path)': \(reason)"
        case .invalidFileContent(let path):
            return "pseudonym key file '\(path)' does not contain a key of 64 hexadecimal characters"
        case .fileAlreadyExists(let path):
            return "pseudonym key file '\(path)' already exists; it was not overwritten"
        case .cannotWriteFile(let path, let reason):
            return "cannot write pseudonym key file '\(path)': \(reason)"
        }
    }
}
