/// `tracker copy`: a whole tracker database into a new one, on either
/// engine — every row of every table with its id, the audit log, the status
/// history and the changes included, so that the copy answers every
/// question as the original does. The target must be new: a SQLite path
/// where no file is, or a PostgreSQL database with no tables. It gets its
/// engine's own schema (and its own `schema_migrations`, whose checksums
/// are the engine's), then the rows, in one transaction: all or nothing.
/// The pseudonym key is not data and is not copied.
public enum DatabaseCopy {
    public struct Report: Sendable {
        public let source: String
        public let target: String
        /// Rows copied per table, in the order copied.
        public let rows: [(table: String, count: Int)]
    }

    /// The tables in an order that keeps every reference valid; the kept
    /// facts come last and are recomputed, then compared by `tracker check`.
    static let tables = [
        "sectors", "obstacle_categories", "measures", "citizens", "journeys", "steps", "obstacles", "obstacle_sectors",
        "obstacle_status_history", "observations", "audit_log", "changes", "notes", "follow_ups", "rule_challenges",
    ]
    /// Filled by the migrations' seeds: emptied in the target before the copy.
    static let seeded = ["measures", "obstacle_categories", "sectors"]

    public static func copy(from sourcePath: String, to targetPath: String) throws -> Report {
        let source = try TrackerStore.open(path: sourcePath, access: .readOnly, actor: "", applyPending: false)
        let target = try TrackerStore.createEmpty(at: targetPath)
        var counts: [(table: String, count: Int)] = []
        do {
            try source.reading(spareReaders: 0) { session in
                try target.db.inTransaction(.immediate) {
                    try target.withoutAuditingEachChange {
                        for table in seeded { try target.db.execute("DELETE FROM \(table)") }
                        try target.rebuildingFacts(.all) { _ in
                            for table in tables {
                                counts.append((table, try copyRows(of: table, from: session.db, to: target.db)))
                            }
                        }
                        let horizon = try session.db.value("SELECT latest FROM fact_horizon WHERE id = 1")
                        try target.db.execute("UPDATE fact_horizon SET latest = ? WHERE id = 1", [horizon])
                        if target.db.engine == .postgresql {
                            for table in tables where try hasIdentity(table, in: target.db) {
                                try target.db.execute("""
                                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce((SELECT max(id) FROM \(table)), 0) + 1, false)
                                    """)
                            }
                        }
                    }
                }
            }
        } catch {
            target.discardNewFile()
            throw error
        }
        return Report(source: source.db.path, target: target.db.path, rows: counts)
    }

    private static func hasIdentity(_ table: String, in db: Database) throws -> Bool {
        try db.value("""
            SELECT count(*) FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id' AND is_identity = 'YES'
            """, [table]).integer == 1
    }

    /// Copies one table, a few hundred rows to a statement; returns the rows copied.
    private static func copyRows(of table: String, from source: Database, to target: Database) throws -> Int {
        let read = try source.prepare("SELECT * FROM \(table) ORDER BY 1, 2")
        try read.runOnServer()
        var columns = read.columnNames
        var count = 0
        var batch: [DatabaseValue] = []
        let perStatement = 200
        func flush(_ rows: Int) throws {
            guard rows > 0 else { return }
            let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            try target.execute("INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
                               + Array(repeating: placeholders, count: rows).joined(separator: ", "), values: batch)
            batch.removeAll(keepingCapacity: true)
        }
        var pending = 0
        while try read.advance() {
            if columns.isEmpty { columns = read.columnNames }
            for index in columns.indices {
                var value = read.column(Int32(index))
                // Values SQLite types one by one are json on PostgreSQL.
                if table == "changes", columns[index] == "old_value" || columns[index] == "new_value" {
                    value = target.anyTypedValue(value)
                }
                batch.append(value)
            }
            pending += 1
            count += 1
            if pending == perStatement {
                try flush(pending)
                pending = 0
            }
        }
        try flush(pending)
        return count
    }
}

extension TrackerStore {
    /// Refuses (73) a server database that holds anyone's work: a new one
    /// has no tables, or the schema of a copy that failed and nothing else
    /// (no audit entry, no journey).
    static func requireNewServerDatabase(_ path: String) throws {
        let db = try Database(postgres: path, mode: .readWrite)
        let tables = try db.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        let untouchedSchema = try tables.integer != 0
            && !db.value("SELECT to_regclass('audit_log')").isNull
            && db.value("SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM journeys)").integer == 0
        guard tables.integer == 0 || untouchedSchema else {
            throw TrackerError.cannotCreate("the target database \(db.path) is not empty",
                                            hint: "give a new database (createdb): a server database is never written over")
        }
    }

    /// A new, empty tracker database at `path` with its engine's schema and
    /// nothing audited yet (a copy brings its own audit log). Refuses a
    /// database that exists: an existing file, or a server database with
    /// any table in it.
    static func createEmpty(at path: String) throws -> TrackerStore {
        if PostgresLocation.isPostgres(path) {
            try requireNewServerDatabase(path)
        } else {
            guard !FileSystem.exists(path) else {
                throw TrackerError.cannotCreate("\(path) exists already",
                                                hint: "copy into a new path; a copy never overwrites a database")
            }
            try FileSystem.createDirectories(FileSystem.parent(of: path))
            try FileSystem.createPrivateFile(path)
        }
        do {
            let store = try open(path: path, access: .readWrite, actor: "", applyPending: false)
            try store.withoutAuditingEachChange { _ = try store.applyPendingMigrations() }
            store.createdForCopy = !PostgresLocation.isPostgres(path)
            return store
        } catch {
            if !PostgresLocation.isPostgres(path) {
                for suffix in ["", "-wal", "-shm"] { FileSystem.remove(path + suffix) }
            }
            throw error
        }
    }

    /// Removes a SQLite file `createEmpty` made when the copy into it failed
    /// (a server database keeps its schema; its rows rolled back).
    func discardNewFile() {
        guard createdForCopy else { return }
        for suffix in ["", "-wal", "-shm"] { FileSystem.remove(path + suffix) }
    }
}
