import Foundation
import Testing

/// The same commands on a PostgreSQL server as on a SQLite file.
@Suite("The PostgreSQL engine, through the binary", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresEngineTests {
    static let key = String(repeating: "ab", count: 32)

    @Test("init gives a server database the schema; a second init changes nothing; migrate --status names the same migrations as SQLite")
    func initAndStatus() throws {
        let db = try PostgresServer.freshDatabase()
        let first = try runTracker(["init", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        let audited = try PostgresServer.psql("SELECT count(*) FROM audit_log", database: PostgresServer.databaseName(of: db))
        let second = try runTracker(["init", "--db", db])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try PostgresServer.psql("SELECT count(*) FROM audit_log", database: PostgresServer.databaseName(of: db)) == audited)

        let status = try runTracker(["migrate", "--status", "--db", db, "--format", "csv"])
        #expect(status.status == 0, "\(status.stderr)")
        let scratch = Scratch()
        try runTracker(["init", "--db", scratch.file("t.sqlite")])
        let sqlite = try runTracker(["migrate", "--status", "--db", scratch.file("t.sqlite"), "--format", "csv"])
        func names(_ csv: String) -> [String] {
            csv.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",").first ?? "") }
        }
        #expect(names(status.stdout) == names(sqlite.stdout))
        #expect(names(status.stdout).count >= 5)
        #expect(!status.stdout.contains("pending"))
    }

    @Test("a server database with a newer schema is exit 78 and untouched")
    func tooNew() throws {
        let db = try PostgresServer.freshDatabase()
        let name = PostgresServer.databaseName(of: db)
        #expect(try runTracker(["init", "--db", db]).status == 0)
        try PostgresServer.psql("INSERT INTO schema_migrations VALUES ('9999_future', 'x', '2030-01-01')", database: name)
        let before = try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name)
        let result = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--db", db])
        #expect(result.status == 78)
        #expect(result.stderr.contains("9999_future"))
        #expect(try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name) == before)
        #expect(try PostgresServer.psql("SELECT count(*) FROM journeys", database: name) == "0")
    }

    @Test("on a server the actor is the session's role: --actor is refused (64), nothing written")
    func actorIsTheRole() throws {
        let db = try PostgresServer.freshDatabase()
        let name = PostgresServer.databaseName(of: db)
        #expect(try runTracker(["init", "--db", db]).status == 0)
        let refused = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--db", db, "--actor", "someone"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--actor"))
        #expect(try PostgresServer.psql("SELECT count(*) FROM journeys", database: name) == "0")
        let opened = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--ref", "J-1", "--db", db],
                                    environment: ["TRACKER_ACTOR": "someone-else"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(try PostgresServer.psql("SELECT actor FROM audit_log WHERE action = 'created' AND entity = 'journey'", database: name) == "tester")
    }

    @Test("a server that cannot be reached is a clear error, not a crash")
    func unreachable() throws {
        let result = try runTracker(["journey", "list", "--db", "host=/nonexistent-socket-folder dbname=none user=none"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("/nonexistent-socket-folder"))
    }

    /// The text with each UTC timestamp of a change (`2026-12-03T13:01:06Z`) replaced by `<at>`.
    static func unstamped(_ text: String) -> String {
        let stamp = try! NSRegularExpression(pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
        return stamp.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "<at>")
    }

    @Test("the README's caseworker session prints the same on PostgreSQL as on SQLite, command by command")
    func caseworkerSession() throws {
        try PostgresServer.ensureRole("mette")
        let server = try PostgresServer.freshDatabase()
        let name = PostgresServer.databaseName(of: server)
        try PostgresServer.psql("ALTER DATABASE \(name) OWNER TO mette")
        let mette = PostgresServer.conninfo(database: name, user: "mette")
        let scratch = Scratch()
        var compared = 0
        for line in try CaseworkerSessionTests.sessionLines() where !line.hasPrefix("export ") {
            let words = Array(shellWords(line).dropFirst())
            let onFile = try runTracker(words + ["--db", scratch.file("roskilde.sqlite")],
                                        environment: ["TRACKER_ACTOR": "mette", "TRACKER_PSEUDONYM_KEY": Self.key])
            let onServer = try runTracker(words + ["--db", mette], environment: ["TRACKER_PSEUDONYM_KEY": Self.key])
            #expect(onFile.status == 0, "\(line)\n\(onFile.stderr)")
            #expect(onServer.status == onFile.status, "\(line)\n\(onServer.stderr)")
            if words.first != "init" {
                // A change is stamped with the moment it was made; the two
                // runs of a line may fall in different seconds.
                #expect(Self.unstamped(onServer.stdout) == Self.unstamped(onFile.stdout), "\(line)")
                #expect(onServer.stderr == onFile.stderr, "\(line)")
                compared += 1
            }
        }
        #expect(compared >= 12)
        #expect(try PostgresServer.psql("SELECT count(*) FROM audit_log WHERE action = 'viewed' AND actor = 'mette'", database: name) == "1")
    }
}

