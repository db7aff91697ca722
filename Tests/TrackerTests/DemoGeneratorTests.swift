import Foundation
import Testing
@testable import Tracker

@Suite("demo data")
struct DemoGeneratorTests {
    static let tables = ["citizens", "journeys", "steps", "obstacles", "obstacle_sectors", "obstacle_status_history", "observations"]

    @Test("the same seed gives the same data; another seed gives other data")
    func determinism() throws {
        let directory = TemporaryDirectory()
        var contents: [[String]] = []
        for (name, seed) in [("a.sqlite", UInt64(11)), ("b.sqlite", 11), ("c.sqlite", 12)] {
            _ = try DemoGenerator.create(at: directory.file(name), options: .init(journeys: 300, seed: seed), actor: "x")
            let db = try Database(path: directory.file(name), mode: .readOnly)
            contents.append(try Self.tables.flatMap { try dump("SELECT * FROM \($0) ORDER BY 1, 2", db) })
        }
        #expect(contents[0] == contents[1])
        #expect(contents[0] != contents[2])
    }

    @Test("demo data is realistic: every type, open journeys, concentrated obstacles, effects that fall with obstacles")
    func realism() throws {
        let directory = TemporaryDirectory()
        let report = try DemoGenerator.create(at: directory.file("d.sqlite"), options: .init(journeys: 2_000, seed: 1), actor: "x")
        let store = try TrackerStore.open(path: directory.file("d.sqlite"), access: .readOnly, actor: "x")
        #expect(report.journeys == 2_000)
        #expect(report.openJourneys > 50 && report.openJourneys < 600)
        #expect(try count("journeys WHERE citizen_id GLOB '[0-9]*'", in: store) == 0)
        #expect(Set(try store.db.rows("SELECT DISTINCT type FROM journeys").compactMap { $0[0].text })
                == Set(DemoCatalog.types.map(\.id)))
        // A few rules carry most of the delay.
        let delays = try store.db.rows("""
            SELECT sum(delay_days) FROM obstacles WHERE rule_ref IS NOT NULL GROUP BY rule_ref ORDER BY 1 DESC
            """).compactMap { $0[0].real }
        #expect(delays.prefix(4).reduce(0, +) > 0.6 * delays.reduce(0, +))
        // Wellbeing improves less with more obstacles.
        let changes = try store.db.rows("""
            SELECT n > 0, avg(change) FROM (SELECT e.change, (SELECT count(*) FROM obstacles o WHERE o.journey_id = e.journey_id) AS n
                                            FROM v_effects e WHERE e.measure_id = 'who5' AND e.change IS NOT NULL)
            GROUP BY 1 ORDER BY 1
            """).compactMap { $0[1].real }
        #expect(changes.count == 2 && changes[0] > changes[1] + 5)
        // Long tails: the longest journeys take many times the median.
        let durations = try store.db.rows("""
            SELECT julianday(closed_at) - julianday(opened_at) FROM journeys WHERE closed_at IS NOT NULL ORDER BY 1
            """).compactMap { $0[0].real }
        #expect(durations.last! > 3 * durations[durations.count / 2])
        #expect(try store.check().isEmpty)
    }

    @Test("an earlier demo file is replaced and any other file refused")
    func replacing() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("d.sqlite")
        _ = try DemoGenerator.create(at: path, options: .init(journeys: 20, seed: 1), actor: "x")
        let again = try DemoGenerator.create(at: path, options: .init(journeys: 30, seed: 1), actor: "x")
        #expect(again.replacedEarlierDemo && again.journeys == 30)
        let other = try makeStore(in: directory, name: "real.sqlite")
        #expect(throws: TrackerError.self) {
            try DemoGenerator.create(at: other.path, options: .init(journeys: 5, seed: 1), actor: "x")
        }
        #expect(try count("journeys", in: other) == 0)
        let notes = directory.createFile(named: "notes.txt", text: "not a database")
        #expect(throws: TrackerError.self) {
            try DemoGenerator.create(at: notes, options: .init(journeys: 5, seed: 1), actor: "x")
        }
        #expect(FileManager.default.contents(atPath: notes) == Data("not a database".utf8))
    }

    @Test("the random generator gives xoshiro256** seeded by SplitMix64")
    func randomReference() {
        // From an independent Python transcription of the reference C code
        // of SplitMix64 and xoshiro256** (prng.di.unimi.it), seed 42.
        var random = RandomGenerator(seed: 42)
        #expect((0..<4).map { _ in random.next() } == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E,
                                                        0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
    }

    @Test("the random generator repeats for a seed and spreads its values")
    func randomGenerator() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var sum = 0.0
        var inRange = true
        for _ in 0..<100_000 {
            sum += a.uniform()
            let value = a.int(in: 3...7)
            inRange = inRange && (3...7).contains(value)
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
        #expect(inRange)
        var normals = 0.0
        for _ in 0..<100_000 { normals += a.normal() }
        #expect(abs(normals / 100_000) < 0.02)
    }
}
