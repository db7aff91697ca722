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

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, by grouping: Grouping) throws {
        self = try store.reading { try ObstacleAnalysis($0, filter: filter, by: grouping) }
    }

    /// With `asOf`, over the journeys opened by then (the report).
    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate? = nil, by grouping: Grouping) throws {
        guard db.db.engine == .sqlite else {
            // On a server the groups are counted there.
            try filter.validate(in: db)
            let rows = try ObstacleAggregates(db, filter: filter, asOf: asOf, by: grouping).groups.map { group in
                Row(key: group.key, obstacles: group.obstacles, journeys: group.journeys, delayDaysTotal: group.delayTotal,
                    delayDaysMedian: group.delayMedian, open: group.open)
            }
            self.init(grouping: grouping, rows: rows)
            return
        }
        try self.init(AnalysisData(db, filter: filter, asOf: asOf, reading: .idsOnly), by: grouping)
    }

    init(_ data: AnalysisData, by grouping: Grouping) throws {
        let scan = try data.obstacles(grouping == .sector || grouping == .sectorPair ? .withSectors : .withoutSectors)
        let sectorNames = data.sectors.names
        let sectorCount = sectorNames.count
        let names: [String]
        let tallies: [ObstacleTally]
        switch grouping {
        case .category:
            names = scan.categories.names
            tallies = scan.tally(keyCount: names.count, selection: data.selection) { $1.append(Int(scan.category[$0])) }
        case .rule:
            names = scan.rules.names
            tallies = scan.tally(keyCount: names.count, selection: data.selection) { obstacle, keys in
                if scan.rule[obstacle] >= 0 { keys.append(Int(scan.rule[obstacle])) }
            }
        case .month:
            names = scan.months
            tallies = scan.tally(keyCount: names.count, selection: data.selection) { $1.append(Int(scan.month[$0])) }
        case .sector:
            names = sectorNames
            tallies = scan.tally(keyCount: sectorCount, selection: data.selection) { obstacle, keys in
                for sector in scan.sectors(of: obstacle) { keys.append(Int(sector)) }
            }
        case .sectorPair:
            // Keys 0..<S are single sectors, S + a·S + b the pair (a, b), a < b.
            var pairNames = sectorNames
            for a in 0..<sectorCount {
                for b in 0..<sectorCount { pairNames.append(sectorNames[a] + "|" + sectorNames[b]) }
            }
            names = pairNames
            tallies = scan.tally(keyCount: names.count, selection: data.selection) { obstacle, keys in
                let sectors = scan.sectors(of: obstacle)
                if sectors.count == 1 {
                    keys.append(Int(sectors.first!))
                    return
                }
                for i in sectors.indices {
                    for j in sectors.index(after: i)..<sectors.endIndex {
                        keys.append(sectorCount + Int(sectors[i]) * sectorCount + Int(sectors[j]))
                    }
                }
            }
        }
        var rows: [Row] = []
        for (key, tally) in zip(names, tallies) where tally.obstacles > 0 {
            rows.append(Row(key: key, obstacles: tally.obstacles, journeys: tally.journeys,
                            delayDaysTotal: tally.delayTotal, delayDaysMedian: tally.delayMedian, open: tally.open))
        }
        self.init(grouping: grouping, rows: rows)
    }

    /// The groups in the order of `rows`.
    private init(grouping: Grouping, rows: [Row]) {
        var rows = rows
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

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows {
            table.append([.text(row.key), .int(row.obstacles), .int(row.journeys), .real(row.delayDaysTotal),
                          .optional(row.delayDaysMedian), .int(row.open)])
        }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["key"],
                                 countColumn: "journeys")
    }
}
