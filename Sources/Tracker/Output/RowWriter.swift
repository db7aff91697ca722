/// Writes rows in one output format as they come, so a large export never
/// holds every row in memory. The terminal table is the exception: it must
/// see every row to align the columns.
public struct RowWriter {
    /// How CSV is written: RFC 4180, or what Danish Excel opens as it should
    /// (a UTF-8 byte order mark, `;` between fields, a decimal comma).
    public enum CSVDialect: Sendable {
        case standard, excel

        var separator: String { self == .excel ? ";" : "," }
    }

    public let format: OutputFormat
    public let dialect: CSVDialect
    public let columns: [String]
    private let emit: (String) -> Void
    private var count = 0
    private var buffered: [[OutputValue]] = []
    private let jsonKeys: [String]
    /// The terminal table's widest free-text columns are cut with `…` to
    /// fit this many columns; nil prints every cell whole.
    public let maxWidth: Int?
    /// The key each column's numbers are formatted by in the terminal table
    /// (its heading may be another language's, or name a share otherwise).
    public let formatKeys: [String]

    public init(format: OutputFormat, columns: [String], formatKeys: [String]? = nil, maxWidth: Int? = nil,
                dialect: CSVDialect = .standard, emit: @escaping (String) -> Void) {
        self.format = format
        self.columns = columns
        self.formatKeys = formatKeys ?? columns
        self.maxWidth = maxWidth
        self.dialect = dialect
        self.emit = emit
        self.jsonKeys = columns.map { JSONText.string($0) + ":" }
        if format == .csv {
            emit((dialect == .excel ? "\u{FEFF}" : "")
                 + columns.map { Self.csvField($0, dialect) }.joined(separator: dialect.separator) + "\r\n")
        }
    }

    public mutating func write(_ row: [OutputValue]) {
        switch format {
        case .table:
            buffered.append(row)
        case .csv:
            emit(row.map { Self.csvField(csvText($0), dialect) }.joined(separator: dialect.separator) + "\r\n")
        case .json:
            emit((count == 0 ? "[\n" : ",\n") + jsonObject(row))
        case .ndjson:
            emit(jsonObject(row) + "\n")
        }
        count += 1
    }

    public mutating func finish() {
        switch format {
        case .table: emit(Self.alignedTable(columns: columns, formatKeys: formatKeys, rows: buffered, maxWidth: maxWidth))
        case .json: emit(count == 0 ? "[]\n" : "\n]\n")
        case .csv, .ndjson: break
        }
    }

    private func jsonObject(_ row: [OutputValue]) -> String {
        var text = "{"
        for index in row.indices {
            if index > 0 { text += "," }
            text += jsonKeys[index]
            text += JSONText.value(row[index])
        }
        return text + "}"
    }

    /// A value as CSV text: numbers with a decimal comma for Excel.
    private func csvText(_ value: OutputValue) -> String {
        switch value {
        case .real where dialect == .excel: value.plainText.split(separator: ".", omittingEmptySubsequences: false)
            .joined(separator: ",")
        default: value.plainText
        }
    }

    /// RFC 4180: quote a field holding a separator, quote or line break,
    /// doubling its quotes.
    static func csvField(_ text: String, _ dialect: CSVDialect = .standard) -> String {
        var needsQuotes = false
        let separator: UInt8 = dialect == .excel ? 59 : 44
        for byte in text.utf8 where byte == separator || byte == 34 || byte == 10 || byte == 13 {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text.unicodeScalars {
            if character == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(character) }
        }
        return quoted + "\""
    }

    static func tableCell(_ value: OutputValue, column: String = "") -> String {
        switch value {
        case .real(let real): NumberText.forTable(real, column: column)
        case .integer(let integer) where NumberText.Kind(column: column) == .share: NumberText.forTable(Double(integer), column: column)
        case .list(let items): items.joined(separator: ";")
        case .records(let records): "\(records.count) entries"
        case .text(let text):
            // Keep one row per line in the terminal.
            text.contains("\n") ? text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ⏎ ") : text
        default: value.plainText
        }
    }

