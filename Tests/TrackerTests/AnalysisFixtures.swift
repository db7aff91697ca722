import Foundation
@testable import Tracker

/// The fixed data of the analysis tests, in `Reference/` beside the scripts
/// that computed the expected values from the same files.
enum AnalysisFixtures {
    /// 60 journeys with everything awkward (see make_analysis_fixture.py).
    static func main() throws -> Database { try load("analysis_fixture.sql") }

    /// Groups of one, two with zero variance, all censored, tied times.
    static func edge() throws -> Database { try load("analysis_edge_fixture.sql") }

    /// The as-of day both fixtures are read at.
    static let asOf = "2026-06-30"

    private static func load(_ name: String) throws -> Database {
        let db = try migratedMemoryDatabase()
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name).path
        try db.execute(String(contentsOfFile: path, encoding: .utf8))
        return db
    }
}
