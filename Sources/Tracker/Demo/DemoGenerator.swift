/// Builds a database of realistic synthetic journeys for trying the
/// tracker: the seeded sectors, six journey types with their typical
/// courses, gaps and delays with long tails, obstacles concentrated on a
/// few rules and sector pairs, and effect measures whose change depends on
/// the obstacles met. The same seed gives the same data.
///
/// Citizens get opaque references (`demo-c000001`), never CPR numbers.
/// Rows are written with prepared statements in one transaction: the data
/// is made here, not typed by anyone, so it skips the per-row checks.
public struct DemoGenerator {
    public struct Options: Sendable {
        public var journeys: Int
        public var seed: UInt64

        public init(journeys: Int = 2_000, seed: UInt64 = 1) {
            self.journeys = journeys
            self.seed = seed
        }
    }

    public struct Report: Sendable {
        public let path: String
        public let replacedEarlierDemo: Bool
        public let journeys: Int
        public let openJourneys: Int
        public let citizens: Int
        public let steps: Int
        public let obstacles: Int
        public let observations: Int
        public let seconds: Double
    }

    /// The demo's calendar: journeys open from the first day; the data ends
    /// on the last, and journeys still running then stay open. Fixed, so a
    /// seed always gives the same data.
    static let firstDay = Int(Timestamp.daysFromCivil(year: 2022, month: 1, day: 1))
    static let lastDay = Int(Timestamp.daysFromCivil(year: 2026, month: 10, day: 31))
    /// What the audit log of a demo database says, so a later demo may
    /// replace it and nothing else.
    static let auditAction = "generated"
    static let auditEntity = "demo"

    /// Creates the demo database at `path`. An earlier demo file there is
    /// replaced; any other existing file is refused (exit 73).
    public static func create(at path: String, options: Options, actor: String) throws -> Report {
        let started = ContinuousClock.now
        guard options.journeys >= 1 else { throw TrackerError.usage("--journeys must be at least 1") }
        if PostgresLocation.isPostgres(path) { return try createOnServer(at: path, options: options, actor: actor, started: started) }
        let replaced = try removeEarlierDemo(at: path)
        _ = try TrackerStore.initialize(path: path, actor: actor)
        do {
            // The generator makes every reference and date itself, by
            // construction within the schema's rules; checking each row
            // again (julianday() on every date) would more than double the
            // time. `tracker check` verifies both, and the tests run it on
            // generated data.
            let store = try TrackerStore.open(path: path, access: .readWrite, actor: actor, applyPending: true,
                                              configuration: .bulkLoad)
            var generator = DemoGenerator(seed: options.seed)
            let counts = try store.inTransaction {
                // Building an index once from sorted rows is far faster than
                // keeping it up to date row by row; the same SQL makes it again.
                let indexes = try store.rows(Self.indexQuery).compactMap { row in
                    row[1].text.map { (name: row[0].text ?? "", sql: $0) }
                }
                for index in indexes { try store.execute("DROP INDEX \"\(index.name)\"") }
                let counts = try store.rebuildingFacts(.writtenByLoad) { _ in
                    let counts = try generator.generate(journeys: options.journeys, into: store)
                    for index in indexes { try store.execute(index.sql) }
                    return counts
                }
                try store.audit(action: auditAction, entity: auditEntity, entityID: nil, detail: [
                    "seed": .text(String(options.seed)), "journeys": .int(counts.journeys), "steps": .int(counts.steps),
                    "obstacles": .int(counts.obstacles), "observations": .int(counts.observations),
                ])
                return counts
            }
            try store.endBulkLoad()
            // A small demo may have met no obstacle on a challenged rule by
            // the day it was challenged: that challenge is not filed.
            for demo in DemoCatalog.challenges
            where try store.ruleEvidence(demo.challenge.ruleRef, asOf: AsOfDate(demo.challenge.submittedAt)) != nil {
                let filed = try store.fileChallenge(demo.challenge)
                if let response = demo.response { try store.respond(to: String(filed.id), response) }
            }
            return Report(path: path, replacedEarlierDemo: replaced, journeys: counts.journeys, openJourneys: counts.open,
                          citizens: counts.citizens, steps: counts.steps, obstacles: counts.obstacles,
                          observations: counts.observations, seconds: Importer.seconds(ContinuousClock.now - started))
        } catch {
            removeDatabaseFiles(path)
            throw error
        }
    }

