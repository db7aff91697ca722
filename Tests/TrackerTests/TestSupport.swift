import Foundation
@testable import Tracker

/// A unique temporary directory, removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/tracker-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to a new file in the directory and returns its path.
    @discardableResult
    func createFile(named name: String, bytes: [UInt8]) -> String {
        let filePath = file(name)
        FileManager.default.createFile(atPath: filePath, contents: Data(bytes))
        return filePath
    }

    @discardableResult
    func createFile(named name: String, text: String) -> String {
        createFile(named: name, bytes: Array(text.utf8))
    }

    /// Removes the directory now rather than when released.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A fresh in-memory database with the whole schema applied.
func migratedMemoryDatabase() throws -> Database {
    let db = try Database(path: ":memory:")
    try Migrator().migrate(db, at: "2026-01-01T00:00:00Z")
    return db
}
