import Testing
@testable import Tracker

/// A journey J-1 opened 2026-01-05 with steps in employment, psychiatry and
/// employment again, an obstacle between the two and a who5 baseline and
/// follow-up: two handoffs, one obstacle on them, one measured change.
private func correctedJourney(_ directory: TemporaryDirectory) throws -> TrackerStore {
    let store = try caseworkerStore(directory)
    try store.openJourney(NewJourney(citizenID: "c-1", type: "sick_leave", ref: "J-1", openedAt: "2026-01-05"))
    try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-01-10"))
    try store.logStep(journey: "J-1", NewStep(sector: "psychiatry", kind: .assessment, at: "2026-01-20"))
    try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .decision, at: "2026-02-01"))
    try store.logObstacle(journey: "J-1", NewObstacle(category: "data_sharing", sectors: ["employment", "psychiatry"],
                                                      description: "no shared record", delayDays: 12, loggedAt: "2026-01-21"))
    try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: 40, observedAt: "2026-01-06"))
    try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .followup, value: 60, observedAt: "2026-02-02"))
    return store
}

private func value(_ store: TrackerStore, _ sql: String) throws -> DatabaseValue {
    try store.db.value(sql)
}

@Suite("Corrections: amend, void, restore, reopen and history")
struct CorrectionTests {
    @Test("amending a step changes its fields, writes a changes row per field and one audit entry")
    func amendStep() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        let written = try store.amendStep(2, StepAmendment(sector: "hospital", note: "it was the hospital"),
                                          reason: "wrong sector")
        #expect(written.rows.map { $0[2] } == [.text("sector"), .text("note")])
        #expect(try value(store, "SELECT sector_id FROM steps WHERE id = 2") == .text("hospital"))
        let history = try store.history(.step, id: 2)
        #expect(history.rows.map { $0[2...4].map(\.plainText) } == [["sector", "psychiatry", "hospital"],
                                                                    ["note", "", "it was the hospital"]])
        #expect(history.rows.allSatisfy { $0[5] == .text("wrong sector") && $0[1] == .text("mette") })
        #expect(try value(store, "SELECT action || ' ' || entity || ' ' || entity_id FROM audit_log ORDER BY id DESC LIMIT 1")
                == .text("amended step 2"))
        // The handoffs follow: employment → hospital → employment.
        let handoffs = try HandoffAnalysis(store).rows.map { "\($0.fromSector)>\($0.toSector)" }
        #expect(handoffs == ["employment>hospital", "hospital>employment"])
    }

    @Test("a change runs through the checks of the original command; an amend that changes nothing is refused")
    func amendRefusals() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        try expectRefused(store, code: .badData, field: "step") {
            try store.amendStep(1, StepAmendment(kind: .meeting), reason: "same")
        }
        try expectRefused(store, code: .badData, field: "at") {
            try store.amendStep(1, StepAmendment(at: "2026-01-01"), reason: "before the opening")
        }
        try expectRefused(store, code: .notFound, field: "sector") {
            try store.amendStep(1, StepAmendment(sector: "atlantis"), reason: "no such sector")
        }
        try expectRefused(store, code: .notFound, field: "step") {
            try store.amendStep(99, StepAmendment(kind: .other), reason: "no such step")
        }
        try expectRefused(store, code: .badData, field: "reason") {
            try store.amendStep(1, StepAmendment(kind: .other), reason: "  ")
        }
        try expectRefused(store, code: .badData, field: "reason") {
            try store.amendStep(1, StepAmendment(kind: .other), reason: "citizen 0101901234 called")
        }
        let error = try #require(throws: FieldError.self) {
            try store.amendStep(1, StepAmendment(kind: .other), reason: "citizen 0101901234 called")
        }
        #expect(!error.description.contains("0101901234"))
        try expectRefused(store, code: .badData, field: "delay_days") {
            try store.amendObstacle(1, ObstacleAmendment(delayDays: -3), reason: "negative")
        }
        try expectRefused(store, code: .badData, field: "opened_at") {
            try store.amendJourney("J-1", JourneyAmendment(openedAt: "2026-01-15"), reason: "after the first step")
        }
        #expect(try value(store, "SELECT kind FROM steps WHERE id = 1") == .text("meeting"))
    }

    @Test("a voided step leaves the handoff matrix and v_transitions; restored, it comes back")
    func voidStep() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        let before = try HandoffAnalysis(store).rows
        #expect(before.count == 2 && before.allSatisfy { $0.obstacles == 1 })
        try store.void(.step, id: 2, reason: "logged on the wrong journey")
        #expect(try HandoffAnalysis(store).rows.isEmpty)
        #expect(try value(store, "SELECT count(*) FROM v_transitions") == .integer(0))
        #expect(try value(store, "SELECT step_count FROM v_journeys") == .integer(2))
        #expect(try JourneyAnalysis(store).rows[0].stepsMean == 2)
        #expect(try count(store, "steps") == 3, "a void never deletes")
        try expectRefused(store, code: .badData, field: "step") { try store.void(.step, id: 2, reason: "again") }
        try expectRefused(store, code: .badData, field: "step") {
            try store.amendStep(2, StepAmendment(kind: .other), reason: "a voided row is restored first")
        }
        try store.restore(.step, id: 2, reason: "it was right after all")
        #expect(try HandoffAnalysis(store).rows == before)
        try expectRefused(store, code: .badData, field: "step") { try store.restore(.step, id: 2, reason: "again") }
        let fields = try store.history(.step, id: 2).rows.map { [$0[2].plainText, $0[3].plainText.isEmpty ? "-" : "at"] }
        #expect(fields == [["voided_at", "-"], ["voided_at", "at"]])
        #expect(try store.check().isEmpty)
    }

    @Test("a voided obstacle leaves the obstacle and rule analyses, v_obstacles and the listing")
    func voidObstacle() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        #expect(try ObstacleAnalysis(store, by: .category).rows.count == 1)
        try store.void(.obstacle, id: 1, reason: "a duplicate")
        #expect(try ObstacleAnalysis(store, by: .category).rows.isEmpty)
        #expect(try value(store, "SELECT count(*) FROM v_obstacles") == .integer(0))
        #expect(try HandoffAnalysis(store).rows.allSatisfy { $0.obstacles == 0 })
        #expect(try ObstacleListing().run(in: store).rows.isEmpty)
        let all = try ObstacleListing(includeVoided: true).run(in: store)
        #expect(all.columns.last == "voided" && all.rows.map { $0.last } == [.bool(true)])
        #expect(try !(store.timeline(of: "J-1").entries.contains { $0.event.hasPrefix("obstacle") }))
    }

    @Test("amending an obstacle's sectors replaces them and records the old and new list")
    func amendObstacleSectors() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        try store.amendObstacle(1, ObstacleAmendment(sectors: ["psychiatry", "hospital"], loggedAt: "2026-01-22"),
                                reason: "it was the hospital")
        #expect(try value(store, "SELECT sectors FROM v_obstacles") == .text("hospital;psychiatry"))
        #expect(try value(store, "SELECT at FROM obstacle_status_history WHERE obstacle_id = 1") == .text("2026-01-22"))
        let history = try store.history(.obstacle, id: 1).rows.map { $0[2...4].map(\.plainText) }
        #expect(history == [["sectors", "employment;psychiatry", "hospital;psychiatry"],
                            ["logged_at", "2026-01-21", "2026-01-22"]])
        #expect(try ObstacleAnalysis(store, by: .sectorPair).rows.map(\.key) == ["hospital|psychiatry"])
        let detail = try store.obstacle(1)
        #expect(detail.changes.rows.map { $0[2] } == [.text("sectors"), .text("logged_at")] && !detail.voided)
        #expect(try store.check().isEmpty)
    }

    @Test("a voided or amended observation changes the effect and v_effects")
    func observations() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        #expect(try EffectSummary(store, measure: "who5").rows[0].meanChange == 20)
        try store.amendObservation(2, ObservationAmendment(value: 70), reason: "typed 60 for 70")
        #expect(try EffectSummary(store, measure: "who5").rows[0].meanChange == 30)
        #expect(try value(store, "SELECT change FROM v_effects") == .real(30))
        try store.void(.observation, id: 2, reason: "measured on another citizen")
        let summary = try EffectSummary(store, measure: "who5").rows[0]
        #expect(summary.n == 0 && summary.missing == 1)
        #expect(try value(store, "SELECT followup FROM v_effects") == .null)
    }

    @Test("a voided journey takes its steps, obstacles and observations out of every analysis, but keeps the rows")
    func voidJourney() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        try store.openJourney(NewJourney(citizenID: "c-2", type: "sick_leave", ref: "J-2", openedAt: "2026-01-06"))
        try store.void(.journey, id: 1, reason: "opened for the wrong citizen")
        #expect(try JourneyAnalysis(store).rows[0].journeys == 1)
        #expect(try HandoffAnalysis(store).rows.isEmpty && ObstacleAnalysis(store, by: .rule).rows.isEmpty)
        #expect(try EffectSummary(store).rows.isEmpty)
        #expect(try value(store, "SELECT count(*) FROM v_journeys") == .integer(1))
        #expect(try value(store, "SELECT count(*) FROM v_effects") == .integer(0))
        #expect(try JourneyListing().run(in: store).rows.count == 1)
        let all = try JourneyListing(includeVoided: true).run(in: store)
        #expect(all.rows.map { $0.last } == [.bool(true), .bool(false)])
        #expect(try count(store, "steps") == 3 && count(store, "journeys") == 2)
        try expectRefused(store, code: .badData, field: "journey") {
            try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-03-01"))
        }
    }

    @Test("reopening clears the close and keeps it in the history; an open journey cannot be reopened")
    func reopen() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        _ = try store.closeJourney("J-1", outcome: .achieved, closedAt: "2026-02-10")
        let journey = try store.reopenJourney("J-1", reason: "closed by mistake")
        #expect(journey.status == .open && journey.closedAt == nil && journey.outcome == nil)
        let history = try store.history(.journey, id: 1).rows.map { $0[2...4].map(\.plainText) }
        #expect(history == [["status", "closed", "open"], ["closed_at", "2026-02-10", ""], ["outcome", "achieved", ""]])
        try expectRefused(store, code: .badData, field: "journey") { _ = try store.reopenJourney("J-1", reason: "again") }
    }

    @Test("amending a journey's citizen, ref and title; a ref of another journey is refused")
    func amendJourney() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        try store.openJourney(NewJourney(citizenID: "c-2", type: "youth", ref: "J-2"))
        try expectRefused(store, code: .badData, field: "ref") {
            try store.amendJourney("J-1", JourneyAmendment(ref: "J-2"), reason: "taken")
        }
        try store.amendJourney("J-1", JourneyAmendment(ref: "J-1b", title: "Back to work", citizenID: "c-9"),
                               reason: "the right citizen")
        let journey = try store.journey("J-1b")
        #expect(journey.citizenID == "c-9" && journey.title == "Back to work")
        #expect(try store.history(.journey, id: journey.id).rows.map { $0[2].plainText } == ["ref", "title", "citizen"])
        #expect(try value(store, "SELECT count(*) FROM citizens WHERE id = 'c-9'") == .integer(1))
    }

    @Test("notes join the timeline; a voided note leaves it; changes refuse UPDATE and DELETE")
    func notesAndAppendOnly() throws {
        let directory = TemporaryDirectory()
        let store = try correctedJourney(directory)
        let note = try store.addNote(journey: "J-1", text: "called the citizen", at: "2026-01-25")
        #expect(try store.timeline(of: "J-1").entries.contains { $0.event == "note" && $0.text == "called the citizen" })
        try expectRefused(store, code: .badData, field: "text") {
            _ = try store.addNote(journey: "J-1", text: "CPR 010190-1234")
        }
        try store.void(.note, id: note, reason: "wrong journey")
        #expect(try !(store.timeline(of: "J-1").entries.contains { $0.event == "note" }))
        #expect(throws: DatabaseError.self) { try store.db.execute("UPDATE changes SET reason = 'x'") }
        #expect(throws: DatabaseError.self) { try store.db.execute("DELETE FROM changes") }
    }
}
