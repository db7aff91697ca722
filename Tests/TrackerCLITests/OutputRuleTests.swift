import Foundation
import Testing
@testable import Tracker

@Suite("Output for people, through the binary")
struct OutputRuleTests {
    private static func demo(_ scratch: Scratch, journeys: Int = 300) throws -> String {
        let db = scratch.file("demo.sqlite")
        let made = try runTracker(["demo", "--journeys", String(journeys), "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        return db
    }

    @Test("journey show of demo journeys fits 80 columns with COLUMNS=80; --wide prints the long texts whole")
    func showFits() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        for journey in ["1", "7", "42", "150", "299"] {
            let shown = try runTracker(["journey", "show", journey, "--db", db], environment: ["COLUMNS": "80"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let widest = shown.stdout.split(separator: "\n").map(\.count).max() ?? 0
            #expect(widest <= 80, "journey \(journey): a line of \(widest) characters")
            #expect(shown.stdout.contains("Sectors crossed"))
        }
        let wide = try runTracker(["journey", "show", "42", "--wide", "--db", db], environment: ["COLUMNS": "80"])
        let narrow = try runTracker(["journey", "show", "42", "--db", db], environment: ["COLUMNS": "80"])
        #expect(wide.stdout.count >= narrow.stdout.count && !wide.stdout.contains("…") || wide.stdout == narrow.stdout)
    }

    @Test("a listing too wide for 80 columns folds its long headings over short numbers onto two lines, in either language")
    func foldedHeadings() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        for language in ["en", "da"] {
            let listed = try runTracker(["journey", "list", "--limit", "20", "--db", db, "--lang", language],
                                        environment: ["COLUMNS": "80"])
            let lines = listed.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            // The Danish `ansvarlig` is one word a column wider than the cut
            // owner names: the one column the rule cannot narrow.
            #expect(lines.map(\.count).max() ?? 0 <= (language == "en" ? 80 : 81), "\(language): \(listed.stdout)")
            // Two heading lines, then the rule, then 20 rows.
            #expect(lines.count == 2 + 1 + 20 + 1 && lines[2].hasPrefix("--"), "\(language)")
            #expect(lines[2].split(separator: " ").count == lines[1].split(separator: "  ").filter { !$0.isEmpty }.count
                    || language == "da")
        }
        let english = try runTracker(["journey", "list", "--limit", "5", "--db", db], environment: ["COLUMNS": "80"])
        #expect(english.stdout.hasPrefix(" ") && english.stdout.contains("silent\n") && english.stdout.contains(" days\n"))
        let wide = try runTracker(["journey", "list", "--limit", "5", "--wide", "--db", db], environment: ["COLUMNS": "80"])
        #expect(wide.stdout.hasPrefix("id") && wide.stdout.split(separator: "\n")[0].hasSuffix("silent_days"))
    }

    @Test("journey show --format json is one object with its timeline and changes")
    func showJSON() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch, journeys: 20)
        let shown = try runTracker(["journey", "show", "3", "--format", "json", "--db", db])
        let object = try #require(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? Int == 3)
        #expect((object["timeline"] as? [[String: Any]])?.first?["event"] as? String == "opened")
        #expect(object["changes"] is [Any] && object["voided"] as? Bool == false)
    }

    @Test("a listing stops at 100 rows in the terminal and says how many more; --limit 0 and machine formats print all")
    func listingLimit() throws {
        let scratch = Scratch()
        let db = try Self.demo(scratch)
        let table = try runTracker(["journey", "list", "--db", db])
        #expect(table.stdout.split(separator: "\n").count == 102, "a heading, a rule and 100 rows")
        #expect(table.stderr.contains("… and 200 more rows"))
        let all = try runTracker(["journey", "list", "--limit", "0", "--db", db])
        #expect(all.stdout.split(separator: "\n").count == 302 && all.stderr.isEmpty)
        let csv = try runTracker(["journey", "list", "--format", "csv", "--db", db])
        #expect(csv.stdout.split(separator: "\r\n").count == 301)
        #expect(try runTracker(["journey", "list", "--limit", "few", "--db", db]).status == 65)
    }

    @Test("--version names the schema; an unknown command suggests the nearest; the root help shows the global options")
    func versionHelpSuggestions() throws {
        let version = try runTracker(["--version"])
        #expect(version.status == 0 && version.stdout == TrackerVersion.description + "\n")
        #expect(version.stdout.contains("schema 0011_step_order_facts"))
        let typo = try runTracker(["jurney", "list"])
        #expect(typo.status == 64 && typo.stderr.contains("did you mean `tracker journey`?") && typo.stdout.isEmpty)
        let deeper = try runTracker(["journey", "opne"])
        #expect(deeper.status == 64 && deeper.stderr.contains("did you mean `tracker journey open`?"))
        let help = try runTracker(["--help"])
        #expect(help.stdout.contains("--db PATH") && help.stdout.contains("--actor NAME") && help.stdout.contains("Examples:"))
    }

    @Test("the man page in docs/man is the one the binary makes from its command definitions")
    func manPageCurrent() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/man/tracker.1")
        let committed = try String(contentsOf: file, encoding: .utf8)
        let made = try runTracker(["man-page"])
        #expect(made.status == 0)
        #expect(made.stdout == committed, "regenerate it: swift run tracker man-page > docs/man/tracker.1")
        #expect(committed.contains(".SS \"tracker journey amend\"") && committed.contains(".SS \"tracker today\""))
    }

    @Test("a write prints one line on stderr; in JSON the written row as one object")
    func oneLineWrites() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        #expect(try runTracker(["init", "--db", db]).status == 0)
        let opened = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--ref", "J-1",
                                     "--opened", "2026-01-05", "--db", db])
        #expect(opened.stdout.isEmpty && opened.stderr == "journey J-1 opened (id 1): youth, owner tester\n")
        let step = try runTracker(["step", "log", "J-1", "--sector", "psychiatry", "--kind", "assessment",
                                   "--at", "2026-01-19", "--db", db])
        #expect(step.stdout.isEmpty && step.stderr == "step 1 logged on J-1: psychiatry, assessment, 2026-01-19\n")
        let json = try runTracker(["obstacle", "log", "J-1", "--category", "mandate", "--sector", "psychiatry",
                                   "--description", "no one may decide", "--at", "2026-01-20", "--format", "json", "--db", db])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? Int == 1 && object["logged_by"] as? String == "tester")
        #expect(object["sectors"] as? [String] == ["psychiatry"] && object["logged_at"] as? String == "2026-01-20")
    }
}
