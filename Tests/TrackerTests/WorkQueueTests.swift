import Testing
@testable import Tracker

@Suite("Ownership, follow-ups, the morning queue and finding a citizen")
struct WorkQueueTests {
    @Test("a journey opened without --owner belongs to the actor; assign records the handover as a change")
    func ownerAndAssign() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1"))
        #expect(try store.journey("J-1").owner == "mette")
        try store.assign(journey: "J-1", to: "jonas", note: "holiday cover")
        #expect(try store.journey("J-1").owner == "jonas")
        let history = try store.history(.journey, id: 1).rows.map { $0[2...5].map(\.plainText) }
        #expect(history == [["owner", "mette", "jonas", "holiday cover"]])
        try expectRefused(store, code: .badData, field: "journey") { try store.assign(journey: "J-1", to: "jonas") }
        try expectRefused(store, code: .badData, field: "to") { try store.assign(journey: "J-1", to: " ") }
        try expectRefused(store, code: .notFound, field: "journey") { try store.assign(journey: "J-9", to: "anna") }
    }

    @Test("reassign moves every open journey of one caseworker in one transaction; a dry run writes nothing")
    func reassign() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        for (ref, type) in [("J-1", "youth"), ("J-2", "youth"), ("J-3", "sick_leave"), ("J-4", "youth")] {
            try store.openJourney(NewJourney(citizenID: "c-\(ref)", type: type, ref: ref, openedAt: "2026-01-05"))
        }
        _ = try store.closeJourney("J-4", outcome: .achieved, closedAt: "2026-02-01")
        let auditBefore = try count(store, "audit_log")
        let planned = try store.reassign(from: "mette", to: "jonas", type: "youth", dryRun: true)
        #expect(planned.rows.map { $0[1] } == [.text("J-1"), .text("J-2")])
        #expect(try count(store, "audit_log") == auditBefore && count(store, "changes") == 0)
        let moved = try store.reassign(from: "mette", to: "jonas", type: "youth")
        #expect(moved.rows.count == 2)
        #expect(try store.db.value("SELECT group_concat(owner, ',') FROM (SELECT owner FROM journeys ORDER BY id)")
                == .text("jonas,jonas,mette,mette"))
        #expect(try count(store, "changes") == 2)
        try expectRefused(store, code: .notFound, field: "from") { _ = try store.reassign(from: "anna", to: "jonas") }
        try expectRefused(store, code: .badData, field: "to") { _ = try store.reassign(from: "mette", to: "mette") }
    }

    @Test("follow-ups: due dates in the future, done once, listed oldest due first")
    func followUps() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-01-05"))
        let later = try store.addFollowUp(journey: "J-1", due: "2099-01-01", what: "check the plan")
        let sooner = try store.addFollowUp(journey: "J-1", due: "2026-02-01", what: "call the school")
        #expect(try store.followUps().rows.map { $0[0] } == [.integer(sooner), .integer(later)])
        #expect(try store.followUps(dueBy: "2026-06-01").rows.count == 1)
        try store.completeFollowUp(sooner, note: "called")
        #expect(try store.followUps().rows.map { $0[0] } == [.integer(later)])
        try expectRefused(store, code: .badData, field: "follow_up") { try store.completeFollowUp(sooner) }
        try expectRefused(store, code: .notFound, field: "follow_up") { try store.completeFollowUp(99) }
        try expectRefused(store, code: .badData, field: "due") {
            _ = try store.addFollowUp(journey: "J-1", due: "soon", what: "x")
        }
        try expectRefused(store, code: .badData, field: "what") {
            _ = try store.addFollowUp(journey: "J-1", due: "2026-03-01", what: "ring 0101901234")
        }
    }

    @Test("today lists the actor's follow-ups due, stalled journeys, open obstacles and missing measurements")
    func today() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        // J-1: quiet since October, an open obstacle, no baseline.
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-10-01"))
        try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-10-02"))
        try store.logObstacle(journey: "J-1", NewObstacle(category: "mandate", sectors: ["employment"],
                                                          description: "no one may decide", loggedAt: "2026-10-03"))
        try store.addFollowUp(journey: "J-1", due: "2026-11-20", what: "call the GP")
        // J-2: closed in November with a baseline and no follow-up.
        try store.openJourney(NewJourney(citizenID: "c-2", type: "youth", ref: "J-2", openedAt: "2026-09-01"))
        try store.observe(journey: "J-2", NewObservation(measure: "who5", phase: .baseline, value: 40, observedAt: "2026-09-02"))
        try store.logStep(journey: "J-2", NewStep(sector: "employment", kind: .meeting, at: "2026-11-20"))
        _ = try store.closeJourney("J-2", outcome: .achieved, closedAt: "2026-11-25")
        // J-3: another caseworker's.
        try store.openJourney(NewJourney(citizenID: "c-3", type: "youth", ref: "J-3", owner: "jonas", openedAt: "2026-01-01"))

        let today = try store.today(asOf: "2026-12-01")
        let sections = Dictionary(uniqueKeysWithValues: today.sections.map { ($0.key, $0.table) })
        #expect(today.sections.map(\.key) == ["follow_ups_due", "stalled", "open_obstacles", "missing_baseline",
                                              "missing_followup"])
        #expect(sections["follow_ups_due"]!.rows.map { $0[2] } == [.text("J-1")])
        #expect(sections["stalled"]!.rows.map { $0[1] } == [.text("J-1")])
        #expect(sections["open_obstacles"]!.rows.map { $0.last } == [.real(59)])
        #expect(sections["missing_baseline"]!.rows.map { $0[1] } == [.text("J-1")])
        #expect(sections["missing_followup"]!.rows.map { $0[1] } == [.text("J-2")])
        // As of a day before the follow-up falls due, and for jonas.
        #expect(try store.today(asOf: "2026-11-19").sections[0].table.rows.isEmpty)
        let jonas = try store.today(owner: "jonas", asOf: "2026-12-01")
        #expect(jonas.sections.map { $0.table.rows.count } == [0, 1, 0, 1, 0])
        let json = today.rendered(as: .json)
        #expect(json.hasPrefix("{\"owner\":\"mette\",\"as_of\":\"2026-12-01\""))
        #expect(today.rendered(as: .table).contains("Closed in the last 90 days without a follow-up: 1"))
        #expect(jonas.rendered(as: .table).contains("Follow-ups due: none"))
        #expect(throws: TrackerError.self) { _ = try store.today(asOf: "someday") }
    }

    @Test("a citizen's journeys are found by reference, CPR or a search, and the look is audited")
    func findingACitizen() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory, actor: "mette")
        let citizen = try store.citizenID(reference: nil, cpr: "010190-1234")
        try store.openJourney(NewJourney(citizenID: citizen, type: "youth", ref: "J-1", title: "School and Housing",
                                         openedAt: "2026-01-05"))
        try store.openJourney(NewJourney(citizenID: citizen, type: "sick_leave", ref: "J-2", openedAt: "2026-03-05"))
        try store.openJourney(NewJourney(citizenID: "c-2", type: "youth", ref: "J-3", openedAt: "2026-02-05"))
        try store.addNote(journey: "J-3", text: "Needs a HOUSING plan")
        #expect(try store.openJourneys(citizen: citizen, type: "youth").map(\.label) == ["J-1"])
        let auditBefore = try count(store, "audit_log")
        #expect(try store.citizenJourneys(citizen).rows.map { $0[1] } == [.text("J-2"), .text("J-1")])
        #expect(try count(store, "audit_log") == auditBefore + 1)
        try expectRefused(store, code: .notFound, field: "citizen") { _ = try store.citizenJourneys("nobody") }
        let found = try JourneyListing(search: "housing").run(in: store).rows.map { $0[1] }
        #expect(found == [.text("J-1"), .text("J-3")])
        // Danish letters fold too: SQLite's own lower() would miss this one.
        try store.addNote(journey: "J-2", text: "Søger ÆLDREBOLIG i Køge")
        #expect(try JourneyListing(search: "ældrebolig").run(in: store).rows.map { $0[1] } == [.text("J-2")])
        var mine = JourneyListing()
        mine.citizen = citizen
        #expect(try mine.run(in: store).rows.count == 2)
        #expect(throws: TrackerError.self) { _ = try JourneyListing(stalledDays: 5, search: "x").run(in: store) }
    }
}
