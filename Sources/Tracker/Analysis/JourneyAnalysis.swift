/// `analyze journeys`: how many journeys, how long the closed ones took,
/// and how many sectors, steps and obstacles a journey has on average.
public struct JourneyAnalysis: Sendable {
    public enum Grouping: String, Sendable, CaseIterable {
        case type
    }

    public struct Row: Sendable, Equatable {
        /// nil without `--by`.
        public let group: String?
        public let journeys: Int
        public let open: Int
        /// Over closed journeys; nil when none is closed.
        public let durationDaysMedian: Double?
        public let durationDaysP90: Double?
        /// Distinct sectors of the steps, per journey (open ones too).
        public let sectorsMean: Double
        public let stepsMean: Double
        public let obstaclesMean: Double
    }

    public let grouping: Grouping?
    public let rows: [Row]

    public static let columns = [
        "group", "journeys", "open", "duration_days_median", "duration_days_p90", "sectors_mean", "steps_mean",
        "obstacles_mean",
    ]

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, by grouping: Grouping? = nil) throws {
        self = try store.reading { try JourneyAnalysis($0, filter: filter, by: grouping) }
    }

    /// With `asOf`, over the journeys opened by then, a close after it
    /// counting as still open (the report).
    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate? = nil, by grouping: Grouping? = nil) throws {
        guard db.db.engine == .sqlite else {
            try self.init(countedOnServer: db, filter: filter, asOf: asOf, by: grouping)
            return
        }
        try self.init(AnalysisData(db, filter: filter, asOf: asOf), by: grouping)
    }

    /// The groups counted where the rows are, for a database on a server:
    /// the counts kept per journey summed, the durations' quantiles by
    /// `percentile_cont` (the same interpolation as `Statistics.quantile`).
    private init(countedOnServer db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate?, by grouping: Grouping?) throws {
        try filter.validate(in: db)
        let condition = filter.condition(alias: "j", openedBy: asOf)
        // Closed, and by as-of when given (its bound bound at each of the
        // three places, before the condition's arguments).
        let closed = asOf == nil ? "j.closed_at IS NOT NULL" : "j.closed_at <= ?"
        let arguments = asOf.map { Array(repeating: DatabaseValue.text($0.inclusiveBound), count: 3) } ?? []
        let duration = "CASE WHEN \(closed) THEN julianday(j.closed_at) - julianday(j.opened_at) END"
        let rows = try db.rows("""
            SELECT \(grouping == nil ? "''" : "j.type"), count(*), count(*) FILTER (WHERE \(closed)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY \(duration)),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY \(duration)),
                   CAST(coalesce(sum(f.sector_count), 0) AS bigint), CAST(coalesce(sum(f.step_count), 0) AS bigint),
                   CAST(coalesce(sum(f.obstacle_count), 0) AS bigint)
              FROM journeys j LEFT JOIN journey_facts f ON f.journey_id = j.id
             WHERE j.voided_at IS NULL AND \(condition.sql)
             \(grouping == nil ? "" : "GROUP BY j.type")
            """, arguments + condition.arguments).compactMap { row -> Row? in
            let journeys = Int(row[1].integer ?? 0)
            guard journeys > 0 else { return nil }
            let count = Double(journeys)
            return Row(group: grouping == nil ? nil : row[0].text, journeys: journeys,
                       open: journeys - Int(row[2].integer ?? 0),
                       durationDaysMedian: row[3].real, durationDaysP90: row[4].real,
                       sectorsMean: Double(row[5].integer ?? 0) / count, stepsMean: Double(row[6].integer ?? 0) / count,
                       obstaclesMean: Double(row[7].integer ?? 0) / count)
        }
        self.rows = rows.sorted { ($0.group ?? "") < ($1.group ?? "") }
        self.grouping = grouping
    }

    init(_ data: AnalysisData, by grouping: Grouping?) throws {
        let selection = data.selection
        // Counted at write time: no step or obstacle is read.
        let counts = try selection.keptCounts(data.db)
        let groups = grouping == nil
            ? (selection.count == 0 ? [] : JourneyGroups.all(selection))
            : JourneyGroups.byType(selection)
        rows = groups.map { group in
            let members = group.members
            let durations = members.filter(selection.isClosed)
                .map { selection.closedDays[$0] - selection.openedDays[$0] }
                .sorted()
            let count = Double(members.count)
            func mean(_ value: (Int) -> Int32) -> Double { Double(members.reduce(0) { $0 + Int(value($1)) }) / count }
            return Row(
                group: grouping == nil ? nil : group.label, journeys: members.count,
                open: members.count - durations.count,
                durationDaysMedian: Statistics.quantile(sorted: durations, 0.5),
                durationDaysP90: Statistics.quantile(sorted: durations, 0.9),
                sectorsMean: mean { counts.sectors[$0] }, stepsMean: mean { counts.steps[$0] },
                obstaclesMean: mean { counts.obstacles[$0] })
        }
        self.grouping = grouping
    }

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        let columns = grouping == nil ? Self.columns.filter { $0 != "group" } : Self.columns
        var table = ResultTable(columns: columns)
        for row in rows {
            var values: [OutputValue] = grouping == nil ? [] : [.optional(row.group)]
            values += [
                .int(row.journeys), .int(row.open), .optional(row.durationDaysMedian), .optional(row.durationDaysP90),
                .real(row.sectorsMean), .real(row.stepsMean), .real(row.obstaclesMean),
            ]
            table.append(values)
        }
        return suppression.apply(to: table, journeys: rows.map(\.journeys), keep: ["group"],
                                 countColumn: "journeys")
    }
}
