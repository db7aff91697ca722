/// Per-journey facts read from steps and obstacles, each in one pass over an
/// index, for the journeys of a selection.
extension JourneySelection {
    /// For each sector with at least one selected journey that has a step in
    /// it: the positions of those journeys, ascending. Sectors in id order.
    func sectorMembers(_ db: Database) throws -> [(sector: String, members: [Int])] {
        var result: [(sector: String, members: [Int])] = []
        for sector in try Catalog.sectorIDs(db) {
            let members = try positions("SELECT DISTINCT journey_id FROM steps WHERE sector_id = ?", [sector], db)
            if !members.isEmpty { result.append((sector, members)) }
        }
        return result
    }

    /// For each obstacle category met by a selected journey: the positions of
    /// those journeys, ascending. Categories in id order.
    func categoryMembers(_ db: Database) throws -> [(category: String, members: [Int])] {
        var result: [(category: String, members: [Int])] = []
        for category in try Catalog.categoryIDs(db) {
            let members = try positions("SELECT DISTINCT journey_id FROM obstacles WHERE category_id = ?", [category], db)
            if !members.isEmpty { result.append((category, members)) }
        }
        return result
    }

    /// How many distinct sectors each journey's steps touch.
    func distinctSectorCounts(_ db: Database) throws -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        for sector in try Catalog.sectorIDs(db) {
            for member in try positions("SELECT DISTINCT journey_id FROM steps WHERE sector_id = ?", [sector], db) {
                counts[member] += 1
            }
        }
        return counts
    }

    /// Steps per journey.
    func stepCounts(_ db: Database) throws -> [Int] {
        try countsPerJourney("SELECT journey_id, count(*) FROM steps GROUP BY journey_id", db)
    }

    /// Positions of the selected journeys among the journey ids a query
    /// returns in its first column, ascending and without repeats.
    func positions(_ sql: String, _ arguments: [any DatabaseValueConvertible], _ db: Database) throws -> [Int] {
        let statement = try db.cachedStatement(sql)
        try statement.bind(arguments)
        var seen = [Bool](repeating: false, count: count)
        while try statement.advance() {
            if let index = index(of: statement.int64(0)) { seen[index] = true }
        }
        return seen.indices.filter { seen[$0] }
    }

    private func countsPerJourney(_ sql: String, _ db: Database) throws -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        let statement = try db.cachedStatement(sql)
        try statement.bind([])
        while try statement.advance() {
            if let index = index(of: statement.int64(0)) { counts[index] = Int(statement.int64(1)) }
        }
        return counts
    }
}
