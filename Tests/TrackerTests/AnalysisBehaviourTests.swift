import Testing
@testable import Tracker

/// Rules of DESIGN.md that the reference values do not pin down on their own:
/// selection windows, refusals and their exit codes, small-cell suppression.
@Suite("Analysis rules and refusals")
struct AnalysisBehaviourTests {
    private func code(_ body: () throws -> Void) -> FailureKind? {
        do {
            try body()
            return nil
        } catch {
            return FailureKind(error)
        }
    }

    @Test("--from and --to select by opened_at with both days included, instants too")
    func window() throws {
        let db = try migratedMemoryDatabase()
        try db.execute("""
            INSERT INTO citizens (id, created_at) VALUES ('c', '2026-01-01');
            INSERT INTO journeys (id, citizen_id, type, opened_at) VALUES
                (1, 'c', 'a', '2026-02-28T23:59:59Z'), (2, 'c', 'a', '2026-03-01'),
                (3, 'c', 'a', '2026-03-31T23:00:00Z'), (4, 'c', 'b', '2026-04-01');
            """)
        let march = try JourneySelection(ReadSession(db), filter: AnalysisFilter(from: "2026-03-01", to: "2026-03-31"))
        #expect(march.ids == [2, 3])
        #expect(try JourneySelection(ReadSession(db), filter: AnalysisFilter(to: "2026-02-28")).ids == [1])
        #expect(try JourneySelection(ReadSession(db), filter: AnalysisFilter(type: "b")).ids == [4])
    }

    @Test("a malformed date or an inverted window is 65, an unknown type 66")
    func filterErrors() throws {
        #expect(code { _ = try AnalysisFilter(from: "2026-13-01") } == .badData)
        #expect(code { _ = try AnalysisFilter(to: "someday") } == .badData)
        #expect(code { _ = try AnalysisFilter(to: "yesterday") } == nil, "today and yesterday are days")
        #expect(code { _ = try AnalysisFilter(from: "2026-03-02", to: "2026-03-01") } == .badData)
        #expect(code { _ = try AsOfDate("31/12/2026") } == .badData)
        #expect(code { _ = try SmallCellSuppression("-1") } == .badData)
        #expect(code { _ = try SmallCellSuppression("five") } == .badData)
        let db = try AnalysisFixtures.edge()
        #expect(code { _ = try EffectSummary(ReadSession(db), filter: AnalysisFilter(type: "nosuchtype")) } == .notFound)
    }

    @Test("an unknown measure, sector, category or type is 66")
    func unknownNames() throws {
        let db = try AnalysisFixtures.edge()
        #expect(code { _ = try EffectSummary(ReadSession(db), measure: "happiness") } == .notFound)
        #expect(code { _ = try EffectComparison(ReadSession(db), measure: "who5", cohort: "sector:atlantis") } == .notFound)
        #expect(code { _ = try EffectComparison(ReadSession(db), measure: "who5", cohort: "obstacle:weather") } == .notFound)
        #expect(code { _ = try EffectComparison(ReadSession(db), measure: "who5", cohort: "type:nosuch") } == .notFound)
        #expect(code { _ = try SurvivalAnalysis(ReadSession(db), by: .init("sector:atlantis"), asOf: AsOfDate("2026-06-30")) } == .notFound)
    }

