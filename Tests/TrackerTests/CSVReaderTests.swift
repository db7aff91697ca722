#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tracker

@Suite("CSV reader")
struct CSVReaderTests {
    /// Writes `content` to a temporary file and reads every record from it.
    private func records(
        _ content: [UInt8],
        chunkSize: Int = ByteReader.defaultChunkSize,
        maximumFieldBytes: Int = CSVReader.defaultMaximumFieldBytes,
        maximumFieldCount: Int = CSVReader.defaultMaximumFieldCount
    ) throws -> [CSVRecord] {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.createFile(named: "input.csv", bytes: content)
        var reader = CSVReader(
            reader: try ByteReader(path: path, chunkSize: chunkSize),
            maximumFieldBytes: maximumFieldBytes,
            maximumFieldCount: maximumFieldCount
        )
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    private func records(_ text: String, chunkSize: Int = ByteReader.defaultChunkSize) throws -> [CSVRecord] {
        try records(Array(text.utf8), chunkSize: chunkSize)
    }

    /// The error reading `content` produces, or nil when it reads cleanly.
    private func csvError(_ content: [UInt8], chunkSize: Int = ByteReader.defaultChunkSize, maximumFieldBytes: Int = CSVReader.defaultMaximumFieldBytes) -> CSVError? {
        #expect(throws: CSVError.self) {
            _ = try records(content, chunkSize: chunkSize, maximumFieldBytes: maximumFieldBytes)
        }
    }

    private func csvError(_ text: String) -> CSVError? {
        csvError(Array(text.utf8))
    }

