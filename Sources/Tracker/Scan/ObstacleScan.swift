/// Every obstacle of the selected journeys with its sectors, read in one
/// pass over `obstacles` in id order merged with one pass over
/// `obstacle_sectors` in primary-key order, and kept in flat arrays. Text
/// columns (category, rule, month) become small numbers, named by their
/// `ColumnReader`s; the obstacles can be walked journey by journey.
struct ObstacleScan {
    /// Per obstacle, in id order.
    let journey: [Int32]
    let category: [Int32]
    /// -1 without a rule.
    let rule: [Int32]
    /// `YYYY-MM` of `logged_at`, numbered in `months`.
    let month: [Int32]
    /// NaN where unknown.
    let delay: [Double]
    let staffHours: [Double]
    /// Status `open` or `escalated`.
    let isOpen: [Bool]
    /// Sectors of obstacle o: `sectorNumbers[sectorStart[o]..<sectorStart[o + 1]]`, alphabetical.
    let sectorStart: [Int32]
    let sectorNumbers: [Int32]
    let categories: ColumnReader
    let rules: ColumnReader
    /// The months, as `YYYY-MM`.
    let months: [String]
    /// Whether the sectors were read (`sectorNumbers` is empty otherwise).
    let hasSectors: Bool
    /// Earliest and latest `logged_at` per rule number.
    let ruleFirstSeen: [String]
    let ruleLastSeen: [String]
    /// Obstacles of journey j: `byJourney[journeyStart[j]..<journeyStart[j + 1]]`.
    let journeyStart: [Int32]
    let byJourney: [Int32]

    var count: Int { journey.count }

    func sectors(of obstacle: Int) -> ArraySlice<Int32> {
        sectorNumbers[Int(sectorStart[obstacle])..<Int(sectorStart[obstacle + 1])]
    }

    func obstacles(ofJourney journey: Int) -> ArraySlice<Int32> {
        byJourney[Int(journeyStart[journey])..<Int(journeyStart[journey + 1])]
    }

    /// Reads the obstacles, with their sectors when `withSectors` (the
    /// groupings by category, rule or month need none).
    /// `inParallel` lets the sectors be read on a second connection (not
    /// when this scan already runs beside another).
    init(_ selection: JourneySelection, _ db: ReadSession, sectors: inout ColumnReader, withSectors: Bool,
         inParallel: Bool = true) throws {
        var journey: [Int32] = [], category: [Int32] = [], rule: [Int32] = [], month: [Int32] = []
        var delay: [Double] = [], staffHours: [Double] = [], isOpen: [Bool] = []
        var sectorStart: [Int32] = [0], sectorNumbers: [Int32] = []
        var categories = ColumnReader(known: try Catalog.categoryIDs(db))
        var rules = ColumnReader()
        var monthNumber: [Int: Int32] = [:], monthKeys: [Int] = []
        var lastMonthKey = -1, lastMonthNumber: Int32 = 0
        var firstSeen: [[UInt8]] = [], lastSeen: [[UInt8]] = []

        // The obstacles in the foreground; their sectors, when wanted, from
        // another connection at the same time on a file with a large
        // selection, then matched to the obstacles kept.
        var keptIDs: [Int64] = []
        func readObstacles() throws {
            let obstacles = try db.cachedStatement("""
                SELECT id, journey_id, category_id, rule_ref, logged_at, delay_days, staff_hours,
                       status IN ('open', 'escalated')
                  FROM obstacles ORDER BY id
                """)
            try obstacles.bind([])
            let voided = try VoidedRows(.obstacles, db)
            while try obstacles.advance() {
                guard let position = selection.index(of: obstacles.int64(1)), !voided.contains(obstacles.int64(0)) else {
                    continue
                }
                keptIDs.append(obstacles.int64(0))
                journey.append(Int32(position))
                category.append(Int32(categories.number(obstacles, 2)))
                if obstacles.isNull(3) {
                    rule.append(-1)
                } else {
                    let number = rules.number(obstacles, 3)
                    if number == firstSeen.count {
                        let loggedAt = ColumnReader.rawBytes(obstacles, 4)
                        firstSeen.append(loggedAt)
                        lastSeen.append(loggedAt)
                    } else {
                        if ColumnReader.compare(obstacles, 4, firstSeen[number]) < 0 {
                            firstSeen[number] = ColumnReader.rawBytes(obstacles, 4)
                        }
                        if ColumnReader.compare(obstacles, 4, lastSeen[number]) > 0 {
                            lastSeen[number] = ColumnReader.rawBytes(obstacles, 4)
                        }
                    }
                    rule.append(Int32(number))
                }
                let monthKey = ColumnReader.monthKey(obstacles, 4)
                if monthKey != lastMonthKey {
                    lastMonthKey = monthKey
                    if let known = monthNumber[monthKey] {
                        lastMonthNumber = known
                    } else {
                        lastMonthNumber = Int32(monthKeys.count)
                        monthNumber[monthKey] = lastMonthNumber
                        monthKeys.append(monthKey)
                    }
                }
                month.append(lastMonthNumber)
                delay.append(obstacles.isNull(5) ? .nan : obstacles.double(5))
                staffHours.append(obstacles.isNull(6) ? .nan : obstacles.double(6))
                isOpen.append(obstacles.int64(7) == 1)
            }
        }
        let known = sectors
        let links: SectorLinks
        if withSectors && inParallel && selection.count >= AnalysisData.parallelThreshold && db.canRunInParallel {
            (_, links) = try db.both(
                { _ in try readObstacles() },
                { try SectorLinks($0, numbering: known) })
        } else {
            links = withSectors ? try SectorLinks(db, numbering: known) : SectorLinks(numbering: known)
            try readObstacles()
        }
        // Sectors the links met beyond those known are numbered here in the
        // order the kept obstacles meet them.
        var renumbered = [Int32](repeating: -1, count: links.numbering.names.count)
        var link = 0
        for id in keptIDs {
            while link < links.obstacles.count && links.obstacles[link] < id { link += 1 }
            while link < links.obstacles.count && links.obstacles[link] == id {
                var number = links.sectors[link]
                if Int(number) >= known.names.count {
                    if renumbered[Int(number)] < 0 {
                        renumbered[Int(number)] = Int32(sectors.number(of: links.numbering.names[Int(number)]))
                    }
                    number = renumbered[Int(number)]
                }
                sectorNumbers.append(number)
                link += 1
            }
            sectorStart.append(Int32(sectorNumbers.count))
        }

        // Counting sort of the obstacles by journey.
        var start = [Int32](repeating: 0, count: selection.count + 1)
        for position in journey { start[Int(position) + 1] += 1 }
        for index in 0..<selection.count { start[index + 1] += start[index] }
        var next = start
        var order = [Int32](repeating: 0, count: journey.count)
        for (obstacle, position) in journey.enumerated() {
            order[Int(next[Int(position)])] = Int32(obstacle)
            next[Int(position)] += 1
        }

        self.journey = journey
        self.category = category
        self.rule = rule
        self.month = month
        self.delay = delay
        self.staffHours = staffHours
        self.isOpen = isOpen
        self.sectorStart = sectorStart
        self.sectorNumbers = sectorNumbers
        self.categories = categories
        self.rules = rules
        self.months = monthKeys.map(ColumnReader.monthText)
        self.hasSectors = withSectors
        self.ruleFirstSeen = firstSeen.map { String(decoding: $0, as: UTF8.self) }
        self.ruleLastSeen = lastSeen.map { String(decoding: $0, as: UTF8.self) }
        self.journeyStart = start
        self.byJourney = order
    }

