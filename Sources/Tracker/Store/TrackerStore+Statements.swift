/// The statements the store's other rooms (import, export, process mining,
/// the demo) run on its connection, so that none of them holds the
/// connection itself.
extension TrackerStore: QuerySource {
    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws {
        if arguments.isEmpty { try db.execute(sql) } else { try db.execute(sql, arguments) }
    }

    /// A statement for a long scan or a hot insert, finalized when released.
    func prepare(_ sql: String) throws -> Statement {
        try db.prepare(sql)
    }

    var lastInsertedRowID: Int64 { db.lastInsertedRowID }

    /// Rows the last statement changed.
    var changedRows: Int { db.changes }

    func deferForeignKeys() throws { try db.deferForeignKeys() }

    /// The first broken reference in the file, described; nil when none.
    func foreignKeyProblem() throws -> String? {
        try db.foreignKeyViolations().first.map { "a row of \($0.table) names a missing row of \($0.parent)" }
    }

    /// Runs `body` in one transaction: `.immediate` for writes, `.deferred`
    /// for reads that must see one state.
    @discardableResult
    func inTransaction<T>(_ kind: Database.TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try db.inTransaction(kind, body)
    }

    /// Back to the settings of every command after a bulk load (`tracker demo`).
    func endBulkLoad() throws {
        try db.apply(.standard)
    }
}