    @Test("plain records come back with their 1-based line numbers")
    func plainRecords() throws {
        let result = try records("name,age\nAnna,34\nBo,7\n")
        #expect(result == [
            CSVRecord(line: 1, fields: ["name", "age"]),
            CSVRecord(line: 2, fields: ["Anna", "34"]),
            CSVRecord(line: 3, fields: ["Bo", "7"]),
        ])
    }

    @Test("the last record needs no trailing newline")
    func lastRecordWithoutNewline() throws {
        #expect(try records("a,b\nc,d") == [
            CSVRecord(line: 1, fields: ["a", "b"]),
            CSVRecord(line: 2, fields: ["c", "d"]),
        ])
        #expect(try records("\"quoted\"") == [CSVRecord(line: 1, fields: ["quoted"])])
    }

    @Test("blank trailing lines are ignored and an empty file has no records")
    func blankTrailingLines() throws {
        #expect(try records("a\n\n") == [CSVRecord(line: 1, fields: ["a"])])
        #expect(try records("a\r\n\r\n\r\n") == [CSVRecord(line: 1, fields: ["a"])])
        #expect(try records("").isEmpty)
        #expect(try records("\n").isEmpty)
    }

    @Test("an empty line between records is skipped without shifting line numbers")
    func blankLineInTheMiddle() throws {
        #expect(try records("a\n\nb\n") == [
            CSVRecord(line: 1, fields: ["a"]),
            CSVRecord(line: 3, fields: ["b"]),
        ])
    }

    @Test("empty fields, trailing commas and whitespace are kept as written")
    func emptyFieldsAndWhitespace() throws {
        #expect(try records(",,\na,\n\"\"\n a , b \n") == [
            CSVRecord(line: 1, fields: ["", "", ""]),
            CSVRecord(line: 2, fields: ["a", ""]),
            CSVRecord(line: 3, fields: [""]),
            CSVRecord(line: 4, fields: [" a ", " b "]),
        ])
        #expect(try records("a,") == [CSVRecord(line: 1, fields: ["a", ""])])
    }

    @Test("quoted fields hold commas and doubled quotes")
    func quotedFields() throws {
        let result = try records("\"Hansen, Anna\",\"she said \"\"hej\"\"\",\"\"\"\"\n")
        #expect(result == [CSVRecord(line: 1, fields: ["Hansen, Anna", "she said \"hej\"", "\""])])
    }

    @Test("a newline inside a quoted field keeps later line numbers right")
    func embeddedNewlineLineNumbers() throws {
        let text = "id,note\n1,\"first line\nsecond line\nthird\"\n2,plain\n3,\"x\r\ny\"\n4,end\n"
        let result = try records(text)
        #expect(result == [
            CSVRecord(line: 1, fields: ["id", "note"]),
            CSVRecord(line: 2, fields: ["1", "first line\nsecond line\nthird"]),
            CSVRecord(line: 5, fields: ["2", "plain"]),
            CSVRecord(line: 6, fields: ["3", "x\r\ny"]),
            CSVRecord(line: 8, fields: ["4", "end"]),
        ])
    }

    @Test("a UTF-8 byte order mark is skipped and CRLF line ends work")
    func byteOrderMarkAndCRLF() throws {
        let result = try records([0xEF, 0xBB, 0xBF] + Array("navn,by\r\nÆsa,Århus\r\n\"Ø\r\nst\",x\r\n".utf8))
        #expect(result == [
            CSVRecord(line: 1, fields: ["navn", "by"]),
            CSVRecord(line: 2, fields: ["Æsa", "Århus"]),
            CSVRecord(line: 3, fields: ["Ø\r\nst", "x"]),
        ])
        #expect(result[0].fields[0].utf8.first == UInt8(ascii: "n"))
    }

    @Test("a byte order mark later in the file is kept as data")
    func byteOrderMarkOnlyAtStart() throws {
        let result = try records(Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8))
        #expect(result.last?.fields == ["\u{FEFF}b"])
    }

    @Test("a lone CR also ends a record")
    func bareCarriageReturn() throws {
        #expect(try records("a,b\rc,d\r") == [
            CSVRecord(line: 1, fields: ["a", "b"]),
            CSVRecord(line: 2, fields: ["c", "d"]),
        ])
    }

    @Test("records split across chunk boundaries read the same", arguments: [1, 2, 3, 5, 7, 64 * 1024])
    func chunkBoundaries(chunkSize: Int) throws {
        let content: [UInt8] = [0xEF, 0xBB, 0xBF]
            + Array("id,navn,note\r\n1,\"Søren, Å\",\"l1\r\nl2 \"\"q\"\"\"\r\n\r\n2,Ærø,😀\n3,,\"\"\n4,x,y".utf8)
        let result = try records(content, chunkSize: chunkSize)
        #expect(result == [
            CSVRecord(line: 1, fields: ["id", "navn", "note"]),
            CSVRecord(line: 2, fields: ["1", "Søren, Å", "l1\r\nl2 \"q\""]),
            CSVRecord(line: 5, fields: ["2", "Ærø", "😀"]),
            CSVRecord(line: 6, fields: ["3", "", ""]),
            CSVRecord(line: 7, fields: ["4", "x", "y"]),
        ])
    }

    @Test("an unterminated quoted field names the line it opened on")
    func unterminatedQuote() throws {
        let error = csvError("a,b\n1,\"open\nstill open\nand more\n")
        #expect(error == CSVError(line: 5, column: 2, reason: .unterminatedQuotedField(openedOnLine: 2)))
        #expect(error?.description.hasPrefix("line 5, column 2: unterminated quoted field opened on line 2") == true)
    }

    @Test("a quote inside an unquoted field is an error at its column")
    func quoteInUnquotedField() {
        #expect(csvError("a,b\nx,y\"z\n") == CSVError(line: 2, column: 2, reason: .quoteInUnquotedField))
    }

    @Test("text after a closing quote is an error")
    func textAfterClosingQuote() {
        #expect(csvError("a\n\"x\"y,z\n") == CSVError(line: 2, column: 1, reason: .unexpectedTextAfterClosingQuote))
        #expect(csvError("\"x\" ,z\n") == CSVError(line: 1, column: 1, reason: .unexpectedTextAfterClosingQuote))
    }

    @Test("invalid UTF-8 is reported with its line and column, never replaced")
    func invalidUTF8() {
        let latin1 = Array("navn,by\nAnna,".utf8) + [0xC5] + Array("rhus\n".utf8)  // "Århus" in Latin-1
        #expect(csvError(latin1) == CSVError(line: 2, column: 2, reason: .invalidUTF8))
        let truncated = Array("ok\n".utf8) + [0xE2, 0x82]
        #expect(csvError(truncated) == CSVError(line: 2, column: 1, reason: .invalidUTF8))
        let overlong = Array("a,".utf8) + [0xC0, 0xAF] + Array("\n".utf8)
        #expect(csvError(overlong) == CSVError(line: 1, column: 2, reason: .invalidUTF8))
    }

    @Test("invalid UTF-8 deep inside a multi-line quoted field names the physical line", arguments: [3, 64 * 1024])
    func invalidUTF8InMultilineField(chunkSize: Int) {
        let content = Array("h\n\"one\ntwo\n".utf8) + [0xFF] + Array("\"\n".utf8)
        #expect(csvError(content, chunkSize: chunkSize) == CSVError(line: 4, column: 1, reason: .invalidUTF8))
    }

    @Test("a 5 MB field is rejected when the limit is 1 MiB", arguments: [false, true])
    func hugeFieldRejected(quoted: Bool) {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 5_000_000)
        let quote: [UInt8] = quoted ? [UInt8(ascii: "\"")] : []
        let content = Array("a,b\n1,".utf8) + quote + huge + quote + Array("\n".utf8)
        #expect(csvError(content, maximumFieldBytes: 1 << 20) == CSVError(line: 2, column: 2, reason: .fieldTooLarge(limit: 1 << 20)))
    }

    @Test("a field exactly at the limit is accepted, one byte more is not", arguments: [2, 64 * 1024])
    func fieldLimitBoundary(chunkSize: Int) throws {
        let atLimit = try records(Array("abcdefghij,\"0123456789\"".utf8), chunkSize: chunkSize, maximumFieldBytes: 10)
        #expect(atLimit.first?.fields == ["abcdefghij", "0123456789"])
        #expect(csvError(Array("abcdefghijk".utf8), chunkSize: chunkSize, maximumFieldBytes: 10)
            == CSVError(line: 1, column: 1, reason: .fieldTooLarge(limit: 10)))
        #expect(csvError(Array("a,\"0123456789\"\"\"".utf8), chunkSize: chunkSize, maximumFieldBytes: 10)
            == CSVError(line: 1, column: 2, reason: .fieldTooLarge(limit: 10)))
    }

    @Test("a record with too many fields is rejected")
    func tooManyFields() throws {
        #expect(throws: CSVError(line: 1, column: 4, reason: .tooManyFields(limit: 3))) {
            _ = try records(Array("a,b,c,d\n".utf8), maximumFieldCount: 3)
        }
        #expect(try records(Array("a,b,c\n".utf8), maximumFieldCount: 3).first?.fields.count == 3)
    }

    @Test("after an error every later call throws the same error")
    func errorIsSticky() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var reader = try CSVReader(path: directory.createFile(named: "bad.csv", text: "ok\nx\"y\nlater\n"))
        #expect(try reader.next()?.fields == ["ok"])
        #expect(throws: CSVError.self) { _ = try reader.next() }
        #expect(throws: CSVError.self) { _ = try reader.next() }
    }

    @Test("a missing file and a directory are reported as such")
    func missingFileAndDirectory() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let missing = "\(directory.path)/nope.csv"
        #expect(throws: InputFileError(path: missing, reason: .notFound)) { _ = try CSVReader(path: missing) }
        #expect(throws: InputFileError(path: directory.path, reason: .isDirectory)) { _ = try CSVReader(path: directory.path) }
        #expect(InputFileError(path: missing, reason: .notFound).description == "cannot open '\(missing)': no such file")
    }

    @Test("reads from a pipe, as from standard input")
    func readsFromPipe() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let content = Array("a,\"b\nc\"\nd,e\n".utf8)
        let written = content.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        #expect(written == content.count)
        close(ends[1])
        var reader = CSVReader(reader: ByteReader(fileDescriptor: ends[0], name: "standard input", chunkSize: 4, closesDescriptor: true))
        #expect(try reader.next() == CSVRecord(line: 1, fields: ["a", "b\nc"]))
        #expect(try reader.next() == CSVRecord(line: 3, fields: ["d", "e"]))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test("error messages do not repeat field content")
    func errorsDoNotEchoContent() {
        let error = csvError("0101901234,\"0101901234")
        #expect(error != nil)
        #expect(error?.description.contains("0101901234") == false)
    }

    /// Run by hand: `TRACKER_CSV_THROUGHPUT=1 swift test -c release --filter throughput`
    @Test("throughput (by hand only)", .enabled(if: getenv("TRACKER_CSV_THROUGHPUT") != nil))
    func throughput() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var row = Array("1234,\"Hansen, Anna\",Søndergade 12,8000,Aarhus C,\"note with \"\"quotes\"\" and, commas\",2024-01-31\n".utf8)
        row += Array("5678,Bo Jensen,Vestergade 3,2100,København Ø,plain note without quoting,2023-12-01\n".utf8)
        var content: [UInt8] = []
        content.reserveCapacity(110 * 1024 * 1024)
        while content.count < 100 * 1024 * 1024 { content += row }
        let path = directory.createFile(named: "big.csv", bytes: content)
        let clock = ContinuousClock()
        var recordCount = 0
        let elapsed = try clock.measure {
            var reader = try CSVReader(path: path)
            while try reader.next() != nil { recordCount += 1 }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let megabytesPerSecond = Double(content.count) / 1_000_000 / seconds
        print("CSV throughput: \(content.count) bytes, \(recordCount) records in \(seconds) s = \(megabytesPerSecond) MB/s")
        #expect(recordCount > 0)
    }
}
