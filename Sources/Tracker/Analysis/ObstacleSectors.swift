/// Streams the obstacles of selected journeys with their sectors, in one
/// join over `obstacle_sectors`' primary key.
enum ObstacleSectors {
    struct Obstacle {
        let id: Int64
        /// Position of the journey in the selection.
        let journey: Int
        let delay: Double?
        let staffHours: Double?
        let isOpen: Bool
    }

    /// Calls `body` once per obstacle of a selected journey that has at
    /// least one sector, with its sectors in alphabetical order.
    static func forEach(in selection: JourneySelection, _ db: Database,
                        _ body: (Obstacle, [String]) throws -> Void) throws {
        let statement = try db.cachedStatement("""
            SELECT o.id, o.journey_id, o.delay_days, o.staff_hours, o.status IN ('open', 'escalated'), os.sector_id
              FROM obstacle_sectors os
              JOIN obstacles o ON o.id = os.obstacle_id
             ORDER BY os.obstacle_id, os.sector_id
            """)
        try statement.bind([])
        var current: Obstacle?
        var sectors: [String] = []
        var interned: [String: String] = [:]
        while try statement.advance() {
            let id = statement.int64(0)
            if id != current?.id {
                if let current { try body(current, sectors) }
                sectors.removeAll(keepingCapacity: true)
                guard let journey = selection.index(of: statement.int64(1)) else {
                    current = nil
                    continue
                }
                current = Obstacle(
                    id: id, journey: journey, delay: statement.isNull(2) ? nil : statement.double(2),
                    staffHours: statement.isNull(3) ? nil : statement.double(3), isOpen: statement.int64(4) == 1)
            }
            guard current != nil else { continue }
            // Share one copy of each sector id among the many obstacles.
            let sector = statement.text(5)
            if let known = interned[sector] {
                sectors.append(known)
            } else {
                interned[sector] = sector
                sectors.append(sector)
            }
        }
        if let current { try body(current, sectors) }
    }
}
