/// Each selected journey's first baseline and last follow-up of some
/// measures, read in one pass over the observations index: the rows come in
/// (journey, measure, phase, observed_at, id) order, so the first baseline
/// row of a pair is the earliest (ties: lowest id) and the last follow-up
/// row the latest (ties: highest id), as `v_effects` defines them.
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
        let measureIndex = Dictionary(uniqueKeysWithValues: measures.enumerated().map { ($1.id, $0) })
        let single = measures.count == 1
        let sql = single
            ? """
              SELECT journey_id, measure_id, phase = 'baseline', value FROM observations
               WHERE measure_id = ? AND phase IN ('baseline', 'followup')
               ORDER BY journey_id, measure_id, phase, observed_at, id
              """
            : """
              SELECT journey_id, measure_id, phase = 'baseline', value FROM observations
               WHERE phase IN ('baseline', 'followup')
               ORDER BY journey_id, measure_id, phase, observed_at, id
              """
        let statement = try db.cachedStatement(sql)
        try statement.bind(single ? [measures[0].id] : [])
        while try statement.advance() {
            guard let position = selection.index(of: statement.int64(0)) else { continue }
            let measure: Int
            if single {
                measure = 0
            } else {
                guard let index = measureIndex[statement.text(1)] else { continue }
                measure = index
            }
            if statement.int64(2) == 1 {
                if baselines[measure][position].isNaN { baselines[measure][position] = statement.double(3) }
            } else {
                followups[measure][position] = statement.double(3)
            }
        }
        return measures.indices.map {
            JourneyEffects(measure: measures[$0], baselines: baselines[$0], followups: followups[$0])
        }
    }
}
