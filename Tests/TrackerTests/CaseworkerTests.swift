import Foundation
import Testing
@testable import Tracker

/// A file database made by `init`, with its pseudonym key beside it.
func caseworkerStore(_ directory: TemporaryDirectory, actor: String = "mette") throws -> TrackerStore {
    let path = directory.file("t.sqlite")
    _ = try TrackerStore.initialize(path: path, actor: actor)
    return try TrackerStore.open(path: path, access: .readWrite, actor: actor)
}

func count(_ store: TrackerStore, _ table: String) throws -> Int64 {
    try store.db.value("SELECT count(*) FROM \(table)").integer ?? -1
}

/// Asserts that `body` fails with `code` and that no table changed.
func expectRefused(_ store: TrackerStore, code: FailureKind, field: String? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) throws {
    let tables = ["journeys", "citizens", "steps", "obstacles", "obstacle_sectors", "obstacle_status_history",
                  "observations", "audit_log", "sectors", "measures", "changes", "notes", "rule_challenges"]
    let before = try tables.map { try count(store, $0) }
    do {
        try body()
        Issue.record("expected a refusal of kind \(code)", sourceLocation: sourceLocation)
    } catch {
        #expect(FailureKind(error) == code, "\(error)", sourceLocation: sourceLocation)
        if let field, let fieldError = error as? FieldError {
            #expect(fieldError.field == field, sourceLocation: sourceLocation)
        }
    }
    #expect(try tables.map { try count(store, $0) } == before, "a refused command wrote something", sourceLocation: sourceLocation)
}

