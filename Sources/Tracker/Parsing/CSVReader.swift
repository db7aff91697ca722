/// Reads an RFC 4180 CSV file one record at a time.
///
/// - Separator is the comma; fields may be quoted with `"`, and a quoted
///   field may hold commas, doubled quotes (`""` for one `"`) and line breaks.
/// - Records end with LF, CRLF or a lone CR; the last record needs no line end.
/// - A UTF-8 byte order mark at the very start is skipped.
/// - A completely empty line carries no record and is skipped (so a blank
///   last line, or a run of them, is ignored); a line holding only spaces
///   or commas is a record.
/// - Text must be UTF-8; anything else is an error, never silently replaced.
///
/// The reader works on bytes in place in `ByteReader`'s chunk, so memory
/// stays at one chunk plus the current record, and a field can never grow
/// past `maximumFieldBytes`. After an error, every later `next()` throws
/// the same error. Do not copy a reader and use both copies: they share
/// the underlying file.
public struct CSVReader: RecordReader {
    /// The default limit on one field, 1 MiB.
    public static let defaultMaximumFieldBytes = 1 << 20
    /// The default limit on fields in one record.
    public static let defaultMaximumFieldCount = 10_000

    /// A field longer than this many bytes (after unquoting) is an error.
    public let maximumFieldBytes: Int
    /// A record with more fields than this is an error.
    public let maximumFieldCount: Int

    private let input: ByteReader
    /// The physical line (1-based) of the next unread byte.
    private var line = 1
    private var hasCheckedByteOrderMark = false
    var isFinished = false
    var failure: (any Error)?
    /// Bytes of the current field that arrived in earlier chunks, or that
    /// were unquoted; reused across fields so it is allocated once.
    private var pendingFieldBytes: [UInt8] = []
    /// Field count of the previous record, to size the next one up front.
    private var expectedFieldCount = 8

    /// Opens the CSV file at `path`.
    /// - Throws: `InputFileError` when the file cannot be opened.
    public init(
        path: String,
        maximumFieldBytes: Int = CSVReader.defaultMaximumFieldBytes,
        maximumFieldCount: Int = CSVReader.defaultMaximumFieldCount
    ) throws(InputFileError) {
        self.init(
            reader: try ByteReader(path: path),
            maximumFieldBytes: maximumFieldBytes,
            maximumFieldCount: maximumFieldCount
        )
    }

    /// Reads CSV from `reader`, for example `ByteReader.standardInput()`.
    public init(
        reader: ByteReader,
        maximumFieldBytes: Int = CSVReader.defaultMaximumFieldBytes,
        maximumFieldCount: Int = CSVReader.defaultMaximumFieldCount
    ) {
        precondition(maximumFieldBytes > 0 && maximumFieldCount > 0, "limits must be positive")
        self.input = reader
        self.maximumFieldBytes = maximumFieldBytes
        self.maximumFieldCount = maximumFieldCount
    }

    /// Returns the next record, or nil after the last one.
    /// - Throws: `CSVError` for malformed data, `InputFileError` when reading fails.
    public mutating func next() throws -> CSVRecord? {
        try nextRecord()
    }

