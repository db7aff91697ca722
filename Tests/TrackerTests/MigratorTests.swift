import Foundation
import Testing
@testable import Tracker

@Suite("Migrations")
struct MigratorTests {
    @Test("the embedded migrations are the files in migrations/, byte for byte")
    func embeddedMatchFiles() throws {
        let directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == Migration.embedded.map(\.name))
        for (file, migration) in zip(files, Migration.embedded) {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(text == migration.sql, "\(file) differs from the embedded copy")
        }
    }

    @Test("a fresh database gets every migration, recorded with its checksum")
    func freshDatabase() throws {
        let db = try Database(path: ":memory:")
        let applied = try Migrator().migrate(db, at: "2026-01-01T00:00:00Z")
        #expect(applied == Migration.embedded.map(\.name))
        let rows = try db.rows("SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name")
        #expect(rows.map { $0[0].text } == Migration.embedded.map(\.name))
        #expect(rows.map { $0[1].text } == Migration.embedded.map(\.checksum))
        #expect(rows.allSatisfy { $0[2] == .text("2026-01-01T00:00:00Z") })
    }

    @Test("migrating twice changes nothing")
    func idempotent() throws {
        let db = try migratedMemoryDatabase()
        let before = try db.value("SELECT count(*) FROM sqlite_master").integer
        #expect(try Migrator().migrate(db, at: "2026-02-01T00:00:00Z").isEmpty)
        #expect(try db.value("SELECT count(*) FROM sqlite_master").integer == before)
        #expect(try Migrator().status(db).allSatisfy { $0.state == .applied })
    }

    @Test("a migration whose SQL changed after it was applied is detected")
    func changedMigrationDetected() throws {
        let db = try Database(path: ":memory:")
        try Migrator(migrations: [Migration(name: "0001_a", sql: "CREATE TABLE a (x INTEGER);")]).migrate(db, at: "t")
        let edited = Migrator(migrations: [Migration(name: "0001_a", sql: "CREATE TABLE a (x INTEGER, y TEXT);")])
        #expect(try edited.status(db).map(\.state) == [.changed])
        let error = try #require(throws: MigrationError.self) { try edited.checkCompatible(db) }
        #expect(error.message.contains("0001_a"))
    }

    @Test("a migration this binary does not know is refused with exit 78")
    func unknownMigrationRefused() throws {
        let db = try Database(path: ":memory:")
        let a = Migration(name: "0001_a", sql: "CREATE TABLE a (x INTEGER);")
        let b = Migration(name: "0002_b", sql: "CREATE TABLE b (x INTEGER);")
        try Migrator(migrations: [a, b]).migrate(db, at: "t")
        let older = Migrator(migrations: [a])
        #expect(try older.status(db).map(\.state) == [.applied, .unknown])
        let error = try #require(throws: MigrationError.self) { try older.migrate(db, at: "t") }
        #expect(error.kind == .incompatibleSchema)
        #expect(error.message.contains("0002_b"))
    }

    @Test("migrations apply in name order, each only once, and later ones see earlier ones")
    func ordered() throws {
        let db = try Database(path: ":memory:")
        let a = Migration(name: "0001_a", sql: "CREATE TABLE a (x INTEGER);")
        let b = Migration(name: "0002_b", sql: "INSERT INTO a VALUES (1);")
        #expect(try Migrator(migrations: [b, a]).migrate(db, at: "t") == ["0001_a", "0002_b"])
        let c = Migration(name: "0003_c", sql: "INSERT INTO a VALUES (2);")
        #expect(try Migrator(migrations: [a, b, c]).migrate(db, at: "t") == ["0003_c"])
        #expect(try db.value("SELECT sum(x) FROM a") == .integer(3))
    }

    @Test("a failing migration leaves nothing of itself behind")
    func failingMigrationRollsBack() throws {
        let db = try Database(path: ":memory:")
        let a = Migration(name: "0001_a", sql: "CREATE TABLE a (x INTEGER); INSERT INTO nowhere VALUES (1);")
        #expect(throws: DatabaseError.self) { try Migrator(migrations: [a]).migrate(db, at: "t") }
        #expect(try db.value("SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'schema_migrations')") == .integer(0))
    }

    @Test("a database with a newer schema is refused and left byte for byte untouched")
    func tooNewFileUntouched() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("future.sqlite")
        _ = try TrackerStore.initialize(path: path, actor: "test")
        do {
            let db = try Database(path: path, mode: .readWrite)
            try db.execute("INSERT INTO schema_migrations VALUES ('9999_future', 'abc', '2030-01-01T00:00:00Z')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for access in [TrackerStore.Access.readWrite, .readOnly] {
            let error = try #require(throws: MigrationError.self) {
                try TrackerStore.open(path: path, access: access, actor: "test")
            }
            #expect(error.kind == .incompatibleSchema)
            #expect(error.message.contains("9999_future"))
        }
        #expect(throws: MigrationError.self) { try TrackerStore.initialize(path: path, actor: "test") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a SQLite file of another application is refused, not migrated")
    func foreignDatabaseRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("other.sqlite")
        do {
            let db = try Database(path: path)
            try db.execute("CREATE TABLE invoices (id INTEGER)")
        }
        let error = try #require(throws: MigrationError.self) { try TrackerStore.initialize(path: path, actor: "t") }
        #expect(error.kind == .badData)
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.value("SELECT count(*) FROM sqlite_master") == .integer(1))
    }
}

@Suite("Upgrading through the store")
struct StoreUpgradeTests {
    @Test("a reading command upgrades a database made by an older binary, then reads")
    func readOnlyOpenUpgrades() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("old.sqlite")
        do {
            try FileSystem.createPrivateFile(path)
            let db = try Database(path: path)
            try Migrator(migrations: Array(Migration.embedded.prefix(1))).migrate(db, at: "2026-01-01T00:00:00Z")
        }
        let store = try TrackerStore.open(path: path, access: .readOnly, actor: "t")
        #expect(try store.migrationStatus().allSatisfy { $0.state == .applied })
        #expect(try store.db.value("SELECT count(*) FROM sectors").integer == 14)
        #expect(throws: DatabaseError.self) { try store.db.execute("DELETE FROM sectors") }
    }

    @Test("migrate --status reads without upgrading")
    func statusDoesNotUpgrade() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("old.sqlite")
        do {
            try FileSystem.createPrivateFile(path)
            let db = try Database(path: path)
            try Migrator(migrations: Array(Migration.embedded.prefix(1))).migrate(db, at: "2026-01-01T00:00:00Z")
        }
        let store = try TrackerStore.open(path: path, access: .readOnly, actor: "t", applyPending: false)
        #expect(try store.migrationStatus().map(\.state) == [.applied] + Array(repeating: .pending, count: Migration.embedded.count - 1))
    }
}
