/// Rows of command output with named columns, rendered in any format.
public struct ResultTable: Sendable {
    public var columns: [String]
    public var rows: [[OutputValue]]
    /// A heading for the table when it is one section of a larger page.
    public var title: String?
    /// Set when small-cell suppression marked rows (`suppressed` true, figures null).
    public var suppression: SuppressionMark?
    /// The key by which the terminal formats each column's numbers, when
    /// it is not the column's own (a translated heading; a probability named
    /// `ci_low` that reads as a percentage).
    public var formatKeys: [String]?

    public init(columns: [String], rows: [[OutputValue]] = [], title: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.title = title
    }

    public mutating func append(_ row: [OutputValue]) {
        precondition(row.count == columns.count, "a row must have one value per column")
        rows.append(row)
    }

    /// Renders the whole table as text in `format`; the terminal table as
    /// people read it (`forPeople`).
    public func rendered(as format: OutputFormat, maxWidth: Int? = nil) -> String {
        let table = format == .table ? forPeople() : self
        var text = ""
        var writer = RowWriter(format: format, columns: table.columns, formatKeys: table.formatKeys,
                               maxWidth: maxWidth) { text += $0 }
        for row in table.rows { writer.write(row) }
        writer.finish()
        return text
    }

    /// The rows as objects keyed by column, for nesting in another row.
    public var records: [[(key: String, value: OutputValue)]] {
        rows.map { row in zip(columns, row).map { (key: $0, value: $1) } }
    }

    /// The table as people read it: a group hidden by small-cell suppression
    /// shows `<K` in its count column (machine formats carry null and
    /// `suppressed: true`); `withoutFlag` also drops the flag column.
    public func forPeople(withoutFlag: Bool = false) -> ResultTable {
        guard let suppression, let flag = columns.firstIndex(of: SuppressionMark.flagColumn) else { return self }
        let count = columns.firstIndex(of: suppression.countColumn)
        var table = ResultTable(columns: columns, title: title)
        table.formatKeys = formatKeys
        table.rows = rows.map { row in
            var shown = row
            if let count, row[flag] == .bool(true) { shown[count] = .text("<\(suppression.minimum)") }
            return shown
        }
        if withoutFlag {
            table.columns.remove(at: flag)
            table.formatKeys?.remove(at: flag)
            table.rows = table.rows.map { var row = $0; row.remove(at: flag); return row }
        }
        return table
    }
}

/// How small-cell suppression marked a table: which column holds the count
/// that a hidden group shows as `<K`.
public struct SuppressionMark: Sendable, Equatable {
    public let countColumn: String
    public let minimum: Int
    /// The column that is true on a hidden row.
    public static let flagColumn = "suppressed"

    public init(countColumn: String, minimum: Int) {
        self.countColumn = countColumn
        self.minimum = minimum
    }
}
