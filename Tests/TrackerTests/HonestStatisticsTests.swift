import Foundation
import Testing
@testable import Tracker

/// The analyses that answer "did journeys that met X end worse?" without
/// immortal-time bias or competing outcomes taken for censoring.
@Suite("Statistics that do not mislead: hazard, landmark, incidence, summary tests, ANCOVA")
struct HonestStatisticsTests {
    /// `journeys` journeys opened through 2020, each lasting ~Exp(180 d) and
    /// meeting a governance conflict at ~Exp(240 d) after opening if it is
    /// still open then: an obstacle with no effect at all on the close.
    static func noEffectDatabase(journeys: Int, seed: UInt64) throws -> Database {
        let db = try migratedMemoryDatabase()
        var random = RandomGenerator(seed: seed)
        var citizens: [String] = [], rows: [String] = [], obstacles: [String] = []
        let base = 2458849.5 // 2020-01-01T00:00:00Z
        func stamp(_ day: Double) -> String { "strftime('%Y-%m-%dT%H:%M:%SZ', \(day))" }
        for id in 1...journeys {
            let opened = base + random.uniform() * 365
            let duration = -180 * log(1 - random.uniform())
            let obstacleAt = -240 * log(1 - random.uniform())
            let type = id % 3 == 0 ? "youth" : "sick_leave"
            citizens.append("('c\(id)', '2019-12-01')")
            rows.append("(\(id), 'J-\(id)', 'c\(id)', '\(type)', \(stamp(opened)), \(stamp(opened + duration)), 'closed', 'achieved', 'o')")
            if obstacleAt < duration {
                obstacles.append("(\(id), \(id), 'governance_conflict', NULL, 'x', 3, 10.0, 1.0, 'open', \(stamp(opened + obstacleAt)))")
            }
        }
        try db.execute("INSERT INTO citizens (id, created_at) VALUES " + citizens.joined(separator: ","))
        try db.execute("INSERT INTO journeys (id, ref, citizen_id, type, opened_at, closed_at, status, outcome, owner) VALUES "
                       + rows.joined(separator: ","))
        try db.execute("INSERT INTO obstacles (id, journey_id, category_id, rule_ref, description, severity, delay_days, "
                       + "staff_hours, status, logged_at) VALUES " + obstacles.joined(separator: ","))
        try db.execute("INSERT INTO obstacle_sectors (obstacle_id, sector_id) SELECT id, 'employment' FROM obstacles")
        return db
    }

    static let asOf = "2030-01-01"

    @Test("an obstacle with no effect: the naive split finds a huge one, the time-varying hazard ratio covers 1")
    func noEffectSimulation() throws {
        let db = try Self.noEffectDatabase(journeys: 4000, seed: 20261202)
        let session = ReadSession(db)
        let asOf = try AsOfDate(Self.asOf)
        let naive = try SurvivalAnalysis(session, by: .cohort(CohortExpression("obstacle:governance_conflict")), asOf: asOf)
        let logRank = try #require(naive.logRank)
        #expect(logRank.pValue < 1e-50, "the naive log-rank test calls a null obstacle harmful")
        #expect(naive.groups[0].median.time! > 2 * naive.groups[1].median.time!)
        #expect(naive.warning?.contains("immortal-time bias") == true)

        let hazard = try HazardAnalysis(session, filter: .all, exposure: CohortExpression("obstacle:governance_conflict"),
                                        strata: .type, event: .closed, asOf: asOf)
        let interval = hazard.fit.confidenceInterval
        #expect(interval.lower < 1 && 1 < interval.upper, "HR \(hazard.fit.hazardRatio) (\(interval.lower)–\(interval.upper))")
        #expect(hazard.journeys == 4000 && hazard.fit.events == 4000)
        #expect(hazard.exposedJourneys > 1000 && hazard.exposedJourneys < 2400)
        let unstratified = try HazardAnalysis(session, filter: .all, exposure: CohortExpression("obstacle:governance_conflict"),
                                              strata: .none, event: .closed, asOf: asOf)
        #expect(unstratified.fit.confidenceInterval.lower < 1 && 1 < unstratified.fit.confidenceInterval.upper)

        // The landmark at 90 days: only journeys open then, grouped by what
        // they met before it; the bias is gone there too.
        let landmark = try SurvivalAnalysis(session, by: .cohort(CohortExpression("obstacle:governance_conflict")),
                                            asOf: asOf, landmark: 90)
        #expect(landmark.warning == nil)
        #expect(try #require(landmark.logRank).pValue > 0.001)
    }

