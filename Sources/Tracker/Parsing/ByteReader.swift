#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file, a pipe or standard input in fixed-size chunks.
///
/// Memory stays at one chunk however large the input is: the parsers built
/// on top look at the buffered bytes in place and copy out only what they keep.
/// A reference type because it owns the file descriptor and closes it once.
/// Not thread-safe; use one reader from one task.
public final class ByteReader {
    /// The default chunk size, 64 KiB: large enough that system calls are
    /// rare, small enough to stay in the CPU cache.
    public static let defaultChunkSize = 64 * 1024
    private static let minimumCapacity = 16

    /// The path given at creation, or "standard input"; used in error messages.
    public let name: String

    private let fileDescriptor: Int32
    private let closesDescriptor: Bool
    private let storage: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes asked for per read(2); normally the capacity, smaller only
    /// when a tiny chunk size is asked for (tests use that to split input
    /// at every possible place).
    private let readSize: Int
    /// Index of the first unread byte in `storage`.
    private var readIndex = 0
    /// Index one past the last valid byte in `storage`.
    private var endIndex = 0
    private var reachedEndOfInput = false
    /// The byte consumed most recently, so a parser can tell a CRLF pair
    /// apart from two line ends even when a chunk boundary splits it.
    private(set) var lastConsumedByte: UInt8?
    /// Bytes read from the input so far, buffered ones included.
    private var bytesReadFromInput = 0

    /// How far into the input the parser has got: bytes consumed so far.
    /// A progress display divides it by the file's size.
    public var position: Int { bytesReadFromInput - (endIndex - readIndex) }

    /// Opens the file at `path` for reading.
    /// - Throws: `InputFileError` when the file is missing, unreadable or a directory.
    public convenience init(path: String, chunkSize: Int = ByteReader.defaultChunkSize) throws(InputFileError) {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw InputFileError(path: path, reason: InputFileError.openReason(errno: errno))
        }
        // open(2) happily opens a directory read-only; catch it here so the
        // user hears "is a directory" rather than an odd read error later.
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputFileError(path: path, reason: .isDirectory)
        }
        self.init(fileDescriptor: descriptor, name: path, chunkSize: chunkSize, closesDescriptor: true)
    }

    /// Reads from an already open descriptor, such as one end of a pipe.
    /// - Parameters:
    ///   - fileDescriptor: An open, readable descriptor.
    ///   - name: What error messages call the input.
    ///   - chunkSize: Bytes read per system call; at least 1.
    ///   - closesDescriptor: Whether the reader closes the descriptor when it is released.
    public init(fileDescriptor: Int32, name: String, chunkSize: Int = ByteReader.defaultChunkSize, closesDescriptor: Bool) {
        precondition(chunkSize > 0, "chunk size must be positive")
        self.fileDescriptor = fileDescriptor
        self.name = name
        self.closesDescriptor = closesDescriptor
        // Room for at least a few bytes, so `skip(prefix:)` can look at a
        // whole byte order mark even with a one-byte chunk size.
        self.capacity = max(chunkSize, Self.minimumCapacity)
        self.readSize = chunkSize
        self.storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    /// A reader over standard input, which it leaves open when released.
    public static func standardInput(chunkSize: Int = ByteReader.defaultChunkSize) -> ByteReader {
        ByteReader(fileDescriptor: STDIN_FILENO, name: "standard input", chunkSize: chunkSize, closesDescriptor: false)
    }

    deinit {
        storage.deallocate()
        if closesDescriptor {
            close(fileDescriptor)
        }
    }

    /// Returns the next byte and moves past it, or nil at the end of input.
    /// Every remaining byte, for a small file read whole (a manifest).
    public func readAll() throws(InputFileError) -> [UInt8] {
        var bytes: [UInt8] = []
        while let byte = try readByte() { bytes.append(byte) }
        return bytes
    }

    public func readByte() throws(InputFileError) -> UInt8? {
        guard let byte = try peekByte() else { return nil }
        consume(1)
        return byte
    }

    /// Returns the next byte without moving past it, or nil at the end of input.
    public func peekByte() throws(InputFileError) -> UInt8? {
        if readIndex == endIndex, try !refill() { return nil }
        return storage[readIndex]
    }

    /// Moves past `prefix` if the input continues with exactly those bytes;
    /// otherwise consumes nothing. Used to drop a byte order mark.
    /// - Returns: Whether the prefix was there.
    public func skip(prefix: [UInt8]) throws(InputFileError) -> Bool {
        precondition(prefix.count <= Self.minimumCapacity, "prefix too long to look ahead")
        while endIndex - readIndex < prefix.count {
            if try !readMore() { break }
        }
        guard endIndex - readIndex >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() where storage[readIndex + offset] != expected {
            return false
        }
        if !prefix.isEmpty { consume(prefix.count) }
        return true
    }

    // MARK: Parser access (same module only)

    /// The bytes read but not yet consumed. Valid until the next call that
    /// consumes or refills; the parsers scan it in place for speed.
    var bufferedBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + readIndex, count: endIndex - readIndex)
    }

    /// Marks the first `count` buffered bytes as read.
    func consume(_ count: Int) {
        precondition(count >= 0 && count <= endIndex - readIndex, "consumed more than buffered")
        guard count > 0 else { return }
        readIndex += count
        lastConsumedByte = storage[readIndex - 1]
    }

    /// Reads the next chunk once every buffered byte is consumed.
    /// - Returns: False at the end of input.
    func refill() throws(InputFileError) -> Bool {
        if readIndex < endIndex { return true }
        readIndex = 0
        endIndex = 0
        return try readMore()
    }

    /// Moves unread bytes to the front and reads once into the free space.
    /// - Returns: False when nothing more could be read.
    private func readMore() throws(InputFileError) -> Bool {
        if reachedEndOfInput { return false }
        if readIndex > 0 {
            let unread = endIndex - readIndex
            if unread > 0 {
                // The ranges may overlap, which memmove allows.
                memmove(storage, storage + readIndex, unread)
            }
            readIndex = 0
            endIndex = unread
        }
        guard endIndex < capacity else { return true }
        while true {
            let count = read(fileDescriptor, storage + endIndex, min(readSize, capacity - endIndex))
            if count > 0 {
                endIndex += count
                bytesReadFromInput += count
                return true
            }
            if count == 0 {
                reachedEndOfInput = true
                return false
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                // A non-blocking descriptor (some shells hand one over as
                // stdin): wait until data arrives instead of spinning.
                var request = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&request, 1, -1)
                continue
            }
            throw InputFileError(path: name, reason: .readFailed(systemMessage: InputFileError.systemMessage(errno: code)))
        }
    }
}