    /// Tallies of obstacles by key, `keyCount` keys numbered from 0:
    /// `keys(o, &buffer)` fills the keys obstacle o counts under (none, one or
    /// several). Walking journey by journey counts each journey once per key
    /// without hashing.
    func tally(keyCount: Int, selection: JourneySelection, _ keys: (Int, inout [Int]) -> Void) -> [ObstacleTally] {
        var tallies = [ObstacleTally](repeating: ObstacleTally(), count: keyCount)
        var lastJourney = [Int](repeating: -1, count: keyCount)
        var buffer: [Int] = []
        for journeyPosition in selection.indices {
            for obstacle in obstacles(ofJourney: journeyPosition) {
                let obstacle = Int(obstacle)
                buffer.removeAll(keepingCapacity: true)
                keys(obstacle, &buffer)
                for key in buffer {
                    tallies[key].obstacles += 1
                    if lastJourney[key] != journeyPosition {
                        lastJourney[key] = journeyPosition
                        tallies[key].journeys += 1
                    }
                    if !delay[obstacle].isNaN { tallies[key].delays.append(delay[obstacle]) }
                    if !staffHours[obstacle].isNaN { tallies[key].staffHours += staffHours[obstacle] }
                    if isOpen[obstacle] { tallies[key].open += 1 }
                }
            }
        }
        return tallies
    }
}

/// Counts of one group of obstacles.
struct ObstacleTally {
    var obstacles = 0
    var journeys = 0
    var delays: [Double] = []
    var staffHours = 0.0
    var open = 0

    var delayTotal: Double { delays.reduce(0, +) }
    var delayMedian: Double? { Statistics.median(delays) }
}

/// The rows of `obstacle_sectors` in primary-key order (none when built
/// without a database), sectors numbered from `numbering`.
private struct SectorLinks: Sendable {
    var obstacles: [Int64] = []
    var sectors: [Int32] = []
    var numbering: ColumnReader

    init(numbering: ColumnReader) { self.numbering = numbering }

    init(_ db: ReadSession, numbering: ColumnReader) throws {
        self.numbering = numbering
        let statement = try db.cachedStatement(
            "SELECT obstacle_id, sector_id FROM obstacle_sectors ORDER BY obstacle_id, sector_id")
        try statement.bind([])
        while try statement.advance() {
            obstacles.append(statement.int64(0))
            sectors.append(Int32(self.numbering.number(statement, 1)))
        }
    }
}
