/// Rows of an NDJSON file: each object's keys name its columns.
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
