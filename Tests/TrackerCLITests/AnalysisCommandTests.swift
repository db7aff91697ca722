import Foundation
import Testing
@testable import Tracker

/// A database file made by `tracker init` and filled with the analysis
/// fixture of the library tests.
private func fixtureDatabase(_ scratch: Scratch, _ fixture: String = "analysis_fixture.sql") throws -> String {
    let path = scratch.file("t.sqlite")
    let initialized = try runTracker(["init", "--db", path])
    guard initialized.status == 0 else { throw TrackerError.io("init failed: \(initialized.stderr)") }
    let sql = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TrackerTests/Reference/\(fixture)").path
    try Database(path: path, mode: .readWrite).execute(String(contentsOfFile: sql, encoding: .utf8))
    return path
}

private func jsonRows(_ result: RunResult) throws -> [[String: Any]] {
    try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
}

/// The keys of the first row, in output order (JSONSerialization loses the
/// order): the strings at depth one that a colon follows.
private func orderedKeys(_ result: RunResult) -> [String] {
    guard let line = result.stdout.split(separator: "\n").dropFirst().first else { return [] }
    var keys: [String] = []
    var depth = 0
    var current: String?
    var escaped = false
    var lastString = ""
    for character in line {
        if var text = current {
            if escaped {
                text.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                lastString = text
                current = nil
                continue
            } else {
                text.append(character)
            }
            current = text
            continue
        }
        switch character {
        case "\"": current = ""
        case "{", "[": depth += 1
        case "}", "]": depth -= 1
        case ":" where depth == 1: keys.append(lastString)
        default: break
        }
    }
    return keys
}

@Suite("Analyst commands, end to end")
struct AnalysisCommandTests {
    @Test("every analysis answers in JSON with the keys of the output contract, in order")
    func contractKeys() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let cases: [([String], [String])] = [
            (["effect", "summary"], ["measure", "n", "n_missing", "mean_baseline", "mean_followup", "mean_change",
                                     "sd_change", "ci_low", "ci_high", "share_improved", "t", "p", "wilcoxon_p"]),
            (["effect", "summary", "--by", "type"], ["measure", "group", "n", "n_missing", "mean_baseline",
                                                     "mean_followup", "mean_change", "sd_change", "ci_low", "ci_high",
                                                     "share_improved", "t", "p", "wilcoxon_p", "q"]),
            (["effect", "compare", "--measure", "who5", "--cohort", "obstacle:regulation", "--adjust", "type,baseline"],
             EffectComparison.columns + ["adjusted_difference", "adjusted_ci_low", "adjusted_ci_high", "adjusted_p"]),
            (["effect", "hazard", "--exposure", "obstacle:regulation", "--as-of", "2026-06-30"],
             ["exposure", "strata", "n", "events", "exposed_journeys", "hazard_ratio", "ci_low", "ci_high", "z", "p"]),
            (["effect", "incidence", "--by", "type", "--as-of", "2026-06-30"],
             ["group", "outcome", "days", "n_at_risk", "cumulative_incidence", "ci_low", "ci_high"]),
            (["effect", "survival", "--by", "type", "--landmark", "30", "--as-of", "2026-06-30"],
             ["group", "landmark_days", "n", "events", "censored", "median_days", "median_ci_low", "median_ci_high",
              "logrank_chi2", "logrank_p"]),
            (["effect", "compare", "--measure", "who5", "--cohort", "obstacle:regulation"],
             ["measure", "cohort", "vs", "n_cohort", "n_vs", "mean_change_cohort", "mean_change_vs", "difference", "t",
              "df", "p", "ci_low", "ci_high"]),
            (["effect", "survival", "--by", "type", "--as-of", "2026-06-30"],
             ["group", "n", "events", "censored", "median_days", "median_ci_low", "median_ci_high", "logrank_chi2",
              "logrank_p"]),
            (["analyze", "obstacles", "--by", "sector-pair"],
             ["key", "obstacles", "journeys", "delay_days_total", "delay_days_median", "open"]),
            (["analyze", "rules"], ["rule_ref", "journeys", "obstacles", "delay_days_total", "delay_days_median",
                                    "staff_hours_total", "open", "sectors", "first_seen", "last_seen"]),
            (["analyze", "handoffs"], ["from_sector", "to_sector", "transitions", "gap_days_median", "obstacles"]),
            (["analyze", "journeys", "--by", "type"], ["group", "journeys", "open", "duration_days_median",
                                                       "duration_days_p90", "sectors_mean", "steps_mean",
                                                       "obstacles_mean"]),
            (["analyze", "activity-vs-effect"], ActivityEffectAnalysis.columns),
            (["effect", "summary", "--min-cell", "5"], ["measure", "n", "n_missing", "mean_baseline", "mean_followup",
                                                        "mean_change", "sd_change", "ci_low", "ci_high",
                                                        "share_improved", "t", "p", "wilcoxon_p", "suppressed"]),
        ]
        for (arguments, keys) in cases {
            let result = try runTracker(arguments + ["--db", db, "--format", "json"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(orderedKeys(result) == keys, "\(arguments)")
            #expect(try !jsonRows(result).isEmpty, "\(arguments)")
        }
    }

    @Test("numbers are JSON numbers, lists arrays, a missing figure null")
    func jsonTypes() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let rules = try jsonRows(runTracker(["--format", "json", "--db", db, "analyze", "rules", "--top", "2"]))
        #expect(rules.count == 2)
        #expect(rules[0]["journeys"] is NSNumber && rules[0]["delay_days_total"] is NSNumber)
        #expect(rules[0]["sectors"] is [String])
        let edgeScratch = Scratch()
        let edge = try fixtureDatabase(edgeScratch, "analysis_edge_fixture.sql")
        let summary = try jsonRows(runTracker(["--format", "json", "--db", edge, "effect", "summary", "--by", "type",
                                               "--measure", "who5"]))
        let solo = try #require(summary.first { $0["group"] as? String == "solo" })
        #expect(solo["n"] as? Int == 1 && solo["sd_change"] is NSNull && solo["ci_low"] is NSNull)
    }

