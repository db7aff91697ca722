import Foundation
import Testing
@testable import Tracker

@Suite("Rule challenges through the binary")
struct RuleChallengeCommandTests {
    func audits(_ path: String) throws -> Int64? {
        try Database(path: path, mode: .readOnly).value("SELECT count(*) FROM audit_log").integer
    }

    @Test("file, answer, list, show and analyze; bad input refused with nothing written")
    func flow() throws {
        let scratch = Scratch()
        let environment = ["TRACKER_DB": scratch.file("t.sqlite"), "TRACKER_ACTOR": "ali"]
        func run(_ arguments: [String]) throws -> RunResult { try runTracker(arguments, environment: environment) }
        #expect(try run(["init"]).status == 0)
        #expect(try run(["journey", "open", "--citizen", "c-1", "--type", "youth", "--ref", "J-1", "--opened", "2025-01-02"]).status == 0)
        for (day, delay) in [("2025-01-10", "20"), ("2025-02-03", "40")] {
            let logged = try run(["obstacle", "log", "J-1", "--category", "regulation", "--sector", "employment",
                                  "--description", "waits for a statement", "--rule", "Rule A", "--delay-days", delay, "--at", day])
            #expect(logged.status == 0, "\(logged.stderr)")
        }
        let filed = try run(["rule", "challenge", "Rule A", "--to", "Ministry", "--submitted", "2025-01-31",
                             "--request", "exempt us", "--format", "json"])
        #expect(filed.status == 0, "\(filed.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(filed.stdout.utf8)) as? [String: Any])
        let evidence = try #require(object["evidence"] as? [String: Any])
        #expect(object["status"] as? String == "pending" && evidence["obstacles"] as? Int == 1
                && evidence["delay_days_total"] as? Double == 20)

        let bad: [([String], Int32)] = [
            (["rule", "challenge", "Rule Z", "--to", "Ministry", "--submitted", "2025-01-31"], 66),
            (["rule", "challenge", "Rule A", "--to", "Ministry", "--submitted", "someday"], 65),
            (["rule", "respond", "1", "--outcome", "granted", "--at", "2025-01-01"], 65),
            (["rule", "respond", "1", "--outcome", "refused", "--at", "2025-03-01", "--effective", "2025-04-01"], 65),
            (["rule", "respond", "1", "--outcome", "granted", "--at", "2025-03-01", "--effective", "2025-02-01"], 65),
            (["rule", "respond", "1", "--outcome", "maybe", "--at", "2025-03-01"], 64),
            (["rule", "respond", "9", "--outcome", "refused", "--at", "2025-03-01"], 66),
            (["rule", "show", "x"], 65),
            (["analyze", "rule-change", "Rule A"], 66),
            (["analyze", "rule-change", "Rule A", "--at", "2025-02-01", "--months", "1"], 65),
        ]
        for (arguments, code) in bad {
            let before = try audits(scratch.file("t.sqlite"))
            let result = try run(arguments)
            #expect(result.status == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.lowercased().contains("error") && result.stdout.isEmpty, "\(arguments)")
            #expect(try audits(scratch.file("t.sqlite")) == before)
        }
        let granted = try run(["rule", "respond", "1", "--outcome", "granted", "--at", "2025-03-01", "--effective", "2025-03-01"])
        #expect(granted.status == 0 && granted.stderr.contains("granted"), "\(granted.stderr)")
        #expect(try run(["rule", "respond", "1", "--outcome", "refused", "--at", "2025-03-02"]).status == 65)
        let list = try run(["rule", "list", "--status", "granted", "--format", "csv"])
        #expect(list.stdout.split(whereSeparator: \.isNewline).count == 2 && list.stdout.contains("Rule A"))
        let show = try run(["rule", "show", "1"])
        #expect(show.status == 0 && show.stdout.contains("evidence.delay_days_total") && show.stdout.contains("exempt us"))

        let change = try run(["analyze", "rule-change", "Rule A", "--months", "2", "--format", "json"])
        #expect(change.status == 0, "\(change.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(change.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first)
        #expect(Set(row.keys) == Set(RuleChangeAnalysis.columns + ["series"]))
        #expect(row["change_at"] as? String == "2025-03-01" && row["months_before"] as? Int == 2)
        #expect((row["series"] as? [[String: Any]])?.first?["start"] as? String == "2025-01-01")
        let chart = try run(["analyze", "rule-change", "Rule A", "--months", "2"])
        #expect(chart.stdout.contains("level_change") && chart.stdout.contains("█"))
    }
}
