import Foundation
import Testing
@testable import Tracker

@Suite("--lang da|en: headings, messages and the report; keys and machine formats never change")
struct LanguageTests {
    /// Commands whose table view shows headings, run on one demo file.
    private static let tableCommands: [[String]] = [
        ["journey", "list"], ["journey", "list", "--stalled", "30"], ["obstacle", "list"], ["audit", "--limit", "5"],
        ["analyze", "obstacles", "--by", "category"], ["analyze", "obstacles", "--by", "sector-pair"],
        ["analyze", "rules"], ["analyze", "handoffs"], ["analyze", "journeys", "--by", "type"],
        ["effect", "summary"], ["effect", "survival", "--by", "type"], ["sector", "list"], ["measure", "list"],
        ["history", "journey", "1"], ["follow-up", "list"],
    ]

    /// The headings of a terminal table: its first line, split where two
    /// spaces or more part the columns.
    private static func headings(_ table: String) -> [String] {
        guard let first = table.split(separator: "\n").first else { return [] }
        return first.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test("every heading the English tables show has a Danish one, and the Danish tables show it")
    func everyHeadingTranslated() throws {
        let scratch = Scratch()
        let db = scratch.file("demo.sqlite")
        #expect(try runTracker(["demo", "--journeys", "120", "--db", db]).status == 0)
        // Headings that are the same word in Danish (or a symbol).
        let same: Set<String> = ["id", "ref", "type", "status", "n", "t", "p", "q", "z", "kle", "dimension", "strata"]
        for command in Self.tableCommands {
            let english = try runTracker(command + ["--db", db, "--wide"])
            let danish = try runTracker(command + ["--db", db, "--wide", "--lang", "da"])
            #expect(english.status == 0 && danish.status == 0, "\(command): \(english.stderr)")
            let keys = Self.headings(english.stdout)
            #expect(!keys.isEmpty, "\(command) shows a table")
            for key in keys where !same.contains(key) {
                #expect(Language.da.heading(key) != key, "\(command): no Danish heading for `\(key)`")
                #expect(danish.stdout.split(separator: "\n").first?.contains(Language.da.heading(key)) == true)
            }
        }
    }

    @Test("JSON and CSV are the same in either language; only the people's view changes")
    func machineFormatsUnchanged() throws {
        let scratch = Scratch()
        let db = scratch.file("demo.sqlite")
        #expect(try runTracker(["demo", "--journeys", "60", "--db", db]).status == 0)
        let commands = [["analyze", "rules"], ["journey", "show", "3"], ["today", "--owner", "Henrik Berg", "--as-of", "2026-06-30"],
                        ["report", "--as-of", "2026-06-30"], ["effect", "summary"]]
        for command in commands {
            for format in ["json", "csv"] {
                let english = try runTracker(command + ["--db", db, "--format", format])
                let danish = try runTracker(command + ["--db", db, "--format", format], environment: ["TRACKER_LANG": "da"])
                #expect(english.status == 0, "\(command) \(format): \(english.stderr)")
                #expect(english.stdout == danish.stdout, "\(command) in \(format)")
            }
        }
    }

    @Test("messages and errors speak Danish with --lang da or TRACKER_LANG=da_DK.UTF-8, with the same exit codes")
    func messages() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        #expect(try runTracker(["init", "--db", db]).status == 0)
        let opened = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "sick_leave", "--ref", "J-1",
                                     "--db", db, "--lang", "da"])
        #expect(opened.status == 0 && opened.stderr.hasPrefix("forløb J-1 åbnet (id 1): sick_leave, ansvarlig tester"))
        let missing = try runTracker(["journey", "show", "J-9", "--db", db], environment: ["TRACKER_LANG": "da_DK.UTF-8"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("fejl: journey: intet forløb med ref eller id 'J-9'"))
        #expect(missing.stderr.contains("tip: `tracker journey list` viser forløbene"))
        let future = try runTracker(["step", "log", "J-1", "--sector", "psychiatry", "--kind", "assessment",
                                     "--at", "2099-01-01", "--db", db, "--lang=da"])
        #expect(future.status == 65 && future.stderr.contains("ligger i fremtiden"))
        let shown = try runTracker(["journey", "show", "J-1", "--db", db, "--lang", "da"])
        #expect(shown.stdout.hasPrefix("Forløb J-1 (id 1) · sick_leave · borger c-1"))
        #expect(shown.stdout.contains("Sektorer krydset: ingen") && shown.stdout.contains("tid "))
        // English stays the default, whatever the sentence.
        let english = try runTracker(["journey", "show", "J-9", "--db", db])
        #expect(english.stderr.contains("error: journey: no journey with ref or id 'J-9'"))
    }

    @Test("an unknown language is a usage error (64) before anything is written")
    func unknownLanguage() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        #expect(try runTracker(["init", "--db", db]).status == 0)
        let bad = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "sick_leave", "--db", db, "--lang", "sv"])
        #expect(bad.status == 64 && bad.stderr.contains("unknown language 'sv'") && bad.stdout.isEmpty)
        let fromEnvironment = try runTracker(["journey", "list", "--db", db], environment: ["TRACKER_LANG": "klingon"])
        #expect(fromEnvironment.status == 64)
        let listed = try runTracker(["journey", "list", "--format", "csv", "--db", db])
        #expect(listed.stdout.split(separator: "\r\n").count == 1, "no journey was opened")
        let audit = try runTracker(["audit", "--format", "csv", "--db", db])
        #expect(!audit.stdout.contains(",journey,"), "no journey in the audit log")
    }

    @Test("the report in Danish: its titles, notes and headings, in the text and in the HTML page")
    func danishReport() throws {
        let scratch = Scratch()
        let db = scratch.file("demo.sqlite")
        #expect(try runTracker(["demo", "--journeys", "80", "--db", db]).status == 0)
        let text = try runTracker(["report", "--as-of", "2026-06-30", "--db", db, "--lang", "da"])
        #expect(text.stdout.hasPrefix("tracker-rapport — pr. 2026-06-30"))
        for title in ["Forløb efter type", "Barrierer efter kategori", "Regler, der koster mest", "Tid til lukning",
                      "Forløb i stå"] {
            #expect(text.stdout.contains(title), "\(title)")
        }
        #expect(!text.stdout.contains("Obstacles by category"))
        let page = scratch.file("rapport.html")
        #expect(try runTracker(["report", "--as-of", "2026-06-30", "--html", page, "--db", db, "--lang", "da"]).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<html lang=\"da\">") && html.contains("<h2>Effekt pr. mål</h2>"))
    }
}

@Suite("The phrasebook's matching")
struct PhrasebookTests {
    @Test("a sentence with holes carries its values into the translation; others stay as written")
    func holes() {
        let book = Phrasebook([("step {} logged on {}: {}", "trin {} registreret på {}: {}"), ("none", "ingen")])
        #expect(book.translate("step 12 logged on J-1: psychiatry, assessment, 2026-01-19")
                == "trin 12 registreret på J-1: psychiatry, assessment, 2026-01-19")
        #expect(book.translate("none") == "ingen")
        #expect(book.translate("none at all") == "none at all")
        #expect(book.translate("error: none\nhint: none") == "fejl: ingen\ntip: ingen")
        #expect(book.translate("a step 12 logged on J-1: x") == "a step 12 logged on J-1: x")
    }

    @Test("every Danish translation keeps its holes, and no English sentence is listed twice")
    func catalogue() {
        let englishes = Phrasebook.danish.entries.map { $0.pieces.joined(separator: "{}") }
        #expect(Set(englishes).count == englishes.count)
        #expect(Language.da.heading("delay_days_total") == "forsinkelse i alt")
        #expect(Language.en.heading("delay_days_total") == "delay_days_total")
    }
}
