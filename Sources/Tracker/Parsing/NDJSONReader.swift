#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-delimited JSON: one JSON object per line.
///
/// Lines end with LF (a CR before it is ignored as JSON whitespace). Lines
/// holding only whitespace are skipped; every other line must be exactly one
/// JSON object. A UTF-8 byte order mark at the very start is skipped. Memory
/// stays at one chunk plus one line, and a line may not exceed
/// `maximumLineBytes`. After an error, every later `next()` throws the same
/// error. Do not copy a reader and use both copies.
public struct NDJSONReader: RecordReader {
    /// The default limit on one line, 8 MiB.
    public static let defaultMaximumLineBytes = 8 << 20

    /// A line longer than this many bytes (without its line end) is an error.
    public let maximumLineBytes: Int
    /// Arrays and objects nested deeper than this are an error.
    public let maximumDepth: Int

    private let input: ByteReader
    private var line = 1
    private var hasCheckedByteOrderMark = false
    var isFinished = false
    var failure: (any Error)?
    /// Holds a line that spans chunks; reused so it is allocated once.
    private var lineBuffer: [UInt8] = []

    /// Opens the NDJSON file at `path`.
    /// - Throws: `InputFileError` when the file cannot be opened.
    public init(
        path: String,
        maximumLineBytes: Int = NDJSONReader.defaultMaximumLineBytes,
        maximumDepth: Int = JSONValue.defaultMaximumDepth
    ) throws(InputFileError) {
        self.init(reader: try ByteReader(path: path), maximumLineBytes: maximumLineBytes, maximumDepth: maximumDepth)
    }

    /// Reads NDJSON from `reader`, for example `ByteReader.standardInput()`.
    public init(
        reader: ByteReader,
        maximumLineBytes: Int = NDJSONReader.defaultMaximumLineBytes,
        maximumDepth: Int = JSONValue.defaultMaximumDepth
    ) {
        precondition(maximumLineBytes > 0 && maximumDepth > 0, "limits must be positive")
        self.input = reader
        self.maximumLineBytes = maximumLineBytes
        self.maximumDepth = maximumDepth
    }

    /// Returns the object on the next non-blank line, or nil at the end.
    /// - Throws: `JSONError` for malformed data, `InputFileError` when reading fails.
    public mutating func next() throws -> NDJSONRecord? {
        try nextRecord()
    }

    mutating func readRecord() throws -> NDJSONRecord? {
        if !hasCheckedByteOrderMark {
            hasCheckedByteOrderMark = true
            _ = try input.skip(prefix: [0xEF, 0xBB, 0xBF])
        }
        while true {
            let lineNumber = line
            lineBuffer.removeAll(keepingCapacity: true)
            var sawAnyByte = false
            while true {
                guard try input.refill() else {
                    // End of input: the last line may lack its LF.
                    guard sawAnyByte else { return nil }
                    line += 1
                    if let record = try parseLine(lineBuffer, lineNumber: lineNumber) { return record }
                    break
                }
                sawAnyByte = true
                let bytes = input.bufferedBytes
                let lineFeedIndex = Self.indexOfLineFeed(in: bytes)
                let available = lineFeedIndex ?? bytes.count
                guard lineBuffer.count + available <= maximumLineBytes else {
                    throw JSONError(line: lineNumber, column: maximumLineBytes + 1, reason: .lineTooLong(limit: maximumLineBytes))
                }
                guard let lineFeedIndex else {
                    lineBuffer.append(contentsOf: bytes)
                    input.consume(bytes.count)
                    continue
                }
                line += 1
                let record: NDJSONRecord?
                if lineBuffer.isEmpty {
                    // The whole line is in this chunk: parse it in place.
                    record = try parseLine(UnsafeBufferPointer(rebasing: bytes[..<lineFeedIndex]), lineNumber: lineNumber)
                } else {
                    lineBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<lineFeedIndex]))
                    record = try parseLine(lineBuffer, lineNumber: lineNumber)
                }
                input.consume(lineFeedIndex + 1)
                if let record { return record }
                break
            }
        }
    }

    private func parseLine(_ bytes: [UInt8], lineNumber: Int) throws(JSONError) -> NDJSONRecord? {
        let result = bytes.withUnsafeBufferPointer { bytes in
            Result { () throws(JSONError) in try parseLine(bytes, lineNumber: lineNumber) }
        }
        return try result.get()
    }

    /// Parses one line; nil when it holds only whitespace.
    private func parseLine(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(JSONError) -> NDJSONRecord? {
        guard let firstContent = bytes.firstIndex(where: { !Self.isWhitespace($0) }) else { return nil }
        let value = try JSONValue.parse(bytes, firstLine: lineNumber, maximumDepth: maximumDepth)
        guard case .object(let members) = value else {
            throw JSONError(line: lineNumber, column: firstContent + 1, reason: .notAnObject)
        }
        return NDJSONRecord(line: lineNumber, members: members)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// memchr is vectorised in the C library, far faster than a Swift loop.
    private static func indexOfLineFeed(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        guard let found = memchr(base, Int32(UInt8(ascii: "\n")), bytes.count) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