@Suite("Caseworker commands: journeys, citizens and pseudonyms")
struct JourneyStoreTests {
    @Test("a journey opens with its fields, a new citizen and one audit entry")
    func opens() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        let auditBefore = try count(store, "audit_log")
        let id = try store.openJourney(NewJourney(citizenID: "c-17", type: "sick_leave", ref: "J-1", title: "Back to work",
                                                  goal: "Work 20 hours", owner: "mette", openedAt: "2026-01-05"))
        let journey = try store.journey("J-1")
        #expect(journey.id == id && journey.citizenID == "c-17" && journey.status == .open && journey.openedAt == "2026-01-05")
        #expect(try count(store, "citizens") == 1)
        #expect(try count(store, "audit_log") == auditBefore + 1)
        let audit = try #require(try store.db.row("SELECT actor, action, entity, entity_id FROM audit_log ORDER BY id DESC"))
        #expect(audit.values == [.text("mette"), .text("created"), .text("journey"), .text(String(id))])
    }

    @Test("the same CPR and key give the same pseudonym, and the number is stored nowhere")
    func pseudonyms() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        let first = try store.citizenID(reference: nil, cpr: "010190-1234")
        let second = try store.citizenID(reference: nil, cpr: "0101901234")
        #expect(first == second)
        #expect(first.hasPrefix("p-"))
        #expect(try store.citizenID(reference: nil, cpr: "020190-1234") != first)
        try store.openJourney(NewJourney(citizenID: first, type: "sick_leave"))
        let dump = try store.db.rows("SELECT group_concat(id) FROM citizens").first?[0].text ?? ""
        #expect(!dump.contains("0101901234") && !dump.contains("010190"))
    }

    @Test("a malformed CPR number is bad data and is not echoed")
    func malformedCPR() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        for cpr in ["320190-1234", "12345", "010190-12345"] {
            let error = try #require(throws: FieldError.self) { try store.citizenID(reference: nil, cpr: cpr) }
            #expect(error.kind == .badData && error.field == "cpr")
            #expect(!error.description.contains(cpr))
        }
    }

    @Test("a missing key file for an existing database is an error, never a new key")
    func missingKey() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try FileManager.default.removeItem(atPath: store.keyFilePath)
        let error = try #require(throws: TrackerError.self) { try store.citizenID(reference: nil, cpr: "010190-1234") }
        #expect(error.kind == .notFound)
        #expect(!FileManager.default.fileExists(atPath: store.keyFilePath))
    }

    @Test("the key file is created with mode 0600 beside a new database")
    func keyFileMode() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        #expect(FileSystem.permissions(store.keyFilePath) == 0o600)
        #expect(FileSystem.permissions(store.path) == 0o600)
    }

    @Test("a CPR-shaped number in any free-text field is refused, naming the field", arguments: [
        "title", "goal", "owner", "ref",
    ])
    func cprInText(field: String) throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        var journey = NewJourney(citizenID: "c-1", type: "youth")
        let text = "call about 0101901234 today"
        switch field {
        case "title": journey.title = text
        case "goal": journey.goal = text
        case "owner": journey.owner = text
        default: journey.ref = text
        }
        try expectRefused(store, code: .badData, field: field) { try store.openJourney(journey) }
        let error = try #require(throws: FieldError.self) { try store.openJourney(journey) }
        #expect(!error.description.contains("0101901234"))
    }

    @Test("a citizen reference shaped like a CPR number is refused")
    func cprAsCitizenReference() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        #expect(throws: FieldError.self) { try store.citizenID(reference: "010190-1234", cpr: nil) }
    }

    @Test("bad journey values are refused with exit 65 and nothing written")
    func badValues() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try expectRefused(store, code: .badData, field: "opened_at") {
            try store.openJourney(NewJourney(citizenID: "c", type: "youth", openedAt: "2026-02-30"))
        }
        try expectRefused(store, code: .badData, field: "type") {
            try store.openJourney(NewJourney(citizenID: "c", type: "Young People"))
        }
        try store.openJourney(NewJourney(citizenID: "c", type: "youth", ref: "J-1", openedAt: "2026-01-01"))
        try expectRefused(store, code: .badData, field: "ref") {
            try store.openJourney(NewJourney(citizenID: "c", type: "youth", ref: "J-1"))
        }
    }

    @Test("a journey is found by ref first, then by id, else exit 66")
    func journeyResolution() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        let first = try store.openJourney(NewJourney(citizenID: "c", type: "youth", ref: "2"))
        let second = try store.openJourney(NewJourney(citizenID: "c", type: "youth", ref: "J-B"))
        #expect(second == 2)
        #expect(try store.journey("2").id == first)
        #expect(try store.journey("J-B").id == second)
        #expect(try store.journey("1").id == first)
        let error = try #require(throws: FieldError.self) { try store.journey("J-404") }
        #expect(error.kind == .notFound)
    }

    @Test("closing sets the outcome once; closing again or before opening is refused")
    func closing() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c", type: "youth", ref: "J-1", openedAt: "2026-01-10"))
        try expectRefused(store, code: .badData, field: "closed_at") {
            _ = try store.closeJourney("J-1", outcome: .achieved, closedAt: "2026-01-09")
        }
        let closed = try store.closeJourney("J-1", outcome: .partial, closedAt: "2026-03-01")
        #expect(closed.status == .closed && closed.outcome == .partial && closed.closedAt == "2026-03-01")
        try expectRefused(store, code: .badData, field: "journey") {
            _ = try store.closeJourney("J-1", outcome: .achieved)
        }
        try expectRefused(store, code: .notFound) { _ = try store.closeJourney("nope", outcome: .achieved) }
    }
}

@Suite("Caseworker commands: steps, obstacles, observations")
struct ActivityStoreTests {
    func storeWithJourney(_ directory: TemporaryDirectory) throws -> TrackerStore {
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c", type: "sick_leave", ref: "J-1", openedAt: "2026-01-05T09:30:00Z"))
        return store
    }

