import Foundation
import Testing
@testable import Tracker

@Suite("Corrections through the binary")
struct CorrectionCommandTests {
    /// Runs `tracker ARGS --db DB` as caseworker mette and expects success.
    @discardableResult
    private func tracker(_ db: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runTracker(arguments + ["--db", db], environment: ["TRACKER_ACTOR": "mette"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    private func json(_ result: RunResult) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    private func sql(_ db: String, _ query: String) throws -> [[String: Any]] {
        try json(tracker(db, ["sql", query, "--format", "json"]))
    }

    /// A journey with steps in employment, psychiatry and employment, an
    /// obstacle between the two and a who5 baseline and follow-up.
    private func journey(_ scratch: Scratch) throws -> String {
        let db = scratch.file("t.sqlite")
        try tracker(db, ["init"])
        try tracker(db, ["journey", "open", "--citizen", "c-1", "--type", "sick_leave", "--ref", "J-1", "--opened", "2026-01-05"])
        try tracker(db, ["step", "log", "J-1", "--sector", "employment", "--kind", "meeting", "--at", "2026-01-10"])
        try tracker(db, ["step", "log", "J-1", "--sector", "psychiatry", "--kind", "assessment", "--at", "2026-01-20"])
        try tracker(db, ["step", "log", "J-1", "--sector", "employment", "--kind", "decision", "--at", "2026-02-01"])
        try tracker(db, ["obstacle", "log", "J-1", "--category", "data_sharing", "--sector", "employment", "--sector",
                         "psychiatry", "--description", "no shared record", "--delay-days", "12", "--at", "2026-01-21"])
        try tracker(db, ["observe", "J-1", "--measure", "who5", "--phase", "baseline", "--value", "40", "--at", "2026-01-06"])
        try tracker(db, ["observe", "J-1", "--measure", "who5", "--phase", "followup", "--value", "60", "--at", "2026-02-02"])
        return db
    }

    @Test("amend, void and restore a step, an obstacle and an observation: changes, audit, analyses and views agree")
    func correctionsAgree() throws {
        let scratch = Scratch()
        let db = try journey(scratch)

        // A step: amended, voided (it leaves the handoff matrix), restored.
        let amended = try tracker(db, ["step", "amend", "2", "--sector", "hospital", "--reason", "wrong sector",
                                       "--format", "json"])
        #expect(try json(amended).map { $0["field"] as? String } == ["sector"])
        #expect(amended.stderr == "amended step 2: sector\n")
        var handoffs = try json(tracker(db, ["analyze", "handoffs", "--format", "json"]))
        #expect(handoffs.map { "\($0["from_sector"]!)>\($0["to_sector"]!)" } == ["employment>hospital", "hospital>employment"])
        try tracker(db, ["step", "void", "2", "--reason", "logged on the wrong journey"])
        handoffs = try json(tracker(db, ["analyze", "handoffs", "--format", "json"]))
        #expect(handoffs.isEmpty, "a voided step leaves the handoff matrix")
        #expect(try sql(db, "SELECT count(*) AS n FROM v_transitions").first?["n"] as? Int == 0)
        #expect(try sql(db, "SELECT step_count FROM v_journeys").first?["step_count"] as? Int == 2)
        try tracker(db, ["step", "restore", "2", "--reason", "it was right"])
        handoffs = try json(tracker(db, ["analyze", "handoffs", "--format", "json"]))
        #expect(handoffs.count == 2 && handoffs.allSatisfy { $0["obstacles"] as? Int == 0 },
                "the obstacle lies between employment and psychiatry, which no longer meet")

        // An obstacle: amended onto the new sectors, voided, restored.
        try tracker(db, ["obstacle", "amend", "1", "--sector", "employment", "--sector", "hospital", "--delay-days", "20",
                         "--reason", "it was the hospital"])
        handoffs = try json(tracker(db, ["analyze", "handoffs", "--format", "json"]))
        #expect(handoffs.allSatisfy { $0["obstacles"] as? Int == 1 })
        var rules = try json(tracker(db, ["analyze", "obstacles", "--by", "category", "--format", "json"]))
        #expect(rules.first?["delay_days_total"] as? Double == 20)
        try tracker(db, ["obstacle", "void", "1", "--reason", "a duplicate"])
        rules = try json(tracker(db, ["analyze", "obstacles", "--by", "category", "--format", "json"]))
        #expect(rules.isEmpty)
        #expect(try sql(db, "SELECT count(*) AS n FROM v_obstacles").first?["n"] as? Int == 0)
        let listed = try json(tracker(db, ["obstacle", "list", "--include-voided", "--format", "json"]))
        #expect(listed.count == 1 && listed.first?["voided"] as? Bool == true)
        try tracker(db, ["obstacle", "restore", "1", "--reason", "not a duplicate"])
        #expect(try sql(db, "SELECT sectors FROM v_obstacles").first?["sectors"] as? String == "employment;hospital")

        // An observation: amended, voided, restored.
        try tracker(db, ["observation", "amend", "2", "--value", "70", "--reason", "typed 60 for 70"])
        var effect = try json(tracker(db, ["effect", "summary", "--measure", "who5", "--format", "json"]))
        #expect(effect.first?["mean_change"] as? Double == 30)
        #expect(try sql(db, "SELECT change FROM v_effects").first?["change"] as? Double == 30)
        try tracker(db, ["observation", "void", "2", "--reason", "another citizen's"])
        effect = try json(tracker(db, ["effect", "summary", "--measure", "who5", "--format", "json"]))
        #expect(effect.first?["n"] as? Int == 0 && effect.first?["n_missing"] as? Int == 1)
        try tracker(db, ["observation", "restore", "2", "--reason", "it was hers"])
        effect = try json(tracker(db, ["effect", "summary", "--measure", "who5", "--format", "json"]))
        #expect(effect.first?["mean_change"] as? Double == 30)

        // The history and the audit log hold every change, with its reason and actor.
        let changes = try sql(db, "SELECT entity, entity_id, field, reason, actor FROM changes ORDER BY id")
        #expect(changes.map { "\($0["entity"]!) \($0["entity_id"]!) \($0["field"]!)" } == [
            "step 2 sector", "step 2 voided_at", "step 2 voided_at",
            "obstacle 1 sectors", "obstacle 1 delay_days", "obstacle 1 voided_at", "obstacle 1 voided_at",
            "observation 2 value", "observation 2 voided_at", "observation 2 voided_at",
        ])
        #expect(changes.allSatisfy { $0["actor"] as? String == "mette" && !(($0["reason"] as? String) ?? "").isEmpty })
        let audit = try sql(db, """
            SELECT action, entity, entity_id FROM audit_log WHERE action IN ('amended', 'voided', 'restored') ORDER BY id
            """)
        #expect(audit.map { "\($0["action"]!) \($0["entity"]!) \($0["entity_id"]!)" } == [
            "amended step 2", "voided step 2", "restored step 2", "amended obstacle 1", "voided obstacle 1",
            "restored obstacle 1", "amended observation 2", "voided observation 2", "restored observation 2",
        ])
        let history = try json(tracker(db, ["history", "obstacle", "1", "--format", "json"]))
        #expect(history.first?["old_value"] as? String == "employment;psychiatry")
        #expect(history.first?["new_value"] as? String == "employment;hospital")
        #expect(try tracker(db, ["check"]).status == 0)
    }

    @Test("bad input to every correction command: a clear error, its exit code, nothing written")
    func refusals() throws {
        let scratch = Scratch()
        let db = try journey(scratch)
        try tracker(db, ["journey", "close", "J-1", "--outcome", "achieved", "--closed", "2026-02-10"])
        try tracker(db, ["step", "void", "3", "--reason", "test"])
        let cases: [([String], Int32, String)] = [
            (["step", "amend", "99", "--kind", "other", "--reason", "x"], 66, "no step with id 99"),
            (["step", "amend", "x1", "--kind", "other", "--reason", "x"], 65, "is not the id of a step"),
            (["step", "amend", "1", "--kind", "meeting", "--reason", "x"], 65, "nothing to change"),
            (["step", "amend", "1", "--at", "2026-13-01", "--reason", "x"], 65, "is not a date"),
            (["step", "amend", "1", "--at", "2025-12-01", "--reason", "x"], 65, "lies before"),
            (["step", "amend", "1", "--kind", "other"], 64, "--reason"),
            (["step", "amend", "1", "--kind", "other", "--reason", "0101901234"], 65, "CPR"),
            (["step", "void", "3", "--reason", "again"], 65, "voided already"),
            (["step", "restore", "1", "--reason", "x"], 65, "not voided"),
            (["step", "amend", "3", "--kind", "other", "--reason", "x"], 65, "restore it first"),
            (["obstacle", "amend", "1", "--severity", "9", "--reason", "x"], 65, "between 1 and 5"),
            (["obstacle", "amend", "1", "--category", "weather", "--reason", "x"], 66, "unknown obstacle category"),
            (["observation", "amend", "1", "--value", "many", "--reason", "x"], 65, "not a finite number"),
            (["observation", "void", "7", "--reason", "x"], 66, "no observation with id 7"),
            (["journey", "reopen", "J-9", "--reason", "x"], 66, "no journey"),
            (["journey", "amend", "J-1", "--opened", "2026-01-15", "--reason", "x"], 65, "lies before"),
            (["note", "void", "1", "--reason", "x"], 66, "no note with id 1"),
            (["history", "step", "42"], 66, "no step with id 42"),
            (["history", "colour", "1"], 64, "colour"),
        ]
        let auditBefore = try sql(db, "SELECT count(*) AS n FROM audit_log").first?["n"] as? Int
        let changesBefore = try sql(db, "SELECT count(*) AS n FROM changes").first?["n"] as? Int
        for (arguments, status, message) in cases {
            let result = try runTracker(arguments + ["--db", db], environment: ["TRACKER_ACTOR": "mette"])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(!result.stderr.contains("0101901234"), "a CPR number is never echoed")
        }
        #expect(try sql(db, "SELECT count(*) AS n FROM audit_log").first?["n"] as? Int == auditBefore)
        #expect(try sql(db, "SELECT count(*) AS n FROM changes").first?["n"] as? Int == changesBefore)
        // Reopened, the journey is open again and the close is in its history.
        try tracker(db, ["journey", "reopen", "J-1", "--reason", "closed too early"])
        let journeys = try json(tracker(db, ["journey", "list", "--format", "json"]))
        #expect(journeys.first?["status"] as? String == "open")
    }

    @Test("a time without a zone is local time ($TZ), stored in UTC; a write without any actor is exit 64")
    func localTimeAndActor() throws {
        let scratch = Scratch()
        let db = try journey(scratch)
        let zone = ["TZ": "CET-1CEST,M3.5.0,M10.5.0/3", "TRACKER_ACTOR": "mette"]
        let winter = try runTracker(["step", "log", "J-1", "--sector", "housing", "--kind", "meeting",
                                     "--at", "2026-02-03T09:30", "--db", db], environment: zone)
        #expect(winter.status == 0, "\(winter.stderr)")
        let summer = try runTracker(["observe", "J-1", "--measure", "who5", "--phase", "interim", "--value", "50",
                                     "--at", "2026-07-01 12:00", "--db", db], environment: zone)
        #expect(summer.status == 0, "\(summer.stderr)")
        #expect(try sql(db, "SELECT at FROM steps WHERE sector_id = 'housing'").first?["at"] as? String == "2026-02-03T08:30:00Z")
        #expect(try sql(db, "SELECT observed_at FROM observations WHERE phase = 'interim'").first?["observed_at"] as? String
                == "2026-07-01T10:00:00Z")
        let auditBefore = try sql(db, "SELECT count(*) AS n FROM audit_log").first?["n"] as? Int
        let nobody = try runTracker(["step", "log", "J-1", "--sector", "housing", "--kind", "meeting", "--db", db],
                                    environment: ["TRACKER_ACTOR": "", "USER": ""])
        #expect(nobody.status == 64 && nobody.stderr.contains("no actor"), "\(nobody.stderr)")
        #expect(try sql(db, "SELECT count(*) AS n FROM audit_log").first?["n"] as? Int == auditBefore)
        #expect(try sql(db, "SELECT count(*) AS n FROM audit_log WHERE actor = 'unknown'").first?["n"] as? Int == 0)
    }

    @Test("bad input to the work-queue commands: a clear error, its exit code, nothing written, no CPR echoed")
    func workQueueRefusals() throws {
        let scratch = Scratch()
        let db = try journey(scratch)
        try tracker(db, ["journey", "follow-up", "J-1", "--due", "2026-03-01", "--what", "call"])
        try tracker(db, ["follow-up", "done", "1"])
        let cases: [([String], [String: String], Int32, String)] = [
            (["journey", "assign", "J-9", "--to", "jonas"], [:], 66, "no journey"),
            (["journey", "assign", "J-1", "--to", "mette"], [:], 65, "nothing to change"),
            (["journey", "reassign", "--from", "mette", "--to", "mette"], [:], 65, "same caseworker"),
            (["journey", "reassign", "--from", "nobody", "--to", "jonas"], [:], 66, "owns no open journey"),
            (["journey", "follow-up", "J-1", "--due", "soon", "--what", "x"], [:], 65, "is not a date"),
            (["journey", "follow-up", "J-1", "--due", "2026-03-01", "--what", "ring 010190-1234"], [:], 65, "CPR"),
            (["follow-up", "done", "99"], [:], 66, "no follow-up with id 99"),
            (["follow-up", "done", "1"], [:], 65, "done already"),
            (["today", "--as-of", "someday"], [:], 65, "is not a date"),
            (["today"], ["TRACKER_ACTOR": "", "USER": ""], 64, "whose day"),
            (["citizen", "show", "nobody"], [:], 66, "no citizen"),
            (["citizen", "show", "c-1", "--cpr", "010190-1234"], [:], 64, "citizen reference or --cpr"),
            (["journey", "list", "--mine"], ["TRACKER_ACTOR": "", "USER": ""], 64, "no actor"),
            (["journey", "note", "J-1", "CPR 0101901234"], [:], 65, "CPR"),
            (["journey", "list", "--stalled", "30", "--search", "x"], [:], 64, "--stalled goes with"),
        ]
        let before = try sql(db, "SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM changes) AS n")
        for (arguments, environment, status, message) in cases {
            var env = ["TRACKER_ACTOR": "mette"]
            for (key, value) in environment { env[key] = value }
            let result = try runTracker(arguments + ["--db", db], environment: env)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(!result.stderr.contains("0101901234") && !result.stderr.contains("010190-1234"))
        }
        let after = try sql(db, "SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM changes) AS n")
        #expect(after.first?["n"] as? Int == before.first?["n"] as? Int)
    }
}