    /// On a server: the same data made in a scratch file and moved with
    /// `tracker copy`, so both engines hold the same demo row for row. A
    /// server database is never replaced: one that holds anything is
    /// refused (73) before a row is made.
    private static func createOnServer(at location: String, options: Options, actor: String,
                                       started: ContinuousClock.Instant) throws -> Report {
        try TrackerStore.requireNewServerDatabase(location)
        let directory = FileSystem.environment("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let scratch = directory + "/tracker-demo-\(UInt64.random(in: 1...UInt64.max)).sqlite"
        defer {
            removeDatabaseFiles(scratch)
            FileSystem.remove(scratch + ".key")
        }
        let made = try create(at: scratch, options: options, actor: actor)
        _ = try DatabaseCopy.copy(from: scratch, to: location)
        return Report(path: location, replacedEarlierDemo: false, journeys: made.journeys, openJourneys: made.openJourneys,
                      citizens: made.citizens, steps: made.steps, obstacles: made.obstacles,
                      observations: made.observations, seconds: Importer.seconds(ContinuousClock.now - started))
    }

    private static let indexQuery = """
        SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
          AND tbl_name IN ('citizens', 'journeys', 'steps', 'obstacles', 'obstacle_sectors',
                           'obstacle_status_history', 'observations', 'journey_facts')
        """

    /// True when the file at `path` is a tracker database made by `demo`.
    public static func isDemoDatabase(_ path: String) -> Bool {
        guard let store = try? TrackerStore.open(path: path, access: .readOnly, actor: auditEntity, applyPending: false),
              let value = try? store.value("SELECT 1 FROM audit_log WHERE action = ? AND entity = ? LIMIT 1", [auditAction, auditEntity])
        else { return false }
        return !value.isNull
    }

    private static func removeEarlierDemo(at path: String) throws -> Bool {
        guard FileSystem.exists(path) else { return false }
        guard !FileSystem.isDirectory(path), isDemoDatabase(path) else {
            throw TrackerError.cannotCreate("\(path) exists and is not a demo database; the demo never replaces other files",
                                            hint: "pass --db with a new file name, or remove the file yourself")
        }
        removeDatabaseFiles(path)
        return true
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal", ".key"] { FileSystem.remove(path + suffix) }
    }

    // MARK: Generation

    struct Counts {
        var journeys = 0, open = 0, citizens = 0, steps = 0, obstacles = 0, observations = 0
    }

    private var random: RandomGenerator
    private let dates: [String]
    private let typeShares: [Double]

    init(seed: UInt64) {
        random = RandomGenerator(seed: seed)
        // Every day the demo can name, formatted once.
        dates = (Self.firstDay...(Self.lastDay + 1)).map { day in
            let (year, month, dayOfMonth) = Timestamp.civilDate(fromDays: Int64(day))
            return Timestamp.formatDate(year: year, month: month, day: dayOfMonth)
        }
        typeShares = DemoCatalog.types.map(\.share)
    }

    private func date(_ day: Int) -> String { dates[min(max(day, Self.firstDay), Self.lastDay) - Self.firstDay] }

    private struct PlannedObstacle {
        let template: DemoJourneyType.ObstacleTemplate
        let stage: Int
    }

    private struct Statements {
        let citizen, journey, step, obstacle, obstacleSector, history, observation, facts: Statement

        init(_ db: TrackerStore) throws {
            citizen = try db.prepare("INSERT INTO citizens (id, birth_year, created_at) VALUES (?, ?, ?)")
            journey = try db.prepare("""
                INSERT INTO journeys (ref, citizen_id, type, title, goal, owner, opened_at, closed_at, status, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            step = try db.prepare("""
                INSERT INTO steps (journey_id, sector_id, kind, unit, at, ended_at, note, previous_sector_id, gap_days)
                VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)
                """)
            obstacle = try db.prepare("""
                INSERT INTO obstacles (journey_id, category_id, rule_ref, description, severity, delay_days, staff_hours,
                                       status, logged_at, logged_by, resolved_at, resolution)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            obstacleSector = try db.prepare("INSERT INTO obstacle_sectors (obstacle_id, sector_id) VALUES (?, ?)")
            history = try db.prepare("INSERT INTO obstacle_status_history (obstacle_id, status, at, actor, note) VALUES (?, ?, ?, ?, ?)")
            observation = try db.prepare("INSERT INTO observations (journey_id, measure_id, phase, value, observed_at) VALUES (?, ?, ?, ?, ?)")
            facts = try db.prepare("""
                INSERT INTO journey_facts (journey_id, \(TrackerStore.factColumns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: TrackerStore.factColumns.count + 1).joined(separator: ", ")))
                """)
        }
    }

    private static func run(_ statement: Statement, _ values: DatabaseValue...) throws {
        for (offset, value) in values.enumerated() { try statement.bind(value, at: Int32(offset + 1)) }
        try statement.run()
    }

    private static func text(_ value: String?) -> DatabaseValue { value.map(DatabaseValue.text) ?? .null }

    mutating func generate(journeys total: Int, into db: TrackerStore) throws -> Counts {
        let owners = DemoCatalog.owners(forJourneys: total)
        let statements = try Statements(db)
        var counts = Counts()
        var citizens: [String] = []
        citizens.reserveCapacity(total)
        let latestOpening = Self.lastDay - 21

        for number in 1...total {
            let type = DemoCatalog.types[random.weighted(typeShares)]
            let opened = random.int(in: Self.firstDay...latestOpening)

            // About one citizen in ten has had an earlier journey.
            let citizen: String
            if !citizens.isEmpty && random.chance(0.1) {
                citizen = random.element(citizens)
            } else {
                citizen = "demo-c" + Self.padded(citizens.count + 1, 6)
                citizens.append(citizen)
                try Self.run(statements.citizen, .text(citizen),
                             .integer(Int64(random.int(in: type.birthYears))), .text(date(opened)))
                counts.citizens += 1
            }

            // The course: stages in order, some skipped, a few extra waits.
            var stages: [DemoJourneyType.Stage] = []
            for stage in type.stages where stage.probability >= 1 || random.chance(stage.probability) {
                stages.append(stage)
                if random.chance(0.12) { stages.append(.init(sector: stage.sector, kind: .waiting)) }
            }
            // Obstacles: a personal share of trouble, drawn from the type's few
            // typical ones, met at a stage in one of their sectors.
            let obstacleCount = min(6, random.poisson(mean: type.obstacleRate * random.logNormal(median: 0.85, sigma: 0.6)))
            var planned: [PlannedObstacle] = []
            let obstacleWeights = type.obstacles.map(\.weight)
            for _ in 0..<obstacleCount {
                let template = type.obstacles[random.weighted(obstacleWeights)]
                let matching = stages.indices.filter { template.sectors.contains(stages[$0].sector) }
                let stage = matching.isEmpty ? random.int(in: 0...(stages.count - 1)) : random.element(matching)
                planned.append(PlannedObstacle(template: template, stage: stage))
            }
            // A few journeys stall: nothing happens after some stage.
            let stallsAfter: Int? = random.chance(0.04) ? random.int(in: 0...(stages.count - 1)) : nil

            var stepDays: [Int] = []
            // Obstacles at stages a stalled journey never reached are never met.
            var obstacleDays: [(logged: Int, delay: Double)?] = Array(repeating: nil, count: planned.count)
            var day = opened
            var pendingDelay = 0.0
            for (index, _) in stages.enumerated() {
                if index > 0 {
                    let median = stages[index].kind == .waiting ? type.medianGapDays * 1.5 : type.medianGapDays
                    day += max(1, Int(random.logNormal(median: median, sigma: 0.85).rounded())) + Int(pendingDelay.rounded())
                    pendingDelay = 0
                }
                stepDays.append(day)
                for (offset, obstacle) in planned.enumerated() where obstacle.stage == index {
                    var delay = (random.logNormal(median: obstacle.template.medianDelayDays, sigma: 0.75)).rounded()
                    let logged = day + random.int(in: 0...3)
                    // A granted challenge: some of the rule's obstacles no
                    // longer arise, and the rest are shorter.
                    if let grant = DemoCatalog.grant(of: obstacle.template.rule, onDay: logged) {
                        if random.chance(grant.dropped) { continue }
                        delay = (delay * grant.delayFactor).rounded()
                    }
                    obstacleDays[offset] = (logged, delay)
                    pendingDelay += delay
                }
                if let stallsAfter, index == stallsAfter { break }
            }
            let lastStepDay = stepDays.last!
            let closedDay = lastStepDay + random.int(in: 0...10)
            let isClosed = stallsAfter == nil && closedDay <= Self.lastDay
            let courseEnd = isClosed ? closedDay : Self.lastDay
            let met = obstacleDays.compactMap { $0 }.filter { $0.logged <= courseEnd }
            let totalDelay = met.reduce(0.0) { $0 + $1.delay }
            let metCount = met.count

            var outcome: Outcome?
            if isClosed {
                if random.chance(0.05) {
                    outcome = .withdrawn
                } else {
                    let score = 1.3 - 0.55 * Double(metCount) - 0.006 * totalDelay + random.normal(mean: 0, sd: 0.8)
                    outcome = score > 0.6 ? .achieved : score > -0.4 ? .partial : .notAchieved
                }
            }

            let ref = "DEMO-" + String(date(opened).prefix(4)) + "-" + Self.padded(number, 6)
            let owner = random.element(owners)
            try Self.run(statements.journey, .text(ref), .text(citizen), .text(type.id), .text(type.title),
                         .text(random.element(type.goals)), .text(owner), .text(date(opened)),
                         isClosed ? .text(date(closedDay)) : .null, .text(isClosed ? "closed" : "open"),
                         Self.text(outcome?.rawValue))
            let journeyID = db.lastInsertedRowID
            counts.journeys += 1
            if !isClosed { counts.open += 1 }

            var facts = JourneyFacts(opened: opened, closed: isClosed ? closedDay : nil, owner: owner)
            // The days ascend, so each step's previous live step is the one
            // written before it; whole days apart, their julianday
            // difference is exact.
            for (index, stepDay) in stepDays.enumerated() where stepDay <= Self.lastDay {
                let sector = stages[index].sector
                let unit = DemoCatalog.units[sector].map { random.element($0) }
                try Self.run(statements.step, .integer(journeyID), .text(sector), .text(stages[index].kind.rawValue),
                             Self.text(unit), .text(date(stepDay)),
                             index == 0 ? .null : .text(stages[index - 1].sector),
                             index == 0 ? .null : .real(Double(stepDay - stepDays[index - 1])))
                counts.steps += 1
                facts.step(on: stepDay, in: sector)
            }

            for (offset, obstacle) in planned.enumerated() {
                guard let met = obstacleDays[offset], met.logged <= courseEnd else { continue }
                let (logged, delay) = (met.logged, met.delay)
                let settledDay = logged + Int(delay)
                // Settled when the delay has run, if the data reaches that far;
                // some are escalated on the way.
                var status = ObstacleStatus.open
                if isClosed {
                    status = random.chance(0.75) ? .resolved : .accepted
                } else if settledDay <= Self.lastDay && random.chance(0.7) {
                    status = random.chance(0.8) ? .resolved : .accepted
                }
                var escalatedDay: Int? = random.chance(0.2) ? logged + max(1, Int(delay / 3)) : nil
                var resolvedDay: Int?
                if status != .open {
                    let latest = isClosed ? max(closedDay, logged) : Self.lastDay
                    resolvedDay = min(max(settledDay, escalatedDay ?? logged), latest)
                    if let escalated = escalatedDay, escalated > resolvedDay! { escalatedDay = nil }
                } else if let escalated = escalatedDay {
                    if escalated <= Self.lastDay { status = .escalated } else { escalatedDay = nil }
                }
                let template = obstacle.template
                let resolution: String? = switch status {
                case .resolved: random.element(["Solved at a joint meeting", "Exemption granted", "Documents shared after consent",
                                                "Managers agreed a joint plan"])
                case .accepted: random.element(["The rule applies; the journey waited", "No way around it this time"])
                default: nil
                }
                try Self.run(statements.obstacle, .integer(journeyID), .text(template.category), Self.text(template.rule),
                             .text(template.description), .integer(Int64(random.int(in: template.severity))), .real(delay),
                             .real((random.logNormal(median: 5, sigma: 0.7) * 2).rounded() / 2), .text(status.rawValue),
                             .text(date(logged)), .text(owner), resolvedDay.map { .text(date($0)) } ?? .null, Self.text(resolution))
                let obstacleID = db.lastInsertedRowID
                counts.obstacles += 1
                facts.obstacles += 1
                if status == .open || status == .escalated { facts.openObstacles += 1 }
                for sector in Set(template.sectors).sorted() {
                    try Self.run(statements.obstacleSector, .integer(obstacleID), .text(sector))
                }
                try Self.run(statements.history, .integer(obstacleID), .text("open"), .text(date(logged)), .text(owner), .null)
                if let escalated = escalatedDay {
                    try Self.run(statements.history, .integer(obstacleID), .text("escalated"), .text(date(escalated)), .text(owner),
                                 .text("Raised with management"))
                }
                if let resolvedDay, status == .resolved || status == .accepted {
                    try Self.run(statements.history, .integer(obstacleID), .text(status.rawValue), .text(date(resolvedDay)),
                                 .text(owner), Self.text(resolution))
                }
            }

            counts.observations += try observe(
                type: type, journeyID: journeyID, opened: opened, closed: isClosed ? closedDay : nil,
                obstacles: metCount, delay: totalDelay, outcome: outcome, statement: statements.observation,
                facts: &facts)
            try facts.write(journeyID, with: statements.facts, dates: dates)
        }
        return counts
    }

    /// What `journey_facts` keeps of a journey (migration 0005), counted as
    /// its rows are made: the demo writes each facts row itself rather
    /// than have the load recompute them all from the rows afterwards.
    private struct JourneyFacts {
        let opened: Int
        let closed: Int?
        let owner: String
        var steps = 0, lastStepDay: Int?, sectors: Set<String> = []
        var obstacles = 0, openObstacles = 0, baselines = 0, followups = 0

        init(opened: Int, closed: Int?, owner: String) {
            self.opened = opened
            self.closed = closed
            self.owner = owner
        }

        mutating func step(on day: Int, in sector: String) {
            steps += 1
            lastStepDay = max(lastStepDay ?? day, day)
            sectors.insert(sector)
        }

        /// One row, its columns in the order of `TrackerStore.factColumns`;
        /// `dates` formats the demo's days.
        func write(_ journeyID: Int64, with statement: Statement, dates: [String]) throws {
            let date = { (day: Int) in DatabaseValue.text(dates[day - DemoGenerator.firstDay]) }
            try DemoGenerator.run(
                statement, .integer(journeyID), .integer(closed == nil ? 1 : 0), .integer(Int64(steps)),
                lastStepDay.map(date) ?? .null, .real(Self.julianDay(lastStepDay ?? opened)), .text(owner),
                closed.map { .real(Self.julianDay($0)) } ?? .null, .integer(Int64(openObstacles)),
                .integer(Int64(baselines)), .integer(Int64(followups)), .integer(Int64(sectors.count)),
                .integer(Int64(obstacles)))
        }

        /// SQLite's julianday() of the start of a day counted from 1970-01-01.
        static func julianDay(_ day: Int) -> Double { Double(day) + 2_440_587.5 }
    }

    /// Baseline at the start; a follow-up at the close for most closed
    /// journeys (an interim for some long ones). The change follows the
    /// outcome and, through it and directly, the obstacles met.
    private mutating func observe(type: DemoJourneyType, journeyID: Int64, opened: Int, closed: Int?, obstacles: Int,
                                  delay: Double, outcome: Outcome?, statement: Statement,
                                  facts: inout JourneyFacts) throws -> Int {
        var written = 0
        let baselineDay = min(opened + random.int(in: 0...7), Self.lastDay)
        let hasFollowup = closed != nil && random.chance(0.88)
        let followupDay = closed.map { min($0 + random.int(in: 0...14), Self.lastDay) } ?? 0
        let hasInterim = closed != nil && followupDay - baselineDay > 120 && random.chance(0.3)
        let burden = 1 - 0.22 * Double(obstacles) - 0.0025 * delay
        for measure in type.measures where measure == "who5" || random.chance(0.92) {
            let baseline: Double
            let followup: Double
            switch measure {
            case "who5":
                baseline = (min(100, max(0, random.normal(mean: 40, sd: 13))) / 4).rounded() * 4
                let lift: Double = switch outcome {
                case .achieved: 20
                case .partial: 11
                case .notAchieved: 2
                default: -2
                }
                // WHO-5 moves by 10 points or more between two measurements
                // of the same person, so the change is noisy around its mean.
                followup = (min(100, max(0, baseline + lift * max(burden, 0.2) - 3 * Double(obstacles) - 0.04 * delay
                                        + random.normal(mean: 0, sd: 13))) / 4).rounded() * 4
            case "work_hours":
                baseline = (max(0, random.normal(mean: type.id == "sick_leave_to_work" ? 6 : 2, sd: 4)) * 2).rounded() / 2
                let lift: Double = switch outcome {
                case .achieved: 24
                case .partial: 12
                case .notAchieved: 2
                default: 0
                }
                followup = (min(45, max(0, baseline + lift * max(burden, 0.1) - 1.5 * Double(obstacles)
                                        + random.normal(mean: 0, sd: 4))) * 2).rounded() / 2
            default:
                baseline = (max(3_000, random.normal(mean: 17_500, sd: 3_500)) / 100).rounded() * 100
                let saving: Double = switch outcome {
                case .achieved: 0.45
                case .partial: 0.25
                case .notAchieved: 0.05
                default: 0
                }
                followup = (max(0, baseline * (1 - saving * max(burden, 0)) + 900 * Double(obstacles) + 8 * delay
                                + random.normal(mean: 0, sd: 1_500)) / 100).rounded() * 100
            }
            try Self.run(statement, .integer(journeyID), .text(measure), .text("baseline"), .real(baseline), .text(date(baselineDay)))
            written += 1
            facts.baselines += 1
            if hasInterim {
                let interimDay = (baselineDay + followupDay) / 2
                let interim = ((baseline + followup) / 2).rounded()
                try Self.run(statement, .integer(journeyID), .text(measure), .text("interim"), .real(interim), .text(date(interimDay)))
                written += 1
            }
            if hasFollowup {
                try Self.run(statement, .integer(journeyID), .text(measure), .text("followup"), .real(followup),
                             .text(date(followupDay)))
                written += 1
                facts.followups += 1
            }
        }
        return written
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
