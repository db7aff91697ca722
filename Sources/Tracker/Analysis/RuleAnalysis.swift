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
    }

    /// Ordered by total delay days, then journeys (both descending), then rule.
    public let rows: [Row]

    public static let columns = [
        "rule_ref", "journeys", "obstacles", "delay_days_total", "delay_days_median", "staff_hours_total",
        "open", "sectors", "first_seen", "last_seen",
    ]
    public static let defaultTop = 20

    /// The `top` costliest rules (all when nil).
    public init(_ db: Database, filter: AnalysisFilter = .all, top: Int? = defaultTop) throws {
        try filter.validate(in: db)
        let selection = try JourneySelection(db, filter: filter)
        struct Tally {
            var tally = ObstacleTally()
            var staffHours = 0.0
            var sectors = Set<String>()
            var firstSeen: String
            var lastSeen: String
        }
        var rules: [String: Tally] = [:]
        let statement = try db.cachedStatement("""
            SELECT o.id, o.journey_id, o.rule_ref, o.delay_days, o.staff_hours, o.status IN ('open', 'escalated'),
                   o.logged_at, os.sector_id
              FROM obstacles o
              LEFT JOIN obstacle_sectors os ON os.obstacle_id = o.id
             WHERE o.rule_ref IS NOT NULL
             ORDER BY o.id
            """)
        try statement.bind([])
        var lastObstacle: Int64?
        var lastRule = ""
        while try statement.advance() {
            guard let journey = selection.index(of: statement.int64(1)) else { continue }
            let id = statement.int64(0)
            if id != lastObstacle {
                lastObstacle = id
                lastRule = statement.text(2)
                let loggedAt = statement.text(6)
                var rule = rules[lastRule] ?? Tally(firstSeen: loggedAt, lastSeen: loggedAt)
                rule.tally.add(journey: journey, delay: statement.isNull(3) ? nil : statement.double(3),
                               isOpen: statement.int64(5) == 1)
                if !statement.isNull(4) { rule.staffHours += statement.double(4) }
                rule.firstSeen = min(rule.firstSeen, loggedAt)
                rule.lastSeen = max(rule.lastSeen, loggedAt)
                rules[lastRule] = rule
            }
            if !statement.isNull(7) { rules[lastRule]!.sectors.insert(statement.text(7)) }
        }
        var rows = rules.map { rule, tally in
            let delays = tally.tally.delays.sorted()
            return Row(
                ruleRef: rule, journeys: tally.tally.journeys.count, obstacles: tally.tally.obstacles,
                delayDaysTotal: delays.reduce(0, +), delayDaysMedian: Statistics.median(sorted: delays),
                staffHoursTotal: tally.staffHours, open: tally.tally.open, sectors: tally.sectors.sorted(),
                firstSeen: tally.firstSeen, lastSeen: tally.lastSeen)
        }
        rows.sort { ($0.delayDaysTotal, $0.journeys, $1.ruleRef) > ($1.delayDaysTotal, $1.journeys, $0.ruleRef) }
        if let top { rows = Array(rows.prefix(top)) }
        self.rows = rows
    }

    public func output(format: OutputFormat = .json, suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows {
            table.append([
                .text(row.ruleRef), .int(row.journeys), .int(row.obstacles), .real(row.delayDaysTotal),
                .optional(row.delayDaysMedian), .real(row.staffHoursTotal), .int(row.open), .list(row.sectors),
                .text(row.firstSeen), .text(row.lastSeen),
            ])
        }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["rule_ref"],
                                 countColumn: "journeys", format: format)
    }
}
