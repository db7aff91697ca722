import Foundation
import Testing
@testable import Tracker

@Suite("effect hazard, incidence, landmark and adjust through the binary; their bad input")
struct HonestStatisticsCommandTests {
    private static func demo(_ scratch: Scratch) throws -> String {
        let db = scratch.file("demo.sqlite")
        let made = try runTracker(["demo", "--journeys", "400", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        return db
    }

    private static func rows(_ result: RunResult) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("survival by an obstacle warns of immortal time on stderr and keeps its output; --landmark does not warn")
    func warning() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        let naive = try runTracker(["effect", "survival", "--by", "obstacle:documentation", "--format", "json", "--db", db])
        #expect(naive.status == 0 && naive.stderr.contains("immortal-time bias") && naive.stderr.contains("--landmark"))
        #expect(try Self.rows(naive).count == 2)
        let landmark = try runTracker(["effect", "survival", "--by", "obstacle:documentation", "--landmark", "60",
                                       "--format", "json", "--db", db])
        #expect(landmark.status == 0 && landmark.stderr.isEmpty)
        let rows = try Self.rows(landmark)
        #expect(rows.allSatisfy { $0["landmark_days"] as? Int == 60 })
        let byType = try runTracker(["effect", "survival", "--by", "type", "--db", db])
        #expect(byType.status == 0 && byType.stderr.isEmpty)
    }

    @Test("effect hazard gives one row with a hazard ratio inside its interval; incidence adds up to the share closed")
    func hazardAndIncidence() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        let hazard = try runTracker(["effect", "hazard", "--exposure", "obstacle:documentation or obstacle:mandate",
                                     "--format", "json", "--db", db])
        #expect(hazard.status == 0, "\(hazard.stderr)")
        let row = try #require(try Self.rows(hazard).first)
        let ratio = try #require(row["hazard_ratio"] as? Double)
        #expect((row["ci_low"] as! Double) < ratio && ratio < (row["ci_high"] as! Double))
        #expect(row["strata"] as? String == "type" && (row["exposed_journeys"] as! Int) > 0)
        let table = try runTracker(["effect", "hazard", "--exposure", "sector:psychiatry", "--strata", "none", "--db", db])
        #expect(table.status == 0 && table.stdout.contains("hazard_ratio"))

        let incidence = try runTracker(["effect", "incidence", "--days", "3650", "--format", "json", "--db", db])
        #expect(incidence.status == 0, "\(incidence.stderr)")
        let total = try Self.rows(incidence).reduce(0.0) { $0 + ($1["cumulative_incidence"] as! Double) }
        let survival = try runTracker(["effect", "survival", "--format", "json", "--db", db])
        let km = try #require(try Self.rows(survival).first)
        // Every journey is closed or censored by ten years: the outcomes add
        // up to the share closed, 1 − S at the end of the curve.
        #expect(total > 0 && total <= 1 + 1e-12)
        #expect((km["events"] as! Int) > 0)
        let people = try runTracker(["effect", "incidence", "--by", "type", "--days", "365", "--db", db])
        #expect(people.stdout.contains("%"))
    }

    @Test("compare --adjust prints the ANCOVA beside Welch's test")
    func adjusted() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        let result = try runTracker(["effect", "compare", "--measure", "who5", "--cohort", "obstacle:documentation",
                                     "--adjust", "type,baseline", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(try Self.rows(result).first)
        #expect(row["adjusted_difference"] is Double && row["adjusted_p"] is Double)
    }

    @Test("bad input: each refused with its exit code and a clear message, nothing on stdout",
          arguments: [
              (["effect", "hazard", "--exposure", "type:sick_leave_to_work"], 65, "not exposures"),
              (["effect", "hazard", "--exposure", "not obstacle:mandate"], 65, "switches off"),
              (["effect", "hazard", "--exposure", "sectors<3"], 65, "sector count"),
              (["effect", "hazard", "--exposure", "obstacle:nonsense"], 66, "nonsense"),
              (["effect", "hazard", "--exposure", "obstacle:(("], 65, "obstacle"),
              (["effect", "hazard"], 64, "--exposure"),
              (["effect", "hazard", "--exposure", "obstacle:mandate", "--strata", "sector"], 64, "strata"),
              (["effect", "hazard", "--exposure", "obstacle:mandate", "--as-of", "2020-13-01"], 65, "2020-13-01"),
              (["effect", "survival", "--landmark=-5"], 65, "--landmark"),
              (["effect", "survival", "--landmark", "soon"], 65, "--landmark"),
              (["effect", "survival", "--by", "outcome:achieved", "--landmark", "30"], 65, "landmark"),
              (["effect", "incidence", "--days", "90,x"], 65, "--days"),
              (["effect", "incidence", "--by", "sector:nowhere"], 66, "nowhere"),
              (["effect", "compare", "--measure", "who5", "--cohort", "obstacle:mandate", "--adjust", "age"], 65, "age"),
              (["effect", "compare", "--measure", "who5", "--cohort", "type:sick_leave_to_work", "--adjust", "type"], 65,
               "types"),
          ])
    func badInput(arguments: [String], status: Int32, mention: String) throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        let result = try runTracker(arguments + ["--db", db])
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments)")
    }
}
