import Foundation
import Testing
@testable import Tracker

@Suite("import, export, demo, backup and check, end to end")
struct ExchangeCommandTests {
    func write(_ text: String, to path: String) {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    @Test("a bad import exits 65 listing line, column and reason, and writes nothing")
    func badImport() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        try runTracker(["init", "--db", db])
        write("ref,citizen,type,opened_at\nJ-1,c-1,sick_leave,2025-01-02\n", to: scratch.file("j.csv"))
        #expect(try runTracker(["import", scratch.file("j.csv"), "--kind", "journeys", "--db", db]).status == 0)
        write("journey_ref,sector,kind,at\nJ-1,employment,meeting,2025-02-30\nJ-1,employment,meeting,2025-02-01\n",
              to: scratch.file("s.csv"))
        let result = try runTracker(["import", scratch.file("s.csv"), "--kind", "steps", "--db", db])
        #expect(result.status == 65)
        #expect(result.stderr.contains("line 2, column 4 (at): '2025-02-30' is not a date"))
        #expect(result.stderr.contains("1 bad row"))
        #expect(!result.stderr.contains("\r"), "no progress bar outside a terminal")
        #expect(result.stdout.isEmpty)
        let steps = try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM steps")
        #expect(steps.integer == 0)
    }

    @Test("a missing import file is exit 66 and an unknown --kind exit 64")
    func missingFile() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        try runTracker(["init", "--db", db])
        #expect(try runTracker(["import", scratch.file("none.csv"), "--kind", "steps", "--db", db]).status == 66)
        #expect(try runTracker(["import", scratch.file("none.csv"), "--kind", "people", "--db", db]).status == 64)
    }

    @Test("--input-format ndjson reads a file whose name says nothing, and a dry run writes nothing")
    func inputFormat() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        try runTracker(["init", "--db", db])
        write(#"{"ref":"J-1","citizen":"c-1","type":"youth","opened_at":"2025-01-02"}"# + "\n", to: scratch.file("rows.txt"))
        let dry = try runTracker(["import", scratch.file("rows.txt"), "--kind", "journeys", "--input-format", "ndjson",
                                  "--dry-run", "--db", db])
        #expect(dry.status == 0 && dry.stderr.contains("dry run"), "\(dry.stderr)")
        let audit = try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM audit_log")
        let result = try runTracker(["import", scratch.file("rows.txt"), "--kind", "journeys", "--input-format", "ndjson", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let database = try Database(path: db, mode: .readOnly)
        #expect(try database.value("SELECT count(*) FROM journeys").integer == 1)
        #expect(try database.value("SELECT count(*) FROM audit_log").integer == (audit.integer ?? 0) + 1)
    }

    @Test("export then import into a fresh database reproduces every export, in CSV and NDJSON")
    func roundTrip() throws {
        let scratch = Scratch()
        let source = scratch.file("demo.sqlite")
        #expect(try runTracker(["demo", "--journeys", "150", "--db", source]).status == 0)
        for format in ["csv", "ndjson"] {
            let target = scratch.file("fresh-\(format).sqlite")
            try runTracker(["init", "--db", target])
            var originals: [String] = []
            for kind in ["journeys", "steps", "obstacles", "observations"] {
                let exported = try runTracker(["export", "--kind", kind, "--format", format, "--db", source])
                #expect(exported.status == 0)
                originals.append(exported.stdout)
                let file = scratch.file("\(kind).\(format)")
                write(exported.stdout, to: file)
                let imported = try runTracker(["import", file, "--kind", kind, "--db", target])
                #expect(imported.status == 0, "\(kind): \(imported.stderr)")
            }
            for (index, kind) in ["journeys", "steps", "obstacles", "observations"].enumerated() {
                let again = try runTracker(["export", "--kind", kind, "--format", format, "--db", target])
                #expect(again.stdout == originals[index], "\(format) \(kind)")
            }
        }
    }

    @Test("demo without --db writes ./tracker-demo.sqlite whatever $TRACKER_DB says, replaces it, refuses other files")
    func demoPath() throws {
        let scratch = Scratch()
        let configured = scratch.file("configured.sqlite")
        let environment = ["TRACKER_DB": configured]
        let first = try runTracker(["demo", "--journeys", "40"], environment: environment, directory: scratch.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("./tracker-demo.sqlite"))
        #expect(first.stdout.contains("sick_leave_to_work"))
        #expect(FileManager.default.fileExists(atPath: scratch.file("tracker-demo.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: configured))
        let second = try runTracker(["demo", "--journeys", "40"], environment: environment, directory: scratch.path)
        #expect(second.status == 0 && second.stderr.contains("replaced"))
        try runTracker(["init", "--db", configured])
        let refused = try runTracker(["demo", "--db", configured])
        #expect(refused.status == 73)
        let journeys = try Database(path: configured, mode: .readOnly).value("SELECT count(*) FROM journeys")
        #expect(journeys.integer == 0)
    }

    @Test("the same seed gives the same demo through the command line")
    func demoSeed() throws {
        let scratch = Scratch()
        for name in ["a", "b"] {
            #expect(try runTracker(["demo", "--journeys", "60", "--seed", "9", "--db", scratch.file("\(name).sqlite")]).status == 0)
        }
        let a = try runTracker(["export", "--kind", "obstacles", "--db", scratch.file("a.sqlite")])
        let b = try runTracker(["export", "--kind", "obstacles", "--db", scratch.file("b.sqlite")])
        #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
    }

    @Test("export files are 0600, an existing one is refused with 73 unless --force, and options are checked")
    func exportFiles() throws {
        let scratch = Scratch()
        let db = scratch.file("demo.sqlite")
        try runTracker(["demo", "--journeys", "30", "--db", db])
        for file in ["log.xes", "log.json", "log.xml", "log.sqlite"] {
            let option = file.hasSuffix(".xes") ? "--xes" : "--ocel"
            let result = try runTracker(["export", option, scratch.file(file), "--db", db])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            #expect(permissions(scratch.file(file)) == 0o600)
            #expect(try runTracker(["export", option, scratch.file(file), "--db", db]).status == 73)
            #expect(try runTracker(["export", option, scratch.file(file), "--force", "--db", db]).status == 0)
        }
        #expect(try runTracker(["export", "--ocel", scratch.file("log.txt"), "--db", db]).status == 64)
        #expect(try runTracker(["export", "--db", db]).status == 64)
        #expect(try runTracker(["export", "--kind", "steps", "--xes", scratch.file("x.xes"), "--db", db]).status == 64)
        let anonymized = try runTracker(["export", "--kind", "journeys", "--anonymize", "--db", db])
        #expect(anonymized.status == 0 && !anonymized.stdout.contains("DEMO-") && !anonymized.stdout.contains("demo-c"))
    }

    @Test("backup makes a 0600 copy and refuses an existing file with 73 unless --force; check reports problems with 65")
    func maintenance() throws {
        let scratch = Scratch()
        let db = scratch.file("demo.sqlite")
        try runTracker(["demo", "--journeys", "30", "--db", db])
        let copy = scratch.file("backup.sqlite")
        #expect(try runTracker(["backup", copy, "--db", db]).status == 0)
        #expect(permissions(copy) == 0o600)
        #expect(try runTracker(["backup", copy, "--db", db]).status == 73)
        #expect(try runTracker(["backup", copy, "--force", "--db", db]).status == 0)
        let clean = try runTracker(["check", "--db", copy])
        #expect(clean.status == 0 && clean.stderr.contains("no problems"))
        do {
            let broken = try Database(path: copy, mode: .readWrite, configuration: {
                var configuration = Database.Configuration()
                configuration.foreignKeys = false
                return configuration
            }())
            try broken.execute("INSERT INTO steps (journey_id, sector_id, kind, at) VALUES (424242, 'tax', 'other', '2025-01-01')")
        }
        let found = try runTracker(["check", "--db", copy])
        #expect(found.status == 65)
        #expect(found.stdout.contains("foreign_key") && found.stdout.contains("steps"))
    }
}
