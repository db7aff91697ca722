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
    /// What was read: the sectors are empty `.withoutSectors`; with
    /// `.journeysAndSectors` only `journey`, the sectors and the walk by
    /// journey are filled, every other column empty.
    let reading: Reading

    enum Reading: Sendable {
        case withoutSectors, withSectors, journeysAndSectors

        /// Whether a scan read this way holds what `wanted` reads.
        func covers(_ wanted: Reading) -> Bool {
            self == wanted || self == .withSectors
        }

        var hasSectors: Bool { self != .withoutSectors }
    }
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

    /// Reads the obstacles as `reading` says: with their sectors or not
    /// (the groupings by category, rule or month need none), or only their
    /// journeys and sectors (the handoffs). A large table is read in two
    /// halves of obstacle ids at once, each half with its sectors on its
    /// own connection, and the halves joined in id order.
    init(_ selection: JourneySelection, _ db: ReadSession, sectors: inout ColumnReader, reading: Reading) throws {
        let knownSectors = sectors, knownCategories = try Catalog.categoryIDs(db)
        let parts = try db.inHalves(splitAt: try db.middleID(of: "obstacles")) { db, range in
            try Part(selection, db, range: range, categories: knownCategories,
                     sectors: reading.hasSectors ? knownSectors : nil, journeysOnly: reading == .journeysAndSectors)
        }
        var whole = parts[0]
        for part in parts.dropFirst() { whole.append(part) }

        // Sectors the links met beyond those known are numbered here in the
        // order the kept obstacles meet them.
        var sectorStart: [Int32] = [0], sectorNumbers: [Int32] = []
        let linkNames = whole.linkSectors.names
        var renumbered = [Int32](repeating: -1, count: linkNames.count)
        var link = 0
        for id in whole.ids {
            while link < whole.linkObstacles.count && whole.linkObstacles[link] < id { link += 1 }
            while link < whole.linkObstacles.count && whole.linkObstacles[link] == id {
                var number = whole.links[link]
                if Int(number) >= knownSectors.names.count {
                    if renumbered[Int(number)] < 0 {
                        renumbered[Int(number)] = Int32(sectors.number(of: linkNames[Int(number)]))
                    }
                    number = renumbered[Int(number)]
                }
                sectorNumbers.append(number)
                link += 1
            }
            sectorStart.append(Int32(sectorNumbers.count))
        }

        // Counting sort of the obstacles by journey.
        let journey = whole.journey
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
        self.category = whole.category
        self.rule = whole.rule
        self.month = whole.month
        self.delay = whole.delay
        self.staffHours = whole.staffHours
        self.isOpen = whole.isOpen
        self.sectorStart = sectorStart
        self.sectorNumbers = sectorNumbers
        self.categories = whole.categories
        self.rules = whole.rules
        self.months = whole.monthKeys.map(ColumnReader.monthText)
        self.reading = reading
        self.ruleFirstSeen = whole.firstSeen.map { String(decoding: $0, as: UTF8.self) }
        self.ruleLastSeen = whole.lastSeen.map { String(decoding: $0, as: UTF8.self) }
        self.journeyStart = start
        self.byJourney = order
    }

    /// The obstacles of one range of ids, in id order, with the rows of
    /// `obstacle_sectors` in that range when sectors are wanted. Text
    /// columns are numbered by the part's own readers; `append` joins a
    /// later part, renumbering its texts into this part's readers.
    private struct Part: Sendable {
        var ids: [Int64] = []
        var journey: [Int32] = [], category: [Int32] = [], rule: [Int32] = [], month: [Int32] = []
        var delay: [Double] = [], staffHours: [Double] = [], isOpen: [Bool] = []
        var categories: ColumnReader
        var rules = ColumnReader()
        var monthNumber: [Int: Int32] = [:], monthKeys: [Int] = []
        var firstSeen: [[UInt8]] = [], lastSeen: [[UInt8]] = []
        /// `obstacle_sectors` in primary-key order: obstacle, sector number.
        var linkObstacles: [Int64] = [], links: [Int32] = []
        var linkSectors: ColumnReader

        /// `journeysOnly`: each obstacle's id and journey alone.
        init(_ selection: JourneySelection, _ db: ReadSession, range: IDRange, categories known: [String],
             sectors: ColumnReader?, journeysOnly: Bool) throws {
            categories = ColumnReader(known: known)
            linkSectors = sectors ?? ColumnReader()
            let bounds = range.condition("id")
            let columns = journeysOnly ? "id, journey_id" : """
                id, journey_id, category_id, rule_ref, logged_at, delay_days, staff_hours, status IN ('open', 'escalated')
                """
            let obstacles = try db.cachedStatement("""
                SELECT \(columns) FROM obstacles WHERE voided_at IS NULL\(bounds.sql) ORDER BY id
                """)
            try obstacles.bind(values: bounds.arguments)
            var lastMonthKey = -1, lastMonthNumber: Int32 = 0
            while try obstacles.advance() {
                guard let position = selection.index(of: obstacles.int64(1)) else { continue }
                ids.append(obstacles.int64(0))
                journey.append(Int32(position))
                if journeysOnly { continue }
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
                    lastMonthNumber = monthNumber(of: monthKey)
                }
                month.append(lastMonthNumber)
                delay.append(obstacles.isNull(5) ? .nan : obstacles.double(5))
                staffHours.append(obstacles.isNull(6) ? .nan : obstacles.double(6))
                isOpen.append(obstacles.int64(7) == 1)
            }
            guard sectors != nil else { return }
            let linkBounds = range.condition("obstacle_id")
            let statement = try db.cachedStatement("""
                SELECT obstacle_id, sector_id FROM obstacle_sectors WHERE 1 = 1\(linkBounds.sql)
                 ORDER BY obstacle_id, sector_id
                """)
            try statement.bind(values: linkBounds.arguments)
            while try statement.advance() {
                linkObstacles.append(statement.int64(0))
                links.append(Int32(linkSectors.number(statement, 1)))
            }
        }

        private mutating func monthNumber(of key: Int) -> Int32 {
            if let known = monthNumber[key] { return known }
            let number = Int32(monthKeys.count)
            monthNumber[key] = number
            monthKeys.append(key)
            return number
        }

        /// Adds the obstacles of a later range of ids after this part's.
        mutating func append(_ later: Part) {
            let categoryOf = later.categories.names.map { Int32(categories.number(of: $0)) }
            var ruleOf: [Int32] = []
            for (number, name) in later.rules.names.enumerated() {
                let mine = rules.number(of: name)
                if mine == firstSeen.count {
                    firstSeen.append(later.firstSeen[number])
                    lastSeen.append(later.lastSeen[number])
                } else {
                    // Stored dates compare bytewise, as SQLite compares text.
                    if later.firstSeen[number].lexicographicallyPrecedes(firstSeen[mine]) {
                        firstSeen[mine] = later.firstSeen[number]
                    }
                    if lastSeen[mine].lexicographicallyPrecedes(later.lastSeen[number]) {
                        lastSeen[mine] = later.lastSeen[number]
                    }
                }
                ruleOf.append(Int32(mine))
            }
            let monthOf = later.monthKeys.map { monthNumber(of: $0) }
            let sectorOf = later.linkSectors.names.map { Int32(linkSectors.number(of: $0)) }
            ids += later.ids
            journey += later.journey
            category += later.category.map { categoryOf[Int($0)] }
            rule += later.rule.map { $0 < 0 ? -1 : ruleOf[Int($0)] }
            month += later.month.map { monthOf[Int($0)] }
            delay += later.delay
            staffHours += later.staffHours
            isOpen += later.isOpen
            linkObstacles += later.linkObstacles
            links += later.links.map { sectorOf[Int($0)] }
        }
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
