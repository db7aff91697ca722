/// Rows of a CSV file: the header names the columns, in any order.
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
