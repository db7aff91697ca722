import Testing
@testable import Tracker

@Suite("tracker sql, read-only")
struct ReadOnlySQLTests {
    /// A file database with the fixture, opened read-only as the command opens it.
    private func readOnly(_ directory: TemporaryDirectory) throws -> Database {
        let path = directory.file("t.sqlite")
        let writer = try Database(path: path)
        try Migrator().migrate(writer, at: "2026-01-01T00:00:00Z")
        try writer.execute("""
            INSERT INTO citizens (id, created_at) VALUES ('c', '2026-01-01');
            INSERT INTO journeys (id, citizen_id, type, opened_at) VALUES (1, 'c', 'a', '2026-01-01'), (2, 'c', 'b', '2026-01-02');
            """)
        return try Database(path: path, mode: .readOnly)
    }

    private func rows(_ sql: ReadOnlySQL) throws -> [[OutputValue]] {
        var rows: [[OutputValue]] = []
        try sql.forEachRow { rows.append($0) }
        return rows
    }

    @Test("a SELECT runs and keeps its column names and types")
    func select() throws {
        let directory = TemporaryDirectory()
        let db = try readOnly(directory)
        let sql = try ReadOnlySQL("SELECT type, count(*) AS n, 1.5 AS x, NULL AS empty FROM journeys GROUP BY type", in: db)
        #expect(sql.columns == ["type", "n", "x", "empty"])
        #expect(try rows(sql) == [[.text("a"), .integer(1), .real(1.5), .null], [.text("b"), .integer(1), .real(1.5), .null]])
    }

    @Test("views, CTEs and reporting pragmas are allowed")
    func allowedReads() throws {
        let directory = TemporaryDirectory()
        let db = try readOnly(directory)
        #expect(try rows(ReadOnlySQL("SELECT count(*) FROM v_journeys", in: db)) == [[.integer(2)]])
        #expect(try rows(ReadOnlySQL("WITH x AS (SELECT 1 AS a) SELECT a FROM x;  -- done", in: db)) == [[.integer(1)]])
        #expect(try !rows(ReadOnlySQL("PRAGMA table_info(journeys)", in: db)).isEmpty)
        #expect(try rows(ReadOnlySQL("PRAGMA user_version", in: db)).count == 1)
    }

    @Test("writes, ATTACH, DETACH and setting pragmas are refused with 65 and change nothing", arguments: [
        "DELETE FROM journeys",
        "INSERT INTO citizens (id, created_at) VALUES ('x', 'y')",
        "UPDATE journeys SET type = 'z'",
        "DROP TABLE journeys",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t AS SELECT 1",
        "ATTACH DATABASE ':memory:' AS other",
        "DETACH DATABASE main",
        "PRAGMA writable_schema = ON",
        "PRAGMA query_only = OFF",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 7",
        "VACUUM",
        "BEGIN",
        "SELECT 1; DELETE FROM journeys",
        "REINDEX",
        "ANALYZE",
    ])
    func refusals(sql: String) throws {
        let directory = TemporaryDirectory()
        let db = try readOnly(directory)
        let error = try #require(throws: (any Error).self) {
            let query = try ReadOnlySQL(sql, in: db)
            try query.forEachRow { _ in }
        }
        #expect(FailureKind(error) == .badData, "\(sql): \(error)")
        #expect(try db.value("SELECT count(*) FROM journeys") == .integer(2))
        #expect(try db.value("PRAGMA query_only") == .integer(1))
    }

    @Test("a syntax error or an unknown table is 65 with SQLite's message")
    func badSQL() throws {
        let directory = TemporaryDirectory()
        let db = try readOnly(directory)
        let syntax = try #require(throws: TrackerError.self) { try ReadOnlySQL("SELEC 1", in: db) }
        #expect(syntax.kind == .badData && syntax.message.contains("syntax error"))
        let table = try #require(throws: TrackerError.self) { try ReadOnlySQL("SELECT * FROM nowhere", in: db) }
        #expect(table.kind == .badData && table.message.contains("no such table"))
        #expect(try #require(throws: TrackerError.self) { try ReadOnlySQL("  -- nothing ", in: db) }.kind == .badData)
    }

    @Test("a connection not opened read-only is refused")
    func needsReadOnly() throws {
        let db = try migratedMemoryDatabase()
        #expect(throws: TrackerError.self) { try ReadOnlySQL("SELECT 1", in: db) }
    }
}
