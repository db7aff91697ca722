/// `analyze activity-vs-effect`: per journey type, the activity done (steps
/// per journey) beside the difference made (measured change), and whether
/// more activity went with more change — effect, not activity, is the
/// yardstick.
public struct ActivityEffectAnalysis: Sendable {
    public struct Row: Sendable, Equatable {
        public let type: String
        public let measure: String
        /// Journeys of the type in the selection.
        public let journeys: Int
        /// Steps per journey, over all of them.
        public let stepsMean: Double
        /// Journeys with both a baseline and a follow-up of the measure.
        public let n: Int
        public let meanChange: Double?
        public let ciLow: Double?
        public let ciHigh: Double?
        public let shareImproved: Double?
        /// Steps per measured journey.
        public let stepsMeanMeasured: Double?
        /// Pearson correlation of steps and change over the n journeys; nil
        /// when n < 3 or either does not vary.
        public let stepsChangeCorrelation: Double?
    }

    public let rows: [Row]

    public static let columns = [
        "type", "measure", "journeys", "steps_mean", "n", "mean_change", "ci_low", "ci_high", "share_improved",
        "steps_mean_measured", "steps_change_r",
    ]

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, measure: String? = nil) throws {
        self = try store.reading { try ActivityEffectAnalysis($0, filter: filter, measure: measure) }
    }

    /// With `asOf`, over the journeys opened by then (the report).
    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate? = nil, measure: String? = nil) throws {
        try filter.validate(in: db)
        let measures = try measure.map { [try Catalog.measure($0, db)] } ?? Catalog.observedMeasures(db)
        guard db.db.engine == .sqlite else {
            try self.init(countedOnServer: db, filter: filter, asOf: asOf, measures: measures)
            return
        }
        let selection = try JourneySelection(db, filter: filter, asOf: asOf)
        try self.init(db, selection: selection, effects: JourneyEffects.load(measures, for: selection, db))
    }

    /// The rows counted where the rows are, for a database on a server: per
    /// type, measure, steps kept and change, how many journeys (those
    /// lacking a change under none); that tally is all the means, the
    /// interval and the correlation need.
    private init(countedOnServer db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate?, measures: [Measure]) throws {
        let condition = filter.condition(alias: "j", openedBy: asOf)
        var cells: [String: [String: [(steps: Double, change: Double?, count: Int)]]] = [:]
        if !measures.isEmpty {
            for row in try db.rows("""
                WITH \(JourneyEffects.changesOnServer(measures: measures.count)),
                     chosen AS (
                         SELECT j.id, j.type, coalesce(f.step_count, 0) AS steps
                           FROM journeys j LEFT JOIN journey_facts f ON f.journey_id = j.id
                          WHERE j.voided_at IS NULL AND \(condition.sql))
                SELECT c.type, m.id, c.steps, e.change, count(*)
                  FROM chosen c CROSS JOIN asked m LEFT JOIN changes e ON e.journey_id = c.id AND e.measure_id = m.id
                 GROUP BY c.type, m.id, c.steps, e.change
                """, measures.map { DatabaseValue.text($0.id) } + condition.arguments) {
                cells[row[0].text ?? "", default: [:]][row[1].text ?? "", default: []]
                    .append((Double(row[2].integer ?? 0), row[3].real, Int(row[4].integer ?? 0)))
            }
        }
        var rows: [Row] = []
        for type in cells.keys.sorted() {
            for measure in measures {
                let cell = cells[type]?[measure.id] ?? []
                let journeys = cell.reduce(0) { $0 + $1.count }
                let measured = cell.compactMap { entry in entry.change.map { (x: entry.steps, y: $0, count: entry.count) } }
                var changes: [Double: Int] = [:]
                for entry in measured { changes[entry.y, default: 0] += entry.count }
                let n = measured.reduce(0) { $0 + $1.count }
                let improved = measured.filter { measure.higherIsBetter ? $0.y > 0 : $0.y < 0 }.reduce(0) { $0 + $1.count }
                let summary = SampleSummary(ValueTally(levels: changes.map { (value: $0.key, count: $0.value) }))
                rows.append(Row(
                    type: type, measure: measure.id, journeys: journeys,
                    stepsMean: cell.reduce(0) { $0 + $1.steps * Double($1.count) } / Double(journeys), n: n,
                    meanChange: summary?.mean, ciLow: summary?.confidenceInterval?.lower,
                    ciHigh: summary?.confidenceInterval?.upper, shareImproved: n == 0 ? nil : Double(improved) / Double(n),
                    stepsMeanMeasured: n == 0 ? nil : measured.reduce(0) { $0 + $1.x * Double($1.count) } / Double(n),
                    stepsChangeCorrelation: Self.correlation(measured)))
            }
        }
        self.rows = rows
    }

    /// Over the journeys of `selection`, with their effects already read
    /// (the report shares them with the effect per measure).
    init(_ db: ReadSession, selection: JourneySelection, effects: [JourneyEffects]) throws {
        let steps = try selection.keptCounts(db).steps
        var rows: [Row] = []
        for group in JourneyGroups.byType(selection) {
            let stepsMean = Double(group.members.reduce(0) { $0 + Int(steps[$1]) }) / Double(group.members.count)
            for effect in effects {
                let measured = effect.measured(group.members)
                let changes = measured.map(effect.change)
                let measuredSteps = measured.map { Double(steps[$0]) }
                let summary = SampleSummary(changes)
                rows.append(Row(
                    type: group.label, measure: effect.measure.id, journeys: group.members.count,
                    stepsMean: stepsMean, n: measured.count, meanChange: summary?.mean,
                    ciLow: summary?.confidenceInterval?.lower, ciHigh: summary?.confidenceInterval?.upper,
                    shareImproved: measured.isEmpty ? nil
                        : Double(measured.filter(effect.improved).count) / Double(measured.count),
                    stepsMeanMeasured: measured.isEmpty ? nil : measuredSteps.reduce(0, +) / Double(measured.count),
                    stepsChangeCorrelation: Self.correlation(measuredSteps, changes)))
            }
        }
        self.rows = rows
    }

    /// Pearson's r, from centred sums; nil below three pairs or without
    /// variation on either side.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count else { return nil }
        return correlation(zip(x, y).map { (x: $0, y: $1, count: 1) })
    }

    /// The same of pairs given with how many times each occurs. The sums
    /// are compensated, so that pairs counted by a server in its own order
    /// give the same r to its last digits.
    static func correlation(_ pairs: [(x: Double, y: Double, count: Int)]) -> Double? {
        let pairs = pairs.filter { $0.count > 0 }
        let count = pairs.reduce(0) { $0 + $1.count }
        guard count >= 3, let first = pairs.first,
              pairs.contains(where: { $0.x != first.x }), pairs.contains(where: { $0.y != first.y }) else { return nil }
        let n = Double(count)
        let meanX = pairs.lazy.map { $0.x * Double($0.count) }.compensatedSum / n
        let meanY = pairs.lazy.map { $0.y * Double($0.count) }.compensatedSum / n
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        for pair in pairs {
            let dx = pair.x - meanX, dy = pair.y - meanY, weight = Double(pair.count)
            sxx.add(dx * dx * weight)
            syy.add(dy * dy * weight)
            sxy.add(dx * dy * weight)
        }
        return max(-1, min(1, sxy.value / (sxx.value.squareRoot() * syy.value.squareRoot())))
    }

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows {
            table.append([
                .text(row.type), .text(row.measure), .int(row.journeys), .real(row.stepsMean), .int(row.n),
                .optional(row.meanChange), .optional(row.ciLow), .optional(row.ciHigh), .optional(row.shareImproved),
                .optional(row.stepsMeanMeasured), .optional(row.stepsChangeCorrelation),
            ])
        }
        return suppression.apply(to: table, journeys: rows.map(\.n), keep: ["type", "measure"],
                                 countColumn: "n")
    }
}
