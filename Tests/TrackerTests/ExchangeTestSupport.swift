import Foundation
@testable import Tracker

/// A tracker database in a temporary directory, initialized with the schema
/// and seeds, opened read-write.
func makeStore(in directory: TemporaryDirectory, name: String = "t.sqlite") throws -> TrackerStore {
    let path = directory.file(name)
    _ = try TrackerStore.initialize(path: path, actor: "tester")
    return try TrackerStore.open(path: path, access: .readWrite, actor: "tester")
}

/// Imports `text` written to a file named `name`, with the format from its extension.
@discardableResult
func importText(_ text: String, named name: String, kind: ExchangeKind, into store: TrackerStore,
                directory: TemporaryDirectory, dryRun: Bool = false) throws -> Importer.Report {
    let path = directory.createFile(named: name, text: text)
    return try Importer(store: store, path: path,
                        options: .init(kind: kind, format: InputFormat.detect(path: path), dryRun: dryRun)).run()
}

@discardableResult
func importBytes(_ bytes: [UInt8], named name: String, kind: ExchangeKind, into store: TrackerStore,
                 directory: TemporaryDirectory) throws -> Importer.Report {
    let path = directory.createFile(named: name, bytes: bytes)
    return try Importer(store: store, path: path, options: .init(kind: kind, format: InputFormat.detect(path: path))).run()
}

func count(_ table: String, in store: TrackerStore) throws -> Int {
    Int(try store.db.value("SELECT count(*) FROM \(table)").integer ?? -1)
}

/// Two journeys, J-1 (open) and J-2 (closed), for step, obstacle and observation imports.
func seedJourneys(_ store: TrackerStore, directory: TemporaryDirectory) throws {
    let report = try importText("""
        ref,citizen,type,opened_at,closed_at,outcome
        J-1,c-1,sick_leave,2025-01-02,,
        J-2,c-2,youth,2025-02-01,2025-06-01,achieved

        """, named: "seed-journeys.csv", kind: .journeys, into: store, directory: directory)
    precondition(report.succeeded, "\(report.problems)")
}

/// Everything a table holds, as text, in id order: for comparing databases.
func dump(_ sql: String, _ db: Database) throws -> [String] {
    try db.rows(sql).map { row in row.values.map { "\($0)" }.joined(separator: "|") }
}
