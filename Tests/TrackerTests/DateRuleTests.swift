import Testing
@testable import Tracker

@Suite("Dates and entry guards")
struct DateRuleTests {
    @Test("today and yesterday are local days; a bare day and an instant with a zone keep their meaning")
    func keywords() throws {
        let today = try #require(Timestamp.normalize("today"))
        let yesterday = try #require(Timestamp.normalize("Yesterday"))
        #expect(today.count == 10 && yesterday.count == 10)
        #expect(Timestamp.days(today)! - Timestamp.days(yesterday)! == 1)
        #expect(Timestamp.normalize("2026-03-01") == "2026-03-01")
        #expect(Timestamp.normalize("2026-03-01T09:30+02:00") == "2026-03-01T07:30:00Z")
        #expect(Timestamp.normalize("tomorrow") == nil)
    }

    @Test("a step or obstacle more than a day in the future is refused; an observation too")
    func future() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-01-05"))
        let later = Timestamp.format(secondsSinceEpoch: Int64(Timestamp.days(Timestamp.now())! * 86_400) + 3 * 86_400)
        try expectRefused(store, code: .badData, field: "at") {
            try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: later))
        }
        try expectRefused(store, code: .badData, field: "logged_at") {
            try store.logObstacle(journey: "J-1", NewObstacle(category: "mandate", sectors: ["employment"],
                                                              description: "x", loggedAt: later))
        }
        try expectRefused(store, code: .badData, field: "observed_at") {
            try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: 3, observedAt: later))
        }
        // Tomorrow is still allowed: clocks and zones differ by hours.
        let tomorrow = Timestamp.format(secondsSinceEpoch: Int64(Timestamp.days(Timestamp.now())! * 86_400) + 86_400)
        #expect(try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: tomorrow)) > 0)
    }

    @Test("after the close a step or obstacle is refused with the hint to reopen; an observation or note is accepted")
    func afterClose() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-01-05"))
        _ = try store.closeJourney("J-1", outcome: .achieved, closedAt: "2026-02-01T10:00:00Z")
        try expectRefused(store, code: .badData, field: "at") {
            try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-02-02"))
        }
        let error = try #require(throws: FieldError.self) {
            try store.logObstacle(journey: "J-1", NewObstacle(category: "mandate", sectors: ["employment"],
                                                              description: "x", loggedAt: "2026-02-03"))
        }
        #expect(error.hint?.contains("tracker journey reopen J-1") == true)
        // The closing day itself is not "after the close".
        #expect(try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .decision, at: "2026-02-01")) > 0)
        #expect(try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .followup, value: 60,
                                                                 observedAt: "2026-05-01")) > 0)
        #expect(try store.addNote(journey: "J-1", text: "called after the close", at: "2026-05-02") > 0)
        _ = try store.reopenJourney("J-1", reason: "more to do")
        #expect(try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-02-02")) > 0)
    }

    @Test("the timeline puts the opening first and the close last on their days, whatever the hour")
    func timelineOrder() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c-1", type: "youth", ref: "J-1", openedAt: "2026-11-30T09:30:00Z"))
        try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .referral, at: "2026-11-30"))
        try store.logStep(journey: "J-1", NewStep(sector: "psychiatry", kind: .meeting, at: "2026-12-01T10:00:00Z"))
        // A day-only close on the opening day would lie before the opening instant.
        try expectRefused(store, code: .badData, field: "closed_at") {
            _ = try store.closeJourney("J-1", outcome: .partial, closedAt: "2026-11-30")
        }
        _ = try store.closeJourney("J-1", outcome: .partial, closedAt: "2026-12-01")
        let events = try store.timeline(of: "J-1").entries.map { "\($0.event) \($0.at)" }
        #expect(events == ["opened 2026-11-30T09:30:00Z", "step 2026-11-30", "step 2026-12-01T10:00:00Z", "closed 2026-12-01"])
    }
}
