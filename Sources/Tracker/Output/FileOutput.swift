#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file descriptor (stdout, stderr or a file), so a
/// million-row export makes a few thousand system calls, not millions.
public final class FileOutput {
    public let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    private let closesOnDeinit: Bool

    public init(descriptor: Int32, capacity: Int = 1 << 16, closesOnDeinit: Bool = false) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.closesOnDeinit = closesOnDeinit
        buffer.reserveCapacity(capacity)
    }

    /// Opens `path` for writing, creating it with `mode`. With `exclusive`,
    /// an existing file is an error rather than overwritten.
    public convenience init(creating path: String, mode: mode_t = 0o644, exclusive: Bool = false) throws {
        var flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        if exclusive { flags |= O_EXCL }
        let descriptor = open(path, flags, mode)
        guard descriptor >= 0 else {
            throw TrackerError.cannotCreate("cannot create \(path): \(FileSystem.lastErrorMessage())",
                                            hint: "check the directory exists and you may write to it")
        }
        self.init(descriptor: descriptor, closesOnDeinit: true)
    }

    deinit {
        try? flush()
        if closesOnDeinit { close(descriptor) }
    }

    public static let standardOutput = FileOutputBox(descriptor: 1)
    public static let standardError = FileOutputBox(descriptor: 2)

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try? flush() }
    }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try? flush() }
    }

    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                buffer.removeAll(keepingCapacity: true)
                throw TrackerError.io("cannot write output: \(FileSystem.lastErrorMessage())")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A process-wide standard stream. Commands run on one thread; the box only
/// exists to give the global a type the compiler accepts as shared.
public final class FileOutputBox: @unchecked Sendable {
    public let output: FileOutput
    init(descriptor: Int32) { output = FileOutput(descriptor: descriptor) }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
