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

    public init(_ db: Database, filter: AnalysisFilter = .all) throws {
        try filter.validate(in: db)
        let selection = try JourneySelection(db, filter: filter)
        var sectors = ColumnReader(known: try Catalog.sectorIDs(db))

        struct Handoff {
            var gaps: [Double] = []
            var journeys: [Int] = []
        }
        var handoffs: [Int: Handoff] = [:]
        // Read from the covering index steps (journey_id, at, id, sector_id).
        let statement = try db.cachedStatement("SELECT journey_id, sector_id, at FROM steps ORDER BY journey_id, at, id")
        try statement.bind([])
        var previousJourney: Int64 = -1
        var previousSector = -1
        var previousAt = 0.0
        var journey: Int?
        while try statement.advance() {
            let journeyID = statement.int64(0)
            if journeyID != previousJourney {
                previousJourney = journeyID
                journey = selection.index(of: journeyID)
                previousSector = -1
            }
            guard let journey else { continue }
            let sector = sectors.number(statement, 1)
            let at = ColumnReader.days(statement, 2)
            if previousSector >= 0 && previousSector != sector {
                let key = previousSector << 20 | sector
                handoffs[key, default: Handoff()].gaps.append(at - previousAt)
                if handoffs[key]!.journeys.last != journey { handoffs[key]!.journeys.append(journey) }
            }
            previousSector = sector
            previousAt = at
        }

        // The sector sets of each journey's obstacles that span two or more.
        var obstacleSectors: [Int: [[Int]]] = [:]
        try ObstacleSectors.forEach(in: selection, db, sectors: &sectors) { obstacle in
            guard obstacle.sectors.count >= 2 else { return }
            obstacleSectors[obstacle.journey, default: []].append(obstacle.sectors)
        }

        var rows: [Row] = []
        for (key, handoff) in handoffs {
            let from = key >> 20, to = key & 0xFFFFF
            var obstacles = 0
            for journey in handoff.journeys {
                for sectors in obstacleSectors[journey] ?? [] where sectors.contains(from) && sectors.contains(to) {
                    obstacles += 1
                }
            }
            rows.append(Row(
                fromSector: sectors.names[from], toSector: sectors.names[to], transitions: handoff.gaps.count,
                journeys: handoff.journeys.count, gapDaysMedian: Statistics.median(handoff.gaps) ?? 0,
                obstacles: obstacles))
        }
        rows.sort { ($0.fromSector, $0.toSector) < ($1.fromSector, $1.toSector) }
        self.rows = rows
    }

    /// Where coherence breaks most: most obstacles, then the longest median
    /// gap, then the most transitions.
    public var worstFirst: [Row] {
        rows.sorted {
            ($0.obstacles, $0.gapDaysMedian, $0.transitions, $1.fromSector, $1.toSector)
                > ($1.obstacles, $1.gapDaysMedian, $1.transitions, $0.fromSector, $0.toSector)
        }
    }

    /// The matrix by sector, or worst first in the terminal view.
    public func output(format: OutputFormat = .json, suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        let ordered = format == .table ? worstFirst : rows
        var table = ResultTable(columns: Self.columns)
        for row in ordered {
            table.append([.text(row.fromSector), .text(row.toSector), .int(row.transitions),
                          .real(row.gapDaysMedian), .int(row.obstacles)])
        }
        return suppression.apply(to: table, journeys: ordered.map(\.journeys), keep: ["from_sector", "to_sector"],
                                 countColumn: "transitions", format: format)
    }
}
