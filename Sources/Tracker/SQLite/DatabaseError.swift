import CSQLite

/// An error reported by SQLite, with everything needed to understand it:
/// the extended result code, SQLite's message and the SQL that failed.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (e.g. `SQLITE_CONSTRAINT_FOREIGNKEY`).
    public let extendedCode: Int32
    /// SQLite's own words (`sqlite3_errmsg`).
    public let sqliteMessage: String
    public let sql: String?

    /// The primary result code (e.g. `SQLITE_CONSTRAINT`).
    public var code: Int32 { extendedCode & 0xFF }

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.sqliteMessage = message
        self.sql = sql
    }

    init(connection: OpaquePointer?, code: Int32, sql: String? = nil) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        // The connection's last error may belong to an earlier call when the
        // failing call set none; trust the code we were handed in that case.
        let resolved = (extended & 0xFF) == (code & 0xFF) ? extended : code
        let text = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(extendedCode: resolved, message: text, sql: sql)
    }

    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    public var isReadOnly: Bool { code == SQLITE_READONLY }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(sqliteMessage)"
        if let sql { text += " (in: \(sql))" }
        return text
    }
}
