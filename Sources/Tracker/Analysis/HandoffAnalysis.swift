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

    init(_ db: ReadSession, filter: AnalysisFilter = .all) throws {
        try self.init(AnalysisData(db, filter: filter, reading: .idsOnly))
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
