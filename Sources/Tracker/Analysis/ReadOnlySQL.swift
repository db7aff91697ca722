import CSQLite

/// `tracker sql`: one SELECT (or read-only PRAGMA) on a database opened
/// read-only. Three locks keep the file safe: SQLite opens it
/// `SQLITE_OPEN_READONLY` with `query_only` on; every statement must be
/// read-only by `sqlite3_stmt_readonly`; and an authorizer refuses what those
/// let through — ATTACH and DETACH, and any pragma outside a list of
/// harmless readers (so no `writable_schema`, no `query_only = OFF`).
public final class ReadOnlySQL {
    public let columns: [String]
    private let statement: Statement

    /// Checks and prepares `sql`. Anything that would write, attach, or
    /// change the connection is refused (exit 65), as is a second statement
    /// or SQL SQLite cannot run.
    public init(_ sql: String, in db: Database) throws {
        guard db.mode == .readOnly, try db.value("PRAGMA query_only").integer == 1 else {
            throw TrackerError.usage("tracker sql needs a database opened read-only")
        }
        sqlite3_set_authorizer(db.handle, readOnlyAuthorizer, nil)
        let statements = try Self.statementCount(sql, db)
        guard statements == 1 else {
            throw TrackerError.badData(
                statements == 0 ? "there is no SQL statement to run" : "tracker sql runs one statement at a time",
                hint: "give one SELECT, e.g. tracker sql \"SELECT type, count(*) FROM journeys GROUP BY type\"")
        }
        do {
            statement = try db.prepare(sql)
        } catch let error as DatabaseError {
            throw Self.refusal(error)
        }
        guard statement.isReadOnly else {
            throw TrackerError.badData("tracker sql only reads: the statement would change the database",
                                       hint: Self.readOnlyHint)
        }
        columns = statement.columnNames
    }

    /// Runs the statement, handing each row to `body`.
    public func forEachRow(_ body: ([OutputValue]) throws -> Void) throws {
        let count = Int32(columns.count)
        do {
            while try statement.advance() {
                try body((0..<count).map { OutputValue(statement.column($0)) })
            }
        } catch let error as DatabaseError {
            throw Self.refusal(error)
        }
    }

    static let readOnlyHint = "use the caseworker commands to change data; tracker sql is for SELECT and read-only PRAGMAs"

    /// Prepares each statement of `sql` in turn, without running any, to
    /// count them; whitespace and comments count as none.
    private static func statementCount(_ sql: String, _ db: Database) throws -> Int {
        try sql.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            var count = 0
            while let current = cursor, current.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(db.handle, current, -1, &statement, &tail)
                defer { sqlite3_finalize(statement) }
                guard code == SQLITE_OK else {
                    throw refusal(DatabaseError(connection: db.handle, code: code, sql: sql))
                }
                if statement != nil { count += 1 }
                guard let tail, tail != current else { break }
                cursor = tail
            }
            return count
        }
    }

    private static func refusal(_ error: DatabaseError) -> TrackerError {
        switch error.code {
        case SQLITE_AUTH:
            return .badData("tracker sql only reads: \(error.message) (ATTACH, DETACH and pragmas that change "
                            + "settings are refused)", hint: readOnlyHint)
        case SQLITE_READONLY:
            return .badData("tracker sql only reads: \(error.message)", hint: readOnlyHint)
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR:
            return TrackerError(error)
        default:
            return .badData("the SQL cannot run: \(error.message)",
                            hint: "the tables and views are described in the README (`v_journeys`, `v_obstacles`, ...)")
        }
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
