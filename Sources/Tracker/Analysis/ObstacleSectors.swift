/// Streams the obstacles of selected journeys with their sectors: one pass
/// over `obstacles` in id order merged with one pass over `obstacle_sectors`
/// in its primary-key order — two sequential reads instead of a lookup per
/// obstacle.
enum ObstacleSectors {
    /// The obstacle the scan stands on. Its less used columns are read only
    /// when asked for, while the row is current.
    struct Obstacle {
        let id: Int64
        /// Position of the journey in the selection.
        let journey: Int
        let delay: Double?
        let staffHours: Double?
        /// Status `open` or `escalated`.
        let isOpen: Bool
        /// Sector numbers (see the scan's `ColumnReader`), in alphabetical
        /// order of the sector ids; empty for an obstacle without sectors.
        let sectors: [Int]
        fileprivate let row: Statement

        var ruleRef: String? { row.isNull(5) ? nil : row.text(5) }
        var loggedAt: String { row.text(6) }
    }

    /// Calls `body` once per obstacle of a selected journey, in id order.
    /// Sector ids are numbered by `sectors`.
    static func forEach(in selection: JourneySelection, _ db: Database, sectors: inout ColumnReader,
                        _ body: (Obstacle) throws -> Void) throws {
        let obstacles = try db.cachedStatement("""
            SELECT id, journey_id, delay_days, staff_hours, status IN ('open', 'escalated'), rule_ref, logged_at
              FROM obstacles ORDER BY id
            """)
        try obstacles.bind([])
        let links = try db.cachedStatement(
            "SELECT obstacle_id, sector_id FROM obstacle_sectors ORDER BY obstacle_id, sector_id")
        try links.bind([])
        var hasLink = try links.advance()
        var found: [Int] = []
        while try obstacles.advance() {
            let id = obstacles.int64(0)
            while hasLink && links.int64(0) < id { hasLink = try links.advance() }
            let journey = selection.index(of: obstacles.int64(1))
            found.removeAll(keepingCapacity: true)
            while hasLink && links.int64(0) == id {
                if journey != nil { found.append(sectors.number(links, 1)) }
                hasLink = try links.advance()
            }
            guard let journey else { continue }
            try body(Obstacle(
                id: id, journey: journey, delay: obstacles.isNull(2) ? nil : obstacles.double(2),
                staffHours: obstacles.isNull(3) ? nil : obstacles.double(3), isOpen: obstacles.int64(4) == 1,
                sectors: found, row: obstacles))
        }
    }
}
