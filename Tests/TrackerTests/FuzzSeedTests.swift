import Foundation
import Testing
@testable import Tracker

/// Replays the inputs `scripts/fuzz` found worth keeping (and the hand-made
/// seeds it starts from) through the same checks as the fuzz targets, so a
/// reader that once failed on one of them is caught by every test run. An
/// input's first byte picks the chunk size (1 to 64 bytes), as in `Fuzz/`.
@Suite("Fuzzing seeds")
struct FuzzSeedTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("FuzzSeeds")

    private static func seeds(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let directory = folder.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map { name in
            (name, Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    /// A reader over `bytes` past the first, in chunks of the size the first picks.
    private static func reader(_ bytes: [UInt8], in directory: TemporaryDirectory) throws -> ByteReader {
        let path = directory.createFile(named: "input", bytes: Array(bytes.dropFirst()))
        return try ByteReader(path: path, chunkSize: Int(bytes[0] % 64) + 1)
    }

    /// Reads to the end or the first error; an error must repeat unchanged.
    private static func drain<Record>(_ next: () throws -> Record?, _ check: (Record) -> Void = { _ in }) -> String {
        var records = 0
        while true {
            do {
                guard let record = try next() else { return "\(records) records" }
                check(record)
                records += 1
            } catch {
                let first = String(describing: error)
                #expect(throws: (any Error).self) { _ = try next() }
                do { _ = try next() } catch { #expect(String(describing: error) == first) }
                return "error after \(records) records: \(first)"
            }
        }
    }

    @Test("every CSV seed reads to its end or one repeated error, within the limits")
    func csvSeeds() throws {
        let seeds = try Self.seeds("csv")
        #expect(seeds.count >= 2)
        for seed in seeds where !seed.bytes.isEmpty {
            let directory = TemporaryDirectory()
            var reader = CSVReader(reader: try Self.reader(seed.bytes, in: directory),
                                   maximumFieldBytes: 256, maximumFieldCount: 32)
            _ = Self.drain({ try reader.next() }) { record in
                #expect(record.fields.count <= 32, "\(seed.name)")
                #expect(record.fields.allSatisfy { $0.utf8.count <= 256 }, "\(seed.name)")
            }
        }
    }

    @Test("every NDJSON seed reads to its end or one repeated error")
    func ndjsonSeeds() throws {
        let seeds = try Self.seeds("ndjson")
        #expect(seeds.count >= 2)
        for seed in seeds where !seed.bytes.isEmpty {
            let directory = TemporaryDirectory()
            var reader = NDJSONReader(reader: try Self.reader(seed.bytes, in: directory),
                                      maximumLineBytes: 4096, maximumDepth: 16)
            _ = Self.drain({ try reader.next() })
        }
    }

    @Test("every cohort seed parses the same way twice, or fails with a position inside the text")
    func cohortSeeds() throws {
        let seeds = try Self.seeds("cohort")
        #expect(seeds.count >= 3)
        for seed in seeds {
            let text = String(decoding: seed.bytes, as: UTF8.self)
            do {
                let expression = try CohortExpression(text)
                #expect(try CohortExpression(text) == expression, "\(seed.name)")
            } catch let error as CohortSyntaxError {
                #expect((1...text.count + 1).contains(error.position), "\(seed.name)")
                #expect(error.expression == text)
            }
        }
    }

    @Test("the hand-made seeds read as they should: records, objects and trees")
    func seedsReadAsWritten() throws {
        let directory = TemporaryDirectory()
        let csv = try #require(try Self.seeds("csv").first { $0.name == "header-quotes" })
        var csvReader = CSVReader(reader: try Self.reader(csv.bytes, in: directory))
        #expect(try csvReader.next()?.fields == ["ref", "citizen", "type"])
        #expect(try csvReader.next()?.fields == ["J-1", "c1", "a \"quoted\", field"])
        let cohort = try #require(try Self.seeds("cohort").first { $0.name == "precedence" })
        let expression = try CohortExpression(String(decoding: cohort.bytes, as: UTF8.self))
        #expect(expression.root == .or(.sectorCount(.atLeast, 3), .and(.outcome("achieved"), .type("sick_leave"))))
    }
}
