/// The facts kept at write time (`journey_facts`, `fact_horizon`; migration
/// 0005; the steps' order facts, migration 0011) for a bulk load: a load of many rows skips the triggers that keep
/// them row by row and recomputes them once, in the same transaction, so no
/// reader ever sees the rows without their facts. Other writers wait on that
/// transaction, so none writes while the triggers are away, and a rollback
/// puts them back with everything else.
extension TrackerStore {
    /// Which journeys a bulk load recomputes.
    enum FactScope {
        /// Every journey (a copy, which fills a new file).
        case all
        /// None: `body` writes every facts row itself (the demo, which
        /// knows each journey's facts as it makes the journey); only the
        /// horizon moves. `tracker check` recomputes them like any others.
        case writtenByLoad
        /// The journeys that rows of `table` with ids from the first new
        /// one touch (an import of one kind into that table); `journeys`,
        /// when given, is a query of their ids the caller already knows.
        /// New steps that come with their place in their journey written
        /// name in `placing` the journeys whose steps may still be out of
        /// place (all the touched ones otherwise).
        case newRows(of: String, journeys: String? = nil, placing: String? = nil)

        /// A query of the journeys whose steps the load may have put out of
        /// place, given the query of the journeys it recomputes; nil when
        /// it moves none.
        func stepsToPlace(among journeys: String) -> String? {
            switch self {
            case .all: journeys
            case .writtenByLoad: nil
            case .newRows(let table, _, let placing): table == "steps" ? placing ?? journeys : nil
            }
        }
    }

    /// Runs `body` (given the first id new rows of the scope's table get)
    /// with the facts' triggers dropped, then recomputes the
    /// facts of the journeys in `scope`, moves the horizon past the new
    /// rows' dates and puts the triggers back. The recomputation reads each
    /// journey's rows through the indexes on `journey_id`: `body` leaves
    /// them in place.
    func rebuildingFacts<T>(_ scope: FactScope = .all, _ body: (_ firstNewID: Int64) throws -> T) throws -> T {
        var firstNew: Int64 = 1
        if case .newRows(let table, _, _) = scope {
            firstNew = (try value("SELECT coalesce(max(id), 0) FROM \(table)").integer ?? 0) + 1
        }
        // SQLite drops the triggers inside the transaction; PostgreSQL's
        // stand down while the transaction says so (migration 0005 there).
        let onServer = db.engine == .postgresql
        let triggers = onServer ? [] : try rows("""
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journey\\_facts\\_%' ESCAPE '\\'
            """).compactMap { row in row[1].text.map { (name: row[0].text ?? "", sql: $0) } }
        for trigger in triggers { try execute("DROP TRIGGER \"\(trigger.name)\"") }
        if onServer { try execute("SET LOCAL tracker.bulk_load = 'on'") }
        let result = try body(firstNew)
        // The journeys whose facts are recomputed (none when the load wrote
        // them), and the dates that may move the horizon.
        let journeys: String?, dates: [(table: String, columns: [String])]
        switch scope {
        case .writtenByLoad:
            journeys = nil
            dates = Self.datedColumns
        case .all:
            try execute("DELETE FROM journey_facts")
            journeys = "SELECT id FROM journeys"
            dates = Self.datedColumns
        case .newRows(let table, let known, _):
            journeys = table == "journeys" ? "SELECT id FROM journeys WHERE id >= ?1"
                                           : known ?? "SELECT DISTINCT journey_id FROM \(table) WHERE id >= ?1"
            dates = Self.datedColumns.filter { $0.table == table }
        }
        if let journeys {
            let arguments: [DatabaseValue] = journeys.contains("?1") ? [.integer(firstNew)] : []
            // Each journey's rows are a few lookups in its index. A server's
            // statistics may not yet know the rows this transaction wrote,
            // and then put its costs so high that compiling the statement
            // (JIT) would take longer than running it.
            if onServer { try execute("SET LOCAL jit = off") }
            if case .newRows(let table, _, _) = scope, let refresh = Self.refreshedFacts(from: table, journeys: journeys) {
                try execute(refresh, values: arguments)
            } else {
                try execute(onServer ? "INSERT INTO journey_facts \(Self.recomputedFacts(of: journeys)) \(Self.replacingFacts)"
                                     : "INSERT OR REPLACE INTO journey_facts \(Self.recomputedFacts(of: journeys))",
                            values: arguments)
            }
            // New steps move their journeys' order; other rows leave it.
            if let placing = scope.stepsToPlace(among: journeys) {
                try execute(Self.placedSteps(of: placing), values: placing.contains("?1") ? [.integer(firstNew)] : [])
            }
        }
        let latest = dates.flatMap { table, columns in
            columns.map { "SELECT max(\($0)) AS latest FROM \(table) WHERE id >= ?1" }
        }.joined(separator: " UNION ALL ")
        try execute("""
            UPDATE fact_horizon SET latest = max(latest, coalesce((SELECT max(latest) FROM (\(latest))), '')) WHERE id = 1
            """, [firstNew])
        for trigger in triggers { try execute(trigger.sql) }
        if onServer { try execute("SET LOCAL tracker.bulk_load = 'off'") }
        return result
    }

