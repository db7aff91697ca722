import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret key behind CPR pseudonyms.
///
/// Whoever holds the key can test any CPR number against a pseudonym, so
/// the key must be kept as secret as the CPR numbers themselves; the same
/// key must be used for as long as pseudonyms are to stay linkable.
/// Printing a key shows no key material.
public struct PseudonymKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The environment variable read by `fromEnvironment()`.
    public static let environmentVariable = "TRACKER_PSEUDONYM_KEY"
    /// Size of generated and file-stored keys: 32 bytes (256 bits).
    public static let generatedByteCount = 32
    /// The most bytes a key file may hold; real ones hold 65.
    private static let maximumFileBytes = 4096

    /// The key for HMAC-SHA256.
    let symmetricKey: SymmetricKey

    /// Uses `bytes` as the key. Generated and file-stored keys are 32 bytes;
    /// passphrase keys (see `init(environmentValue:)`) may be any length.
    /// - Precondition: `bytes` is not empty.
    public init(bytes: [UInt8]) {
        precondition(!bytes.isEmpty, "a pseudonym key needs at least one byte")
        self.symmetricKey = SymmetricKey(data: bytes)
    }

    private init(symmetricKey: SymmetricKey) {
        self.symmetricKey = symmetricKey
    }

    /// A new random 32-byte key from the system's secure random source.
    public static func generate() -> PseudonymKey {
        PseudonymKey(symmetricKey: SymmetricKey(size: .bits256))
    }

    /// A key from the value of `TRACKER_PSEUDONYM_KEY`.
    ///
    /// Surrounding whitespace is ignored. Exactly 64 hexadecimal characters
    /// (either case) are decoded to 32 key bytes. Any other value is taken
    /// as a passphrase: its UTF-8 bytes are the key as they stand (no
    /// stretching), so it must be long and random to be safe.
    /// - Throws: `PseudonymKeyError.emptyEnvironmentValue` when only whitespace is left.
    public init(environmentValue: String) throws(PseudonymKeyError) {
        let value = environmentValue.trimmingWhitespace
        guard !value.isEmpty else {
            throw .emptyEnvironmentValue(variable: Self.environmentVariable)
        }
        if value.utf8.count == Self.generatedByteCount * 2, let bytes = Hex.decode(value) {
            self.init(bytes: bytes)
        } else {
            self.init(bytes: Array(value.utf8))
        }
    }

    /// The key from `TRACKER_PSEUDONYM_KEY`, or nil when the variable is not set.
    /// - Throws: `PseudonymKeyError.emptyEnvironmentValue` when it is set but empty.
    public static func fromEnvironment() throws(PseudonymKeyError) -> PseudonymKey? {
        guard let value = getenv(environmentVariable) else { return nil }
        return try PseudonymKey(environmentValue: String(cString: value))
    }

    /// Generates a key and writes it, hex-encoded with a newline, to a new
    /// file at `path` that only the owner may read and write (mode 0600).
    ///
    /// Never overwrites: an existing file (or symbolic link) at `path` is an
    /// error, because replacing a key silently would unlink every pseudonym
    /// made with the old one.
    /// - Returns: The key written.
    /// - Throws: `PseudonymKeyError.fileAlreadyExists` or `.cannotWriteFile`.
    @discardableResult
    public static func createFile(at path: String) throws(PseudonymKeyError) -> PseudonymKey {
        let key = generate()
        // O_EXCL makes "create only if absent" a single atomic step; the
        // mode 0600 applies from the first instant, so no one can open the
        // file in between.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw .fileAlreadyExists(path: path) }
            throw .cannotWriteFile(path: path, reason: InputFileError.systemMessage(errno: code))
        }
        var failure: Int32?
        // The umask can only remove bits; fchmod makes the mode exactly 0600.
        if fchmod(descriptor, 0o600) != 0 { failure = errno }
        if failure == nil {
            let content = Array((key.hexEncoded + "\n").utf8)
            failure = writeAll(content, to: descriptor)
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure {
            // Leave no half-written key behind to be loaded later.
            unlink(path)
            throw .cannotWriteFile(path: path, reason: InputFileError.systemMessage(errno: failure))
        }
        return key
    }

    /// Reads a key written by `createFile(at:)`: 64 hexadecimal characters,
    /// surrounding whitespace allowed.
    /// - Throws: `PseudonymKeyError.missingFile`, `.unreadableFile` or `.invalidFileContent`.
    public static func load(from path: String) throws(PseudonymKeyError) -> PseudonymKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missingFile(path: path) }
            throw .unreadableFile(path: path, reason: InputFileError.systemMessage(errno: code))
        }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while content.count <= maximumFileBytes {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .unreadableFile(path: path, reason: InputFileError.systemMessage(errno: code))
            }
            content.append(contentsOf: chunk[0..<count])
        }
        guard content.count <= maximumFileBytes,
              let text = String(validating: content, as: UTF8.self)
        else {
            throw .invalidFileContent(path: path)
        }
        let hex = text.trimmingWhitespace
        guard hex.utf8.count == generatedByteCount * 2, let bytes = Hex.decode(hex) else {
            throw .invalidFileContent(path: path)
        }
        return PseudonymKey(bytes: bytes)
    }

    /// Redacted: keys must not end up in logs.
    public var description: String { "PseudonymKey(redacted)" }

    /// Redacted: keys must not end up in logs.
    public var debugDescription: String { description }

    /// The key bytes as lowercase hex, for writing the key file.
    var hexEncoded: String {
        symmetricKey.withUnsafeBytes { Hex.encode($0) }
    }

    /// Writes every byte, retrying short writes and interruptions.
    /// - Returns: nil on success, else the `errno` value.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
