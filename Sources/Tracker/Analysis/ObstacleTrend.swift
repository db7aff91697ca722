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
        let scan = try data.obstacles(.withoutSectors)
        let categories = scan.categories.names
        let tallies = scan.tally(keyCount: scan.months.count * categories.count, selection: data.selection) { obstacle, keys in
            keys.append(Int(scan.month[obstacle]) * categories.count + Int(scan.category[obstacle]))
        }
        var cells: [Row] = []
        for month in scan.months.indices {
            for category in categories.indices {
                let tally = tallies[month * categories.count + category]
                if tally.obstacles > 0 {
                    cells.append(Row(month: scan.months[month], category: categories[category],
                                     obstacles: tally.obstacles, journeys: tally.journeys))
                }
            }
        }
        self.init(cells, months: limit, before: asOf, categoryOrder: categoryOrder)
    }

    /// The same counted where the rows are, for a database on a server: one
    /// `GROUP BY` of month and category over the journeys opened by `asOf`.
    init(countedOnServer db: ReadSession, filter: AnalysisFilter, months limit: Int, before asOf: AsOfDate,
         categoryOrder: [String]) throws {
        let condition = filter.condition(alias: "j", openedBy: asOf)
        let cells = try db.rows("""
            SELECT substr(o.logged_at, 1, 7), o.category_id, count(*), count(DISTINCT o.journey_id)
              FROM obstacles o JOIN journeys j ON j.id = o.journey_id
             WHERE o.voided_at IS NULL AND j.voided_at IS NULL AND \(condition.sql)
             GROUP BY substr(o.logged_at, 1, 7), o.category_id
            """, condition.arguments).map { row in
            Row(month: row[0].text ?? "", category: row[1].text ?? "", obstacles: Int(row[2].integer ?? 0),
                journeys: Int(row[3].integer ?? 0))
        }
        self.init(cells, months: limit, before: asOf, categoryOrder: categoryOrder)
    }

    /// From every month and category with an obstacle, in any order.
    private init(_ cells: [Row], months limit: Int, before asOf: AsOfDate, categoryOrder: [String]) {
        let running = String(asOf.text.prefix(7))
        let shown = Set(cells.map(\.month).filter { $0 < running }).sorted().suffix(limit)
        let rank = Dictionary(uniqueKeysWithValues: categoryOrder.enumerated().map { ($1, $0) })
        func key(_ row: Row) -> (String, Int, String) { (row.month, rank[row.category] ?? Int.max, row.category) }
        let kept = Set(shown)
        rows = cells.filter { kept.contains($0.month) }.sorted { key($0) < key($1) }
        months = Array(shown)
    }

    func output(suppression: SmallCellSuppression) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        for row in rows { table.append([.text(row.month), .text(row.category), .int(row.obstacles), .int(row.journeys)]) }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["month", "category"],
                                 countColumn: "journeys")
    }
}
