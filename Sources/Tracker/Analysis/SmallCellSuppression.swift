/// Hides groups too small to publish: a group with fewer than `minimum`
/// journeys keeps its row and key, every count and figure becomes null, and
/// `suppressed` is true (the terminal shows `<K` in its count column).
/// With a minimum of 0 nothing is hidden and no `suppressed` column appears.
public struct SmallCellSuppression: Sendable, Equatable {
    public let minimum: Int

    /// No suppression: the default of `effect` and `analyze`.
    public static let off = SmallCellSuppression(validatedMinimum: 0)
    /// What `report` and anonymized exports use unless told otherwise.
    public static let reportDefault = SmallCellSuppression(validatedMinimum: 5)

    /// Reads a `--min-cell` value, wherever it is given (analyses, the
    /// report, anonymized exports); anything but a whole number ≥ 0 is bad data.
    public init(_ text: String) throws {
        guard let minimum = Int(text.trimmingSpaces), minimum >= 0 else {
            throw TrackerError.badData("--min-cell \(text) is not a whole number of journeys",
                                       hint: "give 0 (no suppression) or a minimum group size such as 5")
        }
        self.init(validatedMinimum: minimum)
    }

    public init(validatedMinimum minimum: Int) {
        self.minimum = max(0, minimum)
    }

    public var isActive: Bool { minimum > 0 }

    public func hides(journeys: Int) -> Bool { isActive && journeys < minimum }

    /// Applies the rule to `table`, whose row i covers `journeys[i]` journeys.
    /// Columns in `keep` (the keys) survive, every other value of a hidden
    /// row becomes null; `countColumn` is where people's views show `<K`.
    func apply(to table: ResultTable, journeys: [Int], keep: Set<String>, countColumn: String) -> AnalysisOutput {
        guard isActive else { return AnalysisOutput(table: table, suppressedGroups: 0, minimumCell: 0) }
        var result = ResultTable(columns: table.columns + [SuppressionMark.flagColumn], title: table.title)
        result.formatKeys = table.formatKeys.map { $0 + [SuppressionMark.flagColumn] }
        result.suppression = SuppressionMark(countColumn: countColumn, minimum: minimum)
        var suppressed = 0
        for (row, count) in zip(table.rows, journeys) {
            guard hides(journeys: count) else {
                result.append(row + [.bool(false)])
                continue
            }
            suppressed += 1
            var hidden: [OutputValue] = []
            for (column, value) in zip(table.columns, row) {
                hidden.append(keep.contains(column) ? value : .null)
            }
            result.append(hidden + [.bool(true)])
        }
        return AnalysisOutput(table: result, suppressedGroups: suppressed, minimumCell: minimum)
    }
}

/// What an analysis prints: its table, and how many groups small-cell
/// suppression hid (the command says so on stderr).
public struct AnalysisOutput: Sendable {
    public var table: ResultTable
    public var suppressedGroups: Int
    public var minimumCell: Int

    /// The stderr note about hidden groups, nil when none were hidden.
    public var suppressionNote: String? {
        guard suppressedGroups > 0 else { return nil }
        let groups = suppressedGroups == 1 ? "1 group" : "\(suppressedGroups) groups"
        return "\(groups) with fewer than \(minimumCell) journeys suppressed (--min-cell \(minimumCell))"
    }
}
