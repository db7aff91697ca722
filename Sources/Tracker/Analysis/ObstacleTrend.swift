/// Obstacles per month of logging by category: the trend a leader watches
/// to see whether the curve turns. A cell counts each journey once, so small
/// cells are suppressed by journeys, as everywhere.
struct ObstacleTrend {
    struct Row: Equatable {
        let month: String
        let category: String
        let obstacles: Int
        let journeys: Int
    }

    /// Month by month in time order, the categories in the order of `categoryOrder`.
    let rows: [Row]
    /// The months shown, oldest first.
    let months: [String]

    static let columns = ["month", "category", "obstacles", "journeys"]

    /// The last `months` months with an obstacle before the month of
    /// `asOf` (a month still running would read as a drop), each with every
    /// category met in it.
    init(_ data: AnalysisData, months limit: Int, before asOf: AsOfDate, categoryOrder: [String]) throws {
        let running = String(asOf.text.prefix(7))
        let scan = try data.obstacles(.withoutSectors)
        let categories = scan.categories.names
        let tallies = scan.tally(keyCount: scan.months.count * categories.count, selection: data.selection) { obstacle, keys in
            keys.append(Int(scan.month[obstacle]) * categories.count + Int(scan.category[obstacle]))
        }
        let rank = Dictionary(uniqueKeysWithValues: categoryOrder.enumerated().map { ($1, $0) })
        let byMonth = scan.months.indices.sorted { scan.months[$0] < scan.months[$1] }
            .filter { month in
                scan.months[month] < running && categories.indices.contains { tallies[month * categories.count + $0].obstacles > 0 }
            }
            .suffix(limit)
        let order = categories.indices.sorted {
            (rank[categories[$0]] ?? Int.max, categories[$0]) < (rank[categories[$1]] ?? Int.max, categories[$1])
        }
        var rows: [Row] = []
        for month in byMonth {
            for category in order {
                let tally = tallies[month * categories.count + category]
                guard tally.obstacles > 0 else { continue }
                rows.append(Row(month: scan.months[month], category: categories[category],
                                obstacles: tally.obstacles, journeys: tally.journeys))
            }
        }
        self.rows = rows
        self.months = byMonth.map { scan.months[$0] }
    }

    func output(suppression: SmallCellSuppression) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows { table.append([.text(row.month), .text(row.category), .int(row.obstacles), .int(row.journeys)]) }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["month", "category"],
                                 countColumn: "journeys")
    }
}
