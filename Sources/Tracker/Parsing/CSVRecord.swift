/// One record of a CSV file.
public struct CSVRecord: Equatable, Sendable {
    /// The physical line (1-based) on which the record starts. A quoted
    /// field may span lines, so the next record can start several lines later.
    public let line: Int
    /// The fields in file order, quotes removed and doubled quotes undone.
    public let fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
