import Foundation
import Testing
@testable import Tracker

@Suite("tracker init and migrate, end to end")
struct InitCommandTests {
    @Test("init creates the directory and a 0600 WAL database with the schema")
    func initCreates() throws {
        let scratch = Scratch()
        let path = scratch.file("nested/dir/t.sqlite")
        let result = try runTracker(["init", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("created"))
        #expect(permissions(path) == 0o600)
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.value("PRAGMA journal_mode") == .text("wal"))
        #expect(try db.value("SELECT count(*) FROM sectors").integer == 14)
        #expect(try db.value("SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name LIKE 'v_%'").integer == 4)
    }

    @Test("a second init changes nothing, the audit log included")
    func initTwice() throws {
        let scratch = Scratch()
        let path = scratch.file("t.sqlite")
        try runTracker(["--db", path, "init"])
        let audit = try Database(path: path, mode: .readOnly).value("SELECT count(*) FROM audit_log")
        let second = try runTracker(["--db", path, "init"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("nothing changed"))
        #expect(try Database(path: path, mode: .readOnly).value("SELECT count(*) FROM audit_log") == audit)
    }

    @Test("the database path comes from $TRACKER_DB, then $XDG_DATA_HOME")
    func defaultPaths() throws {
        let scratch = Scratch()
        #expect(try runTracker(["init"], environment: ["TRACKER_DB": scratch.file("env.sqlite")]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.file("env.sqlite")))
        #expect(try runTracker(["init"], environment: ["XDG_DATA_HOME": scratch.file("xdg")]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.file("xdg/tracker/tracker.sqlite")))
    }

    @Test("migrate --status lists every migration as applied, in any format")
    func migrateStatus() throws {
        let scratch = Scratch()
        let path = scratch.file("t.sqlite")
        try runTracker(["init", "--db", path])
        let table = try runTracker(["migrate", "--status", "--db", path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("0001_initial") && table.stdout.contains("applied"))
        let json = try runTracker(["--format", "json", "migrate", "--status", "--db", path])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(rows.map { $0["name"] as? String } == Migration.embedded.map(\.name))
        #expect(rows.allSatisfy { $0["state"] as? String == "applied" })
        let migrate = try runTracker(["migrate", "--db", path])
        #expect(migrate.status == 0 && migrate.stderr.contains("nothing to migrate"))
    }

    @Test("a --db in a directory that cannot be created is exit 73")
    func unwritableDirectory() throws {
        let scratch = Scratch()
        let blocker = scratch.file("file")
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let result = try runTracker(["init", "--db", blocker + "/sub/t.sqlite"])
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains("hint: "))
    }

    @Test("a --db in a read-only directory is exit 73 and leaves nothing behind")
    func readOnlyDirectory() throws {
        guard getuid() != 0 else {
            // root writes anywhere; the missing-directory case covers creation failure.
            let result = try runTracker(["init", "--db", "/proc/tracker-none/t.sqlite"])
            #expect(result.status == 73)
            return
        }
        let scratch = Scratch()
        let directory = scratch.file("locked")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o500])
        let result = try runTracker(["init", "--db", directory + "/t.sqlite"])
        #expect(result.status == 73)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("a --db that is not a database is refused and the file left untouched")
    func notADatabase() throws {
        let scratch = Scratch()
        let path = scratch.file("notes.txt")
        let content = Data(String(repeating: "minutes of the meeting\n", count: 300).utf8)
        FileManager.default.createFile(atPath: path, contents: content)
        for arguments in [["init"], ["migrate"], ["migrate", "--status"]] {
            let result = try runTracker(arguments + ["--db", path])
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("not a SQLite database"))
        }
        #expect(FileManager.default.contents(atPath: path) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a missing database is exit 66 with a hint to run init")
    func missingDatabase() throws {
        let scratch = Scratch()
        let result = try runTracker(["migrate", "--status", "--db", scratch.file("none.sqlite")])
        #expect(result.status == 66)
        #expect(result.stderr.contains("tracker init"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("none.sqlite")))
    }

    @Test("an unknown flag is exit 64")
    func unknownFlag() throws {
        let result = try runTracker(["init", "--bogus"])
        #expect(result.status == 64)
    }

    @Test("a database with a newer schema is exit 78 and untouched")
    func tooNew() throws {
        let scratch = Scratch()
        let path = scratch.file("t.sqlite")
        try runTracker(["init", "--db", path])
        do {
            let db = try Database(path: path, mode: .readWrite)
            try db.execute("INSERT INTO schema_migrations VALUES ('9999_future', 'x', '2030-01-01')")
        }
        let before = FileManager.default.contents(atPath: path)
        let result = try runTracker(["init", "--db", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("9999_future"))
        #expect(FileManager.default.contents(atPath: path) == before)
    }
}
