/// Applies the embedded migrations in order, each in its own transaction
/// together with the row that records it.
public struct Migrator: Sendable {
    public enum State: String, Sendable {
        case applied
        case pending
        /// Applied, but the SQL this binary carries differs from what ran.
        case changed
        /// Applied by a newer binary: this one does not know it.
        case unknown
    }

    public struct Status: Sendable {
        public let name: String
        public let state: State
        public let appliedAt: String?
        public let checksum: String
    }

    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.embedded) {
        self.migrations = migrations.sorted { $0.name < $1.name }
    }

    /// The migrations of `db`'s engine.
    init(for db: Database) {
        self.init(migrations: db.engine == .postgresql ? Migration.embeddedPostgreSQL : Migration.embedded)
    }

    static let table = "schema_migrations"

    /// What is applied and what is not. Reads only.
    func status(_ db: Database) throws -> [Status] {
        let applied = try appliedMigrations(db)
        var result: [Status] = []
        for migration in migrations {
            if let row = applied[migration.name] {
                let state: State = row.checksum == migration.checksum ? .applied : .changed
                result.append(Status(name: migration.name, state: state, appliedAt: row.appliedAt, checksum: row.checksum))
            } else {
                result.append(Status(name: migration.name, state: .pending, appliedAt: nil, checksum: migration.checksum))
            }
        }
        let known = Set(migrations.map(\.name))
        for (name, row) in applied where !known.contains(name) {
            result.append(Status(name: name, state: .unknown, appliedAt: row.appliedAt, checksum: row.checksum))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Throws unless this binary can safely use the database: nothing
    /// applied that it does not know, nothing applied that has changed, and
    /// no foreign tables in a file that was never a tracker database.
    /// Reads only, so a refused file is left byte-for-byte untouched.
    func checkCompatible(_ db: Database) throws {
        let statuses = try status(db)
        let unknown = statuses.filter { $0.state == .unknown }.map(\.name)
        if !unknown.isEmpty { throw MigrationError(path: db.path, reason: .unknownMigrations(unknown)) }
        let changed = statuses.filter { $0.state == .changed }.map(\.name)
        if !changed.isEmpty { throw MigrationError(path: db.path, reason: .changedMigrations(changed)) }
        if try !hasMigrationTable(db), try db.value(db.engine == .sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").integer ?? 0 > 0 {
            throw MigrationError(path: db.path, reason: .notATrackerDatabase)
        }
    }

    func pending(_ db: Database) throws -> [Migration] {
        let applied = try appliedMigrations(db)
        return migrations.filter { applied[$0.name] == nil }
    }

    /// Applies every pending migration; returns the names applied.
    @discardableResult
    func migrate(
        _ db: Database, at now: String, inTransaction record: (Migration) throws -> Void = { _ in }
    ) throws -> [String] {
        try checkCompatible(db)
        var appliedNow: [String] = []
        for migration in migrations {
            let didApply = try db.inTransaction(.immediate) { () throws -> Bool in
                // Another process may have applied it while we waited for the lock.
                try db.execute("""
                    CREATE TABLE IF NOT EXISTS \(Self.table) (
                        name       TEXT PRIMARY KEY,
                        checksum   TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    )\(db.engine == .sqlite ? " STRICT" : "")
                    """)
                let exists = try db.value("SELECT 1 FROM \(Self.table) WHERE name = ?", [migration.name])
                guard exists.isNull else { return false }
                try db.executeScript(migration.sql)
                try db.execute(
                    "INSERT INTO \(Self.table) (name, checksum, applied_at) VALUES (?, ?, ?)",
                    [migration.name, migration.checksum, now])
                try record(migration)
                return true
            }
            if didApply { appliedNow.append(migration.name) }
        }
        return appliedNow
    }

    private func hasMigrationTable(_ db: Database) throws -> Bool {
        try !db.value(db.engine == .sqlite
            ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
            : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
            [Self.table]).isNull
    }

    private func appliedMigrations(_ db: Database) throws -> [String: (checksum: String, appliedAt: String)] {
        guard try hasMigrationTable(db) else { return [:] }
        var result: [String: (checksum: String, appliedAt: String)] = [:]
        for row in try db.rows("SELECT name, checksum, applied_at FROM \(Self.table)") {
            result[row[0].text ?? ""] = (row[1].text ?? "", row[2].text ?? "")
        }
        return result
    }
}
