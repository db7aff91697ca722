/// The statements the store's other rooms (import, export, process mining,
/// the demo) run on its connection, so that none of them holds the
/// connection itself.
extension TrackerStore: QuerySource {
    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws {
        if arguments.isEmpty { try db.execute(sql) } else { try db.execute(sql, arguments) }
    }

    func execute(_ sql: String, values: [DatabaseValue]) throws {
        try db.execute(sql, values: values)
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

extension TrackerStore {
    /// A row as written, every column by name (an obstacle with its
    /// sectors), for the object a write prints in a machine format.
    public func writtenRow(_ entity: CorrectableEntity, id: Int64) throws -> ResultTable {
        guard var table = try wholeRow(of: entity.table, id: id) else { throw unknown(entity, id) }
        if entity == .obstacle {
            table.columns.append("sectors")
            table.rows[0].append(.list(try db.rows(
                "SELECT sector_id FROM obstacle_sectors WHERE obstacle_id = ? ORDER BY sector_id", [id]).compactMap { $0[0].text }))
        }
        return table
    }

    /// A follow-up as written.
    public func writtenFollowUp(_ id: Int64) throws -> ResultTable {
        guard let table = try wholeRow(of: "follow_ups", id: id) else {
            throw FieldError(field: "follow_up", "no follow-up with id \(id)", code: .notFound)
        }
        return table
    }

    /// Every column of one row of `table` that was written, by name (not
    /// the facts kept beside it, such as a step's place in its journey);
    /// nil when there is none.
    private func wholeRow(of table: String, id: Int64) throws -> ResultTable? {
        let statement = try db.prepare("SELECT * FROM \(table) WHERE id = ?")
        try statement.bind([id])
        guard try statement.advance() else { return nil }
        let written = statement.columnNames.indices.filter { !Self.keptFactColumns.contains(statement.columnNames[$0]) }
        return ResultTable(columns: written.map { statement.columnNames[$0] },
                           rows: [written.map { OutputValue(statement.column(Int32($0))) }])
    }

    /// Columns of the tables that hold facts kept at write time rather
    /// than what anyone wrote (migration 0011).
    static let keptFactColumns: Set<String> = ["previous_sector_id", "gap_days"]
}
