import Testing
@testable import Tracker

@Suite("JSON parser and NDJSON reader")
struct NDJSONReaderTests {
    /// Writes `content` to a temporary file and reads every record from it.
    private func records(
        _ content: [UInt8],
        chunkSize: Int = ByteReader.defaultChunkSize,
        maximumLineBytes: Int = NDJSONReader.defaultMaximumLineBytes
    ) throws -> [NDJSONRecord] {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.createFile(named: "input.ndjson", bytes: content)
        var reader = NDJSONReader(reader: try ByteReader(path: path, chunkSize: chunkSize), maximumLineBytes: maximumLineBytes)
        var result: [NDJSONRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    private func records(_ text: String, chunkSize: Int = ByteReader.defaultChunkSize) throws -> [NDJSONRecord] {
        try records(Array(text.utf8), chunkSize: chunkSize)
    }

    /// The error reading `content` produces, or nil when it reads cleanly.
    private func ndjsonError(_ content: [UInt8], chunkSize: Int = ByteReader.defaultChunkSize, maximumLineBytes: Int = NDJSONReader.defaultMaximumLineBytes) -> JSONError? {
        #expect(throws: JSONError.self) {
            _ = try records(content, chunkSize: chunkSize, maximumLineBytes: maximumLineBytes)
        }
    }

    private func ndjsonError(_ text: String) -> JSONError? {
        ndjsonError(Array(text.utf8))
    }

    /// The reason parsing `text` as one JSON document fails, or nil when it parses.
    private func parseFailure(_ text: String) -> JSONError.Reason? {
        #expect(throws: JSONError.self) { _ = try JSONValue(parsing: text) }?.reason
    }

    // MARK: JSON values

    @Test("every kind of value parses, and object members keep their order")
    func allValueKinds() throws {
        let value = try JSONValue(parsing: #" {"z": null, "a": [true, false, 1, -2.5e3, "s"], "m": {}} "#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(value["z"]?.isNull == true)
        #expect(value["a"] == .array([
            .bool(true), .bool(false),
            .number(JSONNumber(text: "1", doubleValue: 1, isInteger: true)),
            .number(JSONNumber(text: "-2.5e3", doubleValue: -2500, isInteger: false)),
            .string("s"),
        ]))
        #expect(value["m"] == .object([]))
        #expect(value["missing"] == nil)
    }

    @Test("numbers keep their text and whether they were integers")
    func numbers() throws {
        let big = try JSONValue(parsing: "12345678901234567890").numberValue
        #expect(big?.isInteger == true)
        #expect(big?.integerValue == nil)
        #expect(big?.text == "12345678901234567890")
        #expect(try JSONValue(parsing: "-0").numberValue?.integerValue == 0)
        #expect(try JSONValue(parsing: "1.0").numberValue?.isInteger == false)
        #expect(try JSONValue(parsing: "2E-2").numberValue?.doubleValue == 0.02)
        #expect(try JSONValue(parsing: "9007199254740993").numberValue?.integerValue == 9_007_199_254_740_993)
    }

    @Test("invalid numbers are rejected", arguments: ["01", "-", "1.", ".5", "+1", "1e", "1e+", "-01", "NaN", "Infinity", "0x10"])
    func invalidNumbers(text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test("a number too large for a Double is rejected")
    func numberOutOfRange() {
        #expect(parseFailure("1e999") == .numberOutOfRange)
        #expect(parseFailure("-1e400") == .numberOutOfRange)
    }

    @Test("all string escapes resolve, including surrogate pairs")
    func stringEscapes() throws {
        let value = try JSONValue(parsing: #""q\" b\\ s\/ \b\f\n\r\t \u00e6\u00C5 \ud83d\ude00 \u0000""#)
        #expect(value == .string("q\" b\\ s/ \u{8}\u{C}\n\r\t æÅ 😀 \u{0}"))
        #expect(try JSONValue(parsing: #""Søren 😀""#) == .string("Søren 😀"))
    }

    @Test("lone surrogates are rejected")
    func loneSurrogates() {
        #expect(parseFailure(#""\ud83d""#) == .loneSurrogate)
        #expect(parseFailure(#""\ud83d x""#) == .loneSurrogate)
        #expect(parseFailure(#""\ude00""#) == .loneSurrogate)
        #expect(parseFailure(#""\ud83d\u0041""#) == .loneSurrogate)
    }

    @Test("bad escapes and raw control characters are rejected")
    func badEscapes() {
        #expect(parseFailure(#""\x41""#) == .invalidEscape)
        #expect(parseFailure(#""\u12G4""#) == .invalidUnicodeEscape)
        #expect(parseFailure(#""\u12""#) == .invalidUnicodeEscape)
        #expect(parseFailure("\"tab\there\"") == .controlCharacterInString)
        #expect(parseFailure("\"unterminated") == .unexpectedEnd(expected: "the closing '\"' of a string"))
    }

    @Test("invalid UTF-8 is rejected with its position")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"navn": "A"#.utf8) + [0xC5] + Array(#"rhus"}"#.utf8)
        #expect(throws: JSONError(line: 1, column: 12, reason: .invalidUTF8)) { _ = try JSONValue(parsing: bytes) }
        let escapedThenInvalid: [UInt8] = Array(#""\n"#.utf8) + [0xFF, UInt8(ascii: "\"")]
        #expect(throws: JSONError(line: 1, column: 4, reason: .invalidUTF8)) { _ = try JSONValue(parsing: escapedThenInvalid) }
    }

    @Test("trailing garbage after the value is rejected")
    func trailingGarbage() {
        #expect(parseFailure("{} x") == .trailingCharacters)
        #expect(parseFailure("1 2") == .trailingCharacters)
        #expect(parseFailure("[1]]") == .trailingCharacters)
    }

    @Test("syntax the RFC does not allow is rejected", arguments: [
        "", "   ", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}", "[1 2]", "{\"a\" 1}", "tru", "nul", "[", "{\"a\":",
        "// comment\n1", "\u{FEFF}1",
    ])
    func invalidSyntax(text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test("duplicate member names are rejected, in small and large objects")
    func duplicateKeys() {
        #expect(parseFailure(#"{"cpr": 1, "cpr": 2}"#) == .duplicateKey(name: "cpr"))
        let many = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        #expect(parseFailure("{\(many), \"k3\": 0}") == .duplicateKey(name: "k3"))
        #expect(throws: Never.self) { _ = try JSONValue(parsing: "{\(many)}") }
    }

    @Test("deep nesting is rejected instead of overflowing the stack")
    func nestingLimit() throws {
        let hostile = String(repeating: "[", count: 100_000)
        #expect(parseFailure(hostile) == .nestingTooDeep(limit: JSONValue.defaultMaximumDepth))
        let limit = JSONValue.defaultMaximumDepth
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { _ = try JSONValue(parsing: atLimit) }
        let overLimit = "[" + atLimit + "]"
        #expect(parseFailure(overLimit) == .nestingTooDeep(limit: limit))
        let objects = String(repeating: #"{"a":"#, count: 5) + "1" + String(repeating: "}", count: 5)
        #expect(throws: JSONError(line: 1, column: 21, reason: .nestingTooDeep(limit: 4))) {
            _ = try JSONValue(parsing: objects, maximumDepth: 4)
        }
    }

    @Test("errors in a multi-line document name the line and byte")
    func multilinePositions() {
        #expect(throws: JSONError(line: 3, column: 10, reason: .unexpectedCharacter(expected: "',' or '}' after an object member"))) {
            _ = try JSONValue(parsing: "{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}")
        }
        let error = JSONError(line: 3, column: 9, reason: .trailingCharacters)
        #expect(error.description == "line 3, byte 9: unexpected text after the end of the JSON value")
    }

    // MARK: NDJSON

    @Test("one object per line, with blank lines skipped and line numbers kept")
    func ndjsonRecords() throws {
        let result = try records("{\"id\":1}\n\n   \n{\"id\":2,\"navn\":\"Ærø\"}\n")
        #expect(result.map(\.line) == [1, 4])
        #expect(result[0]["id"]?.numberValue?.integerValue == 1)
        #expect(result[1]["navn"]?.stringValue == "Ærø")
        #expect(result[1].members.map(\.key) == ["id", "navn"])
    }

    @Test("CRLF line ends, a byte order mark and a last line without newline", arguments: [1, 2, 3, 64 * 1024])
    func ndjsonCRLFAndBOM(chunkSize: Int) throws {
        let content: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\":\"x\"}\r\n\r\n{\"b\":[1,{\"c\":null}]}\r\n{\"d\":\"😀\"}".utf8)
        let result = try records(content, chunkSize: chunkSize)
        #expect(result == [
            NDJSONRecord(line: 1, members: [(key: "a", value: .string("x"))]),
            NDJSONRecord(line: 3, members: [(key: "b", value: .array([
                .number(JSONNumber(text: "1", doubleValue: 1, isInteger: true)),
                .object([(key: "c", value: .null)]),
            ]))]),
            NDJSONRecord(line: 4, members: [(key: "d", value: .string("😀"))]),
        ])
    }

    @Test("an empty file and a file of blank lines have no records")
    func emptyInput() throws {
        #expect(try records("").isEmpty)
        #expect(try records("\n\n  \r\n").isEmpty)
    }

    @Test("a line that is not an object is rejected with its line number")
    func notAnObject() {
        #expect(ndjsonError("{\"a\":1}\n  [1,2]\n") == JSONError(line: 2, column: 3, reason: .notAnObject))
        #expect(ndjsonError("{\"a\":1}\n\"text\"\n")?.reason == .notAnObject)
    }

    @Test("a broken line reports its own line number", arguments: [1, 64 * 1024])
    func brokenLine(chunkSize: Int) {
        let content = Array("{\"a\":1}\n\n{\"b\":2} trailing\n{\"c\":3}\n".utf8)
        #expect(ndjsonError(content, chunkSize: chunkSize) == JSONError(line: 3, column: 9, reason: .trailingCharacters))
    }

    @Test("two objects on one line are rejected")
    func twoObjectsOnOneLine() {
        #expect(ndjsonError("{\"a\":1}{\"b\":2}\n") == JSONError(line: 1, column: 8, reason: .trailingCharacters))
    }

    @Test("invalid UTF-8 on a line is reported with that line")
    func ndjsonInvalidUTF8() {
        let content = Array("{\"a\":\"ok\"}\n{\"a\":\"".utf8) + [0xE6] + Array("\"}\n".utf8)
        #expect(ndjsonError(content) == JSONError(line: 2, column: 7, reason: .invalidUTF8))
    }

    @Test("a line longer than the limit is rejected", arguments: [5, 64 * 1024])
    func lineTooLong(chunkSize: Int) throws {
        let long = "{\"a\":\"" + String(repeating: "x", count: 100) + "\"}\n"
        #expect(ndjsonError(Array(("{}\n" + long).utf8), chunkSize: chunkSize, maximumLineBytes: 64)
            == JSONError(line: 2, column: 65, reason: .lineTooLong(limit: 64)))
        #expect(try records(Array(long.utf8), chunkSize: chunkSize, maximumLineBytes: 108).count == 1)
    }

    @Test("after an error every later call throws again")
    func errorIsSticky() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var reader = try NDJSONReader(path: directory.createFile(named: "bad.ndjson", text: "{}\n{\n{}\n"))
        #expect(try reader.next()?.line == 1)
        #expect(throws: JSONError.self) { _ = try reader.next() }
        #expect(throws: JSONError.self) { _ = try reader.next() }
    }

    @Test("a missing NDJSON file is an input file error")
    func missingFile() {
        #expect(throws: InputFileError(path: "/nonexistent/tracker/x.ndjson", reason: .notFound)) {
            _ = try NDJSONReader(path: "/nonexistent/tracker/x.ndjson")
        }
    }

    @Test("error messages do not repeat the values")
    func errorsDoNotEchoContent() {
        let error = ndjsonError("{\"cpr\": 0101901234x}\n")
        #expect(error != nil)
        #expect(error?.description.contains("0101901234") == false)
    }
}