    @Test("a step is logged; the day of opening counts even before the opening hour")
    func steps() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        let id = try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, unit: "Jobcenter Roskilde", at: "2026-01-05"))
        #expect(try store.db.value("SELECT sector_id FROM steps WHERE id = ?", [id]) == .text("employment"))
    }

    @Test("bad steps are refused and write nothing")
    func badSteps() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        try expectRefused(store, code: .notFound, field: "sector") {
            try store.logStep(journey: "J-1", NewStep(sector: "atlantis", kind: .meeting))
        }
        try expectRefused(store, code: .badData, field: "at") {
            try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2026-01-04"))
        }
        try expectRefused(store, code: .badData, field: "note") {
            try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, note: "cpr 010190-1234"))
        }
        try expectRefused(store, code: .badData, field: "unit") {
            try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, unit: "0101901234"))
        }
        try expectRefused(store, code: .notFound) {
            try store.logStep(journey: "J-9", NewStep(sector: "employment", kind: .meeting))
        }
    }

    @Test("an unknown sector names the valid ones in its hint")
    func unknownSectorHint() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        let error = try #require(throws: FieldError.self) {
            try store.logStep(journey: "J-1", NewStep(sector: "atlantis", kind: .meeting))
        }
        #expect(error.hint?.contains("employment") == true && error.hint?.contains("psychiatry") == true)
    }

    @Test("an obstacle is logged with its sectors, once each, and an open status entry")
    func obstacle() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        let id = try store.logObstacle(journey: "J-1", NewObstacle(
            category: "regulation", sectors: ["psychiatry", "employment", "psychiatry"], description: "no statement",
            ruleRef: "Sygedagpengeloven § 13", severity: 4, delayDays: 21, staffHours: 3.5, loggedAt: "2026-01-20"))
        let sectors = try store.db.rows("SELECT sector_id FROM obstacle_sectors WHERE obstacle_id = ? ORDER BY 1", [id]).map { $0[0] }
        #expect(sectors == [.text("employment"), .text("psychiatry")])
        let history = try store.db.rows("SELECT status, at, actor FROM obstacle_status_history WHERE obstacle_id = ?", [id])
        #expect(history.map(\.values) == [[.text("open"), .text("2026-01-20"), .text("mette")]])
    }

    @Test("bad obstacles are refused with the documented exit codes", arguments: [
        ("severity", FailureKind.badData), ("delay_days", .badData), ("staff_hours", .badData),
        ("category", .notFound), ("sectors", .notFound), ("description", .badData), ("rule_ref", .badData),
        ("logged_at", .badData),
    ])
    func badObstacles(field: String, code: FailureKind) throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        var obstacle = NewObstacle(category: "regulation", sectors: ["employment"], description: "x")
        switch field {
        case "severity": obstacle.severity = 6
        case "delay_days": obstacle.delayDays = -1
        case "staff_hours": obstacle.staffHours = .infinity
        case "category": obstacle.category = "weather"
        case "sectors": obstacle.sectors = ["employment", "atlantis"]
        case "description": obstacle.description = ""
        case "rule_ref": obstacle.ruleRef = "see 010190-1234"
        default: obstacle.loggedAt = "2025-12-31"
        }
        try expectRefused(store, code: code, field: field) { try store.logObstacle(journey: "J-1", obstacle) }
    }

    @Test("an obstacle's status changes keep their time, reopenings included")
    func statusHistory() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        let id = try store.logObstacle(journey: "J-1", NewObstacle(category: "mandate", sectors: ["employment"],
                                                                   description: "x", loggedAt: "2026-01-10"))
        try store.changeObstacle(id, .escalate, note: "to management", at: "2026-01-13")
        try store.changeObstacle(id, .resolve, note: "decided", at: "2026-01-20")
        try store.changeObstacle(id, .reopen, note: "came back", at: "2026-02-01")
        try store.changeObstacle(id, .accept, note: "live with it", at: "2026-02-11")
        let detail = try store.obstacle(id, asOf: "2026-02-21")
        #expect(detail.history.map(\.status) == [.open, .escalated, .resolved, .open, .accepted])
        #expect(detail.days(in: .open) == 3 + 10)
        #expect(detail.days(in: .escalated) == 7)
        #expect(detail.days(in: .resolved) == 12)
        #expect(detail.days(in: .accepted) == 10)
        #expect(detail.reopenings == 1)
        #expect(try store.db.value("SELECT status FROM obstacles WHERE id = ?", [id]) == .text("accepted"))
    }

    @Test("impossible status changes are refused and write nothing")
    func badTransitions() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        let id = try store.logObstacle(journey: "J-1", NewObstacle(category: "mandate", sectors: ["employment"],
                                                                   description: "x", loggedAt: "2026-01-10"))
        try expectRefused(store, code: .badData) { try store.changeObstacle(id, .reopen, note: "x") }
        try expectRefused(store, code: .badData, field: "at") { try store.changeObstacle(id, .resolve, note: "x", at: "2026-01-09") }
        try expectRefused(store, code: .badData, field: "note") { try store.changeObstacle(id, .resolve, note: "") }
        try expectRefused(store, code: .notFound) { try store.changeObstacle(999, .resolve, note: "x") }
        try store.changeObstacle(id, .resolve, note: "ok", at: "2026-01-11")
        try expectRefused(store, code: .badData) { try store.changeObstacle(id, .escalate, note: "x") }
        try expectRefused(store, code: .badData) { try store.changeObstacle(id, .resolve, note: "x") }
    }

    @Test("observations need a known measure, a finite value and a date after opening")
    func observations() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithJourney(directory)
        try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: 32, observedAt: "2026-01-05"))
        try expectRefused(store, code: .notFound, field: "measure") {
            try store.observe(journey: "J-1", NewObservation(measure: "happiness", phase: .baseline, value: 1))
        }
        try expectRefused(store, code: .badData, field: "value") {
            try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: .nan))
        }
        try expectRefused(store, code: .badData, field: "observed_at") {
            try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: 1, observedAt: "2025-01-01"))
        }
        #expect(throws: FieldError.self) { try Validate.number("12abc", field: "value") }
        #expect(throws: FieldError.self) { try Validate.number("nan", field: "value") }
        #expect(try Validate.number(" 4.5 ", field: "value") == 4.5)
    }

    @Test("sectors and measures can be added once, with slug ids")
    func vocabulary() throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try store.addSector(id: "addiction_care", name: "Addiction care", level: .municipal)
        #expect(try store.sectors().contains { $0.id == "addiction_care" && $0.level == "municipal" })
        try expectRefused(store, code: .badData) { try store.addSector(id: "addiction_care", name: "x", level: .civil) }
        try expectRefused(store, code: .badData) { try store.addSector(id: "Bad Id", name: "x", level: .civil) }
        try store.addMeasure(id: "housing_days", name: "Days housed", dimension: .societal, unit: "days", direction: .higherIsBetter)
        #expect(try store.measure("housing_days").direction == .higherIsBetter)
    }
}

