/// The obstacle groups counted where the rows are, for a database on a
/// server: one `GROUP BY` per grouping returns each group's sufficient
/// figures (counts, sums, the median of the known delays, for a rule its
/// first and last day), and no obstacle crosses the wire. A file is read
/// into an `ObstacleScan` instead, which on SQLite is several times faster
/// than its own `GROUP BY`; both give the same figures, sums to rounding.
struct ObstacleAggregates {
    struct Group: Sendable {
        let key: String
        let obstacles: Int
        let journeys: Int
        let delayTotal: Double
        let delayMedian: Double?
        let staffHours: Double
        let open: Int
        let firstSeen: String
        let lastSeen: String
    }

    /// In no particular order.
    let groups: [Group]
    /// Per rule, every sector its obstacles arose between, sorted; filled
    /// for the grouping by rule only.
    let sectorsOfRule: [String: [String]]

    /// The obstacles of the journeys `filter` keeps, live ones of live
    /// journeys, grouped as `grouping` says.
    init(_ db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate? = nil, by grouping: ObstacleAnalysis.Grouping) throws {
        let condition = filter.condition(alias: "j", openedBy: asOf)
        let kept = """
            SELECT o.id, o.journey_id, o.category_id, o.rule_ref, o.logged_at, o.delay_days, o.staff_hours,
                   o.status IN ('open', 'escalated') AS is_open
              FROM obstacles o JOIN journeys j ON j.id = o.journey_id
             WHERE o.voided_at IS NULL AND j.voided_at IS NULL AND \(condition.sql)
            """
        // Each kept obstacle once per key it counts under.
        let keyed: String
        switch grouping {
        case .category:
            keyed = "SELECT k.*, k.category_id AS key FROM kept k"
        case .rule:
            keyed = "SELECT k.*, k.rule_ref AS key FROM kept k WHERE k.rule_ref IS NOT NULL"
        case .month:
            keyed = "SELECT k.*, substr(k.logged_at, 1, 7) AS key FROM kept k"
        case .sector:
            keyed = "SELECT k.*, s.sector_id AS key FROM kept k JOIN obstacle_sectors s ON s.obstacle_id = k.id"
        case .sectorPair:
            // An obstacle of one sector counts under that sector; one of
            // several under each pair of them, the lesser id first.
            keyed = """
                SELECT k.*, CASE WHEN n.sectors = 1 THEN a.sector_id ELSE a.sector_id || '|' || b.sector_id END AS key
                  FROM kept k
                  JOIN (SELECT obstacle_id, count(*) AS sectors FROM obstacle_sectors GROUP BY obstacle_id) n
                    ON n.obstacle_id = k.id
                  JOIN obstacle_sectors a ON a.obstacle_id = k.id
                  LEFT JOIN obstacle_sectors b ON b.obstacle_id = k.id AND b.sector_id > a.sector_id
                 WHERE n.sectors = 1 OR b.sector_id IS NOT NULL
                """
        }
        let sql = """
            WITH kept AS (\(kept))
            SELECT key, count(*), count(DISTINCT journey_id), coalesce(sum(delay_days), 0),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY delay_days),
                   coalesce(sum(staff_hours), 0), count(*) FILTER (WHERE is_open), min(logged_at), max(logged_at)
              FROM (\(keyed)) keyed
             GROUP BY key
            """
        groups = try db.rows(sql, condition.arguments).map { row in
            Group(key: row[0].text ?? "", obstacles: Int(row[1].integer ?? 0), journeys: Int(row[2].integer ?? 0),
                  delayTotal: row[3].real ?? 0, delayMedian: row[4].real, staffHours: row[5].real ?? 0,
                  open: Int(row[6].integer ?? 0), firstSeen: row[7].text ?? "", lastSeen: row[8].text ?? "")
        }
        var sectorsOfRule: [String: [String]] = [:]
        if grouping == .rule {
            for row in try db.rows("""
                WITH kept AS (\(kept))
                SELECT DISTINCT k.rule_ref, s.sector_id
                  FROM kept k JOIN obstacle_sectors s ON s.obstacle_id = k.id
                 WHERE k.rule_ref IS NOT NULL
                """, condition.arguments) {
                sectorsOfRule[row[0].text ?? "", default: []].append(row[1].text ?? "")
            }
            for rule in sectorsOfRule.keys { sectorsOfRule[rule]?.sort() }
        }
        self.sectorsOfRule = sectorsOfRule
    }
}
