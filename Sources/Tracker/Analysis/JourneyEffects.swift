/// Each selected journey's first baseline and last follow-up of some
/// measures, as `v_effects` defines them: the first baseline of a pair is
/// the one with the earliest `observed_at` (ties: lowest id) and the last
/// follow-up the one with the latest (ties: highest id). Read in one pass
/// over the index `observations (journey_id, measure_id, phase,
/// observed_at, id, voided_at, value)`, where they are the first and the
/// last of their run; a large selection in two halves of journeys at once.
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

    /// The common table expressions that give a server each journey's
    /// change: `asked (id)`, the measures, bound first, one argument each;
    /// and `changes (journey_id, measure_id, baseline, followup, change)`,
    /// the first baseline and the last follow-up of each, as `v_effects`
    /// has them, for every live journey that has both.
    static func changesOnServer(measures count: Int) -> String {
        let asked = Array(repeating: "(CAST(? AS text))", count: count).joined(separator: ", ")
        func end(_ phase: String, _ order: String) -> String {
            """
            SELECT DISTINCT ON (journey_id, measure_id) journey_id, measure_id, value FROM observations
             WHERE voided_at IS NULL AND phase = '\(phase)' AND measure_id IN (SELECT id FROM asked)
             ORDER BY journey_id, measure_id, observed_at \(order), id \(order)
            """
        }
        return """
            asked (id) AS (VALUES \(asked)),
            baselines AS (\(end("baseline", "ASC"))),
            followups AS (\(end("followup", "DESC"))),
            changes AS (
                SELECT b.journey_id, b.measure_id, b.value AS baseline, f.value AS followup, f.value - b.value AS change
                  FROM baselines b JOIN followups f ON f.journey_id = b.journey_id AND f.measure_id = b.measure_id)
            """
    }

    /// Loads `measures` for the journeys of `selection`.
    static func load(_ measures: [Measure], for selection: JourneySelection, _ db: ReadSession) throws -> [JourneyEffects] {
        guard !measures.isEmpty else { return [] }
        let measureIDs = measures.map(\.id)
        let parts = try selection.inHalves(db) { db, range, positions in
            try ObservationScan(measureIDs, selection, positions, db, range: range)
        }
        return measures.indices.map { measure in
            JourneyEffects(measure: measures[measure], baselines: parts.flatMap { $0.baselines[measure] },
                           followups: parts.flatMap { $0.followups[measure] })
        }
    }
}

/// The baselines and follow-ups of the journeys at `positions` (one range
/// of journey ids), by measure then position from the range's start.
private struct ObservationScan: Sendable {
    var baselines: [[Double]]
    var followups: [[Double]]

    init(_ measureIDs: [String], _ selection: JourneySelection, _ positions: Range<Int>, _ db: ReadSession,
         range: IDRange) throws {
        baselines = Array(repeating: [Double](repeating: .nan, count: positions.count), count: measureIDs.count)
        followups = baselines
        // Measures numbered in the order asked for; others get higher numbers.
        var measureNumbers = ColumnReader(known: measureIDs)
        let bounds = range.condition("journey_id")
        let statement = try db.cachedStatement("""
            SELECT journey_id, measure_id, phase, value FROM observations
             WHERE voided_at IS NULL\(bounds.sql)
             ORDER BY journey_id, measure_id, phase, observed_at, id
            """)
        try statement.bind(values: bounds.arguments)
        let start = positions.lowerBound
        while try statement.advance() {
            // The phase is baseline, interim or followup: its first byte tells.
            let phase = ColumnReader.firstByte(statement, 2)
            guard phase == UInt8(ascii: "b") || phase == UInt8(ascii: "f"),
                  let position = selection.index(of: statement.int64(0)) else { continue }
            let measure = measureNumbers.number(statement, 1)
            guard measure < measureIDs.count else { continue }
            // A baseline is kept when first of its run, a follow-up replaced
            // by each later one.
            if phase == UInt8(ascii: "b") {
                if baselines[measure][position - start].isNaN { baselines[measure][position - start] = statement.double(3) }
            } else {
                followups[measure][position - start] = statement.double(3)
            }
        }
        statement.reset()
    }
}
