/// Where an import's rows come from: a CSV file with a header row, or an
/// NDJSON file whose keys name the columns. Both stream: one row at a time.
protocol ImportSource {
    /// The CSV position of a column, for error reports; nil for NDJSON.
    func position(of column: String) -> Int?
    /// The next data row, or nil at the end.
    /// - Throws: `CSVError`, `JSONError` or `InputFileError` when the file
    ///   itself cannot be read further.
    mutating func next() throws -> ImportRow?
}

/// Problems with a CSV header, which make every row unreadable.
struct ImportHeaderError: Error {
    let problems: [ImportProblem]
}

struct CSVImportSource: ImportSource {
    private var reader: CSVReader
    private let columns: [String]
    /// For each header position, the index of its column in `columns`.
    private let mapping: [Int]
    private let headerPositions: [String: Int]

    init(reader: CSVReader, kind: ExchangeKind) throws {
        self.reader = reader
        columns = kind.importColumns
        guard let header = try self.reader.next() else {
            throw ImportHeaderError(problems: [ImportProblem(line: 1, reason: "the file is empty: expected a header row with the columns "
                                                             + kind.columns.joined(separator: ","))])
        }
        var problems: [ImportProblem] = []
        var mapping: [Int] = []
        var positions: [String: Int] = [:]
        for (offset, name) in header.fields.enumerated() {
            let name = name.trimmingSpaces
            guard let index = columns.firstIndex(of: name) else {
                problems.append(ImportProblem(line: header.line, column: offset + 1, field: name,
                                              reason: "unknown column; the columns of \(kind.rawValue) are "
                                                + kind.importColumns.joined(separator: ",")))
                mapping.append(-1)
                continue
            }
            if positions[name] != nil {
                problems.append(ImportProblem(line: header.line, column: offset + 1, field: name, reason: "the column appears twice"))
            }
            positions[name] = offset + 1
            mapping.append(index)
        }
        for name in kind.requiredColumns where positions[name] == nil {
            problems.append(ImportProblem(line: header.line, field: name, reason: "a required column is missing from the header"))
        }
        if kind == .journeys, positions["citizen"] == nil, positions["cpr"] == nil {
            problems.append(ImportProblem(line: header.line, field: "citizen",
                                          reason: "the header needs a citizen column (or a cpr column instead)"))
        }
        guard problems.isEmpty else { throw ImportHeaderError(problems: problems) }
        self.mapping = mapping
        self.headerPositions = positions
    }

    func position(of column: String) -> Int? { headerPositions[column] }

    mutating func next() throws -> ImportRow? {
        guard let record = try reader.next() else { return nil }
        var row = ImportRow(line: record.line, columns: columns)
        guard record.fields.count == mapping.count else {
            row.problems.append(ImportProblem(
                line: record.line,
                reason: "the row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s"); the header has \(mapping.count)"))
            return row
        }
        for (offset, field) in record.fields.enumerated() where !field.isEmpty {
            row.values[mapping[offset]] = .text(field)
        }
        return row
    }
}

struct NDJSONImportSource: ImportSource {
    private var reader: NDJSONReader
    private let columns: [String]
    private let kindName: String

    init(reader: NDJSONReader, kind: ExchangeKind) {
        self.reader = reader
        columns = kind.importColumns
        kindName = kind.rawValue
    }

    func position(of column: String) -> Int? { nil }

    mutating func next() throws -> ImportRow? {
        guard let record = try reader.next() else { return nil }
        var row = ImportRow(line: record.line, columns: columns)
        for (key, value) in record.members {
            guard let index = columns.firstIndex(of: key) else {
                row.problems.append(ImportProblem(line: record.line, field: key,
                                                  reason: "unknown column; the columns of \(kindName) are " + columns.joined(separator: ",")))
                continue
            }
            switch value {
            case .null: break
            case .string(let text): if !text.isEmpty { row.values[index] = .text(text) }
            case .number(let number): row.values[index] = .number(number)
            case .array(let items):
                let texts = items.compactMap(\.stringValue)
                guard texts.count == items.count else {
                    row.problems.append(ImportProblem(line: record.line, field: key, reason: "a list may hold only strings"))
                    continue
                }
                if !texts.isEmpty { row.values[index] = .list(texts) }
            case .bool, .object:
                row.problems.append(ImportProblem(line: record.line, field: key,
                                                  reason: "must be a string, a number, a list or null"))
            }
        }
        return row
    }
}