    private enum State {
        /// Before the first byte of a field.
        case fieldStart
        /// Inside a field that did not start with a quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: either the closing
        /// quote or the first half of a doubled one.
        case quotedAfterQuote
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    mutating func readRecord() throws -> CSVRecord? {
        if !hasCheckedByteOrderMark {
            hasCheckedByteOrderMark = true
            _ = try input.skip(prefix: Self.byteOrderMark)
        }
        var fields: [String] = []
        fields.reserveCapacity(expectedFieldCount)
        pendingFieldBytes.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var recordLine = line
        var fieldLine = line

        while true {
            guard try input.refill() else {
                switch state {
                case .fieldStart:
                    // Nothing after the last line end: no record. After a
                    // trailing comma: one more, empty, field.
                    if fields.isEmpty { return nil }
                    try appendPendingField(to: &fields, fieldLine: fieldLine)
                case .unquoted, .quotedAfterQuote:
                    try appendPendingField(to: &fields, fieldLine: fieldLine)
                case .quoted:
                    throw CSVError(
                        line: line,
                        column: fields.count + 1,
                        reason: .unterminatedQuotedField(openedOnLine: fieldLine)
                    )
                }
                return finishRecord(fields, line: recordLine)
            }

            let bytes = input.bufferedBytes
            let count = bytes.count
            var index = 0
            var recordIsComplete = false

            scanning: while index < count {
                switch state {
                case .fieldStart:
                    let byte = bytes[index]
                    fieldLine = line
                    if byte == Self.quote {
                        state = .quoted
                        index += 1
                    } else if byte == Self.comma {
                        try appendPendingField(to: &fields, fieldLine: fieldLine)
                        index += 1
                    } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                        let previous = index > 0 ? bytes[index - 1] : input.lastConsumedByte
                        index += 1
                        if byte == Self.lineFeed && previous == Self.carriageReturn {
                            // Second half of a CRLF whose CR already ended a
                            // record or a blank line; the line is counted.
                            continue scanning
                        }
                        line += 1
                        if fields.isEmpty {
                            recordLine = line
                            continue scanning
                        }
                        try appendPendingField(to: &fields, fieldLine: fieldLine)
                        recordIsComplete = true
                        break scanning
                    } else {
                        state = .unquoted
                    }

                case .unquoted:
                    let runStart = index
                    while index < count {
                        let byte = bytes[index]
                        if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn || byte == Self.quote {
                            break
                        }
                        index += 1
                    }
                    let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                    guard index < count else {
                        try storeFieldBytes(run, column: fields.count + 1, fieldLine: fieldLine)
                        break scanning
                    }
                    let byte = bytes[index]
                    if byte == Self.quote {
                        throw CSVError(line: line, column: fields.count + 1, reason: .quoteInUnquotedField)
                    }
                    try appendField(endingWith: run, to: &fields, fieldLine: fieldLine)
                    index += 1
                    if byte == Self.comma {
                        state = .fieldStart
                    } else {
                        line += 1
                        recordIsComplete = true
                        break scanning
                    }

                case .quoted:
                    let runStart = index
                    while index < count {
                        let byte = bytes[index]
                        if byte == Self.quote { break }
                        if byte == Self.carriageReturn {
                            line += 1
                        } else if byte == Self.lineFeed {
                            let previous = index > 0 ? bytes[index - 1] : input.lastConsumedByte
                            if previous != Self.carriageReturn { line += 1 }
                        }
                        index += 1
                    }
                    let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                    try storeFieldBytes(run, column: fields.count + 1, fieldLine: fieldLine)
                    guard index < count else { break scanning }
                    state = .quotedAfterQuote
                    index += 1

                case .quotedAfterQuote:
                    let byte = bytes[index]
                    if byte == Self.quote {
                        try storeFieldBytes(
                            UnsafeBufferPointer(rebasing: bytes[index..<index + 1]),
                            column: fields.count + 1,
                            fieldLine: fieldLine
                        )
                        state = .quoted
                        index += 1
                    } else if byte == Self.comma {
                        try appendPendingField(to: &fields, fieldLine: fieldLine)
                        state = .fieldStart
                        index += 1
                    } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                        try appendPendingField(to: &fields, fieldLine: fieldLine)
                        index += 1
                        line += 1
                        recordIsComplete = true
                        break scanning
                    } else {
                        throw CSVError(line: line, column: fields.count + 1, reason: .unexpectedTextAfterClosingQuote)
                    }
                }
            }

            input.consume(index)
            if recordIsComplete {
                return finishRecord(fields, line: recordLine)
            }
        }
    }

    private mutating func finishRecord(_ fields: [String], line: Int) -> CSVRecord {
        expectedFieldCount = fields.count
        return CSVRecord(line: line, fields: fields)
    }

    /// Keeps part of a field that continues past this chunk or that needed unquoting.
    private mutating func storeFieldBytes(_ run: UnsafeBufferPointer<UInt8>, column: Int, fieldLine: Int) throws(CSVError) {
        guard pendingFieldBytes.count + run.count <= maximumFieldBytes else {
            throw CSVError(line: fieldLine, column: column, reason: .fieldTooLarge(limit: maximumFieldBytes))
        }
        pendingFieldBytes.append(contentsOf: run)
    }

    /// Completes an unquoted field whose last bytes are `run`. When the whole
    /// field lies in this chunk, it is decoded in place without a copy.
    private mutating func appendField(
        endingWith run: UnsafeBufferPointer<UInt8>,
        to fields: inout [String],
        fieldLine: Int
    ) throws(CSVError) {
        if pendingFieldBytes.isEmpty {
            guard run.count <= maximumFieldBytes else {
                throw CSVError(line: fieldLine, column: fields.count + 1, reason: .fieldTooLarge(limit: maximumFieldBytes))
            }
            try append(decoding: run, to: &fields, fieldLine: fieldLine)
        } else {
            try storeFieldBytes(run, column: fields.count + 1, fieldLine: fieldLine)
            try appendPendingField(to: &fields, fieldLine: fieldLine)
        }
    }

    /// Completes the field collected in `pendingFieldBytes`.
    private mutating func appendPendingField(to fields: inout [String], fieldLine: Int) throws(CSVError) {
        let result: Result<Void, CSVError> = pendingFieldBytes.withUnsafeBufferPointer { bytes in
            Result { () throws(CSVError) in try append(decoding: bytes, to: &fields, fieldLine: fieldLine) }
        }
        try result.get()
        pendingFieldBytes.removeAll(keepingCapacity: true)
    }

    private func append(decoding bytes: UnsafeBufferPointer<UInt8>, to fields: inout [String], fieldLine: Int) throws(CSVError) {
        guard fields.count < maximumFieldCount else {
            throw CSVError(line: fieldLine, column: fields.count + 1, reason: .tooManyFields(limit: maximumFieldCount))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CSVError(
                line: fieldLine + UTF8Validation.lineBreaksBeforeFirstError(in: bytes),
                column: fields.count + 1,
                reason: .invalidUTF8
            )
        }
        fields.append(text)
    }
}