@Suite("Caseworker views: timeline, lists, audit")
struct CaseworkerViewTests {
    func storeWithHistory(_ directory: TemporaryDirectory) throws -> TrackerStore {
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c1", type: "sick_leave", ref: "J-1", owner: "mette", openedAt: "2026-01-05"))
        try store.openJourney(NewJourney(citizenID: "c2", type: "youth", ref: "J-2", owner: "ali", openedAt: "2026-01-10"))
        try store.openJourney(NewJourney(citizenID: "c3", type: "youth", ref: "J-3", owner: "ali", openedAt: "2026-02-01"))
        try store.logStep(journey: "J-1", NewStep(sector: "general_practice", kind: .referral, at: "2026-01-05"))
        try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .assessment, at: "2026-01-12"))
        try store.logStep(journey: "J-1", NewStep(sector: "psychiatry", kind: .assessment, at: "2026-02-20"))
        try store.logStep(journey: "J-2", NewStep(sector: "primary_school", kind: .meeting, at: "2026-01-15"))
        try store.logStep(journey: "J-2", NewStep(sector: "primary_school", kind: .meeting, at: "2026-04-15"))
        let obstacle = try store.logObstacle(journey: "J-1", NewObstacle(
            category: "regulation", sectors: ["employment", "psychiatry"], description: "no statement",
            ruleRef: "Sygedagpengeloven § 13", delayDays: 21, loggedAt: "2026-01-20"))
        try store.logObstacle(journey: "J-1", NewObstacle(category: "data_sharing", sectors: ["employment"],
                                                          description: "no access", loggedAt: "2026-02-21"))
        try store.changeObstacle(obstacle, .resolve, note: "statement arrived", at: "2026-02-10")
        try store.observe(journey: "J-1", NewObservation(measure: "who5", phase: .baseline, value: 32, observedAt: "2026-01-05"))
        return store
    }

    @Test("the timeline lists everything in time order with sectors, handoffs and open obstacles")
    func timeline() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithHistory(directory)
        let timeline = try store.timeline(of: "J-1", asOf: "2026-03-01")
        #expect(timeline.entries.map(\.event) == ["opened", "step", "observation", "step", "obstacle_open",
                                                  "obstacle_resolved", "step", "obstacle_open"])
        #expect(timeline.sectorsCrossed == ["general_practice", "employment", "psychiatry"])
        #expect(timeline.handoffs.map { "\($0.from)>\($0.to):\($0.gapDays)" } ==
                ["general_practice>employment:7.0", "employment>psychiatry:39.0"])
        #expect(timeline.openObstacles.map(\.category) == ["data_sharing"])
        #expect(timeline.openObstacles.first?.daysOpen == 8)
        #expect(timeline.daysOpen == 55)
        #expect(timeline.text().contains("general_practice → employment → psychiatry"))
    }

    @Test("viewing a timeline is audited as `viewed` by the actor")
    func viewAudited() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithHistory(directory)
        _ = try store.timeline(of: "J-2")
        let row = try #require(try store.db.row("SELECT actor, action, entity, entity_id FROM audit_log ORDER BY id DESC"))
        #expect(row.values == [.text("mette"), .text("viewed"), .text("journey"), .text("2")])
    }

    @Test("the stalled list shows open journeys silent for more than N days, longest first")
    func stalled() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithHistory(directory)
        let table = try JourneyListing(stalledDays: 20, asOf: "2026-03-15").run(in: store)
        // J-3 silent since opening 2026-02-01 (42 days), J-2 since 2026-01-15 (59; the April step is after as-of),
        // J-1 since 2026-02-20 (23).
        #expect(table.rows.map { $0[1] } == [.text("J-2"), .text("J-3"), .text("J-1")])
        #expect(table.rows.map { $0[9] } == [.real(59), .real(42), .real(23)])
        #expect(table.rows[0][8] == .text("2026-01-15"))
        let fewer = try JourneyListing(stalledDays: 30, asOf: "2026-03-15").run(in: store)
        #expect(fewer.rows.count == 2)
        let early = try JourneyListing(stalledDays: 0, asOf: "2026-01-20").run(in: store)
        #expect(early.rows.map { $0[1] } == [.text("J-1"), .text("J-2")], "J-3 opened after as-of")
    }

    @Test("journey list filters by status, type, sector and owner")
    func listFilters() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithHistory(directory)
        _ = try store.closeJourney("J-3", outcome: .withdrawn, closedAt: "2026-02-02")
        func refs(_ listing: JourneyListing) throws -> [OutputValue] { try listing.run(in: store).rows.map { $0[1] } }
        #expect(try refs(JourneyListing(status: .open)) == [.text("J-1"), .text("J-2")])
        #expect(try refs(JourneyListing(type: "youth")) == [.text("J-2"), .text("J-3")])
        #expect(try refs(JourneyListing(sector: "psychiatry")) == [.text("J-1")])
        #expect(try refs(JourneyListing(owner: "ali", limit: 1)) == [.text("J-2")])
        #expect(throws: FieldError.self) { try JourneyListing(sector: "atlantis").run(in: store) }
        #expect(try JourneyListing().run(in: store).columns == ["id", "ref", "citizen", "type", "status", "owner",
                                                                 "opened_at", "closed_at", "last_step_at", "silent_days"])
    }

    @Test("obstacle list filters by status, category, sector and rule")
    func obstacleList() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithHistory(directory)
        #expect(try ObstacleListing(status: .open).run(in: store).rows.map { $0[3] } == [.text("data_sharing")])
        #expect(try ObstacleListing(sector: "psychiatry").run(in: store).rows.map { $0[4] } == [.list(["employment", "psychiatry"])])
        #expect(try ObstacleListing(rule: "Sygedagpengeloven § 13").run(in: store).rows.count == 1)
        #expect(try ObstacleListing(category: "mandate").run(in: store).rows.isEmpty)
        #expect(throws: FieldError.self) { try ObstacleListing(category: "weather").run(in: store) }
    }

    @Test("every change writes exactly one audit entry, with its actor")
    func auditTrail() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithHistory(directory)
        let entries = try AuditListing(entity: "obstacle").run(in: store)
        #expect(entries.rows.map { $0[3] } == [.text("created"), .text("created"), .text("resolved")])
        #expect(try AuditListing(actor: "mette", action: "created", limit: 2).run(in: store).rows.count == 2)
        // One per migration, 3 journeys, 5 steps, 2 obstacles, 1 resolution, 1 observation.
        #expect(try count(store, "audit_log") == Int64(Migration.embedded.count) + 12)
    }
}
