/// The facts kept at write time (`journey_facts`, `fact_horizon`; migration
/// 0005) for a bulk load: a load of many rows skips the triggers that keep
/// them row by row and rebuilds them once, in the same transaction, so no
/// reader ever sees the rows without their facts.
extension TrackerStore {
    /// Runs `body` inside the caller's transaction with the facts' triggers
    /// dropped, then rebuilds every journey's facts and the horizon from the
    /// rows and puts the triggers back.
    func rebuildingFacts<T>(_ body: () throws -> T) throws -> T {
        let triggers = try rows("""
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journey\\_facts\\_%' ESCAPE '\\'
            """).compactMap { row in row[1].text.map { (name: row[0].text ?? "", sql: $0) } }
        for trigger in triggers { try execute("DROP TRIGGER \"\(trigger.name)\"") }
        let result = try body()
        try execute("DELETE FROM journey_facts")
        try execute("INSERT INTO journey_facts SELECT * FROM (\(Self.recomputedFacts))")
        try execute("""
            UPDATE fact_horizon SET latest = max(latest, coalesce((SELECT max(latest) FROM (
                SELECT max(opened_at) AS latest FROM journeys UNION ALL SELECT max(closed_at) FROM journeys
                UNION ALL SELECT max(at) FROM steps UNION ALL SELECT max(logged_at) FROM obstacles
                UNION ALL SELECT max(observed_at) FROM observations)), ''))
             WHERE id = 1
            """)
        for trigger in triggers { try execute(trigger.sql) }
        return result
    }

    /// Runs `body` (an import of one kind of row into `table`) inside the
    /// caller's transaction with the facts' triggers dropped, then recomputes
    /// the facts of the journeys its new rows touched, and the horizon from
    /// them, and puts the triggers back: one indexed pass over those journeys
    /// instead of two updates per row. Other writers wait on the transaction,
    /// so none writes while the triggers are away.
    func rebuildingFacts<T>(afterImportInto table: String, _ body: () throws -> T) throws -> T {
        let firstNew = (try value("SELECT coalesce(max(id), 0) FROM \(table)").integer ?? 0) + 1
        let triggers = try rows("""
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journey\\_facts\\_%' ESCAPE '\\'
            """).compactMap { row in row[1].text.map { (name: row[0].text ?? "", sql: $0) } }
        for trigger in triggers { try execute("DROP TRIGGER \"\(trigger.name)\"") }
        let result = try body()
        let touched = table == "journeys"
            ? "SELECT id FROM journeys WHERE id >= ?1"
            : "SELECT DISTINCT journey_id FROM \(table) WHERE id >= ?1"
        try execute("""
            INSERT OR REPLACE INTO journey_facts
            SELECT j.id, j.closed_at IS NULL AND j.voided_at IS NULL,
                   (SELECT count(*) FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL),
                   (SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL),
                   julianday(coalesce((SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL),
                                      j.opened_at)),
                   j.owner,
                   CASE WHEN j.closed_at IS NOT NULL AND j.voided_at IS NULL THEN julianday(j.closed_at) END,
                   (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id AND o.voided_at IS NULL
                                                      AND o.status IN ('open', 'escalated')),
                   (SELECT count(*) FROM observations b WHERE b.journey_id = j.id AND b.voided_at IS NULL
                                                         AND b.phase = 'baseline'),
                   (SELECT count(*) FROM observations b WHERE b.journey_id = j.id AND b.voided_at IS NULL
                                                         AND b.phase = 'followup')
              FROM journeys j WHERE j.id IN (\(touched))
            """, [firstNew])
        let latest: String
        switch table {
        case "journeys": latest = "SELECT max(max(opened_at), coalesce(max(closed_at), '')) FROM journeys WHERE id >= ?1"
        case "steps": latest = "SELECT max(at) FROM steps WHERE id >= ?1"
        case "obstacles": latest = "SELECT max(logged_at) FROM obstacles WHERE id >= ?1"
        default: latest = "SELECT max(observed_at) FROM observations WHERE id >= ?1"
        }
        try execute("UPDATE fact_horizon SET latest = max(latest, coalesce((\(latest)), '')) WHERE id = 1", [firstNew])
        for trigger in triggers { try execute(trigger.sql) }
        return result
    }

    /// Every journey's facts computed from the rows, in the columns of
    /// `journey_facts`: what a bulk load writes and `tracker check` compares.
    static let recomputedFacts = """
        SELECT j.id AS journey_id, j.closed_at IS NULL AND j.voided_at IS NULL AS is_open,
               coalesce(s.steps, 0) AS step_count, s.last_step_at,
               julianday(coalesce(s.last_step_at, j.opened_at)) AS quiet_day, j.owner,
               CASE WHEN j.closed_at IS NOT NULL AND j.voided_at IS NULL THEN julianday(j.closed_at) END AS closed_day,
               coalesce(o.open_obstacles, 0) AS open_obstacles, coalesce(b.baselines, 0) AS baselines,
               coalesce(b.followups, 0) AS followups
          FROM journeys j
          LEFT JOIN (SELECT journey_id, count(*) AS steps, max(at) AS last_step_at
                       FROM steps WHERE voided_at IS NULL GROUP BY journey_id) s ON s.journey_id = j.id
          LEFT JOIN (SELECT journey_id, count(*) AS open_obstacles FROM obstacles
                      WHERE voided_at IS NULL AND status IN ('open', 'escalated') GROUP BY journey_id) o
                 ON o.journey_id = j.id
          LEFT JOIN (SELECT journey_id, sum(phase = 'baseline') AS baselines, sum(phase = 'followup') AS followups
                       FROM observations WHERE voided_at IS NULL GROUP BY journey_id) b ON b.journey_id = j.id
        """
}
