/// `analyze obstacles`: what obstacles cost, grouped by category, sector,
/// sector pair, rule or month of logging.
public struct ObstacleAnalysis: Sendable {
    public enum Grouping: String, Sendable, CaseIterable {
        case category
        case sector
        /// Each unordered pair of distinct sectors of an obstacle, `a|b`; an
        /// obstacle with one sector is keyed by that sector alone.
        case sectorPair = "sector-pair"
        case rule
        /// `YYYY-MM` of `logged_at`.
        case month
    }

    public struct Row: Sendable, Equatable {
        public let key: String
        public let obstacles: Int
        /// Distinct journeys with such an obstacle.
        public let journeys: Int
        /// Sum of the known delays (0 when none is known).
        public let delayDaysTotal: Double
        /// Median of the known delays; nil when none is known.
        public let delayDaysMedian: Double?
        /// Obstacles not yet resolved or accepted (`open` or `escalated`).
        public let open: Int
    }

    public let grouping: Grouping
    /// By month in time order; otherwise costliest first (total delay, then
    /// obstacles, then key).
    public let rows: [Row]

    public static let columns = ["key", "obstacles", "journeys", "delay_days_total", "delay_days_median", "open"]

    public init(_ db: Database, filter: AnalysisFilter = .all, by grouping: Grouping) throws {
        try filter.validate(in: db)
        let selection = try JourneySelection(db, filter: filter)
        var groups: [String: ObstacleTally] = [:]
        switch grouping {
        case .category, .rule, .month:
            let key: String
            switch grouping {
            case .category: key = "category_id"
            case .rule: key = "rule_ref"
            default: key = "substr(logged_at, 1, 7)"
            }
            let statement = try db.cachedStatement("""
                SELECT journey_id, \(key), delay_days, status IN ('open', 'escalated')
                  FROM obstacles WHERE \(key) IS NOT NULL
                """)
            try statement.bind([])
            while try statement.advance() {
                guard let journey = selection.index(of: statement.int64(0)) else { continue }
                groups[statement.text(1), default: ObstacleTally()].add(
                    journey: journey, delay: statement.isNull(2) ? nil : statement.double(2),
                    isOpen: statement.int64(3) == 1)
            }
        case .sector, .sectorPair:
            // Keyed by sector numbers while streaming; named at the end.
            var sectors = ColumnReader(known: try Catalog.sectorIDs(db))
            var byNumbers: [Int: ObstacleTally] = [:]
            try ObstacleSectors.forEach(in: selection, db, sectors: &sectors) { obstacle in
                let found = obstacle.sectors
                if grouping == .sector || found.count == 1 {
                    for sector in found {
                        byNumbers[sector << 20, default: ObstacleTally()].add(
                            journey: obstacle.journey, delay: obstacle.delay, isOpen: obstacle.isOpen)
                    }
                    return
                }
                for i in found.indices {
                    for j in found.index(after: i)..<found.endIndex {
                        byNumbers[found[i] << 20 | (found[j] + 1), default: ObstacleTally()].add(
                            journey: obstacle.journey, delay: obstacle.delay, isOpen: obstacle.isOpen)
                    }
                }
            }
            for (key, tally) in byNumbers {
                let first = sectors.names[key >> 20]
                let second = key & 0xFFFFF
                groups[second == 0 ? first : first + "|" + sectors.names[second - 1]] = tally
            }
        }
        var rows = groups.map { key, tally in
            var delays = tally.delays
            delays.sort()
            return Row(key: key, obstacles: tally.obstacles, journeys: tally.journeys.count,
                       delayDaysTotal: delays.reduce(0, +), delayDaysMedian: Statistics.median(sorted: delays),
                       open: tally.open)
        }
        if grouping == .month {
            rows.sort { $0.key < $1.key }
        } else {
            rows.sort {
                ($0.delayDaysTotal, $0.obstacles, $1.key) > ($1.delayDaysTotal, $1.obstacles, $0.key)
            }
        }
        self.grouping = grouping
        self.rows = rows
    }

    public func output(format: OutputFormat = .json, suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows {
            table.append([.text(row.key), .int(row.obstacles), .int(row.journeys), .real(row.delayDaysTotal),
                          .optional(row.delayDaysMedian), .int(row.open)])
        }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["key"],
                                 countColumn: "journeys", format: format)
    }
}

/// Counts of one group of obstacles, as they stream past.
struct ObstacleTally {
    var obstacles = 0
    var journeys = Set<Int>()
    var delays: [Double] = []
    var open = 0

    mutating func add(journey: Int, delay: Double?, isOpen: Bool) {
        obstacles += 1
        journeys.insert(journey)
        if let delay { delays.append(delay) }
        if isOpen { open += 1 }
    }
}