    /// One journey per row: opened, closed (nil: open), outcome, and the day
    /// its one obstacle was logged (nil: none).
    static func small(_ journeys: [(opened: String, closed: String?, outcome: String?, obstacle: String?, type: String)])
        throws -> Database {
        let db = try migratedMemoryDatabase()
        for (index, journey) in journeys.enumerated() {
            let id = index + 1
            try db.execute("INSERT INTO citizens (id, created_at) VALUES ('c\(id)', '2025-01-01')")
            let closed = journey.closed.map { "'\($0)'" } ?? "NULL"
            let outcome = journey.outcome.map { "'\($0)'" } ?? "NULL"
            try db.execute("""
                INSERT INTO journeys (id, ref, citizen_id, type, opened_at, closed_at, status, outcome, owner)
                VALUES (\(id), 'J-\(id)', 'c\(id)', '\(journey.type)', '\(journey.opened)', \(closed),
                        '\(journey.closed == nil ? "open" : "closed")', \(outcome), 'o')
                """)
            if let logged = journey.obstacle {
                try db.execute("""
                    INSERT INTO obstacles (id, journey_id, category_id, description, severity, status, logged_at)
                    VALUES (\(id), \(id), 'mandate', 'x', 2, 'open', '\(logged)');
                    INSERT INTO obstacle_sectors (obstacle_id, sector_id) VALUES (\(id), 'employment');
                    """)
            }
        }
        return db
    }

    @Test("the exposure switches on at the obstacle: the intervals are those lifelines would be given")
    func intervalsFromJourneys() throws {
        // Journey 1: 10 days unexposed, then 20 exposed, closed; journey 2:
        // the obstacle on the day of the close counts as unexposed; journey 3:
        // exposed from its opening; journey 4: open, censored at as-of.
        let db = try Self.small([
            ("2026-01-01", "2026-01-31", "achieved", "2026-01-11", "a"),
            ("2026-01-01", "2026-01-21", "withdrawn", "2026-01-21", "a"),
            ("2026-01-01", "2026-01-16", "achieved", "2026-01-01", "a"),
            ("2026-01-01", nil, nil, "2026-01-05", "a"),
            ("2026-01-01", "2026-01-26", "achieved", nil, "a"),
        ])
        let hazard = try HazardAnalysis(ReadSession(db), filter: .all, exposure: CohortExpression("obstacle:mandate"),
                                        strata: .type, event: .closed, asOf: AsOfDate("2026-02-10"))
        let expectedIntervals = [
            ExposureInterval(start: 0, stop: 10, event: false, exposed: false),
            ExposureInterval(start: 10, stop: 30, event: true, exposed: true),
            ExposureInterval(start: 0, stop: 20, event: true, exposed: false),
            ExposureInterval(start: 0, stop: 15, event: true, exposed: true),
            ExposureInterval(start: 0, stop: 4, event: false, exposed: false),
            ExposureInterval(start: 4, stop: 40, event: false, exposed: true),
            ExposureInterval(start: 0, stop: 25, event: true, exposed: false),
        ]
        let expected = try TimeVaryingCox(expectedIntervals)
        #expect(TimeVaryingCox.riskTimes(hazard.intervals) == TimeVaryingCox.riskTimes(expectedIntervals))
        #expect(abs(hazard.fit.coefficient - expected.coefficient) < 1e-12)
        #expect(abs(hazard.fit.standardError - expected.standardError) < 1e-12)
        #expect(hazard.exposedJourneys == 3 && hazard.journeys == 5 && hazard.fit.events == 4)
        // With achieved as the event, other closes are censored.
        let achieved = try HazardAnalysis(ReadSession(db), filter: .all, exposure: CohortExpression("obstacle:mandate"),
                                          strata: .none, event: .achieved, asOf: AsOfDate("2026-02-10"))
        #expect(achieved.fit.events == 3)
    }

