import Testing
@testable import Tracker

/// The facts kept at write time (migration 0005) against the rows they sum
/// up, after every kind of write, and the stalled queue read from them
/// against the queue read from the rows.
@Suite("Facts kept at write time")
struct JourneyFactsTests {
    /// The stalled queue both ways, at as-of `day`: from the kept facts where
    /// they hold, and from the rows.
    static func bothWays(_ store: TrackerStore, days: Double, asOf day: String, scope: StalledJourneys.Scope = .init())
        throws -> (facts: [StalledJourneys.Row], rows: [StalledJourneys.Row]) {
        let asOf = try AsOfDate(day)
        var rowsOnly = ReadSession(store.db)
        rowsOnly.ignoresKeptFacts = true
        return (try StalledJourneys(ReadSession(store.db), days: days, asOf: asOf, scope: scope).rows,
                try StalledJourneys(rowsOnly, days: days, asOf: asOf, scope: scope).rows)
    }

    static func factFindings(_ store: TrackerStore) throws -> [TrackerStore.CheckFinding] {
        try store.check().filter { $0.check == "journey_facts" }
    }

    @Test("every write path keeps them: steps, amends, voids, restores, closes, reopens and journey voids")
    func everyWrite() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-01-05"))
        try store.openJourney(NewJourney(citizenID: "c-2", type: "youth", ref: "J-2", openedAt: "2026-01-06"))
        try store.openJourney(NewJourney(citizenID: "c-3", type: "sick_leave", ref: "J-3", openedAt: "2026-02-01T09:30"))
        let first = try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-01-10"))
        let second = try store.logStep(journey: "J-1", NewStep(sector: "psychiatry", kind: .assessment, at: "2026-03-02T10:00"))
        _ = try store.logStep(journey: "J-2", NewStep(sector: "employment", kind: .meeting, at: "2026-01-20"))
        #expect(try Self.factFindings(store).isEmpty)
        _ = try store.amendStep(first, StepAmendment(at: "2026-04-01"), reason: "typed the wrong month")
        #expect(try Self.factFindings(store).isEmpty)
        _ = try store.void(.step, id: second, reason: "logged on the wrong journey")
        #expect(try Self.factFindings(store).isEmpty)
        _ = try store.restore(.step, id: second, reason: "it was right after all")
        _ = try store.closeJourney("J-2", outcome: .achieved, closedAt: "2026-05-01")
        _ = try store.reopenJourney("J-2", reason: "closed too early")
        _ = try store.void(.journey, id: 3, reason: "a duplicate")
        #expect(try Self.factFindings(store).isEmpty)
        try store.assign(journey: "J-1", to: "jonas", note: "holiday cover")
        let obstacle = try store.logObstacle(journey: "J-1", NewObstacle(category: "mandate", sectors: ["employment"],
                                                                         description: "no mandate", loggedAt: "2026-03-03"))
        let baseline = try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: 40,
                                                                        observedAt: "2026-01-06"))
        #expect(try Self.factFindings(store).isEmpty)
        _ = try store.void(.obstacle, id: obstacle, reason: "a duplicate")
        _ = try store.void(.observation, id: baseline, reason: "typed on the wrong journey")
        #expect(try Self.factFindings(store).isEmpty)
        // Sectors and obstacles per journey (migration 0008): a second step
        // in a sector adds none, moving it to another sector adds one.
        let again = try store.logStep(journey: "J-2", NewStep(sector: "employment", kind: .meeting, at: "2026-01-21"))
        _ = try store.logObstacle(journey: "J-2", NewObstacle(category: "mandate", sectors: ["employment"],
                                                             description: "no mandate", loggedAt: "2026-01-22"))
        #expect(try Self.factFindings(store).isEmpty)
        #expect(try store.db.value("SELECT sector_count FROM journey_facts WHERE journey_id = 2") == .integer(1))
        _ = try store.amendStep(again, StepAmendment(sector: "psychiatry"), reason: "it was the psychiatry meeting")
        #expect(try Self.factFindings(store).isEmpty)
        let counts = try store.db.rows("SELECT journey_id, sector_count, obstacle_count FROM journey_facts ORDER BY 1")
        #expect(counts.map { $0.values.compactMap(\.integer) } == [[1, 2, 0], [2, 2, 1], [3, 0, 0]])
        _ = try store.void(.step, id: again, reason: "logged twice")
        #expect(try store.db.value("SELECT sector_count FROM journey_facts WHERE journey_id = 2") == .integer(1))
        #expect(try Self.factFindings(store).isEmpty)
        let facts = try store.db.rows("SELECT journey_id, is_open, step_count, last_step_at FROM journey_facts ORDER BY 1")
        #expect(facts.map { $0.values.map { $0.text ?? $0.integer.map(String.init) ?? "" } } == [
            ["1", "1", "2", "2026-04-01"], ["2", "1", "1", "2026-01-20"], ["3", "0", "0", ""],
        ])
        for day in ["2026-06-30", "2026-12-02"] {
            let queue = try Self.bothWays(store, days: 30, asOf: day)
            #expect(queue.facts == queue.rows && queue.facts.map(\.id) == [2, 1], "as of \(day)")
        }
        // Before the last dates were written the facts do not hold, and the
        // rows answer exactly: the step of April does not count yet in March.
        let march = try Self.bothWays(store, days: 5, asOf: "2026-03-10")
        #expect(march.facts == march.rows)
        #expect(march.rows.first { $0.id == 1 }?.lastStepAt == "2026-03-02T10:00:00Z")
    }

    @Test("the demo and an import keep them; the queue with scopes and a limit is the same both ways")
    func bulkPaths() throws {
        let directory = TemporaryDirectory()
        _ = try DemoGenerator.create(at: directory.file("demo.sqlite"), options: .init(journeys: 400, seed: 11), actor: "x")
        let store = try TrackerStore.open(path: directory.file("demo.sqlite"), access: .readWrite, actor: "x")
        #expect(try Self.factFindings(store).isEmpty)
        let today = Timestamp.today()
        let owner = try #require(store.db.value("SELECT owner FROM journeys WHERE id = 1").text)
        for scope in [StalledJourneys.Scope(), .init(type: "sick_leave_to_work"), .init(sector: "psychiatry"),
                      .init(owner: owner)] {
            let queue = try Self.bothWays(store, days: 30, asOf: today, scope: scope)
            #expect(!queue.rows.isEmpty && queue.facts == queue.rows)
        }
        // A caseworker's morning both ways, for a few owners and days.
        for row in try store.db.rows("SELECT DISTINCT owner FROM journeys WHERE owner IS NOT NULL ORDER BY owner LIMIT 4") {
            let owner = try #require(row[0].text)
            for day in [today, "2026-10-31", "2025-06-30"] {
                let kept = try store.today(owner: owner, asOf: day)
                let rows = try store.today(owner: owner, asOf: day, fromRowsOnly: true)
                #expect(kept.rendered(as: .json) == rows.rendered(as: .json), "\(owner) as of \(day)")
            }
        }
        let asOf = try AsOfDate(today)
        var rowsOnly = ReadSession(store.db)
        rowsOnly.ignoresKeptFacts = true
        #expect(try StalledJourneys(ReadSession(store.db), days: 60, asOf: asOf, limit: 7).rows
                == StalledJourneys(rowsOnly, days: 60, asOf: asOf, limit: 7).rows)
        // A limit cuts the rows, not the count; an opening range scopes both.
        let median = try store.db.value("SELECT opened_at FROM journeys ORDER BY opened_at LIMIT 1 OFFSET 200")
        let middle = String(try #require(median.text).prefix(10))
        for scope in [StalledJourneys.Scope(), .init(openedFrom: middle), .init(openedBefore: middle),
                      .init(type: "sick_leave_to_work", openedFrom: middle), .init(owner: owner, openedBefore: middle)] {
            for session in [ReadSession(store.db), rowsOnly] {
                let all = try StalledJourneys(session, days: 60, asOf: asOf, scope: scope)
                let first = try StalledJourneys(session, days: 60, asOf: asOf, scope: scope, limit: 3, counted: true)
                #expect(all.total == all.rows.count && first.total == all.rows.count)
                // Not asked to count, a cut queue leaves the rest uncounted.
                let queue = try StalledJourneys(session, days: 60, asOf: asOf, scope: scope, limit: 3)
                #expect(queue.rows == first.rows && queue.total == (all.rows.count > 3 ? nil : all.rows.count))
                #expect(first.rows == Array(all.rows.prefix(3)))
                #expect(all.rows.allSatisfy { row in
                    scope.openedFrom.map { row.openedAt >= $0 } ?? true && scope.openedBefore.map { row.openedAt < $0 } ?? true
                })
            }
        }
        let everyone = try StalledJourneys(rowsOnly, days: 60, asOf: asOf).rows.count
        let early = try StalledJourneys(rowsOnly, days: 60, asOf: asOf, scope: .init(openedBefore: middle)).rows.count
        let late = try StalledJourneys(rowsOnly, days: 60, asOf: asOf, scope: .init(openedFrom: middle)).rows.count
        #expect(early > 3 && late > 3 && early + late == everyone)
    }

    /// Each step's kept place in its journey: (id, previous sector, gap days).
    static func places(_ store: TrackerStore, journey: Int64) throws -> [String] {
        try store.db.rows("SELECT id, previous_sector_id, gap_days FROM steps WHERE journey_id = ? ORDER BY id", [journey])
            .map { row in "\(row[0].integer ?? 0) \(row[1].text ?? "-") \(row[2].real.map { String($0) } ?? "-")" }
    }

    @Test("each step keeps the sector of the live step before it and the days since, through logs, amends, voids and restores")
    func stepOrder() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-01-05"))
        try store.openJourney(NewJourney(citizenID: "c-2", type: "youth", ref: "J-2", openedAt: "2026-01-05"))
        let first = try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-01-10"))
        let second = try store.logStep(journey: "J-1", NewStep(sector: "psychiatry", kind: .assessment, at: "2026-01-20T12:00"))
        #expect(try Self.places(store, journey: 1) == ["1 - -", "2 employment 10.5"])
        // A step logged late, between the two, and one on the same day as
        // the first (after it by id).
        let between = try store.logStep(journey: "J-1", NewStep(sector: "social_adults", kind: .meeting, at: "2026-01-15"))
        let sameDay = try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-01-10"))
        #expect(try Self.places(store, journey: 1)
                == ["1 - -", "2 social_adults 5.5", "3 employment 5.0", "4 employment 0.0"])
        _ = try store.amendStep(between, StepAmendment(at: "2026-01-25"), reason: "typed the wrong day")
        #expect(try Self.places(store, journey: 1)
                == ["1 - -", "2 employment 10.5", "3 psychiatry 4.5", "4 employment 0.0"])
        _ = try store.void(.step, id: second, reason: "logged on the wrong journey")
        #expect(try Self.places(store, journey: 1) == ["1 - -", "2 - -", "3 employment 15.0", "4 employment 0.0"])
        _ = try store.amendStep(first, StepAmendment(sector: "hospital"), reason: "it was the hospital's")
        #expect(try Self.places(store, journey: 1) == ["1 - -", "2 - -", "3 employment 15.0", "4 hospital 0.0"])
        _ = try store.restore(.step, id: second, reason: "it was right after all")
        #expect(try Self.places(store, journey: 1)
                == ["1 - -", "2 employment 10.5", "3 psychiatry 4.5", "4 hospital 0.0"])
        _ = try store.logStep(journey: "J-2", NewStep(sector: "employment", kind: .meeting, at: "2026-01-06"))
        #expect(try Self.places(store, journey: 2) == ["5 - -"])
        #expect(try Self.factFindings(store).isEmpty)
        _ = sameDay
        // Changed behind the triggers' back, check names the step.
        try store.db.execute("UPDATE steps SET gap_days = 3 WHERE id = 3")
        let findings = try Self.factFindings(store)
        #expect(findings.count == 1 && findings[0].table == "steps" && findings[0].rowID == 3
                && findings[0].detail.contains("differs in gap_days"))
    }

    @Test("tracker check names a journey whose facts were changed behind the triggers' back")
    func checkFindsDrift() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-01-05"))
        _ = try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-01-10"))
        try store.db.execute("UPDATE journey_facts SET step_count = 5 WHERE journey_id = 1")
        let findings = try Self.factFindings(store)
        #expect(findings.count == 1 && findings[0].rowID == 1 && findings[0].detail.contains("differ in step_count"))
        try store.db.execute("UPDATE fact_horizon SET latest = '2000-01-01'")
        #expect(try Self.factFindings(store).contains { $0.table == "fact_horizon" })
    }
}