/// The bad-input cases of the caseworker commands, on a server.
@Suite("Bad input on PostgreSQL", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresBadInputTests {
    /// A server database with journey J-1 opened, as the SQLite cases have it.
    static func initialized() throws -> (conninfo: String, name: String) {
        let db = try PostgresServer.freshDatabase()
        #expect(try runTracker(["init", "--db", db]).status == 0)
        let open = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--ref", "J-1",
                                   "--opened", "2026-01-10", "--db", db])
        #expect(open.status == 0, "\(open.stderr)")
        return (db, PostgresServer.databaseName(of: db))
    }

    @Test("the same exit code as on SQLite, an error on stderr, nothing written", arguments: CaseworkerCommandTests.badInputs)
    func badInput(_ input: CaseworkerCommandTests.BadInput) throws {
        let (db, name) = try Self.initialized()
        let before = try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name)
        let result = try runTracker(input.arguments + ["--db", db], environment: ["TRACKER_PSEUDONYM_KEY": PostgresEngineTests.key])
        #expect(result.status == input.code, "\(input.arguments): \(result.stderr)")
        #expect(result.stderr.lowercased().contains("error"))
        #expect(!result.stderr.contains("0101901234") && !result.stderr.contains("311390"))
        #expect(result.stdout.isEmpty)
        #expect(try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name) == before)
    }
}

/// The roles of a shared deployment, enforced by the server.
@Suite("Roles on PostgreSQL", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresRoleTests {
    @Test("an analyst cannot read a citizen reference, a ref or free text, nor write; a caseworker cannot rewrite the audit log")
    func grants() throws {
        let (db, name) = try PostgresBadInputTests.initialized()
        // Roles are the cluster's: made as the superuser, idempotently.
        let admin = PostgresServer.conninfo(database: name, user: "postgres")
        let made = try runTracker(["admin", "roles", "--db", admin])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try runTracker(["admin", "roles", "--db", admin]).status == 0)
        let dryRun = try runTracker(["admin", "roles", "--dry-run", "--db", admin])
        #expect(dryRun.stdout.contains("GRANT SELECT (") && dryRun.stdout.contains("tracker_analyst"))
        let suffix = String(name.suffix(8))
        try PostgresServer.ensureRole("analyst_\(suffix)", "LOGIN IN ROLE tracker_analyst")
        try PostgresServer.ensureRole("caseworker_\(suffix)", "LOGIN IN ROLE tracker_caseworker")

        func refused(_ sql: String, as user: String) -> String? {
            do {
                try PostgresServer.psql(sql, database: name, user: user)
                return nil
            } catch let failure as PostgresTestFailure {
                return failure.message
            } catch {
                return "\(error)"
            }
        }
        let analyst = "analyst_\(suffix)", caseworker = "caseworker_\(suffix)"
        #expect(refused("SELECT citizen_id FROM journeys", as: analyst)?.contains("permission denied") == true)
        #expect(refused("SELECT ref FROM journeys", as: analyst)?.contains("permission denied") == true)
        #expect(refused("SELECT description FROM obstacles", as: analyst)?.contains("permission denied") == true)
        #expect(refused("SELECT ref FROM v_journeys", as: analyst)?.contains("permission denied") == true)
        #expect(refused("INSERT INTO sectors (id, name, level) VALUES ('x', 'X', 'municipal')", as: analyst)?
            .contains("permission denied") == true)
        #expect(refused("SELECT type, count(*) FROM journeys GROUP BY type", as: analyst) == nil)
        #expect(refused("UPDATE audit_log SET actor = 'nobody'", as: caseworker)?.contains("permission denied") == true)
        #expect(refused("DELETE FROM changes", as: caseworker)?.contains("permission denied") == true)
        // Even the owner, who holds every grant, meets the append-only triggers.
        #expect(refused("UPDATE audit_log SET actor = 'nobody'", as: "tester") != nil)

        // Through the binary: a caseworker works; tracker sql as an analyst reads no refs.
        let caseworkerDB = PostgresServer.conninfo(database: name, user: caseworker)
        let logged = try runTracker(["step", "log", "J-1", "--sector", "employment", "--kind", "meeting", "--db", caseworkerDB])
        #expect(logged.status == 0, "\(logged.stderr)")
        let analystDB = PostgresServer.conninfo(database: name, user: analyst)
        let counted = try runTracker(["sql", "SELECT count(*) AS n FROM steps", "--db", analystDB, "--format", "csv"])
        #expect(counted.status == 0, "\(counted.stderr)")
        #expect(counted.stdout.contains("\n1"))
        let personal = try runTracker(["sql", "SELECT ref FROM journeys", "--db", analystDB])
        #expect(personal.status == 65)
        #expect(personal.stderr.contains("analyst"))
        let write = try runTracker(["sql", "DELETE FROM steps", "--db", analystDB])
        #expect(write.status == 65)
        #expect(try PostgresServer.psql("SELECT count(*) FROM steps", database: name) == "1")
    }
}

