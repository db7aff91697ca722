import CSQLite

/// Tells SQLite to copy text and blobs at bind time, so Swift may free its
/// buffers as soon as the bind call returns.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The two engines a tracker database can live in.
public enum DatabaseEngine: String, Sendable {
    case sqlite = "SQLite"
    case postgresql = "PostgreSQL"
}

/// One connection to a tracker database: a SQLite file, or a PostgreSQL
/// server (`postgres`). Everything above this type and `Statement` speaks
/// to either in the same words; what is SQLite's own (pragmas, the
/// authorizer, the file's settings) stays on the SQLite side.
///
/// Deliberately not `Sendable`: a connection belongs to one process and one
/// task at a time, which is how a command-line tool uses it.
final class Database {
    public enum Mode: Sendable {
        /// Open read-write, creating the file when it does not exist.
        case readWriteCreate
        /// Open read-write; the file must exist.
        case readWrite
        /// Open read-only; writes are refused by SQLite itself.
        case readOnly
    }

    typealias Engine = DatabaseEngine

    private let sqliteHandle: OpaquePointer?
    /// The server connection when the database is PostgreSQL.
    let postgres: PostgresConnection?
    public let path: String
    public let mode: Mode
    private var cache: [String: Statement] = [:]
    /// Rows changed by the last statement run on PostgreSQL.
    var postgresChanges = 0
    private var preparedCount = 0

    /// The SQLite connection: only for code that is SQLite's alone.
    var handle: OpaquePointer { sqliteHandle! }
    var engine: Engine { postgres == nil ? .sqlite : .postgresql }

    public init(path: String, mode: Mode = .readWriteCreate, configuration: Configuration = Configuration()) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard let connection else {
            throw DatabaseError(extendedCode: code, message: "out of memory opening \(path)")
        }
        guard code == SQLITE_OK else {
            let error = DatabaseError(connection: connection, code: code)
            // A handle is returned even when opening fails, and must be closed.
            sqlite3_close_v2(connection)
            throw error
        }
        self.sqliteHandle = connection
        self.postgres = nil
        self.path = path
        self.mode = mode
        do {
            sqlite3_extended_result_codes(handle, 1)
            // Before the first read: another process may be writing already.
            waitWhenBusy(upTo: configuration.busyTimeoutMilliseconds)
            try validateFormat()
            try apply(mode == .readOnly ? configuration.readOnly : configuration)
        } catch {
            cache.removeAll()
            sqlite3_close_v2(handle)
            throw error
        }
    }

    /// Connects to a PostgreSQL server; `conninfo` is a `postgresql://` URI
    /// or libpq's `keyword=value` string. A read-only connection has every
    /// transaction read-only, enforced by the server.
    init(postgres conninfo: String, mode: Mode) throws {
        let connection = try PostgresConnection(conninfo: conninfo)
        self.sqliteHandle = nil
        self.postgres = connection
        self.path = connection.displayName
        self.mode = mode
        if mode == .readOnly { try connection.execute("SET default_transaction_read_only = on") }
    }

    deinit {
        // Statements must be finalized before the connection can close.
        cache.removeAll()
        if let sqliteHandle { sqlite3_close_v2(sqliteHandle) }
    }

    /// A new name for a statement prepared on the server.
    func nextPreparedName() -> String {
        preparedCount += 1
        return "tracker_\(preparedCount)"
    }

    /// SQLite opens any file lazily; reading the schema is what reveals a
    /// file that is not a database at all.
    private func validateFormat() throws {
        guard postgres == nil else { return }
        try execute("SELECT * FROM sqlite_master LIMIT 1")
    }

    /// Runs one or more statements that return no rows of interest.
    public func execute(_ sql: String) throws {
        if let postgres {
            try postgres.execute(PostgresDialect.translate(sql).sql)
            return
        }
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw DatabaseError(connection: handle, code: code, sql: sql) }
    }

    /// A value for a column that SQLite types per value (`changes.old_value`,
    /// `new_value`): as it is on SQLite, as json on PostgreSQL.
    func anyTypedValue(_ value: DatabaseValue) -> DatabaseValue {
        postgres == nil ? value : PostgresType.jsonText(of: value)
    }

    /// The engine's words when `error` is a row refused by a constraint
    /// (CHECK, UNIQUE, FOREIGN KEY, NOT NULL); nil for any other error.
    static func constraintMessage(_ error: any Error) -> String? {
        if let error = error as? DatabaseError, error.isConstraint { return error.sqliteMessage }
        if let error = error as? PostgresError, error.isConstraint { return error.message }
        return nil
    }

    /// Runs a script in the engine's own SQL as written (a migration),
    /// without the rewriting that the tool's shared SQL gets on PostgreSQL.
    func executeScript(_ sql: String) throws {
        if let postgres { try postgres.execute(sql) } else { try execute(sql) }
    }

    /// Runs one statement with arguments, discarding any rows.
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        try statement.run()
    }

    /// Runs one statement with values already converted, discarding any rows.
    public func execute(_ sql: String, values: [DatabaseValue]) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(values: values)
        try statement.run()
    }

    /// A fresh prepared statement, finalized when released.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql, persistent: false)
    }

    /// A prepared statement kept for reuse. Hot statements (the ones run for
    /// every imported row, say) are parsed once per process.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(database: self, sql: sql, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// Drops a cached statement that failed, so a later use re-prepares it
    /// rather than reusing a statement in an unknown state.
    func forgetCachedStatement(_ sql: String) {
        cache[sql] = nil
    }

    /// All rows of a query.
    public func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        var result: [Row] = []
        while let row = try statement.step() { result.append(row) }
        return result
    }

    /// The first row of a query, if any.
    public func row(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step()
    }

    /// The first column of the first row, if any.
    public func value(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> DatabaseValue {
        try row(sql, arguments)?[0] ?? .null
    }

    /// The id of the row the last INSERT made (on PostgreSQL: the value the
    /// session last took from an identity column's sequence).
    public var lastInsertedRowID: Int64 {
        guard postgres != nil else { return sqlite3_last_insert_rowid(handle) }
        return (try? value("SELECT lastval()").integer) ?? 0
    }

    public var changes: Int { postgres == nil ? Int(sqlite3_changes(handle)) : postgresChanges }

    public var isInsideTransaction: Bool {
        if let postgres { return postgres.isInsideTransaction }
        return sqlite3_get_autocommit(handle) == 0
    }
}
