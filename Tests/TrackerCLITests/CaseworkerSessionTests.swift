import Foundation
import Testing
@testable import Tracker

/// Splits a shell command line into words: spaces separate, double and single
/// quotes group. Enough for the README's session, which uses nothing else.
func shellWords(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character?
    var inWord = false
    for character in line {
        if let open = quote {
            if character == open { quote = nil } else { current.append(character) }
        } else if character == "\"" || character == "'" {
            quote = character
            inWord = true
        } else if character == " " {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        } else {
            current.append(character)
            inWord = true
        }
    }
    if inWord { words.append(current) }
    return words
}

@Suite("The README's caseworker session, end to end")
struct CaseworkerSessionTests {
    static func sessionLines() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- caseworker-session"))
        let end = try #require(text.range(of: "<!-- end caseworker-session -->"))
        let block = text[start.upperBound..<end.lowerBound]
        return block.split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("tracker ") || $0.hasPrefix("export ") }
    }

    @Test("runs exactly as written, and no byte of the database, WAL or shared memory holds the CPR number")
    func session() throws {
        let scratch = Scratch()
        var environment: [String: String] = [:]
        var keepOpen: Database?
        var outputs: [String: RunResult] = [:]
        let lines = try Self.sessionLines()
        #expect(lines.count >= 12)
        for line in lines {
            let words = shellWords(line)
            if words.first == "export" {
                for assignment in words.dropFirst() {
                    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                    environment[parts[0]] = parts[1]
                }
                continue
            }
            let result = try runTracker(Array(words.dropFirst()), environment: environment, directory: scratch.path)
            #expect(result.status == 0, "\(line)\n\(result.stderr)")
            outputs[line] = result
            if words.dropFirst().first == "init" {
                // Hold a connection open so the WAL and shared-memory files
                // stay on disk to be searched.
                keepOpen = try Database(path: scratch.file("roskilde.sqlite"), mode: .readOnly)
                _ = try keepOpen?.value("SELECT count(*) FROM journeys")
            }
        }
        let show = try #require(outputs[lines.last!])
        #expect(show.stdout.contains("employment → psychiatry"))
        #expect(show.stdout.contains("Sygedagpengeloven § 13"))
        #expect(show.stdout.contains("closed 2026-04-27 (achieved)"))

        let db = try #require(keepOpen)
        #expect(try db.value("SELECT count(*) FROM steps") == .integer(3))
        #expect(try db.value("SELECT status FROM obstacles") == .text("resolved"))
        #expect(try db.value("SELECT change FROM v_effects WHERE measure_id = 'who5'") == .real(24))
        #expect(try db.value("SELECT count(*) FROM audit_log WHERE action = 'viewed' AND actor = 'mette'") == .integer(1))

        var searched = 0
        for suffix in ["", "-wal", "-shm"] {
            guard let data = FileManager.default.contents(atPath: scratch.file("roskilde.sqlite" + suffix)) else { continue }
            searched += 1
            for needle in ["0101901234", "010190-1234", "010190"] {
                #expect(data.range(of: Data(needle.utf8)) == nil, "\(needle) found in roskilde.sqlite\(suffix)")
            }
        }
        #expect(searched == 3)
        withExtendedLifetime(keepOpen) {}
    }
}

@Suite("Caseworker commands through the binary")
struct CaseworkerCommandTests {
    func initialized() throws -> (Scratch, [String: String]) {
        let scratch = Scratch()
        let environment = ["TRACKER_DB": scratch.file("t.sqlite"), "TRACKER_ACTOR": "ali"]
        #expect(try runTracker(["init"], environment: environment).status == 0)
        let open = try runTracker(["journey", "open", "--citizen", "c-1", "--type", "youth", "--ref", "J-1",
                                   "--opened", "2026-01-10"], environment: environment)
        #expect(open.status == 0, "\(open.stderr)")
        return (scratch, environment)
    }

    func auditCount(_ scratch: Scratch) throws -> Int64? {
        try Database(path: scratch.file("t.sqlite"), mode: .readOnly).value("SELECT count(*) FROM audit_log").integer
    }

    struct BadInput: Sendable, CustomStringConvertible {
        let arguments: [String]
        let code: Int32
        init(_ arguments: [String], _ code: Int32) {
            self.arguments = arguments
            self.code = code
        }
        var description: String { arguments.joined(separator: " ") }
    }