    static func alignedTable(columns: [String], formatKeys: [String]? = nil, rows: [[OutputValue]],
                             maxWidth: Int? = nil) -> String {
        var cells = rows.map { row in zip(formatKeys ?? columns, row).map { tableCell($1, column: $0) } }
        var widths = columns.map(displayWidth)
        var numeric = Array(repeating: true, count: columns.count)
        for (rowIndex, row) in cells.enumerated() {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], displayWidth(cell))
                switch rows[rowIndex][index] {
                case .integer, .real, .null: break
                default: numeric[index] = false
                }
            }
        }
        var headings = columns.map { [$0] }
        if let maxWidth {
            fit(&widths, &cells, columns: columns, keys: formatKeys ?? columns, numeric: numeric, maxWidth: maxWidth)
            foldHeadings(&headings, &widths, cells, maxWidth: maxWidth)
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (index, value) in values.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - displayWidth(value))
                let isLast = index == values.count - 1
                if numeric[index] && !rows.isEmpty {
                    parts.append(padding + value)
                } else {
                    parts.append(isLast ? value : value + padding)
                }
            }
            return parts.joined(separator: "  ") + "\n"
        }
        // A folded heading takes two lines; the others sit on the second.
        var text = ""
        if headings.contains(where: { $0.count == 2 }) {
            text += line(headings.map { $0.count == 2 ? $0[0] : "" })
        }
        text += line(headings.map { $0[$0.count - 1] })
        text += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { text += line(row) }
        return text
    }

    /// Narrows the widest text columns to one common width, the least that
    /// makes the table fit `maxWidth` (a column keeps at least its heading
    /// and 8 characters), cutting their longer cells with `…`. Numbers,
    /// dates and refs keep their width; `keys` name what each column holds
    /// whatever language its heading is in.
    static func fit(_ widths: inout [Int], _ cells: inout [[String]], columns: [String], keys: [String], numeric: [Bool],
                    maxWidth: Int) {
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        guard total > maxWidth else { return }
        let candidates = widths.indices.filter { !numeric[$0] && !isDateColumn(keys[$0]) }
        let fixed = total - candidates.reduce(0) { $0 + widths[$1] }
        let room = maxWidth - fixed
        // The widest level at which the candidates fit the room.
        var level = candidates.map { widths[$0] }.max() ?? 0
        while level > 8 && candidates.reduce(0, { $0 + min(widths[$1], level) }) > room { level -= 1 }
        for column in candidates {
            let width = max(min(widths[column], level), min(widths[column], max(displayWidth(columns[column]), 8)))
            guard width < widths[column] else { continue }
            widths[column] = width
            for row in cells.indices where displayWidth(cells[row][column]) > width {
                cells[row][column] = String(cells[row][column].prefix(width - 1)) + "…"
            }
        }
    }

    /// When the table is still wider than `maxWidth`, folds each heading
    /// that is wider than its column's cells onto two lines at the `_` or
    /// space that balances them best (`silent_days` over `silent` / `days`),
    /// so that short numbers under long names stop taking the width.
    static func foldHeadings(_ headings: inout [[String]], _ widths: inout [Int], _ cells: [[String]], maxWidth: Int) {
        func total() -> Int { widths.reduce(0, +) + 2 * max(0, widths.count - 1) }
        guard total() > maxWidth else { return }
        for index in headings.indices {
            let heading = headings[index][0]
            let content = cells.map { displayWidth($0[index]) }.max() ?? 0
            guard displayWidth(heading) > content else { continue }
            let characters = Array(heading)
            let splits = characters.indices.filter { characters[$0] == "_" || characters[$0] == " " }
            guard let best = splits.min(by: { max($0, characters.count - $0 - 1) < max($1, characters.count - $1 - 1) })
            else { continue }
            let first = String(characters[..<best]), second = String(characters[(best + 1)...])
            let folded = max(content, displayWidth(first), displayWidth(second))
            guard folded < widths[index] else { continue }
            headings[index] = [first, second]
            widths[index] = folded
        }
    }

    /// Dates, and refs a caseworker types back in: cutting either makes it
    /// another value.
    static func isDateColumn(_ name: String) -> Bool {
        name == "at" || name == "due" || name.hasSuffix("_at") || name == "first_seen" || name == "last_seen"
            || name == "ref" || name == "journey_ref"
    }

    /// Characters as a terminal shows them (one column each; good enough for
    /// the Latin, Danish and symbol text the tracker holds).
    static func displayWidth(_ text: String) -> Int { text.count }
}
