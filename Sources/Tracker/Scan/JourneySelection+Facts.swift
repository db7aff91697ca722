/// Per-journey facts read from steps and obstacles, each in one pass over an
/// index, for the journeys of a selection.
extension JourneySelection {
    /// For each sector with at least one selected journey that has a step in
    /// it: the positions of those journeys, ascending. Sectors in id order.
    func sectorMembers(_ db: ReadSession) throws -> [(sector: String, members: [Int])] {
        let sectors = try Catalog.sectorIDs(db)
        let members = try positionsPerKey(sectors, Self.journeysWithStepIn, db)
        return zip(sectors, members).filter { !$0.1.isEmpty }.map { ($0.0, $0.1) }
    }

    /// For each obstacle category met by a selected journey: the positions of
    /// those journeys, ascending. Categories in id order.
    func categoryMembers(_ db: ReadSession) throws -> [(category: String, members: [Int])] {
        let categories = try Catalog.categoryIDs(db)
        let members = try positionsPerKey(categories, Self.journeysWithObstacleOf, db)
        return zip(categories, members).filter { !$0.1.isEmpty }.map { ($0.0, $0.1) }
    }

    /// The journeys with a live step in sector `?1`, and with a live
    /// obstacle of category `?1` (or citing rule `?1`): the queries behind
    /// groupings and cohorts.
    static let journeysWithStepIn = "SELECT DISTINCT journey_id FROM steps WHERE sector_id = ? AND voided_at IS NULL"
    static let journeysWithObstacleOf = "SELECT DISTINCT journey_id FROM obstacles WHERE category_id = ? AND voided_at IS NULL"
    static let journeysWithObstacleCiting = "SELECT journey_id FROM obstacles WHERE rule_ref = ? AND voided_at IS NULL"

    /// What `journey_facts` keeps of each selected journey: its live
    /// steps, the distinct sectors of those steps and its live obstacles,
    /// per position — one row per journey instead of every step and
    /// obstacle. A large selection is read in two halves at once.
    func keptCounts(_ db: ReadSession) throws -> KeptCounts {
        let selection = self
        let parts = try inHalves(db) { db, range, positions in
            var counts = KeptCounts(count: positions.count)
            let start = positions.lowerBound
            let bounds = range.condition("journey_id")
            let statement = try db.cachedStatement("""
                SELECT journey_id, step_count, sector_count, obstacle_count FROM journey_facts
                 WHERE 1 = 1\(bounds.sql) ORDER BY journey_id
                """)
            try statement.bind(values: bounds.arguments)
            while try statement.advance() {
                guard let index = selection.index(of: statement.int64(0)) else { continue }
                counts.steps[index - start] = Int32(statement.int64(1))
                counts.sectors[index - start] = Int32(statement.int64(2))
                counts.obstacles[index - start] = Int32(statement.int64(3))
            }
            return counts
        }
        return KeptCounts(steps: parts.flatMap(\.steps), sectors: parts.flatMap(\.sectors),
                          obstacles: parts.flatMap(\.obstacles))
    }

    struct KeptCounts: Sendable {
        var steps: [Int32]
        var sectors: [Int32]
        var obstacles: [Int32]

        init(steps: [Int32], sectors: [Int32], obstacles: [Int32]) {
            self.steps = steps
            self.sectors = sectors
            self.obstacles = obstacles
        }

        init(count: Int) {
            steps = [Int32](repeating: 0, count: count)
            sectors = steps
            obstacles = steps
        }
    }

    /// `positions(sql, [key])` for each key, in the order of `keys`. On a
    /// file with a large selection every other key is read through a second
    /// connection on another core.
    func positionsPerKey(_ keys: [String], _ sql: String, _ db: ReadSession) throws -> [[Int]] {
        guard keys.count > 1, count >= AnalysisData.parallelThreshold, db.canRunInParallel else {
            return try keys.map { try positions(sql, [$0], db) }
        }
        let selection = self
        let even = stride(from: 0, to: keys.count, by: 2).map { keys[$0] }
        let odd = stride(from: 1, to: keys.count, by: 2).map { keys[$0] }
        let (evenMembers, oddMembers) = try db.both(
            { first in try even.map { try selection.positions(sql, [$0], first) } },
            { second in try odd.map { try selection.positions(sql, [$0], second) } })
        return keys.indices.map { $0 % 2 == 0 ? evenMembers[$0 / 2] : oddMembers[$0 / 2] }
    }

    /// Positions of the selected journeys among the journey ids a query
    /// returns in its first column, ascending and without repeats.
    func positions(_ sql: String, _ arguments: [any DatabaseValueConvertible], _ db: ReadSession) throws -> [Int] {
        let statement = try db.cachedStatement(sql)
        try statement.bind(arguments)
        var seen = [Bool](repeating: false, count: count)
        while try statement.advance() {
            if let index = index(of: statement.int64(0)) { seen[index] = true }
        }
        return seen.indices.filter { seen[$0] }
    }
}
