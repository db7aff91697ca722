#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tracker

@Suite("Pseudonyms")
struct PseudonymizerTests {
    /// The bytes 0x00…0x1f, written as hex.
    private let sequentialKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

    @Test("the pseudonym is p- and 20 hex characters of HMAC-SHA256")
    func knownValue() throws {
        let pseudonymizer = Pseudonymizer(key: PseudonymKey(bytes: Array(0..<32)))
        // Expected value computed independently with Python's hmac module.
        #expect(pseudonymizer.pseudonym(forCPR: "0101901234") == "p-ec8ee9f1171562dc7ab8")
    }

    @Test("same CPR and key give the same pseudonym; another CPR or key does not")
    func determinism() throws {
        let key = PseudonymKey.generate()
        let first = Pseudonymizer(key: key).pseudonym(forCPR: "0101901234")
        #expect(Pseudonymizer(key: key).pseudonym(forCPR: "0101901234") == first)
        #expect(Pseudonymizer(key: key).pseudonym(forCPR: "0101901235") != first)
        #expect(Pseudonymizer(key: PseudonymKey.generate()).pseudonym(forCPR: "0101901234") != first)
        #expect(first.count == 22)
        #expect(first.hasPrefix("p-"))
        #expect(first.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("both written forms of a CPR number get the same pseudonym")
    func normalizesText() throws {
        let pseudonymizer = Pseudonymizer(key: .generate())
        #expect(try pseudonymizer.pseudonym(forCPRText: "010190-1234") == pseudonymizer.pseudonym(forCPR: "0101901234"))
        #expect(throws: CPRError.invalidDate) { _ = try pseudonymizer.pseudonym(forCPRText: "3213901234") }
    }

    @Test("generated keys differ")
    func generatedKeysDiffer() {
        #expect(PseudonymKey.generate() != PseudonymKey.generate())
    }

    @Test("64 hex characters in the environment value are decoded, in either case")
    func environmentHex() throws {
        let expected = PseudonymKey(bytes: Array(0..<32))
        #expect(try PseudonymKey(environmentValue: sequentialKeyHex) == expected)
        #expect(try PseudonymKey(environmentValue: sequentialKeyHex.uppercased()) == expected)
        #expect(try PseudonymKey(environmentValue: " \(sequentialKeyHex)\n") == expected)
    }

    @Test("any other environment value is used as UTF-8 key bytes")
    func environmentPassphrase() throws {
        let key = try PseudonymKey(environmentValue: "correct horse battery staple")
        #expect(key == PseudonymKey(bytes: Array("correct horse battery staple".utf8)))
        #expect(Pseudonymizer(key: key).pseudonym(forCPR: "0101901234") == "p-d9b62fcf6aa7cc410919")
        // 63 hex characters are not a hex key, so they are a passphrase.
        let almostHex = String(sequentialKeyHex.dropLast())
        #expect(try PseudonymKey(environmentValue: almostHex) == PseudonymKey(bytes: Array(almostHex.utf8)))
    }

    @Test("an empty environment value is an error, an unset one is nil")
    func environmentEmpty() throws {
        #expect(throws: PseudonymKeyError.emptyEnvironmentValue(variable: "TRACKER_PSEUDONYM_KEY")) {
            _ = try PseudonymKey(environmentValue: "  \n")
        }
        unsetenv(PseudonymKey.environmentVariable)
        #expect(try PseudonymKey.fromEnvironment() == nil)
    }

    @Test("a created key file has mode 0600, holds hex and a newline, and loads back")
    func createAndLoad() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/pseudonym.key"
        let created = try PseudonymKey.createFile(at: path)

        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)

        let content = try readFile(path)
        #expect(content.count == 65)
        #expect(content.last == UInt8(ascii: "\n"))
        #expect(content.dropLast().allSatisfy { Array("0123456789abcdef".utf8).contains($0) })

        let loaded = try PseudonymKey.load(from: path)
        #expect(loaded == created)
        #expect(Pseudonymizer(key: loaded).pseudonym(forCPR: "0101901234") == Pseudonymizer(key: created).pseudonym(forCPR: "0101901234"))
    }

    @Test("creating a key file never overwrites an existing file")
    func refusesOverwrite() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.createFile(named: "existing.key", text: "precious\n")
        #expect(throws: PseudonymKeyError.fileAlreadyExists(path: path)) { try PseudonymKey.createFile(at: path) }
        #expect(try readFile(path) == Array("precious\n".utf8))

        let link = "\(directory.path)/link.key"
        #expect(symlink("\(directory.path)/target.key", link) == 0)
        #expect(throws: PseudonymKeyError.fileAlreadyExists(path: link)) { try PseudonymKey.createFile(at: link) }
        #expect(access("\(directory.path)/target.key", F_OK) != 0)
    }

    @Test("creating a key file in a missing directory is a write error")
    func createInMissingDirectory() {
        let error = #expect(throws: PseudonymKeyError.self) { try PseudonymKey.createFile(at: "/nonexistent/tracker/key") }
        guard case .cannotWriteFile = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test("loading reports a missing file, an unreadable path and wrong content")
    func loadErrors() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let missing = "\(directory.path)/missing.key"
        #expect(throws: PseudonymKeyError.missingFile(path: missing)) { _ = try PseudonymKey.load(from: missing) }

        let unreadable = #expect(throws: PseudonymKeyError.self) { _ = try PseudonymKey.load(from: directory.path) }
        guard case .unreadableFile(let path, _) = unreadable else {
            Issue.record("unexpected \(String(describing: unreadable))")
            return
        }
        #expect(path == directory.path)

        for (name, content) in [
            ("short.key", String(sequentialKeyHex.dropLast(2)) + "\n"),
            ("nothex.key", String(sequentialKeyHex.dropLast()) + "g\n"),
            ("empty.key", ""),
            ("two.key", sequentialKeyHex + "\n" + sequentialKeyHex + "\n"),
        ] {
            let path = directory.createFile(named: name, text: content)
            #expect(throws: PseudonymKeyError.invalidFileContent(path: path)) { _ = try PseudonymKey.load(from: path) }
        }
        let withCRLF = directory.createFile(named: "crlf.key", text: sequentialKeyHex.uppercased() + "\r\n")
        #expect(try PseudonymKey.load(from: withCRLF) == PseudonymKey(bytes: Array(0..<32)))
    }

    @Test("a key never prints its bytes, nor do key errors")
    func keyIsRedacted() throws {
        let key = try PseudonymKey(environmentValue: sequentialKeyHex)
        #expect(!"\(key)".contains("0001020304"))
        #expect(!String(reflecting: key).contains("0001020304"))
        #expect(!PseudonymKeyError.invalidFileContent(path: "/k").description.contains("0001020304"))
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        let reader = try ByteReader(path: path)
        var bytes: [UInt8] = []
        while let byte = try reader.readByte() { bytes.append(byte) }
        return bytes
    }
}
