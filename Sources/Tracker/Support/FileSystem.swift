#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations the tracker needs, on the C library
/// directly: Foundation would cost start-up time for every command.
public enum FileSystem {
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The permission bits of a file (e.g. 0o600), nil when it is missing.
    public static func permissions(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o7777)
    }

    public static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// Creates a directory and its missing parents (mode 0700: they may hold
    /// case data).
    public static func createDirectories(_ path: String) throws {
        if path.isEmpty || isDirectory(path) { return }
        let parentPath = parent(of: path)
        if parentPath != path { try createDirectories(parentPath) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw TrackerError.cannotCreate(
                "cannot create the directory \(path): \(lastErrorMessage())",
                hint: "choose a --db path in a directory you can write to")
        }
    }

    /// Creates an empty file readable and writable by its owner only. Fails
    /// when it exists already, so a racing process never gets a wider mode.
    public static func createPrivateFile(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TrackerError.cannotCreate(
                "cannot create \(path): \(lastErrorMessage())",
                hint: "choose a --db path in a directory you can write to")
        }
        // The mode given to open() is filtered by the umask; set it outright.
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Makes way for a new output file: an existing one is refused
    /// (`cannotCreate`, exit 73) unless `replacing`, which removes it; a
    /// directory is never replaced.
    public static func prepareOutput(_ path: String, replacing: Bool) throws {
        guard exists(path) else { return }
        guard replacing, !isDirectory(path) else {
            throw TrackerError.cannotCreate("\(path) exists already", hint: "choose another file, or pass --force to replace it")
        }
        remove(path)
    }

    public static func remove(_ path: String) {
        unlink(path)
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    public static func lastErrorMessage() -> String {
        String(cString: strerror(errno))
    }

    /// Whether a file descriptor is a terminal (progress bars only then).
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }
}
