/// Each selected journey's first baseline and last follow-up of some
/// measures, read in one pass over the observations table in id order: the
/// first baseline of a pair is the one with the earliest `observed_at`
/// (ties: lowest id) and the last follow-up the one with the latest (ties:
/// highest id), as `v_effects` defines them. Reading the table rather than
/// the `(journey_id, measure_id, phase, observed_at, id)` index spares a
/// lookup of `value` in the table for every row; on a large file the two
/// halves of the id range are read at once, on two connections.
struct JourneyEffects {
    let measure: Measure
    /// Baseline per journey position, NaN where missing.
    let baselines: [Double]
    /// Follow-up per journey position, NaN where missing.
    let followups: [Double]

    /// Whether the journey at `index` has both ends, hence a change.
    func hasChange(_ index: Int) -> Bool { !baselines[index].isNaN && !followups[index].isNaN }

    func change(_ index: Int) -> Double { followups[index] - baselines[index] }

    /// A strictly favourable change given the measure's direction.
    func improved(_ index: Int) -> Bool {
        measure.higherIsBetter ? followups[index] > baselines[index] : followups[index] < baselines[index]
    }

    /// Positions among `members` that have a change.
    func measured(_ members: [Int]) -> [Int] { members.filter(hasChange) }

    /// Below this many observation ids one connection reads them all.
    static let parallelThreshold: Int64 = 200_000

    /// Loads `measures` for the journeys of `selection`.
    static func load(_ measures: [Measure], for selection: JourneySelection, _ db: ReadSession) throws -> [JourneyEffects] {
        guard !measures.isEmpty else { return [] }
        let measureIDs = measures.map(\.id)
        // Separate subqueries: each reads one end of the table, where one
        // `SELECT min(id), max(id)` would scan it all.
        let bounds = try db.cachedStatement(
            "SELECT (SELECT min(id) FROM observations), (SELECT max(id) FROM observations)")
        try bounds.bind([])
        _ = try bounds.advance()
        let (first, last) = bounds.isNull(0) ? (Int64(0), Int64(0)) : (bounds.int64(0), bounds.int64(1))
        bounds.reset()
        var scan: ObservationScan
        if !db.canRunInParallel || last - first < parallelThreshold {
            scan = try ObservationScan(measureIDs, selection, db, ids: first...last)
        } else {
            let middle = first + (last - first) / 2
            let later: ObservationScan
            (scan, later) = try db.both(
                { try ObservationScan(measureIDs, selection, $0, ids: first...middle) },
                { try ObservationScan(measureIDs, selection, $0, ids: middle + 1...last) })
            try scan.merge(later, db)
        }
        let count = selection.count
        return measures.indices.map {
            JourneyEffects(measure: measures[$0], baselines: Array(scan.baselines[$0 * count..<($0 + 1) * count]),
                           followups: Array(scan.followups[$0 * count..<($0 + 1) * count]))
        }
    }
}

/// The baselines and follow-ups among the observations of one id range, by
/// measure then journey position, with the id of the row each value comes
/// from. A second value for the same place is rare: only then are the two
/// rows' `observed_at` read and compared.
private struct ObservationScan: Sendable {
    static let none = Int64.min
    var baselines: [Double]
    var followups: [Double]
    var baselineRows: [Int64]
    var followupRows: [Int64]

    init(_ measureIDs: [String], _ selection: JourneySelection, _ db: ReadSession, ids: ClosedRange<Int64>) throws {
        let count = selection.count
        var baselines = [Double](repeating: .nan, count: measureIDs.count * count)
        var followups = baselines
        var baselineRows = [Int64](repeating: Self.none, count: measureIDs.count * count)
        var followupRows = baselineRows
        // Measures numbered in the order asked for; others get higher numbers.
        var measureNumbers = ColumnReader(known: measureIDs)
        let statement = try db.cachedStatement("""
            SELECT id, journey_id, measure_id, phase, value FROM observations
             WHERE id BETWEEN ? AND ?
             ORDER BY id
            """)
        try statement.bind([ids.lowerBound, ids.upperBound])
        let voided = try VoidedRows(.observations, db)
        while try statement.advance() {
            // The phase is baseline, interim or followup: its first byte tells.
            let phase = ColumnReader.firstByte(statement, 3)
            guard phase == UInt8(ascii: "b") || phase == UInt8(ascii: "f"),
                  let position = selection.index(of: statement.int64(1)) else { continue }
            let measure = measureNumbers.number(statement, 2)
            guard measure < measureIDs.count else { continue }
            let row = statement.int64(0)
            if voided.contains(row) { continue }
            let slot = measure * count + position
            // Rows come in id order: a baseline replaces the kept one only
            // when strictly earlier, a follow-up when no earlier.
            if phase == UInt8(ascii: "b") {
                let kept = baselineRows[slot]
                if try kept == Self.none || Self.earlier(row, than: kept, db) {
                    baselineRows[slot] = row
                    baselines[slot] = statement.double(4)
                }
            } else {
                let kept = followupRows[slot]
                if try kept == Self.none || !Self.earlier(row, than: kept, db) {
                    followupRows[slot] = row
                    followups[slot] = statement.double(4)
                }
            }
        }
        statement.reset()
        self.baselines = baselines
        self.followups = followups
        self.baselineRows = baselineRows
        self.followupRows = followupRows
    }

    /// Takes in the scan of the ids after this one's, by the same rule.
    mutating func merge(_ later: ObservationScan, _ db: ReadSession) throws {
        for slot in baselines.indices {
            let laterBaseline = later.baselineRows[slot]
            if laterBaseline != Self.none {
                let kept = baselineRows[slot]
                if try kept == Self.none || Self.earlier(laterBaseline, than: kept, db) {
                    baselines[slot] = later.baselines[slot]
                }
            }
            let laterFollowup = later.followupRows[slot]
            if laterFollowup != Self.none {
                let kept = followupRows[slot]
                if try kept == Self.none || !Self.earlier(laterFollowup, than: kept, db) {
                    followups[slot] = later.followups[slot]
                }
            }
        }
    }

    /// Whether observation `a` was observed strictly before observation
    /// `b`, their `observed_at` compared bytewise as SQLite orders text.
    private static func earlier(_ a: Int64, than b: Int64, _ db: ReadSession) throws -> Bool {
        try observedAt(a, db).lexicographicallyPrecedes(observedAt(b, db))
    }

    private static func observedAt(_ id: Int64, _ db: ReadSession) throws -> [UInt8] {
        let statement = try db.cachedStatement("SELECT observed_at FROM observations WHERE id = ?")
        try statement.bind([id])
        _ = try statement.advance()
        let bytes = ColumnReader.rawBytes(statement, 0)
        statement.reset()
        return bytes
    }
}
