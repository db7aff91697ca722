import CSQLite

/// A row read from a statement: its column names and values.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [DatabaseValue]

    public subscript(index: Int) -> DatabaseValue { values[index] }

    public subscript(name: String) -> DatabaseValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }
}

/// A prepared statement, finalized when released. On PostgreSQL a kept
/// statement is prepared on the server once; a run fetches its rows, which
/// are then read one by one as from SQLite.
final class Statement {
    private let sqliteHandle: OpaquePointer?
    private let server: PostgresStatement?
    public let sql: String
    unowned let database: Database
    private let persistent: Bool
    private let preparedColumnNames: [String]

    var handle: OpaquePointer { sqliteHandle! }

    init(database: Database, sql: String, persistent: Bool, verbatim: Bool = false) throws {
        self.sql = sql
        self.database = database
        self.persistent = persistent
        if database.postgres != nil {
            sqliteHandle = nil
            server = try PostgresStatement(database: database, sql: sql, persistent: persistent, verbatim: verbatim)
            preparedColumnNames = []
            return
        }
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(connection: database.handle, code: code == SQLITE_OK ? SQLITE_MISUSE : code, sql: sql)
        }
        self.sqliteHandle = statement
        self.server = nil
        let count = sqlite3_column_count(statement)
        self.preparedColumnNames = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    deinit { if let sqliteHandle { sqlite3_finalize(sqliteHandle) } }

    /// The result's column names (on PostgreSQL known once the statement has run).
    public var columnNames: [String] { server?.columnNames ?? preparedColumnNames }

    /// SQLite's judgment that the statement cannot write; false on
    /// PostgreSQL, where a read-only transaction is what refuses writes.
    public var isReadOnly: Bool { server == nil && sqlite3_stmt_readonly(handle) != 0 }
    public var parameterCount: Int { server?.parameterCount ?? Int(sqlite3_bind_parameter_count(handle)) }

    public func reset() {
        if let server { server.reset(); return }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds positional arguments `?1...?n`; their count must match.
    public func bind(_ arguments: [any DatabaseValueConvertible]) throws {
        try bind(values: arguments.map(\.databaseValue))
    }

    /// Binds values already converted: the hot path of a loop that binds
    /// one row after another, with no existential to open per value.
    public func bind(values: [DatabaseValue]) throws {
        if let server {
            guard values.count == server.parameterCount else {
                throw DatabaseError(extendedCode: SQLITE_RANGE,
                                    message: "statement expects \(server.parameterCount) arguments, got \(values.count)", sql: sql)
            }
            server.bind(values)
            return
        }
        sqlite3_reset(handle)
        guard values.count == parameterCount else {
            throw DatabaseError(
                extendedCode: SQLITE_RANGE,
                message: "statement expects \(parameterCount) arguments, got \(values.count)",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    public func bind(_ value: DatabaseValue, at index: Int32) throws {
        if let server { server.bind(value, at: Int(index)); return }
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real): code = sqlite3_bind_double(handle, index, real)
        case .text(let text): code = bindText(text, at: index)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT)
            }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Binds the UTF-8 of `text` in place, with no C string made first (a
    /// bulk load binds millions); up to a NUL, as a C string would end.
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT)
            }
            let length = bytes.firstIndex(of: 0) ?? bytes.count
            return base.withMemoryRebound(to: CChar.self, capacity: length) {
                sqlite3_bind_text(handle, index, $0, Int32(length), SQLITE_TRANSIENT)
            }
        }
    }

    /// Advances to the next row; nil when the statement is done.
    public func step() throws -> Row? {
        guard try advance() else { return nil }
        return Row(columns: columnNames, values: (0..<Int32(columnNames.count)).map(column))
    }

    /// Advances without materializing a row, for hot loops reading typed
    /// columns directly. True while a row is available.
    public func advance() throws -> Bool {
        if let server {
            do {
                return try server.advance()
            } catch {
                if persistent { database.forgetCachedStatement(sql) }
                throw error
            }
        }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure(code)
        }
    }

    /// On PostgreSQL, runs the statement now, so that its columns are known
    /// before the first row is read; on SQLite they are known already.
    func runOnServer() throws { try server?.fetch() }

    /// Runs to completion, discarding rows.
    public func run() throws {
        if server != nil {
            defer { server?.reset() }
            _ = try advance()
            return
        }
        defer { sqlite3_reset(handle) }
        while try advance() {}
    }

    public func column(_ index: Int32) -> DatabaseValue {
        if let server { return server.column(Int(index)) }
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(text(index))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }

    public func isNull(_ index: Int32) -> Bool {
        if let server { return server.isNull(Int(index)) }
        return sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    public func int64(_ index: Int32) -> Int64 {
        if let server { return server.int64(Int(index)) }
        return sqlite3_column_int64(handle, index)
    }

    public func double(_ index: Int32) -> Double {
        if let server { return server.double(Int(index)) }
        return sqlite3_column_double(handle, index)
    }

    public func text(_ index: Int32) -> String {
        String(decoding: textBytes(index), as: UTF8.self)
    }

    /// The bytes of the text in column `index`, without making a string;
    /// valid until the statement steps again. Empty for NULL.
    func textBytes(_ index: Int32) -> UnsafeRawBufferPointer {
        if let server { return server.bytes(Int(index)) }
        guard let pointer = sqlite3_column_text(handle, index) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, index)))
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let error = DatabaseError(connection: database.handle, code: code, sql: sql)
        sqlite3_reset(handle)
        if persistent { database.forgetCachedStatement(sql) }
        return error
    }
}
