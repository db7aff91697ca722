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

    init(_ db: ReadSession, filter: AnalysisFilter = .all, measure: String? = nil) throws {
        try filter.validate(in: db)
        let measures = try measure.map { [try Catalog.measure($0, db)] } ?? Catalog.observedMeasures(db)
        let selection = try JourneySelection(db, filter: filter)
        try self.init(db, selection: selection, effects: JourneyEffects.load(measures, for: selection, db))
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
        guard x.count >= 3, x.count == y.count,
              x.contains(where: { $0 != x[0] }), y.contains(where: { $0 != y[0] }) else { return nil }
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (a, b) in zip(x, y) {
            let dx = a - meanX, dy = b - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        return max(-1, min(1, sxy / (sxx.squareRoot() * syy.squareRoot())))
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