    /// The facts each step keeps of the live step before it in its journey
    /// (by `at`, then id; migration 0011), for the steps of the journeys
    /// `journeys` selects: its id, `previous_sector_id` and `gap_days`,
    /// null for the first live step and for a voided one.
    static func stepOrderFacts(of journeys: String) -> String {
        """
        SELECT id, lag(sector_id) OVER journey_order AS previous_sector_id,
               julianday(at) - julianday(lag(at) OVER journey_order) AS gap_days
          FROM steps WHERE voided_at IS NULL AND journey_id IN (\(journeys))
        WINDOW journey_order AS (PARTITION BY journey_id ORDER BY at, id)
        UNION ALL
        SELECT id, NULL, NULL FROM steps WHERE voided_at IS NOT NULL AND journey_id IN (\(journeys))
        """
    }

    /// Brings the steps' order facts of the journeys `journeys` selects up
    /// to date, writing only the steps whose facts changed.
    static func placedSteps(of journeys: String) -> String {
        """
        UPDATE steps AS s SET previous_sector_id = w.previous_sector_id, gap_days = w.gap_days
          FROM (\(stepOrderFacts(of: journeys))) AS w
         WHERE s.id = w.id AND (s.previous_sector_id IS NOT w.previous_sector_id OR s.gap_days IS NOT w.gap_days)
        """
    }

    /// The columns of `journey_facts` after its key, in table order.
    static let factColumns = [
        "is_open", "step_count", "last_step_at", "quiet_day", "owner", "closed_day", "open_obstacles", "baselines",
        "followups", "sector_count", "obstacle_count",
    ]

    /// PostgreSQL's INSERT OR REPLACE of a facts row.
    static let replacingFacts = "ON CONFLICT (journey_id) DO UPDATE SET "
        + factColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    /// The dates the horizon covers, by table.
    static let datedColumns: [(table: String, columns: [String])] = [
        ("journeys", ["opened_at", "closed_at"]), ("steps", ["at"]), ("obstacles", ["logged_at"]),
        ("observations", ["observed_at"]),
    ]

    /// A journey `j`'s `is_open` and `closed_day`, which its own row decides.
    private static let isOpenFact = "CASE WHEN j.closed_at IS NULL AND j.voided_at IS NULL THEN 1 ELSE 0 END"
    private static let closedDayFact =
        "CASE WHEN j.closed_at IS NOT NULL AND j.voided_at IS NULL THEN julianday(j.closed_at) END"

    /// The statement that brings the facts up to date after new rows of
    /// `table`, for the journeys `journeys` selects: new steps change a
    /// journey's step count, last step and sectors, new obstacles its count
    /// and open ones, new observations its baselines and follow-ups. Each
    /// journey's rows are read once, through one index. New journeys have
    /// no rows of their own yet (every other row names an existing
    /// journey), so their facts rows are made from the journeys alone, as
    /// the insert trigger makes them. Nil for any other table.
    static func refreshedFacts(from table: String, journeys: String) -> String? {
        let assignment: String
        switch table {
        case "journeys":
            return """
                INSERT INTO journey_facts (journey_id, \(factColumns.joined(separator: ", ")))
                SELECT j.id, \(isOpenFact), 0, NULL, julianday(j.opened_at), j.owner, \(closedDayFact), 0, 0, 0, 0, 0
                  FROM journeys j WHERE j.id IN (\(journeys))
                """
        case "steps":
            assignment = """
                (step_count, last_step_at, quiet_day, sector_count) = (
                    SELECT count(s.id), max(s.at), julianday(coalesce(max(s.at), max(j.opened_at))),
                           count(DISTINCT s.sector_id)
                      FROM journeys j LEFT JOIN steps s ON s.journey_id = j.id AND s.voided_at IS NULL
                     WHERE j.id = f.journey_id)
                """
        case "obstacles":
            assignment = """
                (open_obstacles, obstacle_count) = (
                    SELECT count(*) FILTER (WHERE o.status IN ('open', 'escalated')), count(*)
                      FROM obstacles o WHERE o.journey_id = f.journey_id AND o.voided_at IS NULL)
                """
        case "observations":
            assignment = """
                (baselines, followups) = (
                    SELECT count(*) FILTER (WHERE b.phase = 'baseline'), count(*) FILTER (WHERE b.phase = 'followup')
                      FROM observations b WHERE b.journey_id = f.journey_id AND b.voided_at IS NULL)
                """
        default:
            return nil
        }
        return "UPDATE journey_facts AS f SET \(assignment) WHERE f.journey_id IN (\(journeys))"
    }

    /// The facts of the journeys `journeys` selects (a query of ids, which
    /// may use `?1`), computed from the rows in the columns of
    /// `journey_facts`: what a bulk load writes and `tracker check` compares.
    static func recomputedFacts(of journeys: String) -> String {
        let liveSteps = "FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL"
        let liveObservations = "FROM observations b WHERE b.journey_id = j.id AND b.voided_at IS NULL"
        return """
            SELECT j.id AS journey_id, \(isOpenFact) AS is_open,
                   (SELECT count(*) \(liveSteps)) AS step_count, (SELECT max(s.at) \(liveSteps)) AS last_step_at,
                   julianday(coalesce((SELECT max(s.at) \(liveSteps)), j.opened_at)) AS quiet_day, j.owner,
                   \(closedDayFact) AS closed_day,
                   (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id AND o.voided_at IS NULL
                                                      AND o.status IN ('open', 'escalated')) AS open_obstacles,
                   (SELECT count(*) \(liveObservations) AND b.phase = 'baseline') AS baselines,
                   (SELECT count(*) \(liveObservations) AND b.phase = 'followup') AS followups,
                   (SELECT count(DISTINCT s.sector_id) \(liveSteps)) AS sector_count,
                   (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id AND o.voided_at IS NULL) AS obstacle_count
              FROM journeys j WHERE j.id IN (\(journeys))
            """
    }
}
