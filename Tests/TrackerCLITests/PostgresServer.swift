import Foundation

/// The PostgreSQL server the tests of that engine run against, named by
/// `$TRACKER_TEST_POSTGRES` (a libpq conninfo of a superuser, e.g.
/// `host=/tmp/cluster user=postgres`; `.ci/run` starts one and sets it).
/// Without it those tests are skipped; CI always has it.
enum PostgresServer {
    static let conninfo = ProcessInfo.processInfo.environment["TRACKER_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static var isConfigured: Bool { conninfo != nil }

    /// The conninfo with `user` and `dbname` replaced.
    static func conninfo(database: String, user: String) -> String {
        let kept = (conninfo ?? "").split(separator: " ").filter { !$0.hasPrefix("user=") && !$0.hasPrefix("dbname=") }
        return (kept + ["user=\(user)", "dbname=\(database)"]).joined(separator: " ")
    }

    /// Runs SQL through psql as the superuser; throws with psql's words when it fails.
    @discardableResult
    static func psql(_ sql: String, database: String = "postgres", user: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let base = conninfo ?? ""
        let target = user.map { conninfo(database: database, user: $0) }
            ?? (base.split(separator: " ").filter { !$0.hasPrefix("dbname=") } + ["dbname=\(database)"]).joined(separator: " ")
        arguments.append(target)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresTestFailure(message: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a login role if it does not exist (roles belong to the whole
    /// cluster, so tests running at once may race to make the same one).
    static func ensureRole(_ name: String, _ options: String = "LOGIN") throws {
        for _ in 0..<5 {
            do {
                try psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(name)') THEN CREATE ROLE \(name) \(options); END IF; END $$")
                return
            } catch let failure as PostgresTestFailure where failure.message.contains("already exists") || failure.message.contains("duplicate key") {
                continue
            }
        }
    }

    /// A new empty database owned by the login role `tester` (the actor the
    /// SQLite tests name too, so outputs compare); returns the conninfo of
    /// a `tester` session on it.
    static func freshDatabase() throws -> String {
        try ensureRole("tester")
        let name = "tracker_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name) OWNER tester")
        return conninfo(database: name, user: "tester")
    }

    /// The database name in a conninfo made by `freshDatabase`.
    static func databaseName(of conninfo: String) -> String {
        conninfo.split(separator: " ").first { $0.hasPrefix("dbname=") }.map { String($0.dropFirst(7)) } ?? ""
    }
}

struct PostgresTestFailure: Error {
    let message: String
}
