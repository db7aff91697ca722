import CSQLite
import Testing
@testable import Tracker

@Suite("SQLite layer")
struct DatabaseTests {
    @Test("every storage class round-trips through bind and read")
    func valuesRoundTrip() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n ANY) STRICT")
        try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                       [Int64.max, 3.25, "blåbærgrød ✓ \"quoted\"", [UInt8]([0, 1, 255]), DatabaseValue.null])
        let row = try #require(try db.row("SELECT i, r, s, b, n FROM t"))
        #expect(row[0] == .integer(Int64.max))
        #expect(row[1] == .real(3.25))
        #expect(row[2] == .text("blåbærgrød ✓ \"quoted\""))
        #expect(row[3] == .blob([0, 1, 255]))
        #expect(row[4] == .null)
        #expect(row["s"].text == "blåbærgrød ✓ \"quoted\"")
    }

    @Test("an optional nil binds as NULL and typed reads work in hot loops")
    func optionalsAndTypedReads() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        let missing: String? = nil
        try db.execute("INSERT INTO t VALUES (?, ?)", [1, missing])
        try db.execute("INSERT INTO t VALUES (?, ?)", [2, "x"])
        let statement = try db.prepare("SELECT a, b FROM t ORDER BY a")
        var seen: [(Int64, Bool, String)] = []
        while try statement.advance() {
            seen.append((statement.int64(0), statement.isNull(1), statement.text(1)))
        }
        #expect(seen.count == 2)
        #expect(seen[0].0 == 1 && seen[0].1)
        #expect(seen[1].0 == 2 && !seen[1].1 && seen[1].2 == "x")
    }

    @Test("errors carry the extended code, the message and the SQL")
    func errorsCarryCodeAndSQL() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY)")
        try db.execute("CREATE TABLE c (p INTEGER REFERENCES p(id))")
        let sql = "INSERT INTO c VALUES (?)"
        let error = try #require(throws: DatabaseError.self) { try db.execute(sql, [42]) }
        #expect(error.extendedCode == 787) // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(error.code == SQLITE_CONSTRAINT)
        #expect(error.sql == sql)
        #expect(error.message.contains("FOREIGN KEY"))

        let syntax = try #require(throws: DatabaseError.self) { try db.execute("SELEKT 1") }
        #expect(syntax.code == SQLITE_ERROR)
        #expect(syntax.sql == "SELEKT 1")
    }

    @Test("a transaction rolls back everything when its body throws")
    func rollbackOnThrow() throws {
        struct Boom: Error {}
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try db.execute("INSERT INTO t VALUES (?)", [1])
                throw Boom()
            }
        }
        #expect(try db.value("SELECT count(*) FROM t") == .integer(0))
        #expect(!db.isInsideTransaction)
        try db.inTransaction { try db.execute("INSERT INTO t VALUES (?)", [2]) }
        #expect(try db.value("SELECT count(*) FROM t") == .integer(1))
    }

    @Test("a failed statement inside a transaction rethrows the first error")
    func firstErrorIsRethrown() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER NOT NULL)")
        let error = try #require(throws: DatabaseError.self) {
            try db.inTransaction { try db.execute("INSERT INTO t VALUES (?)", [DatabaseValue.null]) }
        }
        #expect(error.extendedCode == 1299) // SQLITE_CONSTRAINT_NOTNULL
        #expect(!db.isInsideTransaction)
    }

    @Test("a cached statement is reused with fresh bindings each time")
    func cachedStatementsAreReused() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        for value in 1...5 { try db.execute("INSERT INTO t VALUES (?)", [value]) }
        let first = try db.cachedStatement("SELECT x FROM t WHERE x >= ? ORDER BY x")
        let second = try db.cachedStatement("SELECT x FROM t WHERE x >= ? ORDER BY x")
        #expect(first === second)
        #expect(try db.rows("SELECT x FROM t WHERE x >= ? ORDER BY x", [4]).map { $0[0] } == [.integer(4), .integer(5)])
        #expect(try db.rows("SELECT x FROM t WHERE x >= ? ORDER BY x", [5]).map { $0[0] } == [.integer(5)])
        // A half-read statement is reset before its next use.
        #expect(try db.row("SELECT x FROM t WHERE x >= ? ORDER BY x", [1])?[0] == .integer(1))
        #expect(try db.row("SELECT x FROM t WHERE x >= ? ORDER BY x", [2])?[0] == .integer(2))
    }

    @Test("binding the wrong number of arguments is an error, not a silent NULL")
    func argumentCountIsChecked() throws {
        let db = try Database(path: ":memory:")
        #expect(throws: DatabaseError.self) { try db.rows("SELECT ?, ?", [1]) }
    }

    @Test("opening a file that is not a database fails and leaves it untouched")
    func notADatabase() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("notes.txt")
        let content = String(repeating: "not a database\n", count: 200)
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: DatabaseError.self) { try Database(path: path, mode: .readWrite) }
        #expect(error.isNotADatabase)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
    }

    @Test("a read-only connection refuses writes")
    func readOnlyRefusesWrites() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("ro.sqlite")
        do {
            let db = try Database(path: path)
            try db.execute("CREATE TABLE t (x INTEGER)")
        }
        let db = try Database(path: path, mode: .readOnly)
        let error = try #require(throws: DatabaseError.self) { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(error.isReadOnly)
    }

    @Test("connections enforce foreign keys")
    func foreignKeysAreOn() throws {
        let db = try Database(path: ":memory:")
        #expect(try db.value("PRAGMA foreign_keys") == .integer(1))
    }
}
