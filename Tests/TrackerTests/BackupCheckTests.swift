import Foundation
import Testing
@testable import Tracker

@Suite("backup and check")
struct BackupCheckTests {
    @Test("a backup is a 0600 copy with the same rows, and refuses an existing file unless replacing")
    func backup() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory, journeys: 50)
        let path = directory.file("copy.sqlite")
        _ = try store.backup(to: path)
        #expect(FileSystem.permissions(path) == 0o600)
        let copy = try Database(path: path, mode: .readOnly)
        #expect(try dump("SELECT * FROM steps ORDER BY id", copy) == dump("SELECT * FROM steps ORDER BY id", store.db))
        #expect {
            try store.backup(to: path)
        } throws: { ($0 as? TrackerError)?.kind == .cannotCreate }
        try store.db.execute("DELETE FROM observations")
        _ = try store.backup(to: path, replacing: true)
        #expect(try Database(path: path, mode: .readOnly).value("SELECT count(*) FROM observations").integer == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("partial") }.isEmpty)
    }

    @Test("a backup taken while another connection is writing copies the last committed state without waiting")
    func backupDuringWrite() throws {
        let directory = TemporaryDirectory()
        let writer = try demoStore(in: directory, journeys: 20)
        let reader = try TrackerStore.open(path: writer.path, access: .readOnly, actor: "backup")
        let before = try count("steps", in: writer)
        try writer.db.execute("BEGIN IMMEDIATE")
        try writer.db.execute("INSERT INTO steps (journey_id, sector_id, kind, at) VALUES (1, 'tax', 'other', '2026-01-01')")
        let started = ContinuousClock.now
        _ = try reader.backup(to: directory.file("during.sqlite"))
        #expect(ContinuousClock.now - started < .seconds(2))
        try writer.db.execute("COMMIT")
        let copy = try Database(path: directory.file("during.sqlite"), mode: .readOnly)
        #expect(try copy.value("SELECT count(*) FROM steps").integer == Int64(before))
        #expect(try count("steps", in: writer) == before + 1)
    }

    @Test("check finds nothing in a sound database and lists broken foreign keys and obstacles")
    func check() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory, journeys: 50)
        #expect(try store.check().isEmpty)
        try store.db.execute("PRAGMA foreign_keys = OFF")
        try store.db.execute("INSERT INTO steps (journey_id, sector_id, kind, at) VALUES (999999, 'tax', 'other', '2025-01-01')")
        try store.db.execute("DELETE FROM obstacle_sectors WHERE obstacle_id = 1")
        let findings = try store.check()
        #expect(findings.map(\.check) == ["foreign_key", "obstacle_sectors"])
        #expect(findings[0].table == "steps")
    }
}
