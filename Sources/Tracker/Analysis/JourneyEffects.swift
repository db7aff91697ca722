/// Each selected journey's first baseline and last follow-up of some
/// measures, read in one pass over the observations table in id order: the
/// first baseline of a pair is the one with the earliest `observed_at`
/// (ties: lowest id) and the last follow-up the one with the latest (ties:
/// highest id), as `v_effects` defines them. Reading the table rather than
/// the `(journey_id, measure_id, phase, observed_at, id)` index spares a
/// lookup of `value` in the table for every row.
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

    /// Loads `measures` for the journeys of `selection`.
    static func load(_ measures: [Catalog.Measure], for selection: JourneySelection, _ db: Database) throws -> [JourneyEffects] {
        guard !measures.isEmpty else { return [] }
        var baselines = [[Double]](repeating: [Double](repeating: .nan, count: selection.count), count: measures.count)
        var followups = baselines
        // The `observed_at` of each kept value, numbered in `dates`; -1 while none.
        var baselineDates = [[Int32]](repeating: [Int32](repeating: -1, count: selection.count), count: measures.count)
        var followupDates = baselineDates
        var dates = ColumnReader()
        // Measures numbered in the order asked for; others get higher numbers.
        var measureNumbers = ColumnReader(known: measures.map(\.id))
        let statement = try db.cachedStatement("""
            SELECT journey_id, measure_id, phase = 'baseline', value, observed_at FROM observations
             WHERE phase IN ('baseline', 'followup')
             ORDER BY id
            """)
        try statement.bind([])
        while try statement.advance() {
            guard let position = selection.index(of: statement.int64(0)) else { continue }
            let measure = measureNumbers.number(statement, 1)
            guard measure < measures.count else { continue }
            let date = Int32(dates.number(statement, 4))
            if statement.int64(2) == 1 {
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
        return measures.indices.map {
            JourneyEffects(measure: measures[$0], baselines: baselines[$0], followups: followups[$0])
        }
    }
}
