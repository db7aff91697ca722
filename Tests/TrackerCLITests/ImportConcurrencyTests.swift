import Foundation
import Testing
@testable import Tracker

@Suite("Caseworkers during an import")
struct ImportConcurrencyTests {
    @Test("while a long import runs, a caseworker's step log and journey show in another process never fail")
    func caseworkerLoopDuringImport() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        let demo = try runTracker(["demo", "--journeys", "60", "--db", db])
        #expect(demo.status == 0, "\(demo.stderr)")
        let open = try Database(path: db, mode: .readOnly)
            .rows("SELECT ref FROM journeys WHERE status = 'open' ORDER BY id").compactMap { $0[0].text }
        try #require(open.count >= 2)
        let today = Timestamp.today()
        // The caseworker works on one journey, the file on the others.
        let worked = open[0]
        var csv = "journey_ref,sector,kind,unit,at,ended_at,note\n"
        let rows = 200_000
        for index in 0..<rows {
            csv += "\(open[1 + index % (open.count - 1)]),employment,meeting,Jobcenter,\(today),,row \(index)\n"
        }
        let file = scratch.file("steps.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let stepsBefore = try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM steps").integer ?? 0

        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: TrackerBinary.path)
        importer.arguments = ["import", file, "--kind", "steps", "--db", db, "--actor", "importer"]
        importer.standardOutput = FileHandle.nullDevice
        importer.standardError = FileHandle.nullDevice
        try importer.run()

        var failures: [String] = []
        var logged = 0
        var duringImport = 0
        repeat {
            let running = importer.isRunning
            let step = try runTracker(["step", "log", worked, "--sector", "employment", "--kind", "meeting",
                                       "--db", db, "--actor", "caseworker"])
            let show = try runTracker(["journey", "show", worked, "--db", db, "--actor", "caseworker"])
            if step.status == 0 { logged += 1 } else { failures.append("step log \(step.status): \(step.stderr)") }
            if show.status != 0 { failures.append("journey show \(show.status): \(show.stderr)") }
            if running { duringImport += 1 }
        } while importer.isRunning
        importer.waitUntilExit()

        #expect(importer.terminationStatus == 0)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(duringImport >= 3, "the import ended before the caseworker could work beside it")
        let after = try Database(path: db, mode: .readOnly)
        #expect(try after.value("SELECT count(*) FROM steps").integer == stepsBefore + Int64(rows) + Int64(logged))
        let check = try runTracker(["check", "--db", db])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
