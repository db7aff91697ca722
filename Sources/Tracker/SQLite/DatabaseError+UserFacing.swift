import CSQLite

/// What an error of SQLite means to the person at the terminal, by its
/// result code; the message keeps SQLite's own words.
extension DatabaseError: UserFacingError {
    public var kind: FailureKind {
        switch code {
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_READONLY, SQLITE_CONSTRAINT: .badData
        case SQLITE_CANTOPEN: .notFound
        default: .ioError
        }
    }

    public var message: String {
        switch code {
        case SQLITE_BUSY, SQLITE_LOCKED: "the database is busy: another process held its lock too long (\(sqliteMessage))"
        case SQLITE_NOTADB: "the file is not a SQLite database (\(sqliteMessage))"
        case SQLITE_CORRUPT: "the database file is damaged (\(sqliteMessage))"
        case SQLITE_CANTOPEN: "cannot open the database file (\(sqliteMessage))"
        case SQLITE_READONLY: "the database refused a write: \(sqliteMessage)"
        case SQLITE_CONSTRAINT: "the change breaks a rule of the data: \(sqliteMessage)"
        case SQLITE_FULL: "the disk is full: \(sqliteMessage)"
        case SQLITE_IOERR, SQLITE_PERM: "cannot read or write the database: \(sqliteMessage)"
        default: description
        }
    }

    public var hint: String? {
        switch code {
        case SQLITE_BUSY, SQLITE_LOCKED: "try again in a moment"
        case SQLITE_NOTADB: "point --db at a tracker database, or at a new path to create one"
        case SQLITE_CORRUPT: "restore it from a backup; `tracker check` lists what is wrong"
        case SQLITE_CANTOPEN: "check the path given with --db or $TRACKER_DB, and its permissions"
        case SQLITE_READONLY: "this command only reads; use the caseworker commands to change data"
        case SQLITE_FULL: "free space and run the command again"
        case SQLITE_IOERR, SQLITE_PERM: "check the disk and the file's permissions"
        default: nil
        }
    }
}
