/// `analyze rules`: the rules behind obstacles, costliest first — the
/// evidence for challenging a rule. Obstacles without a rule are left out.
public struct RuleAnalysis: Sendable {
    public struct Row: Sendable, Equatable {
        public let ruleRef: String
        public let journeys: Int
        public let obstacles: Int
        public let delayDaysTotal: Double
        public let delayDaysMedian: Double?
        public let staffHoursTotal: Double
        /// Obstacles still `open` or `escalated`.
        public let open: Int
        /// Every sector the rule's obstacles arose between, sorted.
        public let sectors: [String]
        /// Earliest and latest `logged_at`.
        public let firstSeen: String
        public let lastSeen: String

        /// The row's cells, in the order of `columns`.
        var values: [OutputValue] {
            [.text(ruleRef), .int(journeys), .int(obstacles), .real(delayDaysTotal), .optional(delayDaysMedian),
             .real(staffHoursTotal), .int(open), .list(sectors), .text(firstSeen), .text(lastSeen)]
        }

        /// The row as one JSON object: a challenge's frozen evidence.
        var json: String { JSONText.object(Array(zip(RuleAnalysis.columns, values)).map { (key: $0, value: $1) }) }
    }

    /// Ordered by total delay days, then journeys (both descending), then rule.
    public let rows: [Row]

    public static let columns = [
        "rule_ref", "journeys", "obstacles", "delay_days_total", "delay_days_median", "staff_hours_total",
        "open", "sectors", "first_seen", "last_seen",
    ]
    public static let defaultTop = 20

    /// The `top` costliest rules (all when nil).
    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, top: Int? = defaultTop) throws {
        self = try store.reading { try RuleAnalysis($0, filter: filter, top: top) }
    }

    /// With `asOf`, over the journeys opened by then (the report).
    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate? = nil, top: Int? = defaultTop) throws {
        guard db.db.engine == .sqlite else {
            // On a server the rules' obstacles are counted there.
            try filter.validate(in: db)
            let counted = try ObstacleAggregates(db, filter: filter, asOf: asOf, by: .rule)
            self.init(top: top, rows: counted.groups.map { group in
                Row(ruleRef: group.key, journeys: group.journeys, obstacles: group.obstacles,
                    delayDaysTotal: group.delayTotal, delayDaysMedian: group.delayMedian,
                    staffHoursTotal: group.staffHours, open: group.open, sectors: counted.sectorsOfRule[group.key] ?? [],
                    firstSeen: group.firstSeen, lastSeen: group.lastSeen)
            })
            return
        }
        try self.init(AnalysisData(db, filter: filter, asOf: asOf, reading: .idsOnly), top: top)
    }

    init(_ data: AnalysisData, top: Int?) throws {
        let scan = try data.obstacles()
        let tallies = scan.tally(keyCount: scan.rules.names.count, selection: data.selection) { obstacle, keys in
            if scan.rule[obstacle] >= 0 { keys.append(Int(scan.rule[obstacle])) }
        }
        var sectorsOfRule = [Set<Int32>](repeating: [], count: scan.rules.names.count)
        for obstacle in 0..<scan.count where scan.rule[obstacle] >= 0 {
            sectorsOfRule[Int(scan.rule[obstacle])].formUnion(scan.sectors(of: obstacle))
        }
        let sectorNames = data.sectors.names
        let rows = scan.rules.names.indices.map { rule in
            let tally = tallies[rule]
            return Row(
                ruleRef: scan.rules.names[rule], journeys: tally.journeys, obstacles: tally.obstacles,
                delayDaysTotal: tally.delayTotal, delayDaysMedian: tally.delayMedian,
                staffHoursTotal: tally.staffHours, open: tally.open,
                sectors: sectorsOfRule[rule].map { sectorNames[Int($0)] }.sorted(),
                firstSeen: scan.ruleFirstSeen[rule], lastSeen: scan.ruleLastSeen[rule])
        }
        self.init(top: top, rows: rows)
    }

    /// The `top` of `rows`, costliest first.
    private init(top: Int?, rows: [Row]) {
        var rows = rows
        rows.sort { ($0.delayDaysTotal, $0.journeys, $1.ruleRef) > ($1.delayDaysTotal, $1.journeys, $0.ruleRef) }
        if let top { rows = Array(rows.prefix(top)) }
        self.rows = rows
    }

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows { table.append(row.values) }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["rule_ref"],
                                 countColumn: "journeys")
    }
}
