import Foundation
import Testing
@testable import Tracker

@Suite("Killed mid-write")
struct CrashSafetyTests {
    @Test("an import killed with SIGKILL leaves a consistent file holding none of its rows")
    func killedImport() throws {
        let scratch = Scratch()
        let db = scratch.file("t.sqlite")
        let demo = try runTracker(["demo", "--journeys", "50", "--db", db])
        #expect(demo.status == 0, "\(demo.stderr)")
        // Good rows only: a bad file is refused before anything is written.
        let refs = try Database(path: db, mode: .readOnly)
            .rows("SELECT ref FROM journeys WHERE status = 'open'").compactMap { $0[0].text }
        let today = Timestamp.today()
        let stepsBefore = try Database(path: db, mode: .readOnly).value("SELECT count(*) FROM steps")

        // Enough rows that the import is still writing when it is killed:
        // it checks them all first, then writes them in one transaction.
        var csv = "journey_ref,sector,kind,unit,at,ended_at,note\n"
        for index in 0..<400_000 {
            csv += "\(refs[index % refs.count]),employment,meeting,Jobcenter,\(today),,row \(index)\n"
        }
        let file = scratch.file("steps.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TrackerBinary.path)
        process.arguments = ["import", file, "--kind", "steps", "--db", db, "--actor", "tester"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the import has begun writing (its WAL grows), then kill it.
        // Generous: under a sanitizer the import runs many times slower.
        let deadline = Date().addingTimeInterval(120)
        var walSize = 0
        while Date() < deadline && process.isRunning {
            walSize = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
            if walSize > 1_000_000 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the import finished before it could be killed")
        #expect(walSize > 1_000_000)

        let check = try runTracker(["check", "--db", db])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let after = try Database(path: db, mode: .readOnly)
        #expect(try after.value("SELECT count(*) FROM steps") == stepsBefore)
        #expect(try after.value("PRAGMA integrity_check") == .text("ok"))
        #expect(try after.value("SELECT count(*) FROM audit_log WHERE action = 'imported'") == .integer(0))
    }
}