    static let badInputs: [BadInput] = [
        BadInput(["step", "log", "J-1", "--sector", "atlantis", "--kind", "meeting"], 66),
        BadInput(["step", "log", "J-9", "--sector", "employment", "--kind", "meeting"], 66),
        BadInput(["step", "log", "J-1", "--sector", "employment", "--kind", "meeting", "--at", "2026-01-09"], 65),
        BadInput(["step", "log", "J-1", "--sector", "employment", "--kind", "party"], 64),
        BadInput(["step", "log", "J-1", "--kind", "meeting"], 64),
        BadInput(["step", "log", "J-1", "--sector", "employment", "--kind", "meeting", "--note", "CPR 010190-1234"], 65),
        BadInput(["obstacle", "log", "J-1", "--category", "regulation", "--sector", "employment", "--description", "x", "--severity", "7"], 65),
        BadInput(["obstacle", "log", "J-1", "--category", "regulation", "--sector", "employment", "--description", "x", "--delay-days", "-3"], 65),
        BadInput(["obstacle", "log", "J-1", "--category", "regulation", "--sector", "employment", "--description", "x", "--hours", "lots"], 65),
        BadInput(["obstacle", "log", "J-1", "--category", "weather", "--sector", "employment", "--description", "x"], 66),
        BadInput(["obstacle", "log", "J-1", "--category", "regulation", "--description", "x"], 64),
        BadInput(["obstacle", "resolve", "1", "--note", "x"], 66),
        BadInput(["observe", "J-1", "--measure", "who5", "--phase", "baseline", "--value", "nan"], 65),
        BadInput(["observe", "J-1", "--measure", "joy", "--phase", "baseline", "--value", "3"], 66),
        BadInput(["journey", "open", "--cpr", "311390-1234", "--type", "youth"], 65),
        BadInput(["journey", "open", "--citizen", "c", "--type", "youth", "--title", "re 0101901234"], 65),
        BadInput(["journey", "open", "--type", "youth"], 64),
        BadInput(["journey", "open", "--citizen", "c", "--cpr", "010190-1234", "--type", "youth"], 64),
        BadInput(["journey", "close", "J-1", "--outcome", "achieved", "--closed", "2026-13-01"], 65),
        BadInput(["journey", "show", "J-404"], 66),
        BadInput(["journey", "list", "--stalled", "many"], 65),
        BadInput(["journey", "list", "--sector", "atlantis"], 66),
    ]

    @Test("bad input gets its exit code, an error on stderr, and writes nothing", arguments: badInputs)
    func badInput(_ input: BadInput) throws {
        let arguments = input.arguments, code = input.code
        let (scratch, environment) = try initialized()
        let before = try auditCount(scratch)
        let result = try runTracker(arguments, environment: environment)
        #expect(result.status == code, "\(arguments): \(result.stderr)")
        #expect(result.stderr.lowercased().contains("error"))
        #expect(!result.stderr.contains("0101901234") && !result.stderr.contains("311390"))
        #expect(result.stdout.isEmpty)
        #expect(try auditCount(scratch) == before)
    }

    @Test("closing a closed journey is exit 65")
    func closeTwice() throws {
        let (scratch, environment) = try initialized()
        defer { withExtendedLifetime(scratch) {} }
        #expect(try runTracker(["journey", "close", "J-1", "--outcome", "partial"], environment: environment).status == 0)
        let again = try runTracker(["journey", "close", "J-1", "--outcome", "achieved"], environment: environment)
        #expect(again.status == 65)
        #expect(again.stderr.contains("already closed"))
    }

    @Test("global options work before and after the command words")
    func globalOptionsAnywhere() throws {
        let (scratch, _) = try initialized()
        let before = try runTracker(["--db", scratch.file("t.sqlite"), "--format", "json", "journey", "list"])
        let after = try runTracker(["journey", "list", "--db", scratch.file("t.sqlite"), "--format", "json"])
        #expect(before.status == 0 && after.status == 0)
        #expect(before.stdout == after.stdout)
        let rows = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as! [[String: Any]]
        #expect(rows.first?["ref"] as? String == "J-1")
        #expect(rows.first?["id"] as? Int == 1)
    }

    @Test("listings honour every output format")
    func formats() throws {
        let (scratch, environment) = try initialized()
        defer { withExtendedLifetime(scratch) {} }
        let csv = try runTracker(["sector", "list", "--format", "csv"], environment: environment)
        #expect(csv.stdout.hasPrefix("id,name,level,kle\r\n"))
        let ndjson = try runTracker(["measure", "list", "--format", "ndjson"], environment: environment)
        let lines = ndjson.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"id\":") })
        let table = try runTracker(["audit"], environment: environment)
        #expect(table.stdout.contains("created") && table.stdout.contains("journey"))
    }

    @Test("two processes logging obstacles at the same moment both land")
    func concurrentWriters() throws {
        let (scratch, environment) = try initialized()
        let perProcess = 15
        let group = DispatchGroup()
        let failures = LockedCounter()
        for writer in 0..<4 {
            DispatchQueue.global().async(group: group) {
                for index in 0..<perProcess {
                    let result = try? runTracker(["obstacle", "log", "J-1", "--category", "coordination", "--sector", "employment",
                                                  "--description", "writer \(writer) obstacle \(index)"],
                                                 environment: environment)
                    if result?.status != 0 { failures.increment() }
                }
            }
        }
        group.wait()
        #expect(failures.value == 0)
        let db = try Database(path: scratch.file("t.sqlite"), mode: .readOnly)
        #expect(try db.value("SELECT count(*) FROM obstacles") == .integer(Int64(4 * perProcess)))
        #expect(try db.value("SELECT count(*) FROM audit_log WHERE entity = 'obstacle'") == .integer(Int64(4 * perProcess)))
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
