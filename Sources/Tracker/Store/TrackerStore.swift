/// A tracker database opened for one command: the connection, who acts, and
/// the audit trail every change writes into.
public final class TrackerStore {
    public enum Access: Sendable {
        case readWrite
        case readOnly
    }

    let db: Database
    public let path: String
    public let actor: String
    /// False while an import writes its rows: they are audited by one
    /// `imported` entry for the whole file, in the same transaction.
    var auditsEachChange = true
    /// Loaded on first use, so an import does not read the key file per row.
    var loadedPseudonymizer: Pseudonymizer?
    /// Sectors, obstacle categories and measures found: none is ever
    /// removed, so a name found once stays valid while the store lives, and
    /// an import checks its few names once, not on every row.
    var foundSectors: Set<String> = []
    var foundCategories: Set<String> = []
    var foundMeasures: [String: Measure] = [:]
    /// Called once after the first connection of a read session began
    /// reading and before the others do: tests commit there to prove that
    /// the session still reads one state.
    var betweenFirstReadsForTesting: (() -> Void)?
    /// A SQLite file made by `createEmpty` for a copy, removed if the copy fails.
    var createdForCopy = false

    private init(db: Database, path: String, actor: String) {
        self.db = db
        self.path = path
        self.actor = actor
    }

    /// What `tracker init` did.
    public struct InitReport: Sendable {
        public let path: String
        public let created: Bool
        public let appliedMigrations: [String]
        /// The pseudonym key file made beside a new database, if one was.
        public let createdKeyFile: String?
    }

    /// Creates the database (and its directory) or upgrades an existing one,
    /// applying pending migrations; seeds come with the migrations. A second
    /// run changes nothing.
    public static func initialize(path: String, actor: String) throws -> InitReport {
        if PostgresLocation.isPostgres(path) {
            // The server's database exists already (an administrator made
            // it); initializing gives it the schema. The pseudonym key comes
            // from the environment: no file lives beside a server.
            let store = try open(path: path, access: .readWrite, actor: actor, applyPending: false)
            let applied = try store.applyPendingMigrations()
            return InitReport(path: store.db.path, created: applied.first == Migrator(for: store.db).migrations.first?.name,
                              appliedMigrations: applied, createdKeyFile: nil)
        }
        let created = !FileSystem.exists(path)
        var keyFile: String?
        if created {
            try FileSystem.createDirectories(FileSystem.parent(of: path))
            try FileSystem.createPrivateFile(path)
        }
        do {
            // A new database gets its own pseudonym key, unless the key comes
            // from the environment. An existing database never gets a new
            // one: that would split every citizen's history.
            let keyPath = keyFilePath(forDatabase: path)
            if created, try PseudonymKey.fromEnvironment() == nil, !FileSystem.exists(keyPath) {
                try PseudonymKey.createFile(at: keyPath)
                keyFile = keyPath
            }
            let store = try open(path: path, access: .readWrite, actor: actor, applyPending: false)
            let applied = try store.applyPendingMigrations()
            return InitReport(path: path, created: created, appliedMigrations: applied, createdKeyFile: keyFile)
        } catch {
            // Leave nothing half-made behind when creating failed.
            if created {
                FileSystem.remove(path)
                FileSystem.remove(path + "-wal")
                FileSystem.remove(path + "-shm")
                if let keyFile { FileSystem.remove(keyFile) }
            }
            throw error
        }
    }

    /// Opens an existing database. Read-write opens apply pending migrations
    /// (a binary upgrade upgrades the file); a database with a schema newer
    /// than this binary is refused before anything is written.
    public static func open(path: String, access: Access, actor: String, applyPending: Bool = true) throws -> TrackerStore {
        try open(path: path, access: access, actor: actor, applyPending: applyPending, configuration: .standard)
    }

    static func open(
        path: String, access: Access, actor: String, applyPending: Bool, configuration: Database.Configuration
    ) throws -> TrackerStore {
        if PostgresLocation.isPostgres(path) {
            return try openServer(conninfo: path, access: access, applyPending: applyPending)
        }
        guard FileSystem.exists(path) else {
            throw TrackerError.notFound("no database at \(path)",
                                        hint: "create it with `tracker init`, or point --db or $TRACKER_DB at an existing one")
        }
        guard !FileSystem.isDirectory(path) else {
            throw TrackerError.badData("\(path) is a directory, not a database file", hint: "pass the path of the .sqlite file with --db")
        }
        // Opened with SQLite's own settings first: a file this binary must
        // refuse is checked before anything (the journal mode, say) is written.
        let db = try Database(path: path, mode: access == .readOnly ? .readOnly : .readWrite)
        let migrator = Migrator(for: db)
        try migrator.checkCompatible(db)
        let store = TrackerStore(db: db, path: path, actor: actor)
        if access == .readWrite {
            try db.apply(configuration)
            if applyPending { try store.applyPendingMigrations() }
        } else if applyPending, try !migrator.pending(db).isEmpty {
            // A reading command on a file from an older binary: upgrade it
            // through a writing connection first, then read as asked.
            _ = try open(path: path, access: .readWrite, actor: actor, applyPending: true, configuration: configuration)
            return try open(path: path, access: .readOnly, actor: actor, applyPending: false, configuration: configuration)
        }
        return store
    }

    /// A PostgreSQL database: the actor is the role the server knows the
    /// session as, whatever the caller says.
    private static func openServer(conninfo: String, access: Access, applyPending: Bool) throws -> TrackerStore {
        let db = try Database(postgres: conninfo, mode: access == .readOnly ? .readOnly : .readWrite)
        let migrator = Migrator(for: db)
        try migrator.checkCompatible(db)
        let store = TrackerStore(db: db, path: conninfo, actor: db.postgres!.user)
        if access == .readWrite {
            if applyPending { try store.applyPendingMigrations() }
        } else if applyPending, try !migrator.pending(db).isEmpty {
            _ = try openServer(conninfo: conninfo, access: .readWrite, applyPending: true)
        }
        return store
    }

    /// Which engine holds the data.
    public var engine: DatabaseEngine { db.engine }

    /// Applies pending migrations and records them in the audit log, each in
    /// the transaction of its own change.
    @discardableResult
    public func applyPendingMigrations() throws -> [String] {
        let migrator = Migrator(for: db)
        guard try !migrator.pending(db).isEmpty else { return [] }
        return try migrator.migrate(db, at: Timestamp.now()) { migration in
            try audit(action: "migrate", entity: "schema", entityID: migration.name,
                      detail: ["checksum": .text(migration.checksum)])
        }
    }

    public func migrationStatus() throws -> [Migrator.Status] {
        try Migrator(for: db).status(db)
    }

    /// Appends to the audit log. Call inside the transaction of the change
    /// it records, so the two land together or not at all.
    public func audit(action: String, entity: String, entityID: String?, detail: [String: OutputValue] = [:]) throws {
        guard auditsEachChange else { return }
        // A reading command upgrades an older file without an actor: the
        // binary itself made that change.
        let actor = actor.isEmpty ? "tracker" : actor
        let json = detail.isEmpty ? nil : JSONText.object(detail.sorted { $0.key < $1.key })
        try db.execute(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            [Timestamp.now(), actor, action, entity, entityID, json])
    }

    /// Runs `body` with the audit entries of single changes suspended; the
    /// caller writes one entry for the whole batch in the same transaction.
    func withoutAuditingEachChange<T>(_ body: () throws -> T) rethrows -> T {
        auditsEachChange = false
        defer { auditsEachChange = true }
        return try body()
    }
}
