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
        try execute("""
            INSERT INTO journey_facts (journey_id, is_open, step_count, last_step_at, quiet_day)
            SELECT j.id, j.closed_at IS NULL AND j.voided_at IS NULL, coalesce(s.steps, 0), s.last_step_at,
                   julianday(coalesce(s.last_step_at, j.opened_at))
              FROM journeys j
              LEFT JOIN (SELECT journey_id, count(*) AS steps, max(at) AS last_step_at
                           FROM steps WHERE voided_at IS NULL GROUP BY journey_id) s ON s.journey_id = j.id
            """)
        try execute("""
            UPDATE fact_horizon SET latest = max(latest, coalesce((SELECT max(latest) FROM (
                SELECT max(opened_at) AS latest FROM journeys UNION ALL SELECT max(closed_at) FROM journeys
                UNION ALL SELECT max(at) FROM steps)), ''))
             WHERE id = 1
            """)
        for trigger in triggers { try execute(trigger.sql) }
        return result
    }
}