    @Test("--from, --to and --type narrow the journeys")
    func filters() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let all = try jsonRows(runTracker(["analyze", "journeys", "--db", db, "--format", "json"]))
        let youth = try jsonRows(runTracker(["analyze", "journeys", "--db", db, "--format", "json", "--type", "youth"]))
        let window = try jsonRows(runTracker(["analyze", "journeys", "--db", db, "--format", "json",
                                              "--from", "2025-03-01", "--to", "2025-06-30"]))
        let total = try #require(all.first?["journeys"] as? Int)
        #expect(total == 60)
        #expect(try #require(youth.first?["journeys"] as? Int) == 20)
        #expect(try #require(window.first?["journeys"] as? Int) < total)
    }

    @Test("csv, ndjson and the table view print the same rows")
    func formats() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let csv = try runTracker(["analyze", "obstacles", "--by", "category", "--db", db, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("key,obstacles,journeys,delay_days_total,delay_days_median,open\r\n"))
        let ndjson = try runTracker(["analyze", "obstacles", "--by", "category", "--db", db, "--format", "ndjson"])
        #expect(ndjson.stdout.split(separator: "\n").count == csv.stdout.split(separator: "\r\n").count - 1)
        let table = try runTracker(["analyze", "obstacles", "--by", "category", "--db", db])
        #expect(table.stdout.hasPrefix("key "))
        let survival = try runTracker(["effect", "survival", "--by", "type", "--as-of", "2026-06-30", "--db", db, "--wide"])
        #expect(survival.stdout.contains("q1_days") && survival.stdout.contains("q3_days"))
    }

    @Test("a cohort of one is exit 65 with a message")
    func cohortOfOne() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch, "analysis_edge_fixture.sql")
        let result = try runTracker(["effect", "compare", "--measure", "who5", "--cohort", "type:solo", "--db", db])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error: the group `type:solo` has 1 journey"))
        #expect(result.stderr.contains("hint:"))
    }

    @Test("exit codes: malformed value 65, unknown name 66, usage 64")
    func exitCodes() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let cases: [([String], Int32, String)] = [
            (["effect", "summary", "--measure", "happiness"], 66, "unknown measure `happiness`"),
            (["effect", "compare", "--measure", "who5", "--cohort", "sector:atlantis"], 66, "unknown sector `atlantis`"),
            (["effect", "compare", "--measure", "who5", "--cohort", "obstacle:weather"], 66, "unknown obstacle category"),
            (["analyze", "journeys", "--type", "nosuchtype"], 66, "no journey has the type `nosuchtype`"),
            (["effect", "compare", "--measure", "who5", "--cohort", "obstacle:regulation and"], 65, "cannot read the cohort expression"),
            (["effect", "survival", "--by", "colour:red"], 65, "unknown term"),
            (["effect", "survival", "--as-of", "2026-02-30"], 65, "is not a date"),
            (["analyze", "handoffs", "--from", "tomorrow"], 65, "is not a date"),
            (["analyze", "rules", "--top", "many"], 65, "--top many"),
            (["analyze", "rules", "--min-cell=-3"], 65, "--min-cell -3"),
            (["analyze", "rules", "--min-cell", "few"], 65, "--min-cell few"),
            (["effect", "compare", "--cohort", "obstacle:regulation"], 64, "--measure"),
            (["analyze", "obstacles"], 64, "--by"),
            (["analyze", "obstacles", "--by", "colour"], 64, "colour"),
            (["effect", "survival", "--event", "finished"], 64, "finished"),
            (["analyze", "journeys", "--frobnicate"], 64, "frobnicate"),
        ]
        for (arguments, status, message) in cases {
            let result = try runTracker(arguments + ["--db", db])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test("small-cell suppression says on stderr how many groups it hid")
    func suppressionMessage() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch, "analysis_edge_fixture.sql")
        let result = try runTracker(["effect", "summary", "--by", "type", "--measure", "who5", "--min-cell", "3",
                                     "--db", db])
        #expect(result.status == 0)
        #expect(result.stderr.contains("3 groups with fewer than 3 journeys suppressed"))
        #expect(result.stdout.contains("<3"))
    }

    @Test("tracker sql prints a SELECT in any format")
    func sqlSelect() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let json = try runTracker(["sql", "SELECT type, count(*) AS n FROM journeys GROUP BY type ORDER BY type",
                                   "--db", db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try jsonRows(json).map { $0["type"] as? String } == ["rehabilitation", "sick_leave", "youth"])
        let csv = try runTracker(["--db", db, "--format", "csv", "sql", "SELECT count(*) AS n FROM v_transitions"])
        #expect(csv.stdout.hasPrefix("n\r\n"))
    }

    @Test("tracker sql refuses writes, ATTACH and schema pragmas with 65, and nothing changes")
    func sqlRefusals() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let before = try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM journeys")
        let audit = try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM audit_log")
        for sql in ["DELETE FROM journeys", "ATTACH DATABASE '\(scratch.file("other.sqlite"))' AS other",
                    "PRAGMA writable_schema = ON", "SELECT 1; DROP TABLE journeys", "PRAGMA query_only = 0"] {
            let result = try runTracker(["sql", sql, "--db", db])
            #expect(result.status == 65, "\(sql): \(result.stderr)")
            #expect(result.stderr.contains("error:"), "\(sql)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("other.sqlite")))
        #expect(try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM journeys") == before)
        #expect(try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM audit_log") == audit)
        let syntax = try runTracker(["sql", "SELEKT 1", "--db", db])
        #expect(syntax.status == 65 && syntax.stderr.contains("syntax error"))
    }

    @Test("the report prints one page with every section, small groups suppressed at 5")
    func report() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let result = try runTracker(["report", "--as-of", "2026-06-30", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        for title in ["Journeys by type", "Obstacles by category", "Rules that cost most",
                      "Handoffs where coherence breaks most", "Effect per measure", "Time to close", "Stalled journeys"] {
            #expect(result.stdout.contains(title), "\(title)")
        }
        #expect(result.stdout.contains("<5"))
        #expect(result.stderr.contains("suppressed"))
        let open = try runTracker(["report", "--as-of", "2026-06-30", "--min-cell", "0", "--db", db])
        #expect(open.status == 0 && !open.stdout.contains("<5"))
        #expect(try runTracker(["report", "--stalled", "soon", "--db", db]).status == 65)
        let html = try runTracker(["report", "--as-of", "2026-06-30", "--html", scratch.file("report.html"), "--db", db])
        #expect(html.status == 0 && html.stdout.isEmpty && html.stderr.contains("wrote"))
        let page = try String(contentsOfFile: scratch.file("report.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg"))
        let json = try runTracker(["report", "--as-of", "2026-06-30", "--format", "json", "--db", db])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["journeys"] as? Int == 58 && (object["sections"] as? [[String: Any]])?.count == 11)
        let csv = try runTracker(["report", "--as-of", "2026-06-30", "--format", "csv", "--db", db])
        #expect(csv.stdout.hasPrefix("section,row,column,value\r\nJourneys by type,1,type,"))
        let unwritable = try runTracker(["report", "--html", scratch.file("no/such/dir/r.html"), "--db", db])
        #expect(unwritable.status == 73)
    }

    @Test("report --html: 0600, an existing file refused with 73 and left alone unless --force, - for standard output")
    func reportPageFile() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let path = scratch.file("page.html")
        let written = try runTracker(["report", "--as-of", "2026-06-30", "--html", path, "--db", db])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(FileSystem.permissions(path) == 0o600, "the page is as private as the exports")
        try "kept".write(toFile: path, atomically: false, encoding: .utf8)
        let refused = try runTracker(["report", "--as-of", "2026-06-30", "--html", path, "--db", db])
        #expect(refused.status == 73 && refused.stderr.contains("exists already") && refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept")
        let forced = try runTracker(["report", "--as-of", "2026-06-30", "--html", path, "--force", "--db", db])
        #expect(forced.status == 0 && FileSystem.permissions(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let out = try runTracker(["report", "--as-of", "2026-06-30", "--html", "-", "--db", db], directory: scratch.path)
        #expect(out.status == 0 && out.stdout.hasPrefix("<!DOCTYPE html>") && out.stdout.hasSuffix("</html>\n"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("-")))
        #expect(out.stdout == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test("a suppressed group in the report's JSON keeps its key, has null counts and suppressed true, in every section")
    func reportSuppressionInJSON() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        let json = try runTracker(["report", "--as-of", "2026-06-30", "--format", "json", "--min-cell", "20", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(!json.stdout.contains("\"<20\""), "a count became a string")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        var hidden = 0
        for section in sections where section["title"] as? String != "Stalled journeys" {
            for row in try #require(section["rows"] as? [[String: Any]]) {
                let suppressed = try #require(row["suppressed"] as? Bool, "\(section["title"] ?? "")")
                guard suppressed else { continue }
                hidden += 1
                for count in ["journeys", "n", "transitions"] where row.keys.contains(count) {
                    #expect(row[count] is NSNull, "\(section["title"] ?? ""): \(count)")
                }
            }
        }
        // The ranked sections show their top rows; the count covers every hidden group.
        #expect(hidden > 0 && hidden <= (object["suppressed_groups"] as? Int ?? 0))
        // People's view of the same report still reads <20.
        let text = try runTracker(["report", "--as-of", "2026-06-30", "--min-cell", "20", "--db", db])
        #expect(text.stdout.contains("<20") && !text.stdout.contains("suppressed  "))
    }

    @Test("a malformed --min-cell is bad data (65) on every command that takes it")
    func minCellEverywhere() throws {
        let scratch = Scratch()
        let db = try fixtureDatabase(scratch)
        for arguments in [["analyze", "rules"], ["effect", "summary"], ["report"],
                          ["export", "--kind", "journeys", "--anonymize"]] {
            let result = try runTracker(arguments + ["--min-cell", "x", "--db", db])
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("--min-cell x is not a whole number"), "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("analysis commands open the database read-only: a missing file is not created")
    func readOnly() throws {
        let scratch = Scratch()
        let result = try runTracker(["analyze", "journeys", "--db", scratch.file("missing.sqlite")])
        #expect(result.status == 66)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("missing.sqlite")))
    }
}
