import Foundation
import Testing
@testable import Tracker

/// Mutated and random files fed to the importer: whatever the bytes, it
/// returns a report or throws a user-facing error, never crashes, and a
/// refused file writes nothing.
@Suite("Hostile import input")
struct HostileInputTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]

    /// Valid rows to start from, then damaged by the seeded generator.
    static let template = Array("""
        journey_ref,sector,kind,unit,at,ended_at,note
        J-1,employment,meeting,"Jobcenter, Roskilde",2026-02-01,,"said ""ok""
        then left"
        J-1,psychiatry,assessment,,2026-02-03T10:00:00Z,2026-02-03T11:00:00Z,
        J-1,employment,decision,x,2026-02-10,,'; DROP TABLE steps; --

        """.utf8)

    @Test("damaged CSV and NDJSON never crash the importer and a refusal writes nothing", arguments: seeds)
    func damagedFiles(seed: UInt64) throws {
        let directory = TemporaryDirectory()
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c", type: "youth", ref: "J-1", openedAt: "2026-01-01"))
        var random = RandomGenerator(seed: seed)
        let hostile: [[UInt8]] = [[0xFF, 0xFE], [0x00], Array("\"".utf8), Array(",".utf8), Array("\r".utf8),
                                  Array("\n".utf8), Array("0101901234".utf8), [0xC3], Array("{\"a\":[".utf8)]
        for round in 0..<60 {
            var bytes = Self.template
            for _ in 0..<random.int(in: 1...6) {
                let position = random.int(in: 0...(bytes.count - 1))
                switch random.int(in: 0...2) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(contentsOf: random.element(hostile), at: position)
                default: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            let isJSON = round % 3 == 0
            if isJSON { bytes = Array("{\"journey_ref\":\"J-1\",\"sector\":\"employment\",\"kind\":\"meeting\",\"at\":\"2026-02-01\"}\n".utf8) + bytes }
            let path = directory.createFile(named: "input-\(round)." + (isJSON ? "ndjson" : "csv"), bytes: bytes)
            let before = try count(store, "steps")
            let auditBefore = try count(store, "audit_log")
            do {
                let report = try Importer(store: store, path: path, options: .init(
                    kind: .steps, format: isJSON ? .ndjson : .csv)).run()
                if !report.succeeded {
                    #expect(try count(store, "steps") == before)
                    #expect(try count(store, "audit_log") == auditBefore)
                }
            } catch {
                // A thrown error must be one the command line can explain.
                #expect(FailureKind(error) != .ioError || error is InputFileError, "\(error)")
                #expect(try count(store, "steps") == before)
            }
            #expect(try store.db.value("PRAGMA integrity_check") == .text("ok"))
            #expect(try store.db.value("SELECT count(*) FROM steps WHERE note LIKE '%0101901234%' OR unit LIKE '%0101901234%'") == .integer(0))
        }
        #expect(try store.db.value("SELECT count(*) FROM sqlite_master WHERE name = 'steps'") == .integer(1))
    }
}
