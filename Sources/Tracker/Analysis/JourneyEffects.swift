/// Each selected journey's first baseline and last follow-up of some
/// measures, read in one pass over the observations table in id order: the
/// first baseline of a pair is the one with the earliest `observed_at`
/// (ties: lowest id) and the last follow-up the one with the latest (ties:
/// highest id), as `v_effects` defines them. Reading the table rather than
/// the `(journey_id, measure_id, phase, observed_at, id)` index spares a
/// lookup of `value` in the table for every row; on a large file the two
/// halves of the id range are read at once, on two connections.
struct JourneyEffects {
    let measure: Catalog.Measure
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
    static func load(_ measures: [Catalog.Measure], for selection: JourneySelection, _ db: Database) throws -> [JourneyEffects] {
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
        let path = db.path
        var scan: ObservationScan
        if !ParallelWork.canShare(db) || last - first < parallelThreshold {
            scan = try ObservationScan(measureIDs, selection, db, ids: first...last)
        } else {
            let middle = first + (last - first) / 2
            let later: ObservationScan
            (scan, later) = try ParallelWork.both(
                { try ObservationScan(measureIDs, selection, db, ids: first...middle) },
                { try ObservationScan(measureIDs, selection, Database(path: path, mode: .readOnly), ids: middle + 1...last) })
            scan.merge(later)
        }
        return measures.indices.map {
            JourneyEffects(measure: measures[$0], baselines: scan.baselines[$0], followups: scan.followups[$0])
        }
    }
}

/// The baselines and follow-ups among the observations of one id range,
/// with the `observed_at` of each kept value (numbered in `dates`, -1 while
/// none) to settle which one wins.
private struct ObservationScan: Sendable {
    var baselines: [[Double]]
    var followups: [[Double]]
    var baselineDates: [[Int32]]
    var followupDates: [[Int32]]
    var dates = ColumnReader()

    init(_ measureIDs: [String], _ selection: JourneySelection, _ db: Database, ids: ClosedRange<Int64>) throws {
        baselines = [[Double]](repeating: [Double](repeating: .nan, count: selection.count), count: measureIDs.count)
        followups = baselines
        baselineDates = [[Int32]](repeating: [Int32](repeating: -1, count: selection.count), count: measureIDs.count)
        followupDates = baselineDates
        // Measures numbered in the order asked for; others get higher numbers.
        var measureNumbers = ColumnReader(known: measureIDs)
        let statement = try db.cachedStatement("""
            SELECT journey_id, measure_id, phase, value, observed_at FROM observations
             WHERE id BETWEEN ? AND ?
             ORDER BY id
            """)
        try statement.bind([ids.lowerBound, ids.upperBound])
        while try statement.advance() {
            // The phase is baseline, interim or followup: its first byte tells.
            let phase = ColumnReader.firstByte(statement, 2)
            guard phase == UInt8(ascii: "b") || phase == UInt8(ascii: "f"),
                  let position = selection.index(of: statement.int64(0)) else { continue }
            let measure = measureNumbers.number(statement, 1)
            guard measure < measureIDs.count else { continue }
            let date = Int32(dates.number(statement, 4))
            if phase == UInt8(ascii: "b") {
                let kept = baselineDates[measure][position]
                if kept < 0 || (kept != date && dates.compare(Int(date), Int(kept)) < 0) {
                    baselineDates[measure][position] = date
                    baselines[measure][position] = statement.double(3)
                }
            } else {
                let kept = followupDates[measure][position]
                if kept < 0 || kept == date || dates.compare(Int(date), Int(kept)) > 0 {
                    followupDates[measure][position] = date
                    followups[measure][position] = statement.double(3)
                }
            }
        }
        statement.reset()
    }

    /// Takes in the scan of the ids after this one's: its baseline wins only
    /// when strictly earlier, its follow-up when no earlier.
    mutating func merge(_ later: ObservationScan) {
        for measure in baselines.indices {
            for position in baselines[measure].indices {
                let laterBaseline = Int(later.baselineDates[measure][position])
                let baseline = Int(baselineDates[measure][position])
                if laterBaseline >= 0,
                   baseline < 0 || later.dates.compare(laterBaseline, with: baseline, of: dates) < 0 {
                    baselines[measure][position] = later.baselines[measure][position]
                }
                let laterFollowup = Int(later.followupDates[measure][position])
                let followup = Int(followupDates[measure][position])
                if laterFollowup >= 0,
                   followup < 0 || later.dates.compare(laterFollowup, with: followup, of: dates) >= 0 {
                    followups[measure][position] = later.followups[measure][position]
                }
            }
        }
    }
}
