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
            var sectors = Set<Int>()
            var firstSeen: String
            var lastSeen: String

            mutating func add(journey: Int, delay: Double?, staffHours: Double?, isOpen: Bool, loggedAt: String,
                              sectors: [Int]) {
                tally.add(journey: journey, delay: delay, isOpen: isOpen)
                self.sectors.formUnion(sectors)
                if let staffHours { self.staffHours += staffHours }
                firstSeen = min(firstSeen, loggedAt)
                lastSeen = max(lastSeen, loggedAt)
            }
        }
        var rules: [String: Tally] = [:]
        var sectors = ColumnReader(known: try Catalog.sectorIDs(db))
        try ObstacleSectors.forEach(in: selection, db, sectors: &sectors) { obstacle in
            guard let rule = obstacle.ruleRef else { return }
            let loggedAt = obstacle.loggedAt
            // Mutate in place: a copy out of the dictionary would copy its
            // set and array on every obstacle.
            rules[rule, default: Tally(firstSeen: loggedAt, lastSeen: loggedAt)].add(
                journey: obstacle.journey, delay: obstacle.delay, staffHours: obstacle.staffHours,
                isOpen: obstacle.isOpen, loggedAt: loggedAt, sectors: obstacle.sectors)
        }
        var rows = rules.map { rule, tally in
            let delays = tally.tally.delays.sorted()
            return Row(
                ruleRef: rule, journeys: tally.tally.journeys.count, obstacles: tally.tally.obstacles,
                delayDaysTotal: delays.reduce(0, +), delayDaysMedian: Statistics.median(sorted: delays),
                staffHoursTotal: tally.staffHours, open: tally.tally.open, sectors: tally.sectors.map { sectors.names[$0] }.sorted(),
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