@Suite("Facts kept through an import")
struct ImportFactsTests {
    @Test("an import recomputes the facts of the journeys it touched; a refused one leaves facts and triggers as they were")
    func importKeepsFacts() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journey_facts_%'"
        let before = try store.db.value(triggers)
        let steps = try importText("""
            journey_ref,sector,kind,at
            J-1,general_practice,referral,2025-01-05
            J-1,psychiatry,assessment,2025-02-10
            J-2,employment,meeting,2025-03-01
            """ + "\n", named: "s.csv", kind: .steps, into: store, directory: directory)
        #expect(steps.succeeded, "\(steps.problems)")
        let observations = try importText("journey_ref,measure,phase,value,observed_at\nJ-1,who5,baseline,40,2025-01-06\n",
                                          named: "o.csv", kind: .observations, into: store, directory: directory)
        #expect(observations.succeeded, "\(observations.problems)")
        #expect(try store.check().filter { $0.check == "journey_facts" }.isEmpty)
        #expect(try store.db.value("SELECT step_count || '|' || last_step_at || '|' || baselines FROM journey_facts WHERE journey_id = 1")
                == .text("2|2025-02-10|1"))
        // An import into a journey with steps places the old steps after
        // the new ones again: the one of March follows one of February now.
        let earlier = try importText("journey_ref,sector,kind,at\nJ-2,psychiatry,referral,2025-02-20\n",
                                     named: "e.csv", kind: .steps, into: store, directory: directory)
        #expect(earlier.succeeded, "\(earlier.problems)")
        #expect(try JourneyFactsTests.places(store, journey: 2) == ["3 psychiatry 9.0", "4 - -"])
        #expect(try store.check().filter { $0.check == "journey_facts" }.isEmpty)
        // Steps placed as they are staged, and journeys the file gives apart
        // or out of date order placed from the rows.
        _ = try importText("ref,citizen,type,opened_at\nJ-3,c-3,youth,2025-01-01\nJ-4,c-4,youth,2025-01-01\nJ-5,c-5,youth,2025-01-01\n",
                       named: "more.csv", kind: .journeys, into: store, directory: directory)
        let placed = try importText("""
            journey_ref,sector,kind,at
            J-3,employment,meeting,2025-01-10
            J-3,psychiatry,meeting,2025-01-12T06:00
            J-3,psychiatry,meeting,2025-01-12T06:00
            J-4,employment,meeting,2025-01-20
            J-3,hospital,meeting,2025-01-11
            J-5,employment,meeting,2025-03-01
            J-5,hospital,meeting,2025-02-01
            """ + "\n", named: "placed.csv", kind: .steps, into: store, directory: directory)
        #expect(placed.succeeded, "\(placed.problems)")
        #expect(try JourneyFactsTests.places(store, journey: 3) == ["5 - -", "6 hospital 1.25", "7 psychiatry 0.0", "9 employment 1.0"])
        #expect(try JourneyFactsTests.places(store, journey: 4) == ["8 - -"])
        #expect(try JourneyFactsTests.places(store, journey: 5) == ["10 hospital 28.0", "11 - -"])
        #expect(try store.check().filter { $0.check == "journey_facts" }.isEmpty)
        #expect(try store.db.value(triggers) == before)
        // A bad row rolls everything back, the dropped triggers included.
        let refused = try importText("journey_ref,sector,kind,at\nJ-1,employment,meeting,2025-04-01\nJ-9,employment,meeting,2025-04-02\n",
                                     named: "bad.csv", kind: .steps, into: store, directory: directory)
        #expect(!refused.succeeded && refused.written == 0)
        #expect(try store.db.value(triggers) == before)
        #expect(try store.check().filter { $0.check == "journey_facts" }.isEmpty)
        // Later writes still keep them through the triggers.
        _ = try store.logStep(journey: "J-2", NewStep(sector: "psychiatry", kind: .assessment, at: "2025-05-01"))
        #expect(try store.db.value("SELECT last_step_at FROM journey_facts WHERE journey_id = 2") == .text("2025-05-01"))
    }
}
