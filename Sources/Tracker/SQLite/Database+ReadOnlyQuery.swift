import CSQLite

extension Database {
    /// Prepares one statement of a person's SQL so that it can only read,
    /// under three locks: the connection is read-only with `query_only` on;
    /// the statement must be read-only by `sqlite3_stmt_readonly`; and an
    /// authorizer refuses what those let through — ATTACH and DETACH, and any
    /// pragma outside a list of harmless readers (so no `writable_schema`, no
    /// `query_only = OFF`). Throws `ReadOnlyQueryError` for what it refuses
    /// and `DatabaseError` for SQL SQLite cannot prepare.
    func prepareReadOnlyQuery(_ sql: String) throws -> Statement {
        if postgres != nil { return try prepareServerReadOnlyQuery(sql) }
        guard mode == .readOnly, try isQueryOnly else { throw ReadOnlyQueryError.connectionCanWrite }
        sqlite3_set_authorizer(handle, readOnlyAuthorizer, nil)
        let statements = try statementCount(sql)
        guard statements == 1 else { throw statements == 0 ? ReadOnlyQueryError.noStatement : .severalStatements }
        let statement = try prepare(sql)
        guard statement.isReadOnly else { throw ReadOnlyQueryError.writes }
        return statement
    }

    /// On PostgreSQL the server holds the locks: the statement, in the
    /// server's own SQL, runs in a READ ONLY transaction and, where the
    /// roles exist, as `tracker_analyst`, so that it reads what an analyst
    /// may and no more; the server refuses a second statement.
    private func prepareServerReadOnlyQuery(_ sql: String) throws -> Statement {
        guard mode == .readOnly else { throw ReadOnlyQueryError.connectionCanWrite }
        guard PostgresDialect.hasStatement(sql) else { throw ReadOnlyQueryError.noStatement }
        try execute("BEGIN READ ONLY")
        let analyst = TrackerRoles.analyst
        if try value("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(analyst)')").integer == 1 {
            try execute("SET LOCAL ROLE \(analyst)")
        }
        let statement = try Statement(database: self, sql: sql, persistent: false, verbatim: true)
        try statement.runOnServer()
        return statement
    }

    /// Prepares each statement of `sql` in turn, without running any, to
    /// count them; whitespace and comments count as none.
    private func statementCount(_ sql: String) throws -> Int {
        try sql.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            var count = 0
            while let current = cursor, current.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, current, -1, &statement, &tail)
                defer { sqlite3_finalize(statement) }
                guard code == SQLITE_OK else { throw DatabaseError(connection: handle, code: code, sql: sql) }
                if statement != nil { count += 1 }
                guard let tail, tail != current else { break }
                cursor = tail
            }
            return count
        }
    }
}

/// What `prepareReadOnlyQuery` refuses before SQLite runs anything.
enum ReadOnlyQueryError: Error, Sendable {
    case connectionCanWrite
    case noStatement
    case severalStatements
    case writes
}

extension DatabaseError {
    /// Refused by the read-only authorizer (ATTACH, a pragma that changes settings).
    var isAuthorizationDenied: Bool { code == SQLITE_AUTH }
    /// The database itself failed (busy, damaged, unreadable), not the SQL.
    var isOperational: Bool {
        [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR].contains(code)
    }
}

/// Pragmas that only report. With an argument, only those whose argument
/// names a table or index (not a new value) are allowed.
private let reportingPragmas: Set<String> = [
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "integrity_check", "quick_check", "database_list", "collation_list", "function_list",
    "module_list", "pragma_list", "compile_options", "user_version", "schema_version", "application_id",
    "page_count", "page_size", "freelist_count", "encoding", "journal_mode", "foreign_keys", "query_only",
    "data_version", "busy_timeout", "synchronous",
]
private let pragmasTakingANameArgument: Set<String> = [
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "integrity_check", "quick_check",
]

/// Allows reading only. `SQLITE_IGNORE` is never used: a silently blanked
/// column would be a wrong answer, not a refusal.
private let readOnlyAuthorizer: @convention(c) (
    UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
    UnsafePointer<CChar>?
) -> Int32 = { _, action, first, second, _, _ in
    switch action {
    case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
        return SQLITE_OK
    case SQLITE_PRAGMA:
        guard let first else { return SQLITE_DENY }
        let name = String(cString: first).lowercased()
        guard reportingPragmas.contains(name) else { return SQLITE_DENY }
        return second == nil || pragmasTakingANameArgument.contains(name) ? SQLITE_OK : SQLITE_DENY
    default:
        return SQLITE_DENY
    }
}
