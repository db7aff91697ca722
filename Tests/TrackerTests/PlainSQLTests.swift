import Foundation
import Testing
@testable import Tracker

/// `Benchmarks/sql/` holds, for each analysis the side-by-side benchmark
/// times, the plain SQL that computes the same figures in the sqlite3 shell.
/// The comparison is only honest while both compute the same thing: here,
/// on the analysis fixture, each file must give the command's rows.
@Suite("The benchmark's plain SQL computes what its command computes")
struct PlainSQLTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/sql")

    static let analyses: [String: @Sendable (ReadSession) throws -> ResultTable] = [
        "analyze-obstacles-category": { try ObstacleAnalysis($0, by: .category).output().table },
        "analyze-obstacles-sector-pair": { try ObstacleAnalysis($0, by: .sectorPair).output().table },
        "analyze-journeys-type": { try JourneyAnalysis($0, by: .type).output().table },
        "analyze-rules": { try RuleAnalysis($0).output().table },
        "analyze-handoffs": { try HandoffAnalysis($0).output().table },
    ]

    @Test("every file has its analysis here, and every analysis here its file")
    func everyFile() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasPrefix("analyze-") && $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }
        #expect(Set(files) == Set(Self.analyses.keys))
    }

    @Test("same columns, same rows, same figures (to 1e-9)", arguments: Array(analyses.keys).sorted())
    func sameFigures(name: String) throws {
        let db = try AnalysisFixtures.main()
        // A voided journey and a voided obstacle must be left out by both.
        try db.execute("UPDATE journeys SET voided_at = '2026-01-01', voided_by = 'x', void_reason = 'test' WHERE id = 4")
        try db.execute("UPDATE obstacles SET voided_at = '2026-01-01', voided_by = 'x', void_reason = 'test' WHERE id = 2")
        let sql = try String(contentsOf: Self.folder.appendingPathComponent(name + ".sql"), encoding: .utf8)
        let plain = try db.rows(sql)
        let expected = try Self.analyses[name]!(ReadSession(db))
        #expect(plain.first?.columns == expected.columns, "\(name)")
        #expect(plain.count == expected.rows.count && !plain.isEmpty, "\(name): \(plain.count) rows, \(expected.rows.count)")
        for (row, wanted) in zip(plain, expected.rows) {
            for (index, value) in wanted.enumerated() {
                let got = row.values[index]
                switch value {
                case .integer(let integer):
                    #expect(got.integer == integer || got.real == Double(integer), "\(name) \(expected.columns[index])")
                case .real(let real):
                    let number = got.real ?? got.integer.map(Double.init) ?? .nan
                    #expect(abs(number - real) <= 1e-9 * max(1, abs(real)), "\(name) \(expected.columns[index]): \(number) vs \(real)")
                case .null:
                    #expect(got == .null, "\(name) \(expected.columns[index])")
                default:
                    #expect(got.text == value.plainText, "\(name) \(expected.columns[index])")
                }
            }
        }
    }
}
