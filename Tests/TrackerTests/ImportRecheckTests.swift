import Testing
@testable import Tracker

@Suite("An import checks again what changed while it read the file")
struct ImportRecheckTests {
    private func importer(_ text: String, kind: ExchangeKind, store: TrackerStore, directory: TemporaryDirectory) -> Importer {
        let path = directory.createFile(named: "\(kind.rawValue).csv", text: text)
        return Importer(store: store, path: path, options: .init(kind: kind, format: .csv))
    }

    @Test("steps of a journey closed before them meanwhile are refused and nothing is written")
    func journeyClosedMeanwhile() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try store.openJourney(NewJourney(citizenID: "c1", type: "mental_health_employment", ref: "J-1", openedAt: "2026-01-05"))
        try store.openJourney(NewJourney(citizenID: "c2", type: "mental_health_employment", ref: "J-2", openedAt: "2026-01-05"))
        let importer = importer("""
            journey_ref,sector,kind,unit,at,ended_at,note
            J-1,employment,meeting,,2026-02-01,,
            J-2,employment,meeting,,2026-02-01,,
            J-1,psychiatry,assessment,,2026-03-01,,

            """, kind: .steps, store: store, directory: directory)
        importer.afterCheckingForTesting = {
            let other = try TrackerStore.open(path: store.path, access: .readWrite, actor: "caseworker")
            _ = try other.closeJourney("J-1", outcome: .achieved, closedAt: "2026-02-15")
        }
        let report = try importer.run()
        #expect(report.written == 0)
        #expect(report.problems.map(\.line) == [4])
        #expect(report.problems.first?.reason.contains("while the file was checked") == true)
        #expect(try count("steps", in: store) == 0)
        #expect(try store.db.value("SELECT count(*) FROM audit_log WHERE action = 'imported'") == .integer(0))
    }

    @Test("a change that leaves the rows valid lets the import through, with the kept facts exact")
    func harmlessChangeMeanwhile() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try store.openJourney(NewJourney(citizenID: "c1", type: "mental_health_employment", ref: "J-1", openedAt: "2026-01-05"))
        let importer = importer("""
            journey_ref,sector,kind,unit,at,ended_at,note
            J-1,employment,meeting,,2026-02-01,,

            """, kind: .steps, store: store, directory: directory)
        importer.afterCheckingForTesting = {
            let other = try TrackerStore.open(path: store.path, access: .readWrite, actor: "caseworker")
            _ = try other.closeJourney("J-1", outcome: .achieved, closedAt: "2026-03-01")
        }
        let report = try importer.run()
        #expect(report.problemCount == 0)
        #expect(report.written == 1)
        #expect(try store.db.value("SELECT step_count FROM journey_facts") == .integer(1))
        #expect(try store.check().isEmpty)
    }

    @Test("a journey whose ref another caseworker took meanwhile is refused")
    func refTakenMeanwhile() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let importer = importer("""
            ref,citizen,type,opened_at
            J-1,c1,mental_health_employment,2026-01-05
            J-2,c2,mental_health_employment,2026-01-05

            """, kind: .journeys, store: store, directory: directory)
        importer.afterCheckingForTesting = {
            let other = try TrackerStore.open(path: store.path, access: .readWrite, actor: "caseworker")
            try other.openJourney(NewJourney(citizenID: "c9", type: "mental_health_employment", ref: "J-2", openedAt: "2026-01-06"))
        }
        let report = try importer.run()
        #expect(report.written == 0)
        #expect(report.problems.map(\.line) == [3])
        #expect(try count("journeys", in: store) == 1)
    }

    @Test("a row the database itself refuses at the write is named by its line, and nothing is written")
    func refusedAtWrite() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let importer = importer("""
            ref,citizen,type,opened_at
            J-1,c1,mental_health_employment,2026-01-05
            J-2,c2,mental_health_employment,2026-01-05
            J-3,c3,mental_health_employment,2026-01-05

            """, kind: .journeys, store: store, directory: directory)
        importer.afterCheckingForTesting = {
            // A rule the checks do not know, as a later schema might add.
            try store.db.execute("""
                CREATE TEMP TRIGGER refuse_j2 BEFORE INSERT ON main.journeys WHEN NEW.ref = 'J-2'
                BEGIN SELECT RAISE(ABORT, 'J-2 is refused here'); END
                """)
        }
        let report = try importer.run()
        #expect(report.written == 0)
        #expect(report.problems.map(\.line) == [3])
        #expect(report.problems.first?.reason.contains("J-2 is refused here") == true)
        #expect(try count("journeys", in: store) == 0)
        #expect(try count("citizens", in: store) == 0)
    }
}
