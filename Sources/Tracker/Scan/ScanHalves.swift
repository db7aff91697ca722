/// The ids a part of a scan reads: `from` (inclusive) up to `below`
/// (exclusive), each bound open when nil.
struct IDRange: Sendable {
    var from: Int64?
    var below: Int64?

    static let all = IDRange()

    /// `AND column >= ? AND column < ?` for the bounds that are set, with
    /// their arguments: appended to a scan's WHERE clause.
    func condition(_ column: String) -> (sql: String, arguments: [DatabaseValue]) {
        var sql = "", arguments: [DatabaseValue] = []
        if let from {
            sql += " AND \(column) >= ?"
            arguments.append(.integer(from))
        }
        if let below {
            sql += " AND \(column) < ?"
            arguments.append(.integer(below))
        }
        return (sql, arguments)
    }
}

extension ReadSession {
    /// Reads a large scan in two halves at once, each on its own connection
    /// of the session (both see the same state): ids below `middle`, then
    /// from it. A nil `middle`, or no spare connection, reads it whole here.
    /// The parts come back in id order, for the caller to join.
    func inHalves<Part: Sendable>(splitAt middle: Int64?,
                                  _ read: @escaping @Sendable (ReadSession, IDRange) throws -> Part) throws -> [Part] {
        guard let middle, canRunInParallel else { return [try read(self, .all)] }
        let (low, high) = try both({ try read($0, IDRange(below: middle)) }, { try read($0, IDRange(from: middle)) })
        return [low, high]
    }

    /// The id halfway between the smallest and largest id of `table`, when
    /// the table spans enough ids to gain from two halves; nil otherwise.
    func middleID(of table: String, column: String = "id") throws -> Int64? {
        guard canRunInParallel else { return nil }
        let row = try rows("SELECT min(\(column)), max(\(column)) FROM \(table)").first
        guard let low = row?[0].integer, let high = row?[1].integer,
              high - low >= Int64(halvesFrom) else { return nil }
        return low + (high - low + 1) / 2
    }
}

extension JourneySelection {
    /// Reads something per journey in two halves of the selection at once
    /// (one pass below `AnalysisData.parallelThreshold` journeys, or
    /// without a spare connection). `read` gets the range of journey ids
    /// of its half and the positions of those journeys, which are a range
    /// too, since the selection is in id order.
    func inHalves<Part: Sendable>(_ db: ReadSession,
                                  _ read: @escaping @Sendable (ReadSession, IDRange, Range<Int>) throws -> Part) throws -> [Part] {
        let half = count / 2, count = count
        let middle = count >= max(2, db.halvesFrom) ? ids[half] : nil
        return try db.inHalves(splitAt: middle) { db, range in
            let positions = range.from != nil ? half..<count : range.below != nil ? 0..<half : 0..<count
            return try read(db, range, positions)
        }
    }
}