    @Test("a cohort of one, or an empty one, is 65 with a message, never NaN")
    func tooSmallCohorts() throws {
        let db = try AnalysisFixtures.edge()
        let one = try #require(throws: TrackerError.self) {
            try EffectComparison(ReadSession(db), measure: "who5", cohort: "type:solo")
        }
        #expect(one.kind == .badData)
        #expect(one.message.contains("`type:solo` has 1 journey"))
        #expect(one.message.contains("at least 2"))
        let empty = try #require(throws: TrackerError.self) {
            try EffectComparison(ReadSession(db), measure: "who5", cohort: "rule:\"no such rule\"")
        }
        #expect(empty.message.contains("has 0 journeys"))
        let vs = try #require(throws: TrackerError.self) {
            try EffectComparison(ReadSession(db), measure: "who5", cohort: "type:tied", vs: "type:quiet")
        }
        #expect(vs.message.contains("`type:quiet` has 4 journeys, 0 of them with both"))
    }

    @Test("a measure no journey has observed still gets a row with --measure, none without")
    func unobservedMeasure() throws {
        let db = try AnalysisFixtures.edge()
        let measures = try EffectSummary(ReadSession(db)).rows.map(\.measure)
        #expect(measures == ["public_cost", "who5"])
        let hours = try EffectSummary(ReadSession(db), measure: "work_hours")
        #expect(hours.rows.count == 1)
        #expect(hours.rows[0].n == 0 && hours.rows[0].missing == 13 && hours.rows[0].meanChange == nil)
        #expect(!hours.output().table.columns.contains("group"))
    }

    @Test("effects on a file: the earliest baseline and latest follow-up win whatever the id order and the half read")
    func effectsAcrossIDHalves() throws {
        let directory = TemporaryDirectory()
        let db = try Database(path: directory.file("effects.sqlite"))
        try Migrator().migrate(db, at: "2026-01-01T00:00:00Z")
        // Ids far apart, so that a file is read in two halves at once.
        try db.execute("""
            INSERT INTO citizens (id, created_at) VALUES ('c', '2026-01-01');
            INSERT INTO journeys (id, ref, citizen_id, type, opened_at) VALUES
                (1, 'J-1', 'c', 'solo', '2025-01-01'), (2, 'J-2', 'c', 'solo', '2025-01-01');
            INSERT INTO observations (id, journey_id, measure_id, phase, value, observed_at) VALUES
                (1, 1, 'who5', 'baseline', 10, '2025-02-01'),
                (2, 1, 'who5', 'followup', 20, '2025-06-01'),
                (3, 2, 'who5', 'baseline', 50, '2025-03-01'),
                (4, 2, 'who5', 'baseline', 60, '2025-03-01'),
                (5, 2, 'who5', 'followup', 70, '2025-09-01T10:00:00Z'),
                (6, 2, 'who5', 'followup', 65, '2025-08-01'),
                (300000, 1, 'who5', 'baseline', 30, '2025-01-15'),
                (300001, 1, 'who5', 'followup', 25, '2025-06-01'),
                (300002, 2, 'who5', 'followup', 40, '2025-09-01'),
                (300003, 2, 'who5', 'baseline', 55, '2025-02-01');
            """)
        let row = try EffectSummary(ReadSession(db), measure: "who5").rows[0]
        #expect(row.n == 2 && row.meanBaseline == 42.5 && row.meanFollowup == 47.5 && row.meanChange == 5)
        let view = try db.rows("SELECT avg(baseline), avg(followup) FROM v_effects WHERE measure_id = 'who5'")
        #expect(view[0][0].real == 42.5 && view[0][1].real == 47.5)
    }

    @Test("small groups keep their key; counts and figures become null and suppressed is true")
    func suppression() throws {
        let db = try AnalysisFixtures.edge()
        let summary = try EffectSummary(ReadSession(db), measure: "who5", by: .type)
        let output = summary.output(suppression: SmallCellSuppression(validatedMinimum: 3))
        #expect(output.table.columns.last == "suppressed")
        let byGroup = Dictionary(uniqueKeysWithValues: output.table.rows.map { ($0[1].plainText, $0) })
        #expect(byGroup["solo"]! == [.text("who5"), .text("solo")] + Array(repeating: .null, count: 13) + [.bool(true)])
        #expect(byGroup["tied"]!.last == .bool(false) && byGroup["tied"]![2] == .integer(6))
        #expect(output.suppressedGroups == 3)
        #expect(output.suppressionNote == "3 groups with fewer than 3 journeys suppressed (--min-cell 3)")
        // Only people's view writes `<K`, in the count column; the data keeps null.
        #expect(output.table.suppression == SuppressionMark(countColumn: "n", minimum: 3))
        let terminal = output.table.forPeople()
        #expect(terminal.rows.first { $0[1] == .text("solo") }![2] == .text("<3"))
        #expect(terminal.columns == output.table.columns)
        #expect(output.table.forPeople(withoutFlag: true).columns == Array(output.table.columns.dropLast()))
        let off = summary.output()
        #expect(!off.table.columns.contains("suppressed") && off.suppressedGroups == 0)
    }

    @Test("survival leaves out journeys opened after as-of and censors closes after it")
    func survivalAsOf() throws {
        let db = try AnalysisFixtures.edge()
        // As of 2026-02-08: 11–13 close later (censored), 5–7 open after it (left out).
        let survival = try SurvivalAnalysis(ReadSession(db), asOf: AsOfDate("2026-02-08"))
        let group = try #require(survival.groups.first)
        #expect(group.n == 10)
        #expect(group.events == 3)
        #expect(survival.logRank == nil)
        let columns = survival.output().table.columns
        #expect(columns == ["n", "events", "censored", "median_days", "median_ci_low", "median_ci_high",
                            "logrank_chi2", "logrank_p"])
        #expect(survival.output(withQuartiles: true).table.columns.contains("q1_days"))
    }

    @Test("with --event achieved other closes are censored at their close")
    func achievedEvent() throws {
        let db = try AnalysisFixtures.edge()
        let survival = try SurvivalAnalysis(ReadSession(db), by: .type, event: .achieved, asOf: AsOfDate("2026-06-30"))
        let tied = try #require(survival.groups.first { $0.label == "tied" })
        #expect(tied.n == 6 && tied.events == 3 && tied.censored == 3)
    }

    @Test("stalled: open at as-of, silent longer than the days, steps after as-of ignored")
    func stalled() throws {
        let db = try migratedMemoryDatabase()
        try db.execute("""
            INSERT INTO citizens (id, created_at) VALUES ('c', '2026-01-01');
            INSERT INTO journeys (id, ref, citizen_id, type, owner, opened_at, closed_at, status) VALUES
                (1, 'A', 'c', 't', 'ann', '2026-01-01', NULL, 'open'),
                (2, 'B', 'c', 't', 'bo', '2026-01-01', '2026-03-10', 'closed'),
                (3, 'C', 'c', 't', 'ann', '2026-02-20', NULL, 'open'),
                (4, 'D', 'c', 't', 'ann', '2026-01-15', NULL, 'open'),
                (5, 'E', 'c', 't', 'ann', '2026-03-05', NULL, 'open');
            INSERT INTO steps (journey_id, sector_id, kind, at) VALUES
                (1, 'employment', 'meeting', '2026-01-10'), (1, 'employment', 'meeting', '2026-03-03'),
                (3, 'housing', 'meeting', '2026-02-21'),
                (4, 'housing', 'meeting', '2026-01-20T12:00:00Z');
            """)
        let stalled = try StalledJourneys(ReadSession(db), days: 10, asOf: AsOfDate("2026-03-01"))
        // 1: last step on or before as-of 2026-01-10 (the March step is later): 50 days.
        // 2: closed after as-of, so still open then, silent since opening: 59 days.
        // 3: 8 days, not stalled; 5: opened after as-of.
        #expect(stalled.rows.map(\.id) == [2, 1, 4])
        #expect(stalled.rows.map(\.silentDays) == [59, 50, 39.5])
        #expect(stalled.rows[1].lastStepAt == "2026-01-10")
        #expect(stalled.rows[0].lastStepAt == nil)
        #expect(stalled.table.columns == ["id", "ref", "citizen", "type", "status", "owner", "opened_at", "closed_at",
                                          "last_step_at", "silent_days"])
        let scoped = try StalledJourneys(ReadSession(db), days: 10, asOf: AsOfDate("2026-03-01"),
                                         scope: .init(sector: "housing", owner: "ann"))
        #expect(scoped.rows.map(\.id) == [4])
        #expect(code { _ = try StalledJourneys(ReadSession(db), days: 10, asOf: AsOfDate("2026-03-01"), scope: .init(sector: "moon")) }
                == .notFound)
    }

    @Test("obstacles without a rule are left out of the rule views; --top limits the rows")
    func rulesLeaveOutObstaclesWithoutRule() throws {
        let db = try AnalysisFixtures.main()
        let all = try RuleAnalysis(ReadSession(db), top: nil)
        #expect(!all.rows.isEmpty && all.rows.allSatisfy { !$0.ruleRef.isEmpty })
        let withRule = try db.value("SELECT count(*) FROM obstacles WHERE rule_ref IS NOT NULL").integer!
        #expect(Int64(all.rows.reduce(0) { $0 + $1.obstacles }) == withRule)
        #expect(try RuleAnalysis(ReadSession(db), top: 1).rows == Array(all.rows.prefix(1)))
        let byRule = try ObstacleAnalysis(ReadSession(db), by: .rule)
        #expect(Set(byRule.rows.map(\.key)) == Set(all.rows.map(\.ruleRef)))
    }

    @Test("handoffs: the table view puts the pairs where coherence breaks most first")
    func handoffOrder() throws {
        let handoffs = try HandoffAnalysis(ReadSession(AnalysisFixtures.main()))
        let json = handoffs.output().table.rows.map { [$0[0].plainText, $0[1].plainText] }
        #expect(json == json.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })
        let terminal = handoffs.output(order: .worstFirst).table.rows.map { $0[4].plainText }.compactMap { Int($0) }
        #expect(terminal == terminal.sorted(by: >))
    }

    @Test("an empty database gives empty analyses, not errors")
    func emptyDatabase() throws {
        let db = try migratedMemoryDatabase()
        #expect(try EffectSummary(ReadSession(db)).rows.isEmpty)
        #expect(try JourneyAnalysis(ReadSession(db)).rows.isEmpty)
        #expect(try HandoffAnalysis(ReadSession(db)).rows.isEmpty)
        #expect(try ObstacleAnalysis(ReadSession(db), by: .sectorPair).rows.isEmpty)
        #expect(try RuleAnalysis(ReadSession(db)).rows.isEmpty)
        #expect(try ActivityEffectAnalysis(ReadSession(db)).rows.isEmpty)
        let survival = try SurvivalAnalysis(ReadSession(db), asOf: AsOfDate("2026-01-01"))
        #expect(survival.groups.count == 1 && survival.groups[0].n == 0)
        #expect(try Report(ReadSession(db), asOf: AsOfDate("2026-01-01")).text().contains("Journeys: 0"))
    }

    @Test("the report has every section, suppresses small groups and names no citizen")
    func report() throws {
        let db = try AnalysisFixtures.main()
        let report = try Report(ReadSession(db), asOf: AsOfDate(AnalysisFixtures.asOf))
        #expect(report.sections.map(\.title) == [
            "Journeys by type", "Obstacles by category", "Obstacles per month", "Rules that cost most", "Rule challenges",
            "Handoffs where coherence breaks most", "Effect per measure", "Activity against effect", "Time to close",
            "How journeys end", "Stalled journeys",
        ])
        // 60 journeys, two of them opened after the as-of day.
        #expect(report.openJourneys + report.closedJourneys == 58)
        #expect(report.text().contains("shown as <5"))
        #expect(report.suppressedGroups > 0)
        #expect(report.text().contains("<5"))
        #expect(!report.text().contains("c1 ") && !report.text().contains("citizen"))
        let unsuppressed = try Report(ReadSession(db), asOf: AsOfDate(AnalysisFixtures.asOf), suppression: .off)
        #expect(unsuppressed.suppressedGroups == 0 && !unsuppressed.text().contains("<5"))
        // Time to close by type and the competing outcomes: the same figures
        // as `effect survival --by type` and `effect incidence`.
        let asOf = try AsOfDate(AnalysisFixtures.asOf)
        let byType = try SurvivalAnalysis(ReadSession(db), by: .type, asOf: asOf).output().table
        let close = try #require(unsuppressed.sections.first { $0.id == .timeToClose }).table
        #expect(close.rows.map { $0[0] } == byType.rows.map { $0[0] })
        #expect(close.rows.map { $0[4] } == byType.rows.map { $0[byType.columns.firstIndex(of: "median_days")!] })
        let outcomes = try #require(unsuppressed.sections.first { $0.id == .outcomes }).table
        let incidence = try IncidenceAnalysis(ReadSession(db), filter: .all, by: nil, days: [365, 730], asOf: asOf)
        #expect(outcomes.rows == incidence.output().table.rows)
        #expect(unsuppressed.closeCurves.map(\.type) == byType.rows.map { $0[0].plainText })
    }

    @Test("the HTML report is one self-contained page with inline SVG charts and escaped text")
    func htmlReport() throws {
        let db = try AnalysisFixtures.main()
        try db.execute("""
            INSERT INTO obstacles (journey_id, category_id, rule_ref, description, delay_days, logged_at)
                VALUES (1, 'regulation', '<script>alert("§")</script>', 'x', 900, '2025-06-01')
            """)
        let html = try Report(ReadSession(db), asOf: AsOfDate(AnalysisFixtures.asOf), suppression: .off).html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        // The trend, the three measures' effect axes and the close curves, each drawn for a laptop and a phone.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2 * 5)
        #expect(html.contains("days since opening") && html.contains("median "))
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;alert(&quot;§&quot;)&lt;/script&gt;"))
        #expect(!html.contains("src=") && !html.contains("href="))
        for title in ["Journeys by type", "Rules that cost most", "Time to close", "Stalled journeys"] {
            #expect(html.contains("<h2>\(title)</h2>"))
        }
    }
}
