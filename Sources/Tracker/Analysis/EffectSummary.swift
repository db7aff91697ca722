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

    /// With `asOf`, over the journeys opened by then, a close after it
    /// counting as still open (the report).
    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate? = nil, measure: String? = nil,
         by grouping: Grouping? = nil) throws {
        let measures = try measure.map { [try Catalog.measure($0, db)] } ?? Catalog.observedMeasures(db)
        guard db.db.engine == .sqlite else {
            try filter.validate(in: db)
            try self.init(countedOnServer: db, filter: filter, asOf: asOf, measures: measures, by: grouping)
            return
        }
        try self.init(AnalysisData(db, filter: filter, asOf: asOf), measures: measures, by: grouping)
    }

    /// The summaries counted where the rows are, for a database on a server:
    /// per measure, group and magnitude of the change, how many journeys
    /// change up, down or not at all, and the sums of their ends; journeys
    /// lacking an end fall under no magnitude. That tally is all the mean,
    /// the variance and the signed ranks need, and no observation crosses
    /// the wire (a scored measure has a handful of magnitudes).
    private init(countedOnServer db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate?, measures: [Measure],
                 by grouping: Grouping?) throws {
        let condition = filter.condition(alias: "j", openedBy: asOf)
        // Closed by as-of: its bound comes first of the condition's arguments.
        var arguments = measures.map { DatabaseValue.text($0.id) }
        if grouping == .outcome, let asOf { arguments.append(.text(asOf.inclusiveBound)) }
        arguments += condition.arguments
        let chosen: String
        switch grouping {
        case nil, .type, .outcome:
            let label = switch grouping {
            case .type: "j.type"
            case .outcome: """
                CASE WHEN \(asOf == nil ? "j.closed_at IS NOT NULL" : "j.closed_at <= ?")
                     THEN coalesce(j.outcome, '\(JourneySelection.unknownOutcome)') ELSE '\(JourneySelection.openOutcome)' END
                """
            default: "''"
            }
            chosen = "SELECT j.id, \(label) AS label FROM journeys j WHERE j.voided_at IS NULL AND \(condition.sql)"
        case .sector, .category:
            let (table, key) = grouping == .sector ? ("steps", "sector_id") : ("obstacles", "category_id")
            chosen = """
                SELECT DISTINCT x.journey_id AS id, x.\(key) AS label
                  FROM \(table) x JOIN journeys j ON j.id = x.journey_id
                 WHERE x.voided_at IS NULL AND j.voided_at IS NULL AND \(condition.sql)
                """
        }
        let sql = """
            WITH \(JourneyEffects.changesOnServer(measures: measures.count)),
                 chosen AS (\(chosen))
            SELECT m.id, c.label, abs(e.change), count(*), count(*) FILTER (WHERE e.change > 0),
                   count(*) FILTER (WHERE e.change < 0), coalesce(sum(e.baseline), 0), coalesce(sum(e.followup), 0)
              FROM chosen c CROSS JOIN asked m
              LEFT JOIN changes e ON e.journey_id = c.id AND e.measure_id = m.id
             GROUP BY m.id, c.label, abs(e.change)
            """
        var cells: [String: [String: ChangeTally]] = [:]
        if !measures.isEmpty {
            for row in try db.rows(sql, arguments) {
                let measure = row[0].text ?? "", label = row[1].text ?? "", journeys = Int(row[3].integer ?? 0)
                var cell = cells[measure, default: [:]][label, default: ChangeTally()]
                if let magnitude = row[2].real {
                    cell.add(magnitude: magnitude, up: Int(row[4].integer ?? 0), down: Int(row[5].integer ?? 0),
                             journeys: journeys, baselines: row[6].real ?? 0, followups: row[7].real ?? 0)
                } else {
                    cell.missing += journeys
                }
                cells[measure, default: [:]][label] = cell
            }
        }
        let present = Set(cells.values.flatMap(\.keys))
        let labels: [String] = switch grouping {
        case nil, .type, .outcome: present.sorted()
        case .sector: try Catalog.sectorIDs(db).filter(present.contains)
        case .category: try Catalog.categoryIDs(db).filter(present.contains)
        }
        var rows: [Row] = []
        for measure in measures {
            for label in labels {
                let cell = cells[measure.id]?[label] ?? ChangeTally()
                rows.append(Self.row(measure, label: grouping == nil ? nil : label, cell))
            }
        }
        self.init(grouping: grouping, rows: rows)
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
        self.init(grouping: grouping, rows: rows)
    }

    private init(grouping: Grouping?, rows: [Row]) {
        var rows = rows
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
        return row(effects.measure, label: label, missing: members.count - measured.count, changes: summary,
                   baselineSum: measured.reduce(0) { $0 + effects.baselines[$1] },
                   followupSum: measured.reduce(0) { $0 + effects.followups[$1] },
                   improved: measured.filter(effects.improved).count, signs: SignedTally(changes))
    }

    private static func row(_ measure: Measure, label: String?, _ cell: ChangeTally) -> Row {
        row(measure, label: label, missing: cell.missing, changes: SampleSummary(cell.values),
            baselineSum: cell.baselineSum, followupSum: cell.followupSum,
            improved: measure.higherIsBetter ? cell.up : cell.down, signs: cell.signs)
    }

    /// One row from the sample of changes and the sums of their ends.
    private static func row(_ measure: Measure, label: String?, missing: Int, changes summary: SampleSummary?,
                            baselineSum: Double, followupSum: Double, improved: Int,
                            signs: SignedTally) -> Row {
        let count = summary?.count ?? 0, n = Double(count)
        let test = summary.flatMap(OneSampleTTest.init)
        return Row(
            measure: measure.id, group: label, n: count, missing: missing,
            meanBaseline: count == 0 ? nil : baselineSum / n, meanFollowup: count == 0 ? nil : followupSum / n,
            meanChange: summary?.mean, sdChange: summary?.standardDeviation,
            ciLow: summary?.confidenceInterval?.lower, ciHigh: summary?.confidenceInterval?.upper,
            shareImproved: count == 0 ? nil : Double(improved) / n,
            t: test?.t, p: test?.pValue, wilcoxonP: SignedRankTest(signs)?.pValue, q: nil)
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

/// The changes of one measure in one group, as a server tallies them: per
/// magnitude, the journeys whose change is up, down or none, and the sums
/// of their ends; and the journeys lacking an end.
private struct ChangeTally {
    var levels: [(magnitude: Double, up: Int, down: Int)] = []
    var zeros = 0
    var missing = 0
    var baselineSum = 0.0
    var followupSum = 0.0

    var up: Int { levels.reduce(0) { $0 + $1.up } }
    var down: Int { levels.reduce(0) { $0 + $1.down } }

    mutating func add(magnitude: Double, up: Int, down: Int, journeys: Int, baselines: Double, followups: Double) {
        if magnitude == 0 { zeros += journeys } else { levels.append((magnitude, up, down)) }
        baselineSum += baselines
        followupSum += followups
    }

    /// The changes themselves, signed, with their counts.
    var values: ValueTally {
        var values = levels.flatMap { [($0.magnitude, $0.up), (-$0.magnitude, $0.down)] }.filter { $0.1 > 0 }
        if zeros > 0 { values.append((0, zeros)) }
        return ValueTally(levels: values.map { (value: $0.0, count: $0.1) })
    }

    var signs: SignedTally { SignedTally(levels: levels.map { ($0.magnitude, $0.up, $0.down) }, zeros: zeros) }
}
