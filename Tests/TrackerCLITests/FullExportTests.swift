import Foundation
import Testing
@testable import Tracker

@Suite("export --all and import DIR: lossless")
struct FullExportTests {
    @discardableResult
    private func tracker(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runTracker(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    private func files(_ directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return result
    }

    @Test("export, import into a fresh file and export again give the same bytes, and every analysis the same answers")
    func roundTrip() throws {
        let scratch = Scratch()
        let source = scratch.file("a.sqlite"), copy = scratch.file("b.sqlite")
        try tracker(["demo", "--journeys", "400", "--db", source])
        // Corrections, voids, notes, follow-ups and a sector of its own travel too.
        try tracker(["sector", "add", "harbour", "--name", "Harbour office", "--level", "municipal", "--db", source])
        try tracker(["step", "void", "5", "--reason", "logged twice", "--db", source])
        try tracker(["step", "amend", "7", "--sector", "harbour", "--reason", "it was the harbour", "--db", source])
        try tracker(["observation", "amend", "3", "--value", "41.25", "--reason", "typo", "--db", source])
        try tracker(["journey", "note", "3", "called the citizen", "--db", source])
        try tracker(["journey", "follow-up", "3", "--due", "2030-01-01", "--what", "check", "--db", source])
        try tracker(["journey", "void", "9", "--reason", "wrong citizen", "--db", source])
        try tracker(["export", "--all", scratch.file("A"), "--db", source])
        try tracker(["init", "--db", copy])
        try tracker(["import", scratch.file("A"), "--db", copy])
        try tracker(["export", "--all", scratch.file("B"), "--db", copy])
        let first = try files(scratch.file("A")), second = try files(scratch.file("B"))
        #expect(first.keys.sorted() == second.keys.sorted() && first.count == 15)
        for (name, data) in first { #expect(second[name] == data, "\(name) differs after the round trip") }
        for analysis in [["analyze", "handoffs"], ["analyze", "journeys", "--by", "type"], ["effect", "summary", "--by", "sector"],
                         ["analyze", "rules"], ["effect", "survival", "--by", "type", "--as-of", "2026-01-01"],
                         ["journey", "list", "--include-voided"], ["history", "step", "7"]] {
            let a = try tracker(analysis + ["--format", "json", "--db", source])
            let b = try tracker(analysis + ["--format", "json", "--db", copy])
            #expect(a.stdout == b.stdout, "\(analysis)")
        }
        #expect(try tracker(["check", "--db", copy]).status == 0)
    }

    @Test("an import refuses a non-empty database, a changed file, another schema and a missing manifest; writes nothing")
    func refusals() throws {
        let scratch = Scratch()
        let source = scratch.file("a.sqlite")
        try tracker(["demo", "--journeys", "30", "--db", source])
        try tracker(["export", "--all", scratch.file("A"), "--db", source])
        let again = try runTracker(["export", "--all", scratch.file("A"), "--db", source])
        #expect(again.status == 73 && again.stderr.contains("holds an export already"))
        // Into the source itself: not empty.
        let full = try runTracker(["import", scratch.file("A"), "--db", source])
        #expect(full.status == 65 && full.stderr.contains("empty"))
        // A changed file.
        try tracker(["init", "--db", scratch.file("b.sqlite")])
        let steps = scratch.file("A/steps.csv")
        var text = try String(contentsOfFile: steps, encoding: .utf8)
        text = text.replacingOccurrences(of: "meeting", with: "service")
        try text.write(toFile: steps, atomically: true, encoding: .utf8)
        let changed = try runTracker(["import", scratch.file("A"), "--db", scratch.file("b.sqlite")])
        #expect(changed.status == 65 && changed.stderr.contains("checksum"), "\(changed.stderr)")
        #expect(try tracker(["sql", "SELECT count(*) AS n FROM journeys", "--format", "csv", "--db", scratch.file("b.sqlite")])
                .stdout == "n\r\n0\r\n")
        // Another schema.
        let manifest = scratch.file("A/manifest.json")
        let other = try String(contentsOfFile: manifest, encoding: .utf8)
            .replacingOccurrences(of: TrackerVersion.schema, with: "0099_future")
        try other.write(toFile: manifest, atomically: true, encoding: .utf8)
        let future = try runTracker(["import", scratch.file("A"), "--db", scratch.file("b.sqlite")])
        #expect(future.status == 78 && future.stderr.contains("0099_future"))
        try FileManager.default.removeItem(atPath: manifest)
        let missing = try runTracker(["import", scratch.file("A"), "--db", scratch.file("b.sqlite")])
        #expect(missing.status != 0)
    }

    @Test("--excel writes CSV that Danish Excel opens: a byte order mark, ; between fields, a decimal comma")
    func excel() throws {
        let scratch = Scratch()
        let db = scratch.file("a.sqlite")
        try tracker(["init", "--db", db])
        try tracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--ref", "J;1", "--opened", "2026-01-05",
                     "--db", db])
        try tracker(["observe", "J;1", "--measure", "who5", "--phase", "baseline", "--value", "40.5", "--at", "2026-01-06",
                     "--db", db])
        let export = try tracker(["export", "--kind", "observations", "--format", "csv", "--excel", "--db", db])
        #expect(export.stdout == "\u{FEFF}journey_ref;measure;phase;value;observed_at\r\n\"J;1\";who5;baseline;40,5;2026-01-06\r\n")
        let plain = try tracker(["export", "--kind", "observations", "--format", "csv", "--db", db])
        #expect(plain.stdout == "journey_ref,measure,phase,value,observed_at\r\nJ;1,who5,baseline,40.5,2026-01-06\r\n")
        let listing = try tracker(["--excel", "journey", "list", "--format", "csv", "--db", db])
        #expect(listing.stdout.hasPrefix("\u{FEFF}id;ref;citizen;"))
        let json = try runTracker(["journey", "list", "--format", "json", "--excel", "--db", db])
        #expect(json.status == 64 && json.stderr.contains("--excel shapes CSV") && json.stdout.isEmpty)
    }
}
