#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TrackerStore {
    public struct BackupReport: Sendable {
        public let path: String
        public let bytes: Int
    }

    /// Copies the database to `path` while others may be writing: `VACUUM
    /// INTO` reads one consistent snapshot (WAL readers never block
    /// writers). The copy is created with mode 0600 before anything is
    /// written into it. An existing `path` is refused (exit 73) unless
    /// `replacing`, and then swapped in by rename only once the copy is whole.
    /// The pseudonym key is not part of the copy: it is kept apart on purpose.
    public func backup(to path: String, replacing: Bool = false) throws -> BackupReport {
        if FileSystem.exists(path) {
            guard replacing, !FileSystem.isDirectory(path) else {
                throw TrackerError.cannotCreate("\(path) exists already",
                                                hint: "choose a new file name, or pass --force to replace it")
            }
        }
        let target = replacing ? path + ".partial-\(getpid())" : path
        try FileSystem.createPrivateFile(target)
        do {
            // A read-only connection refuses VACUUM INTO under query_only,
            // though it writes only the new file; lift it for this statement.
            try db.withQueryOnlyLifted { try db.execute("VACUUM INTO ?", [target]) }
            if replacing, rename(target, path) != 0 {
                throw TrackerError.cannotCreate("cannot replace \(path): \(FileSystem.lastErrorMessage())")
            }
        } catch {
            FileSystem.remove(target)
            throw error
        }
        return BackupReport(path: path, bytes: FileSystem.size(path) ?? 0)
    }
}
