/// `tracker sql`: one SELECT (or read-only PRAGMA) on a database opened
/// read-only, under the SQLite layer's three locks
/// (`Database.prepareReadOnlyQuery`).
public final class ReadOnlySQL {
    public let columns: [String]
    private let statement: Statement

    /// Checks and prepares `sql`. Anything that would write, attach, or
    /// change the connection is refused (bad data), as is a second statement
    /// or SQL SQLite cannot run.
    public convenience init(_ sql: String, in store: TrackerStore) throws {
        try self.init(sql, in: store.db)
    }

    init(_ sql: String, in db: Database) throws {
        do {
            statement = try db.prepareReadOnlyQuery(sql)
        } catch let refusal as ReadOnlyQueryError {
            throw Self.error(refusal)
        } catch let error as DatabaseError {
            throw Self.refusal(error)
        } catch let error as PostgresError {
            throw Self.refusal(error)
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
    static let oneStatementHint = "give one SELECT, e.g. tracker sql \"SELECT type, count(*) FROM journeys GROUP BY type\""

    private static func error(_ refusal: ReadOnlyQueryError) -> TrackerError {
        switch refusal {
        case .connectionCanWrite: .usage("tracker sql needs a database opened read-only")
        case .noStatement: .badData("there is no SQL statement to run", hint: oneStatementHint)
        case .severalStatements: .badData("tracker sql runs one statement at a time", hint: oneStatementHint)
        case .writes: .badData("tracker sql only reads: the statement would change the database", hint: readOnlyHint)
        }
    }

    private static func refusal(_ error: PostgresError) -> any UserFacingError {
        if error.isReadOnly { return TrackerError.badData("tracker sql only reads: \(error.message)", hint: readOnlyHint) }
        if error.isPrivilege {
            return TrackerError.badData("tracker sql reads as the analyst role, which may not: \(error.message)",
                                        hint: "refs, citizen references and free text are not an analyst's to read")
        }
        if error.message.contains("multiple commands") {
            return TrackerError.badData("tracker sql runs one statement at a time", hint: oneStatementHint)
        }
        if error.state == nil || error.connecting || error.missingLibrary || error.isSerializationFailure { return error }
        return TrackerError.badData("the SQL cannot run: \(error.message)",
                                    hint: "on PostgreSQL, tracker sql speaks PostgreSQL's SQL; the views are described in the README")
    }

    private static func refusal(_ error: DatabaseError) -> any UserFacingError {
        if error.isAuthorizationDenied {
            return TrackerError.badData("tracker sql only reads: \(error.sqliteMessage) (ATTACH, DETACH and pragmas "
                                        + "that change settings are refused)", hint: readOnlyHint)
        }
        if error.isReadOnly { return TrackerError.badData("tracker sql only reads: \(error.sqliteMessage)", hint: readOnlyHint) }
        if error.isOperational { return error }
        return TrackerError.badData(
            "the SQL cannot run: \(error.sqliteMessage)",
            hint: "the tables and views are described in the README (`v_journeys`, `v_obstacles`, ...)")
    }
}