/// Many caseworkers at once on one server.
@Suite("Concurrency on PostgreSQL", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresConcurrencyTests {
    @Test("8 processes × 25 step logs at once: no failure, every step there, the kept facts exact")
    func manyWriters() throws {
        let (db, name) = try PostgresBadInputTests.initialized()
        let processes = 8, perProcess = 25
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: processes) { worker in
            for attempt in 0..<perProcess {
                let result = try? runTracker(["step", "log", "J-1", "--sector", "employment", "--kind", "meeting",
                                              "--note", "w\(worker)-\(attempt)", "--db", db])
                if result?.status != 0 { failures.increment() }
            }
        }
        #expect(failures.value == 0)
        #expect(try PostgresServer.psql("SELECT count(*) FROM steps", database: name) == "\(processes * perProcess)")
        #expect(try PostgresServer.psql("SELECT step_count FROM journey_facts WHERE journey_id = 1", database: name)
                == "\(processes * perProcess)")
        #expect(try PostgresServer.psql("SELECT count(*) FROM audit_log WHERE action = 'created' AND entity = 'step'", database: name)
                == "\(processes * perProcess)")
    }
}

/// The pseudonym key of a server database, kept with the user's settings.
@Suite("The pseudonym key of a service", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresServiceKeyTests {
    @Test("service=NAME takes the key from ~/.config/tracker/NAME.key: missing is 66 with nothing written, then the same pseudonyms as $TRACKER_PSEUDONYM_KEY")
    func keyOfTheService() throws {
        let db = try PostgresServer.freshDatabase()
        #expect(try runTracker(["init", "--db", db]).status == 0)
        let scratch = Scratch()
        // A libpq service file: the conninfo's words, one per line.
        try ("[trackertest]\n" + db.split(separator: " ").joined(separator: "\n") + "\n")
            .write(toFile: scratch.file("pg_service.conf"), atomically: true, encoding: .utf8)
        let environment = ["PGSERVICEFILE": scratch.file("pg_service.conf"), "XDG_CONFIG_HOME": scratch.file("config")]
        let open = ["journey", "open", "--cpr", "0101901234", "--type", "youth", "--db", "service=trackertest"]
        let missing = try runTracker(open + ["--ref", "S-1"], environment: environment)
        #expect(missing.status == 66, "\(missing.stderr)")
        #expect(missing.stderr.contains(scratch.file("config/tracker/trackertest.key")))
        #expect(!missing.stderr.contains("0101901234"))
        let name = PostgresServer.databaseName(of: db)
        #expect(try PostgresServer.psql("SELECT count(*) FROM journeys", database: name) == "0")
        try FileManager.default.createDirectory(atPath: scratch.file("config/tracker"), withIntermediateDirectories: true)
        try (PostgresEngineTests.key + "\n").write(toFile: scratch.file("config/tracker/trackertest.key"), atomically: true, encoding: .utf8)
        let opened = try runTracker(open + ["--ref", "S-1"], environment: environment)
        #expect(opened.status == 0, "\(opened.stderr)")
        let viaEnvironment = try runTracker(["journey", "open", "--cpr", "0101901234", "--type", "youth", "--ref", "S-2", "--db", db],
                                            environment: ["TRACKER_PSEUDONYM_KEY": PostgresEngineTests.key])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        #expect(try PostgresServer.psql("SELECT count(*), count(DISTINCT citizen_id) FROM journeys", database: name) == "2|1")
    }
}

/// The server's triggers keep the facts as SQLite's do.
@Suite("Kept facts on PostgreSQL", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresKeptFactsTests {
    @Test("steps, sector amends, voids and obstacles keep each journey's counts; tracker check agrees")
    func countsFollowEveryWrite() throws {
        let (db, name) = try PostgresBadInputTests.initialized()
        func run(_ arguments: [String]) throws {
            let result = try runTracker(arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        func counts() throws -> String {
            try PostgresServer.psql("SELECT step_count, sector_count, obstacle_count FROM journey_facts WHERE journey_id = 1",
                                    database: name)
        }
        for sector in ["employment", "employment", "psychiatry"] {
            try run(["step", "log", "J-1", "--sector", sector, "--kind", "meeting", "--at", "2026-01-12"])
        }
        try run(["obstacle", "log", "J-1", "--category", "regulation", "--sector", "employment", "--description", "x"])
        #expect(try counts() == "3|2|1")
        try run(["step", "amend", "2", "--sector", "hospital", "--reason", "the hospital's meeting"])
        #expect(try counts() == "3|3|1")
        try run(["step", "void", "3", "--reason", "logged twice"])
        try run(["obstacle", "void", "1", "--reason", "logged twice"])
        #expect(try counts() == "2|2|0")
        #expect(try runTracker(["check", "--db", db]).status == 0)
    }
}

/// One dataset in both engines: what comes out must be the same.
@Suite("One dataset on both engines", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresSameDataTests {
    /// A demo's rows as CSV, imported into a new SQLite file and a new
    /// server database by `tracker import`.
    static func bothEngines() throws -> (scratch: Scratch, sqlite: String, server: String) {
        let scratch = Scratch()
        let demo = try runTracker(["demo", "--db", scratch.file("demo.sqlite"), "--journeys", "300"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let sqlite = scratch.file("copy.sqlite")
        let server = try PostgresServer.freshDatabase()
        #expect(try runTracker(["init", "--db", sqlite]).status == 0)
        #expect(try runTracker(["init", "--db", server]).status == 0)
        for kind in ["journeys", "steps", "obstacles", "observations"] {
            let exported = try runTracker(["export", "--db", scratch.file("demo.sqlite"), "--kind", kind, "--format", "csv"])
            #expect(exported.status == 0, "\(exported.stderr)")
            let file = scratch.file("\(kind).csv")
            try exported.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            for target in [sqlite, server] {
                let imported = try runTracker(["import", file, "--kind", kind, "--db", target])
                #expect(imported.status == 0, "\(kind) into \(target): \(imported.stderr)")
            }
        }
        return (scratch, sqlite, server)
    }

    @Test("every row imported into both engines exports byte for byte the same, and a second step log lands after them")
    func importAndExport() throws {
        let (scratch, sqlite, server) = try Self.bothEngines()
        defer { withExtendedLifetime(scratch) {} }
        for kind in ["journeys", "steps", "obstacles", "observations"] {
            let a = try runTracker(["export", "--db", sqlite, "--kind", kind, "--format", "csv"])
            let b = try runTracker(["export", "--db", server, "--kind", kind, "--format", "csv"])
            #expect(b.status == 0, "\(b.stderr)")
            #expect(a.stdout == b.stdout, "\(kind)")
            #expect(a.stdout.split(whereSeparator: \.isNewline).count > 50, "\(kind)")
        }
        // The identity sequences moved past the imported ids.
        let ref = try runTracker(["sql", "SELECT ref FROM journeys WHERE status = 'open' ORDER BY id LIMIT 1", "--db", sqlite,
                                  "--format", "csv"]).stdout.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        for target in [sqlite, server] {
            let logged = try runTracker(["step", "log", ref, "--sector", "employment", "--kind", "meeting", "--db", target])
            #expect(logged.status == 0, "\(logged.stderr)")
        }
        let checked = try runTracker(["check", "--db", server])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }
}

extension PostgresSameDataTests {
    static let analyses: [[String]] = [
        ["analyze", "obstacles", "--by", "category"], ["analyze", "obstacles", "--by", "sector"],
        ["analyze", "obstacles", "--by", "sector-pair"], ["analyze", "obstacles", "--by", "rule"],
        ["analyze", "obstacles", "--by", "month"], ["analyze", "rules"], ["analyze", "handoffs"], ["analyze", "journeys"],
        ["analyze", "journeys", "--by", "type"], ["analyze", "activity-vs-effect"], ["effect", "summary"],
        ["effect", "summary", "--by", "type"], ["effect", "summary", "--by", "sector"],
        ["effect", "compare", "--measure", "who5", "--cohort", "obstacle:regulation"],
        ["effect", "compare", "--measure", "who5", "--cohort", "obstacle:regulation", "--adjust", "type,baseline"],
        ["effect", "survival", "--by", "type", "--as-of", "2026-01-01"],
        ["effect", "survival", "--by", "obstacle:regulation", "--landmark", "90", "--as-of", "2026-01-01"],
        ["effect", "hazard", "--exposure", "obstacle:governance_conflict", "--as-of", "2026-01-01"],
        ["effect", "incidence", "--by", "type", "--as-of", "2026-01-01"],
        ["journey", "list", "--stalled", "60"], ["obstacle", "list"], ["report", "--as-of", "2026-01-01"],
        ["today", "--owner", "nobody", "--as-of", "2026-01-01"],
    ]

    /// The analyses a server counts with its own aggregates (the report
    /// every section of it), each also with a filter, after voids on both ends.
    static let countedOnServer: [[String]] = [
        ["analyze", "obstacles", "--by", "category"], ["analyze", "obstacles", "--by", "sector"],
        ["analyze", "obstacles", "--by", "sector-pair"], ["analyze", "obstacles", "--by", "rule"],
        ["analyze", "obstacles", "--by", "month"], ["analyze", "rules", "--top", "1000"], ["analyze", "handoffs"],
        ["analyze", "journeys"], ["analyze", "journeys", "--by", "type"], ["effect", "summary"],
        ["effect", "summary", "--by", "type"], ["effect", "summary", "--by", "outcome"],
        ["effect", "summary", "--by", "sector"], ["effect", "summary", "--by", "category"],
        ["effect", "summary", "--measure", "work_hours"], ["effect", "survival"], ["effect", "survival", "--by", "type"],
        ["effect", "survival", "--by", "outcome", "--event", "achieved"], ["effect", "survival", "--by", "type", "--landmark", "90"],
        ["effect", "survival", "--as-of", "2024-03-31"], ["effect", "incidence"], ["effect", "incidence", "--by", "type"],
        ["analyze", "activity-vs-effect"], ["report"], ["report", "--as-of", "2024-06-30"],
        ["effect", "compare", "--measure", "public_cost", "--cohort", "obstacle:documentation or sectors>=4"],
        ["effect", "compare", "--measure", "public_cost", "--cohort", "outcome:achieved", "--vs", "not outcome:achieved and sectors>=3"],
        ["effect", "survival", "--by", "obstacle:documentation or outcome:achieved"],
        ["effect", "survival", "--by", "sectors>=3", "--as-of", "2024-06-30"],
        ["effect", "incidence", "--by", "(sector:psychiatry or obstacle:documentation) and not type:vulnerable_family"],
    ]

    /// Equal JSON, numbers to a relative 1e-12 (sums may run in another order).
    static func sameJSON(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (x as [Any], y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        case let (x as [String: Any], y as [String: Any]):
            return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { sameJSON(x[$0]!, y[$0]!) }
        case let (x as NSNumber, y as NSNumber):
            let p = x.doubleValue, q = y.doubleValue
            return p == q || abs(p - q) <= 1e-12 * max(abs(p), abs(q))
        default: return "\(a)" == "\(b)"
        }
    }

    /// Whether `command` prints the same JSON on both, numbers to 1e-12.
    static func agree(_ command: [String], _ sqlite: String, _ server: String) throws -> Bool {
        let a = try runTracker(command + ["--db", sqlite, "--format", "json"])
        let b = try runTracker(command + ["--db", server, "--format", "json"])
        #expect(a.status == 0 && b.status == 0, "\(command): \(b.stderr)")
        #expect(a.stdout.count > 10, "\(command)")
        guard a.stdout != b.stdout else { return true }
        let parsed = [a.stdout, b.stdout].map { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) }
        return parsed[0] != nil && parsed[1] != nil && Self.sameJSON(parsed[0]!, parsed[1]!)
    }

    @Test("the analyses a server counts itself agree with a file's, filtered and after voids")
    func aggregatesAgree() throws {
        let (scratch, sqlite, server) = try Self.bothEngines()
        defer { withExtendedLifetime(scratch) {} }
        let journey = try runTracker(["sql", "SELECT ref FROM journeys WHERE id = 7", "--db", sqlite, "--format", "csv"])
            .stdout.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        for target in [sqlite, server] {
            for void in [["journey", "void", journey], ["step", "void", "40"], ["obstacle", "void", "3"], ["obstacle", "void", "11"]] {
                let voided = try runTracker(void + ["--reason", "logged on the wrong citizen", "--db", target])
                #expect(voided.status == 0, "\(void): \(voided.stderr)")
            }
        }
        let type = try runTracker(["sql", "SELECT type FROM journeys WHERE id = 1", "--db", sqlite, "--format", "csv"])
            .stdout.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        for filter in [[], ["--type", type], ["--from", "2023-01-01", "--to", "2024-06-30"]] {
            for command in Self.countedOnServer {
                #expect(try Self.agree(command + filter, sqlite, server), "\(command + filter)")
            }
        }
        // A type no journey has is refused on both, and so is a cohort too
        // small to compare, in the same words.
        for target in [sqlite, server] {
            #expect(try runTracker(["analyze", "rules", "--type", "moon", "--db", target]).status == 66)
        }
        let tooFew = ["effect", "compare", "--measure", "public_cost", "--cohort", "sectors>=40"]
        let refusals = try [sqlite, server].map { try runTracker(tooFew + ["--db", $0]) }
        #expect(refusals.allSatisfy { $0.status == 65 } && refusals[0].stderr == refusals[1].stderr, "\(refusals[1].stderr)")
    }

    @Test("every analysis, the work queues and the report answer the same on both engines")
    func analysesAgree() throws {
        let (scratch, sqlite, server) = try Self.bothEngines()
        defer { withExtendedLifetime(scratch) {} }
        for command in Self.analyses {
            #expect(try Self.agree(command, sqlite, server), "\(command)")
        }
    }
}

@Suite("tracker copy between the engines", .enabled(if: PostgresServer.isConfigured, "no $TRACKER_TEST_POSTGRES"))
struct PostgresCopyTests {
    @Test("demo on a server makes the same data as on a file: the same answers, XES and OCEL; a database in use is refused (73) and untouched")
    func demoOnServer() throws {
        let scratch = Scratch()
        let file = scratch.file("demo.sqlite")
        #expect(try runTracker(["demo", "--db", file, "--journeys", "150", "--seed", "7"]).status == 0)
        let server = try PostgresServer.freshDatabase()
        let made = try runTracker(["demo", "--db", server, "--journeys", "150", "--seed", "7"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("tracker report") && made.stderr.contains("150 journeys"))
        for command in [["analyze", "rules"], ["analyze", "handoffs"], ["journey", "list", "--limit", "0"], ["rule", "list"],
                        ["report", "--as-of", "2026-12-01"]] {
            let a = try runTracker(command + ["--db", file, "--format", "json"])
            let b = try runTracker(command + ["--db", server, "--format", "json"])
            #expect(a.status == 0 && a.stdout.count > 10 && a.stdout == b.stdout, "\(command): \(b.stderr)")
        }
        // The process-mining logs too, byte for byte.
        for log in [["--xes", "log.xes"], ["--ocel", "log.json"], ["--ocel", "log.xml"]] {
            for (database, side) in [(file, "file-"), (server, "server-")] {
                let written = try runTracker(["export", log[0], scratch.file(side + log[1]), "--db", database])
                #expect(written.status == 0, "\(log): \(written.stderr)")
            }
            let a = FileManager.default.contents(atPath: scratch.file("file-" + log[1]))
            #expect(a != nil && a == FileManager.default.contents(atPath: scratch.file("server-" + log[1])), "\(log)")
        }
        let name = PostgresServer.databaseName(of: server)
        let before = try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name)
        let again = try runTracker(["demo", "--db", server, "--journeys", "20"])
        #expect(again.status == 73 && again.stderr.contains("not empty") && again.stdout.isEmpty)
        #expect(try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name) == before)
    }

    @Test("SQLite → PostgreSQL → SQLite gives a byte-identical export --all; a non-empty target is refused (73) and untouched")
    func roundTrip() throws {
        let scratch = Scratch()
        let original = scratch.file("original.sqlite")
        #expect(try runTracker(["demo", "--db", original, "--journeys", "200"]).status == 0)
        // Corrections and voids, so that changes and history travel too.
        #expect(try runTracker(["step", "amend", "3", "--note", "corrected", "--reason", "typo", "--db", original]).status == 0)
        #expect(try runTracker(["obstacle", "void", "2", "--reason", "logged twice", "--db", original]).status == 0)
        let server = try PostgresServer.freshDatabase()
        let there = try runTracker(["copy", "--db", original, "--to", server])
        #expect(there.status == 0, "\(there.stderr)")
        let name = PostgresServer.databaseName(of: server)
        let before = try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name)
        let again = try runTracker(["copy", "--db", original, "--to", server])
        #expect(again.status == 73)
        #expect(again.stderr.contains("not empty"))
        #expect(try PostgresServer.psql("SELECT count(*), max(id) FROM audit_log", database: name) == before)
        let back = scratch.file("back.sqlite")
        let home = try runTracker(["copy", "--db", back, "--from", server])
        #expect(home.status == 0, "\(home.stderr)")
        #expect(try runTracker(["copy", "--db", original, "--to", back]).status == 73)
        for (database, folder) in [(original, "a"), (back, "b")] {
            let exported = try runTracker(["export", "--all", scratch.file(folder), "--db", database])
            #expect(exported.status == 0, "\(exported.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.file("a")).sorted()
        #expect(files.count >= 10)
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: scratch.file("b")).sorted()))
        for file in files {
            #expect(FileManager.default.contents(atPath: scratch.file("a/" + file))
                    == FileManager.default.contents(atPath: scratch.file("b/" + file)), "\(file)")
        }
        for database in [server, back] {
            #expect(try runTracker(["check", "--db", database]).status == 0)
            let rules = try runTracker(["analyze", "rules", "--format", "json", "--db", database])
            #expect(rules.stdout == (try runTracker(["analyze", "rules", "--format", "json", "--db", original])).stdout)
        }
        // A caseworker goes on working on the server: ids follow the copied ones.
        let ref = try PostgresServer.psql("SELECT ref FROM journeys WHERE status = 'open' ORDER BY id LIMIT 1", database: name)
        #expect(try runTracker(["step", "log", ref, "--sector", "employment", "--kind", "meeting", "--db", server]).status == 0)
    }
}
