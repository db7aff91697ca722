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

        // Each handoff (from, to) gets a slot, found through a table indexed
        // by the two sector numbers (a dictionary past 256 sectors); its gaps
        // and journeys live in arrays by slot, so the million-step loop does
        // no hashing.
        var pairSlots = [Int32](repeating: -1, count: 256 * 256)
        var slotOfPair: [Int: Int] = [:]
        var pairs: [(from: Int, to: Int)] = []
        var gaps: [[Double]] = []
        var journeysOfSlot: [[Int32]] = []
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
                let slot: Int
                if previousSector < 256 && sector < 256, pairSlots[previousSector << 8 | sector] >= 0 {
                    slot = Int(pairSlots[previousSector << 8 | sector])
                } else if let known = slotOfPair[previousSector << 20 | sector] {
                    slot = known
                } else {
                    slot = pairs.count
                    if previousSector < 256 && sector < 256 {
                        pairSlots[previousSector << 8 | sector] = Int32(slot)
                    } else {
                        slotOfPair[previousSector << 20 | sector] = slot
                    }
                    pairs.append((previousSector, sector))
                    gaps.append([])
                    journeysOfSlot.append([])
                }
                gaps[slot].append(at - previousAt)
                if journeysOfSlot[slot].last != Int32(journey) { journeysOfSlot[slot].append(Int32(journey)) }
            }
            previousSector = sector
            previousAt = at
        }

        let obstacles = try JourneyObstacleSectors(selection, db, sectors: &sectors)
        var rows: [Row] = []
        for (slot, pair) in pairs.enumerated() {
            var obstacleCount = 0
            for journey in journeysOfSlot[slot] {
                obstacleCount += obstacles.count(journey: Int(journey), spanning: pair.from, pair.to)
            }
            rows.append(Row(
                fromSector: sectors.names[pair.from], toSector: sectors.names[pair.to], transitions: gaps[slot].count,
                journeys: journeysOfSlot[slot].count, gapDaysMedian: Statistics.median(gaps[slot]) ?? 0,
                obstacles: obstacleCount))
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

/// The sectors of each selected journey's obstacles that span two or more
/// sectors, in flat arrays grouped by journey: a million small arrays would
/// cost more to allocate than the whole analysis.
private struct JourneyObstacleSectors {
    /// Obstacles of journey j: `obstacleOrder[journeyStart[j]..<journeyStart[j + 1]]`.
    private var journeyStart: [Int32]
    private var obstacleOrder: [Int32]
    /// Sectors of obstacle o: `sectorNumbers[sectorStart[o]..<sectorStart[o + 1]]`.
    private var sectorStart: [Int32] = [0]
    private var sectorNumbers: [Int32] = []

    init(_ selection: JourneySelection, _ db: Database, sectors: inout ColumnReader) throws {
        var journeyOfObstacle: [Int32] = []
        var sectorStart: [Int32] = [0]
        var sectorNumbers: [Int32] = []
        try ObstacleSectors.forEach(in: selection, db, sectors: &sectors) { obstacle in
            guard obstacle.sectors.count >= 2 else { return }
            journeyOfObstacle.append(Int32(obstacle.journey))
            for sector in obstacle.sectors { sectorNumbers.append(Int32(sector)) }
            sectorStart.append(Int32(sectorNumbers.count))
        }
        // Counting sort of the obstacles by journey.
        var start = [Int32](repeating: 0, count: selection.count + 1)
        for journey in journeyOfObstacle { start[Int(journey) + 1] += 1 }
        for index in 0..<selection.count { start[index + 1] += start[index] }
        var next = start
        var order = [Int32](repeating: 0, count: journeyOfObstacle.count)
        for (obstacle, journey) in journeyOfObstacle.enumerated() {
            order[Int(next[Int(journey)])] = Int32(obstacle)
            next[Int(journey)] += 1
        }
        self.journeyStart = start
        self.obstacleOrder = order
        self.sectorStart = sectorStart
        self.sectorNumbers = sectorNumbers
    }

    /// Obstacles of `journey` whose sectors include both `first` and `second`.
    func count(journey: Int, spanning first: Int, _ second: Int) -> Int {
        var count = 0
        for position in Int(journeyStart[journey])..<Int(journeyStart[journey + 1]) {
            let obstacle = Int(obstacleOrder[position])
            let slice = sectorNumbers[Int(sectorStart[obstacle])..<Int(sectorStart[obstacle + 1])]
            if slice.contains(Int32(first)) && slice.contains(Int32(second)) { count += 1 }
        }
        return count
    }
}
