import Foundation
import Testing
@testable import Tracker

/// A small database with every kind of row, made by the demo generator.
func demoStore(in directory: TemporaryDirectory, journeys: Int = 120, seed: UInt64 = 3) throws -> TrackerStore {
    let path = directory.file("demo.sqlite")
    _ = try DemoGenerator.create(at: path, options: .init(journeys: journeys, seed: seed), actor: "tester")
    return try TrackerStore.open(path: path, access: .readWrite, actor: "tester")
}

func exportText(_ store: TrackerStore, _ kind: ExchangeKind, format: OutputFormat,
                anonymization: Exporter.Anonymization? = nil, directory: TemporaryDirectory) throws -> (String, Exporter.Report) {
    let path = directory.file("export-\(kind.rawValue)-\(UUID().uuidString)")
    let output = try FileOutput(creating: path)
    let report = try Exporter(store: store).export(kind, format: format, anonymization: anonymization, to: output)
    try output.flush()
    return (String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self), report)
}

@Suite("export")
struct ExporterTests {
    @Test("an export has the import's columns, in CSV, JSON and NDJSON")
    func columns() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        for kind in ExchangeKind.allCases {
            let (csv, report) = try exportText(store, kind, format: .csv, directory: directory)
            #expect(csv.hasPrefix(kind.columns.joined(separator: ",") + "\r\n"))
            #expect(report.rows == (try count(kind.rawValue, in: store)))
            let (json, _) = try exportText(store, kind, format: .json, directory: directory)
            let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
            #expect(rows.count == report.rows)
            #expect(Set(rows[0].keys) == Set(kind.columns))
            let (ndjson, _) = try exportText(store, kind, format: .ndjson, directory: directory)
            #expect(ndjson.split(separator: "\n").count == report.rows)
        }
        let (json, _) = try exportText(store, .obstacles, format: .json, directory: directory)
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        #expect(rows.allSatisfy { $0["sectors"] is [String] && $0["severity"] is Int })
    }

    @Test("export then import into a fresh database gives the same rows")
    func roundTrip() throws {
        for format in [OutputFormat.csv, .ndjson] {
            let directory = TemporaryDirectory()
            let source = try demoStore(in: directory)
            let target = try makeStore(in: directory, name: "fresh.sqlite")
            for kind in ExchangeKind.allCases {
                let (text, _) = try exportText(source, kind, format: format, directory: directory)
                let report = try importText(text, named: "\(kind.rawValue).\(format == .csv ? "csv" : "ndjson")", kind: kind,
                                            into: target, directory: directory)
                #expect(report.succeeded, "\(kind): \(report.problems.prefix(3))")
            }
            let queries = [
                "SELECT id, ref, citizen_id, type, title, goal, owner, opened_at, closed_at, status, outcome FROM journeys ORDER BY id",
                "SELECT * FROM steps ORDER BY id",
                "SELECT id, journey_id, category_id, rule_ref, description, severity, delay_days, staff_hours, status, logged_at, resolved_at, resolution FROM obstacles ORDER BY id",
                "SELECT * FROM obstacle_sectors ORDER BY 1, 2",
                "SELECT * FROM observations ORDER BY id",
            ]
            for query in queries {
                #expect(try dump(query, source.db) == dump(query, target.db), "\(format): \(query)")
            }
        }
    }

    @Test("an anonymized export has no refs, owners, citizens or free text, and dates as months")
    func anonymized() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        let (journeys, _) = try exportText(store, .journeys, format: .json, anonymization: .init(minimumCell: 0), directory: directory)
        let rows = try JSONSerialization.jsonObject(with: Data(journeys.utf8)) as! [[String: Any]]
        #expect(Set(rows[0].keys) == ["id", "type", "opened_at", "closed_at", "status", "outcome"])
        #expect(rows.allSatisfy { ($0["opened_at"] as? String)?.count == 7 })
        #expect(!journeys.contains("DEMO-") && !journeys.contains("demo-c"))
        let (obstacles, _) = try exportText(store, .obstacles, format: .csv, anonymization: .init(), directory: directory)
        #expect(obstacles.hasPrefix("id,journey_id,category,sectors,rule_ref,severity,delay_days,staff_hours,logged_at,status,resolved_at\r\n"))
        #expect(!obstacles.contains("description") && !obstacles.contains("Solved at"))
        let (steps, _) = try exportText(store, .steps, format: .csv, anonymization: .init(), directory: directory)
        #expect(steps.hasPrefix("id,journey_id,sector,kind,at,ended_at\r\n"))
        #expect(!steps.contains("Jobcenter"))
    }

    @Test("anonymized exports leave out journey types with fewer journeys than the minimum cell")
    func suppression() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        try store.db.execute("INSERT INTO citizens (id, created_at) VALUES ('rare', '2025-01-01')")
        try store.db.execute("INSERT INTO journeys (ref, citizen_id, type, opened_at) VALUES ('R-1', 'rare', 'rare_type', '2025-01-01')")
        let rareID = store.db.lastInsertedRowID
        try store.db.execute("INSERT INTO steps (journey_id, sector_id, kind, at) VALUES (?, 'tax', 'other', '2025-01-02')", [rareID])
        let (journeys, report) = try exportText(store, .journeys, format: .csv, anonymization: .init(minimumCell: 5), directory: directory)
        #expect(report.suppressedGroups == 1 && report.suppressedJourneys == 1)
        #expect(!journeys.contains("rare_type"))
        let (steps, _) = try exportText(store, .steps, format: .csv, anonymization: .init(minimumCell: 5), directory: directory)
        #expect(!steps.contains(",tax,"))
        let (all, open) = try exportText(store, .journeys, format: .csv, anonymization: .init(minimumCell: 0), directory: directory)
        #expect(all.contains("rare_type") && open.suppressedGroups == 0)
    }

    @Test("rules shared by fewer journeys than the minimum cell are blanked in anonymized exports")
    func rareRules() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        try store.db.execute("UPDATE obstacles SET rule_ref = 'Lov om noget helt særligt § 1' WHERE id = 1")
        let (kept, _) = try exportText(store, .obstacles, format: .csv, anonymization: .init(minimumCell: 0), directory: directory)
        #expect(kept.contains("Lov om noget helt særligt"))
        let (blanked, _) = try exportText(store, .obstacles, format: .csv, anonymization: .init(minimumCell: 5), directory: directory)
        #expect(!blanked.contains("Lov om noget helt særligt"))
        #expect(blanked.contains("LAB § 30"))
    }
}
