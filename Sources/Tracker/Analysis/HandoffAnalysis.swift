/// `analyze handoffs`: the sector-to-sector matrix of consecutive steps of a
/// journey (by `at`, then id) in different sectors — how often each handoff
/// happens, how long it takes, and how many obstacles arose between the two.
public struct HandoffAnalysis: Sendable {
    public struct Row: Sendable, Equatable {
        public let fromSector: String
        public let toSector: String
        public let transitions: Int
        /// Distinct journeys that made this handoff.
        public let journeys: Int
        /// Median days from one step's `at` to the next step's `at`.
        public let gapDaysMedian: Double
        /// Distinct obstacles, on the journeys that made this handoff, whose
        /// sectors include both sectors of it.
        public let obstacles: Int
    }

    /// Ordered by from and to sector.
    public let rows: [Row]

    public static let columns = ["from_sector", "to_sector", "transitions", "gap_days_median", "obstacles"]

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all) throws {
        self = try store.reading { try HandoffAnalysis($0, filter: filter) }
    }

    /// With `asOf`, over the journeys opened by then (the report).
    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate? = nil) throws {
        guard db.db.engine == .sqlite else {
            try self.init(countedOnServer: db, filter: filter, asOf: asOf)
            return
        }
        try self.init(AnalysisData(db, filter: filter, asOf: asOf, reading: .idsOnly))
    }

    /// The handoffs counted where the rows are, for a database on a server:
    /// each step keeps the sector of the live step before it and the days
    /// since, so one `GROUP BY` of the steps that change sector gives the
    /// transitions, their journeys and median gap, and one join of each
    /// handoff's journeys with their obstacles the obstacles between.
    private init(countedOnServer db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate?) throws {
        try filter.validate(in: db)
        let condition = filter.condition(alias: "j", openedBy: asOf)
        let handoffs = """
            SELECT s.journey_id, s.previous_sector_id, s.sector_id, s.gap_days
              FROM steps s JOIN journeys j ON j.id = s.journey_id
             WHERE s.voided_at IS NULL AND s.previous_sector_id <> s.sector_id AND j.voided_at IS NULL
               AND \(condition.sql)
            """
        var obstacles: [String: Int] = [:]
        for row in try db.rows("""
            WITH handoffs AS (\(handoffs))
            SELECT h.previous_sector_id, h.sector_id, count(*)
              FROM (SELECT DISTINCT journey_id, previous_sector_id, sector_id FROM handoffs) h
              JOIN obstacles o ON o.journey_id = h.journey_id AND o.voided_at IS NULL
              JOIN obstacle_sectors a ON a.obstacle_id = o.id AND a.sector_id = h.previous_sector_id
              JOIN obstacle_sectors b ON b.obstacle_id = o.id AND b.sector_id = h.sector_id
             GROUP BY h.previous_sector_id, h.sector_id
            """, condition.arguments) {
            obstacles[(row[0].text ?? "") + "|" + (row[1].text ?? "")] = Int(row[2].integer ?? 0)
        }
        rows = Self.inSectorOrder(try db.rows("""
            WITH handoffs AS (\(handoffs))
            SELECT previous_sector_id, sector_id, count(*), count(DISTINCT journey_id),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY gap_days)
              FROM handoffs
             GROUP BY previous_sector_id, sector_id
            """, condition.arguments).map { row in
            let from = row[0].text ?? "", to = row[1].text ?? ""
            return Row(fromSector: from, toSector: to, transitions: Int(row[2].integer ?? 0),
                       journeys: Int(row[3].integer ?? 0), gapDaysMedian: row[4].real ?? 0,
                       obstacles: obstacles[from + "|" + to] ?? 0)
        })
    }

    init(_ data: AnalysisData) throws {
        let steps = try data.steps()
        let obstacles = try data.obstacles(.journeysAndSectors)
        let names = data.sectors.names
        var rows: [Row] = []
        for (slot, handoff) in steps.handoffs.enumerated() {
            let from = Int32(handoff.from), to = Int32(handoff.to)
            var count = 0
            for journey in steps.journeys[slot] {
                for obstacle in obstacles.obstacles(ofJourney: Int(journey)) {
                    let sectors = obstacles.sectors(of: Int(obstacle))
                    if sectors.count >= 2 && sectors.contains(from) && sectors.contains(to) { count += 1 }
                }
            }
            rows.append(Row(
                fromSector: names[handoff.from], toSector: names[handoff.to], transitions: steps.gaps[slot].count,
                journeys: steps.journeys[slot].count, gapDaysMedian: Statistics.median(steps.gaps[slot]) ?? 0,
                obstacles: count))
        }
        self.rows = Self.inSectorOrder(rows)
    }

    private static func inSectorOrder(_ rows: [Row]) -> [Row] {
        rows.sorted { ($0.fromSector, $0.toSector) < ($1.fromSector, $1.toSector) }
    }

    /// Where coherence breaks most: most obstacles, then the longest median
    /// gap, then the most transitions.
    public var worstFirst: [Row] {
        rows.sorted {
            ($0.obstacles, $0.gapDaysMedian, $0.transitions, $1.fromSector, $1.toSector)
                > ($1.obstacles, $1.gapDaysMedian, $1.transitions, $0.fromSector, $0.toSector)
        }
    }

    /// The order of the rows: by sector (the matrix), or where coherence
    /// breaks most first (what a person at the terminal looks for).
    public enum Order: Sendable {
        case bySector, worstFirst
    }

    public func output(suppression: SmallCellSuppression = .off, order: Order = .bySector) -> AnalysisOutput {
        let ordered = order == .worstFirst ? worstFirst : rows
        var table = ResultTable(columns: Self.columns)
        for row in ordered {
            table.append([.text(row.fromSector), .text(row.toSector), .int(row.transitions),
                          .real(row.gapDaysMedian), .int(row.obstacles)])
        }
        return suppression.apply(to: table, journeys: ordered.map(\.journeys), keep: ["from_sector", "to_sector"],
                                 countColumn: "transitions")
    }
}
