/// `effect summary`: per measure (and group), how many journeys have both a
/// baseline and a follow-up, and the mean change with its 95% t interval.
public struct EffectSummary: Sendable {
    public enum Grouping: String, Sendable, CaseIterable {
        case type, sector, category, outcome
    }

    public struct Row: Sendable, Equatable {
        public let measure: String
        /// The group's label; nil without `--by`.
        public let group: String?
        /// Journeys with both a baseline and a follow-up.
        public let n: Int
        /// Journeys of the group that lack one or both.
        public let missing: Int
        public let meanBaseline: Double?
        public let meanFollowup: Double?
        public let meanChange: Double?
        /// Standard deviation of the change (divisor n − 1); nil when n < 2.
        public let sdChange: Double?
        public let ciLow: Double?
        public let ciHigh: Double?
        /// Share of the n journeys whose change is strictly favourable.
        public let shareImproved: Double?
        /// One-sample t of the change against 0, and its two-sided p.
        public let t: Double?
        public let p: Double?
        /// Wilcoxon's signed-rank p of the change against 0.
        public let wilcoxonP: Double?
        /// Benjamini–Hochberg q over the rows of the output (with `--by`).
        public var q: Double?
    }

    public let grouping: Grouping?
    public let rows: [Row]

    public static let columns = [
        "measure", "group", "n", "n_missing", "mean_baseline", "mean_followup", "mean_change",
        "sd_change", "ci_low", "ci_high", "share_improved", "t", "p", "wilcoxon_p", "q",
    ]

    /// Summarizes `measure` (every measure with observations when nil) over
    /// the journeys `filter` keeps, grouped `by` when given. An unknown
    /// measure is exit 66.
    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, measure: String? = nil, by grouping: Grouping? = nil) throws {
        self = try store.reading { try EffectSummary($0, filter: filter, measure: measure, by: grouping) }
    }

    init(_ db: ReadSession, filter: AnalysisFilter = .all, measure: String? = nil, by grouping: Grouping? = nil) throws {
        let measures = try measure.map { [try Catalog.measure($0, db)] } ?? Catalog.observedMeasures(db)
        try self.init(AnalysisData(db, filter: filter), measures: measures, by: grouping)
    }

    /// `effects`, when given, are those of `measures` for the journeys of
    /// `data`, read already.
    init(_ data: AnalysisData, measures: [Measure], by grouping: Grouping?, effects: [JourneyEffects]? = nil) throws {
        let db = data.db
        let selection = data.selection
        let groups: [(label: String, members: [Int])]
        switch grouping {
        case nil: groups = selection.count == 0 ? [] : JourneyGroups.all(selection)
        case .type: groups = JourneyGroups.byType(selection)
        case .outcome: groups = JourneyGroups.byOutcome(selection)
        case .sector: groups = try JourneyGroups.bySector(selection, db)
        case .category: groups = try JourneyGroups.byCategory(selection, db)
        }
        var rows: [Row] = []
        for effects in try effects ?? JourneyEffects.load(measures, for: selection, db) {
            for group in groups {
                rows.append(Self.row(effects, label: grouping == nil ? nil : group.label, members: group.members))
            }
        }
        if grouping != nil {
            // Many groups tested at once: the false discovery rate over them.
            for (index, q) in FalseDiscoveryRate.benjaminiHochberg(rows.map(\.p)).enumerated() { rows[index].q = q }
        }
        self.grouping = grouping
        self.rows = rows
    }

    static func row(_ effects: JourneyEffects, label: String?, members: [Int]) -> Row {
        let measured = effects.measured(members)
        let changes = measured.map(effects.change)
        let summary = SampleSummary(changes)
        let test = OneSampleTTest(changes)
        let n = Double(measured.count)
        return Row(
            measure: effects.measure.id, group: label, n: measured.count, missing: members.count - measured.count,
            meanBaseline: measured.isEmpty ? nil : measured.reduce(0) { $0 + effects.baselines[$1] } / n,
            meanFollowup: measured.isEmpty ? nil : measured.reduce(0) { $0 + effects.followups[$1] } / n,
            meanChange: summary?.mean, sdChange: summary?.standardDeviation,
            ciLow: summary?.confidenceInterval?.lower, ciHigh: summary?.confidenceInterval?.upper,
            shareImproved: measured.isEmpty ? nil : Double(measured.filter(effects.improved).count) / n,
            t: test?.t, p: test?.pValue, wilcoxonP: SignedRankTest(changes)?.pValue, q: nil)
    }

    /// The rows with the keys of the output contract (`group` only with `--by`).
    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        let columns = grouping == nil ? Self.columns.filter { $0 != "group" && $0 != "q" } : Self.columns
        var table = ResultTable(columns: columns)
        for row in rows {
            var values: [OutputValue] = [.text(row.measure)]
            if grouping != nil { values.append(.optional(row.group)) }
            values += [
                .int(row.n), .int(row.missing), .optional(row.meanBaseline), .optional(row.meanFollowup),
                .optional(row.meanChange), .optional(row.sdChange), .optional(row.ciLow), .optional(row.ciHigh),
                .optional(row.shareImproved), .optional(row.t), .optional(row.p), .optional(row.wilcoxonP),
            ]
            if grouping != nil { values.append(.optional(row.q)) }
            table.append(values)
        }
        return suppression.apply(to: table, journeys: rows.map(\.n), keep: ["measure", "group"],
                                 countColumn: "n")
    }
}
