/// When a cohort's terms come true during a journey. "Met an obstacle of
/// category X" is not known at the opening: it becomes true at the first such
/// obstacle's `logged_at`, and a comparison that treats it as known from the
/// start credits the exposed journeys with the time they had to survive to
/// meet it (immortal-time bias). The analyses that must not do so read the
/// terms as times: `effect hazard` as a time-varying covariate, the landmark
/// analysis as what was met before the landmark.
extension CohortExpression {
    /// Whether a term of the expression comes true during a journey
    /// (obstacle, rule, sector or a sector count), rather than at opening.
    public var formsDuringJourney: Bool {
        func during(_ node: Node) -> Bool {
            switch node {
            case .obstacle, .rule, .sector, .sectorCount: true
            case .type, .outcome: false
            case .not(let inner): during(inner)
            case .and(let left, let right), .or(let left, let right): during(left) || during(right)
            }
        }
        return during(root)
    }

    /// For each journey of the selection, the days after its opening at
    /// which the expression switches on (0 when it holds from the opening),
    /// nil when it never does. An exposure must switch on once and stay on:
    /// terms joined by `and` (on at the latest of them) and `or` (the
    /// earliest); `not`, `type:`, `outcome:` and a sector count from above
    /// are not exposures (65).
    func exposureDays(in selection: JourneySelection, _ db: ReadSession) throws -> [Double?] {
        try checkIsExposure(root)
        try validate(db)
        var times = TermTimes(selection: selection, db: db)
        func evaluate(_ node: Node) throws -> [Double?] {
            switch node {
            case .and(let left, let right):
                return zip(try evaluate(left), try evaluate(right)).map { a, b in
                    guard let a, let b else { return nil }
                    return max(a, b)
                }
            case .or(let left, let right):
                return zip(try evaluate(left), try evaluate(right)).map { a, b in
                    guard let a else { return b }
                    guard let b else { return a }
                    return min(a, b)
                }
            default:
                return try times.days(node)
            }
        }
        return try evaluate(root)
    }

    /// Which journeys of the selection match, counting only what happened
    /// within `landmark` days of each opening. `outcome:` is not known at a
    /// landmark (65).
    func matches(in selection: JourneySelection, _ db: ReadSession, byDay landmark: Double) throws -> [Bool] {
        try validate(db)
        var times = TermTimes(selection: selection, db: db)
        func evaluate(_ node: Node) throws -> [Bool] {
            switch node {
            case .type(let type):
                return selection.types.map { $0 == type }
            case .outcome:
                throw TrackerError.badData("`outcome:` is not known at a landmark: the journeys are all open then",
                                           hint: "group by what the journeys met before the landmark, or by type")
            case .not(let inner):
                return try evaluate(inner).map { !$0 }
            case .and(let left, let right):
                return zip(try evaluate(left), try evaluate(right)).map { $0 && $1 }
            case .or(let left, let right):
                return zip(try evaluate(left), try evaluate(right)).map { $0 || $1 }
            case .sectorCount(let comparison, let bound):
                let counts = try times.sectorCounts(byDay: landmark)
                return counts.map { comparison.holds($0, bound) }
            case .obstacle, .rule, .sector:
                return try times.days(node).map { day in day.map { $0 <= landmark } ?? false }
            }
        }
        return try evaluate(root)
    }

    private func checkIsExposure(_ node: Node) throws {
        switch node {
        case .obstacle, .rule, .sector:
            return
        case .sectorCount(let comparison, _):
            guard comparison == .atLeast || comparison == .more else {
                throw TrackerError.badData("`\(text)`: a sector count from above (<, <=, =) can switch off again, so it is no exposure",
                                           hint: "use sectors>=N or sectors>N")
            }
        case .type, .outcome:
            throw TrackerError.badData("`\(text)`: `type:` and `outcome:` are not exposures met during a journey",
                                       hint: "an exposure names obstacle:, rule:, sector: or sectors>=N terms; "
                                           + "give the type to --strata or --type")
        case .not:
            throw TrackerError.badData("`\(text)`: `not` makes an exposure that switches off when the term is met",
                                       hint: "name what the journeys met; compare with the rest")
        case .and(let left, let right), .or(let left, let right):
            try checkIsExposure(left)
            try checkIsExposure(right)
        }
    }
}

/// The first times of the terms of an expression, in days after each
/// opening, read once per term.
private struct TermTimes {
    let selection: JourneySelection
    let db: ReadSession
    private var firstSectorDays: [[Double]]?

    init(selection: JourneySelection, db: ReadSession) {
        self.selection = selection
        self.db = db
    }

    /// For a term naming an obstacle, a rule, a sector or a sector count
    /// from below: the days from opening to its first coming true.
    mutating func days(_ node: CohortExpression.Node) throws -> [Double?] {
        switch node {
        case .obstacle(let category):
            return try firstDays(
                "SELECT journey_id, min(julianday(logged_at)) FROM obstacles WHERE category_id = ? AND voided_at IS NULL GROUP BY journey_id",
                category)
        case .rule(let rule):
            return try firstDays(
                "SELECT journey_id, min(julianday(logged_at)) FROM obstacles WHERE rule_ref = ? AND voided_at IS NULL GROUP BY journey_id",
                rule)
        case .sector(let sector):
            return try firstDays(
                "SELECT journey_id, min(julianday(at)) FROM steps WHERE sector_id = ? AND voided_at IS NULL GROUP BY journey_id",
                sector)
        case .sectorCount(let comparison, let bound):
            // The day the journey reaches its bound-th (or bound+1-th) sector.
            let needed = comparison == .more ? bound + 1 : bound
            return try sectorDays().map { days in
                needed <= 0 ? 0 : (needed <= days.count ? days[needed - 1] : nil)
            }
        default:
            preconditionFailure("not a term with a time")
        }
    }

    /// Distinct sectors reached within `landmark` days of the opening.
    mutating func sectorCounts(byDay landmark: Double) throws -> [Int] {
        try sectorDays().map { days in days.filter { $0 <= landmark }.count }
    }

    /// Per journey, the first day in each sector it reached, ascending.
    private mutating func sectorDays() throws -> [[Double]] {
        if let firstSectorDays { return firstSectorDays }
        var days = [[Double]](repeating: [], count: selection.count)
        let statement = try db.cachedStatement(
            "SELECT journey_id, min(julianday(at)) FROM steps WHERE voided_at IS NULL GROUP BY journey_id, sector_id")
        try statement.bind([])
        while try statement.advance() {
            guard let index = selection.index(of: statement.int64(0)) else { continue }
            days[index].append(max(0, statement.double(1) - selection.openedDays[index]))
        }
        let sorted = days.map { $0.sorted() }
        firstSectorDays = sorted
        return sorted
    }

    private func firstDays(_ sql: String, _ key: String) throws -> [Double?] {
        var days = [Double?](repeating: nil, count: selection.count)
        let statement = try db.cachedStatement(sql)
        try statement.bind([key])
        while try statement.advance() {
            guard let index = selection.index(of: statement.int64(0)) else { continue }
            // An obstacle logged before the opening (an import's) counts from it.
            days[index] = max(0, statement.double(1) - selection.openedDays[index])
        }
        return days
    }
}