    @Test("what cannot be an exposure, and data that cannot answer, are refused with 65")
    func refusals() throws {
        let db = try Self.small([
            ("2026-01-01", "2026-01-31", "achieved", "2026-01-11", "a"),
            ("2026-01-01", "2026-01-21", "achieved", nil, "a"),
        ])
        let session = ReadSession(db)
        let asOf = try AsOfDate("2026-02-10")
        for text in ["type:a", "outcome:achieved", "not obstacle:mandate", "sectors<=2", "obstacle:mandate or type:a"] {
            let error = #expect(throws: TrackerError.self) {
                try HazardAnalysis(session, filter: .all, exposure: CohortExpression(text), strata: .none,
                                   event: .closed, asOf: asOf)
            }
            #expect(error?.kind == .badData, "\(text)")
        }
        // Nobody met the obstacle while open: nothing to compare.
        let never = #expect(throws: HazardFailure.self) {
            try HazardAnalysis(session, filter: .all, exposure: CohortExpression("obstacle:documentation"), strata: .none,
                               event: .closed, asOf: asOf)
        }
        #expect(never?.kind == .badData && never?.message.contains("no journey met") == true)
        // Only one journey at risk when each closes: separated.
        let separated = #expect(throws: HazardFailure.self) {
            try HazardAnalysis(session, filter: .all, exposure: CohortExpression("obstacle:mandate"), strata: .none,
                               event: .closed, asOf: asOf)
        }
        #expect(separated?.message.contains("separates") == true || separated?.message.contains("never at risk") == true)
        // An unknown category is 66, as everywhere.
        let unknown = #expect(throws: (any Error).self) {
            try HazardAnalysis(session, filter: .all, exposure: CohortExpression("obstacle:nonsense"), strata: .none,
                               event: .closed, asOf: asOf)
        }
        #expect(unknown.map(FailureKind.init) == .notFound)
        #expect(throws: TrackerError.self) {
            try SurvivalAnalysis(session, by: .cohort(CohortExpression("outcome:achieved")), asOf: asOf, landmark: 5)
        }
    }

    @Test("the landmark keeps journeys open at DAYS, times them from there, and groups by what came before")
    func landmark() throws {
        let db = try Self.small([
            ("2026-01-01", "2026-01-05", "achieved", nil, "a"),           // closed before the landmark: out
            ("2026-01-01", "2026-01-31", "achieved", "2026-01-05", "a"),  // met before: exposed, 20 days
            ("2026-01-01", "2026-02-20", "achieved", "2026-01-20", "a"),  // met after: unexposed, 40 days
            ("2026-01-01", nil, nil, nil, "a"),                           // open: censored at 49 days
        ])
        let analysis = try SurvivalAnalysis(ReadSession(db), by: .cohort(CohortExpression("obstacle:mandate")),
                                            asOf: AsOfDate("2026-03-01"), landmark: 10)
        #expect(analysis.groups.map(\.n) == [1, 2])
        #expect(analysis.groups[0].estimate.steps.map(\.time) == [20])
        #expect(analysis.groups[1].estimate.steps.map(\.time) == [40, 49])
        let table = analysis.output().table
        #expect(table.columns.prefix(2) == ["group", "landmark_days"] && table.rows[0][1] == .real(10))
    }

    @Test("incidence: the outcomes compete and add up to the share closed; 1 − KM would overstate achieved")
    func incidence() throws {
        var journeys: [(opened: String, closed: String?, outcome: String?, obstacle: String?, type: String)] = []
        for day in 1...9 {
            let outcome = day % 3 == 0 ? "withdrawn" : "achieved"
            journeys.append(("2026-01-01", "2026-01-\(String(format: "%02d", day + 10))", outcome, nil, "a"))
        }
        journeys.append(("2026-01-01", nil, nil, nil, "a"))
        let db = try Self.small(journeys)
        let asOf = try AsOfDate("2026-03-01")
        let analysis = try IncidenceAnalysis(ReadSession(db), filter: .all, by: nil, days: [30], asOf: asOf)
        let table = analysis.output().table
        #expect(table.columns == ["outcome", "days", "n_at_risk", "cumulative_incidence", "ci_low", "ci_high"])
        let byOutcome = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0].plainText, $0[3]) })
        #expect(byOutcome["achieved"] == .real(0.6) && byOutcome["withdrawn"] == .real(0.3000000000000001)
                || abs(Double(byOutcome["withdrawn"]!.plainText)! - 0.3) < 1e-12)
        #expect(byOutcome["partial"] == .real(0))
        // Kaplan–Meier with withdrawn censored says 5 in 7 achieve, not 6 in 10.
        let naive = try SurvivalAnalysis(ReadSession(db), event: .achieved, asOf: asOf)
        #expect(1 - naive.groups[0].estimate.survival(at: 30) > 0.7)
    }

    @Test("effect summary carries t, p and the Wilcoxon p; with --by the Benjamini–Hochberg q")
    func summaryTests() throws {
        let db = try AnalysisFixtures.main()
        let summary = try EffectSummary(ReadSession(db), measure: "who5", by: .type)
        let table = summary.output().table
        #expect(Array(table.columns.suffix(4)) == ["t", "p", "wilcoxon_p", "q"])
        let ps = summary.rows.map(\.p)
        let qs = FalseDiscoveryRate.benjaminiHochberg(ps)
        #expect(summary.rows.map(\.q) == qs)
        for row in summary.rows where row.n >= 2 {
            #expect(row.p != nil && row.wilcoxonP != nil && row.q! >= row.p!)
        }
        let ungrouped = try EffectSummary(ReadSession(db), measure: "who5").output().table
        #expect(!ungrouped.columns.contains("q") && ungrouped.columns.contains("wilcoxon_p"))
    }

    @Test("effect compare --adjust: the ANCOVA columns beside Welch's; a cohort that is a type cannot be adjusted for type")
    func adjusted() throws {
        let db = try AnalysisFixtures.main()
        let comparison = try EffectComparison(ReadSession(db), measure: "who5", cohort: "obstacle:documentation",
                                              adjust: [.type, .baseline])
        let table = comparison.output().table
        #expect(Array(table.columns.suffix(4)) == EffectComparison.adjustedColumns)
        #expect(comparison.adjusted?.pValue != nil)
        #expect(throws: TrackerError.self) {
            try EffectComparison(ReadSession(db), measure: "who5", cohort: "type:youth", adjust: [.type])
        }
        #expect(throws: FieldError.self) { try EffectComparison.Adjustment.list("type,age") }
        #expect(try EffectComparison.Adjustment.list("baseline, type") == [.type, .baseline])
    }
}
