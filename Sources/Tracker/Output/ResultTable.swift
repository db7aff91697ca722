/// Rows of command output with named columns, rendered in any format.
public struct ResultTable: Sendable {
    public var columns: [String]
    public var rows: [[OutputValue]]
    /// A heading for the table when it is one section of a larger page.
    public var title: String?

    public init(columns: [String], rows: [[OutputValue]] = [], title: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.title = title
    }

    public mutating func append(_ row: [OutputValue]) {
        precondition(row.count == columns.count, "a row must have one value per column")
        rows.append(row)
    }

    /// Renders the whole table as text in `format`.
    public func rendered(as format: OutputFormat) -> String {
        var text = ""
        var writer = RowWriter(format: format, columns: columns) { text += $0 }
        for row in rows { writer.write(row) }
        writer.finish()
        return text
    }
}
