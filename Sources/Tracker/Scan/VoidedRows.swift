/// The ids of the voided rows of one table, read from its small partial
/// index of voided rows: a scan in id order skips them without reading a
/// column per row, and pays nothing while no row is voided.
struct VoidedRows: Sendable {
    private let ids: Set<Int64>

    init(_ table: VoidableTable, _ db: ReadSession) throws {
        var ids = Set<Int64>()
        for row in try db.rows("SELECT id FROM \(table.rawValue) WHERE voided_at IS NOT NULL") {
            if let id = row[0].integer { ids.insert(id) }
        }
        self.ids = ids
    }

    @inline(__always)
    func contains(_ id: Int64) -> Bool { !ids.isEmpty && ids.contains(id) }
}

/// The tables whose rows the scans read in id order.
enum VoidableTable: String, Sendable {
    case journeys, obstacles, observations
}
