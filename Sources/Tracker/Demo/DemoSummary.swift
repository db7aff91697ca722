/// What `tracker demo` prints after generating: the journey types, how the
/// effect on wellbeing falls with the obstacles met, and the costliest rules.
public enum DemoSummary {
    public static func tables(_ store: TrackerStore) throws -> [(title: String, table: ResultTable)] {
        [
            try table(store, title: "Journeys by type", sql: """
                SELECT j.type, count(*) AS journeys, sum(j.status = 'open') AS open,
                       round(avg(julianday(j.closed_at) - julianday(j.opened_at)), 1) AS mean_duration_days,
                       round(avg((SELECT count(*) FROM steps s WHERE s.journey_id = j.id)), 2) AS steps_mean,
                       round(avg((SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id)), 2) AS obstacles_mean,
                       round(avg(j.outcome = 'achieved') FILTER (WHERE j.status = 'closed'), 3) AS share_achieved
                FROM journeys j GROUP BY j.type ORDER BY journeys DESC, j.type
                """),
            try table(store, title: "WHO-5 change by obstacles met", sql: """
                SELECT CASE WHEN n = 0 THEN '0' WHEN n = 1 THEN '1' WHEN n = 2 THEN '2' ELSE '3+' END AS obstacles_met,
                       count(*) AS journeys, round(avg(change), 1) AS mean_change, round(avg(improved), 3) AS share_improved
                FROM (SELECT followup - baseline AS change, followup > baseline AS improved, n FROM
                         (SELECT (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id) AS n,
                                 (SELECT b.value FROM observations b
                                   WHERE b.journey_id = j.id AND b.measure_id = 'who5' AND b.phase = 'baseline'
                                   ORDER BY b.observed_at, b.id LIMIT 1) AS baseline,
                                 (SELECT f.value FROM observations f
                                   WHERE f.journey_id = j.id AND f.measure_id = 'who5' AND f.phase = 'followup'
                                   ORDER BY f.observed_at DESC, f.id DESC LIMIT 1) AS followup
                          FROM journeys j)
                      WHERE baseline IS NOT NULL AND followup IS NOT NULL)
                GROUP BY 1 ORDER BY 1
                """),
            try table(store, title: "Rules that cost the most days", sql: """
                SELECT rule_ref, count(*) AS obstacles, count(DISTINCT journey_id) AS journeys,
                       round(sum(delay_days)) AS delay_days_total
                FROM obstacles WHERE rule_ref IS NOT NULL
                GROUP BY rule_ref ORDER BY delay_days_total DESC, rule_ref LIMIT 8
                """),
        ]
    }

    private static func table(_ store: TrackerStore, title: String, sql: String) throws -> (title: String, table: ResultTable) {
        let statement = try store.db.prepare(sql)
        var table = ResultTable(columns: statement.columnNames)
        while let row = try statement.step() {
            table.append(row.values.map(OutputValue.init))
        }
        return (title, table)
    }
}
