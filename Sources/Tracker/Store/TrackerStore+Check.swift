extension TrackerStore {
    /// One thing `tracker check` found wrong.
    public struct CheckFinding: Sendable, Equatable {
        public let check: String
        public let table: String?
        public let rowID: Int64?
        public let detail: String
    }

    /// SQLite's integrity and foreign-key checks, then the rules of the
    /// domain that constraints cannot express. Empty when all is well.
    public func check() throws -> [CheckFinding] {
        var findings: [CheckFinding] = []
        // A server checks its pages and enforces every foreign key itself.
        let onServer = db.engine == .postgresql
        for problem in onServer ? [] : try db.integrityProblems() {
            findings.append(CheckFinding(check: "integrity", table: nil, rowID: nil, detail: problem))
        }
        for violation in onServer ? [] : try db.foreignKeyViolations() {
            findings.append(CheckFinding(check: "foreign_key", table: violation.table, rowID: violation.rowID,
                                         detail: "refers to a missing row of \(violation.parent)"))
        }
        for row in try db.rows("""
            SELECT id FROM obstacles o WHERE NOT EXISTS (SELECT 1 FROM obstacle_sectors s WHERE s.obstacle_id = o.id) ORDER BY id
            """) {
            findings.append(CheckFinding(check: "obstacle_sectors", table: "obstacles", rowID: row[0].integer,
                                         detail: "the obstacle names no sector"))
        }
        for row in try db.rows("""
            SELECT id, status, last FROM (
                SELECT o.id, o.status, (SELECT h.status FROM obstacle_status_history h WHERE h.obstacle_id = o.id
                                        ORDER BY h.at DESC, h.id DESC LIMIT 1) AS last
                FROM obstacles o)
            WHERE last IS NULL OR last <> status ORDER BY id
            """) {
            let detail = row[2].isNull
                ? "the obstacle has no status history"
                : "the obstacle is \(row[1].text ?? "?") but its history ends in \(row[2].text ?? "?")"
            findings.append(CheckFinding(check: "obstacle_history", table: "obstacles", rowID: row[0].integer, detail: detail))
        }
        for table in ["audit_log", "changes"] {
            let triggers = try db.value(onServer
                ? "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN (?, ?)"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", ["\(table)_refuses_update", "\(table)_refuses_delete"]).integer ?? 0
            if triggers != 2 {
                findings.append(CheckFinding(check: table, table: table, rowID: nil,
                                             detail: "the triggers that keep \(table) append-only are missing"))
            }
        }
        findings += try voidFindings()
        findings += try factFindings()
        return findings
    }

    /// The facts kept at write time, recomputed from the rows: a journey
    /// whose facts differ (or are missing), and a horizon behind a date.
    private func factFindings() throws -> [CheckFinding] {
        var findings: [CheckFinding] = []
        // Each column of the kept facts against the same column recomputed.
        let columns = Self.factColumns
        for row in try db.rows("""
            SELECT r.journey_id, f.journey_id IS NULL, \(columns.map { "f.\($0) IS NOT r.\($0)" }.joined(separator: ", "))
              FROM (\(Self.recomputedFacts(of: "SELECT id FROM journeys"))) r LEFT JOIN journey_facts f ON f.journey_id = r.journey_id
             WHERE f.journey_id IS NULL OR \(columns.map { "f.\($0) IS NOT r.\($0)" }.joined(separator: " OR "))
             ORDER BY r.journey_id
            """) {
            let wrong = row[1] == .integer(1) ? "are missing"
                : "differ in " + zip(columns, row.values.dropFirst(2)).filter { $0.1 == .integer(1) }.map(\.0)
                    .joined(separator: ", ")
            findings.append(CheckFinding(check: "journey_facts", table: "journeys", rowID: row[0].integer,
                                         detail: "the journey's kept facts \(wrong) (rebuild them from a backup or the rows)"))
        }
        for row in try db.rows("SELECT journey_id FROM journey_facts WHERE journey_id NOT IN (SELECT id FROM journeys) ORDER BY 1") {
            findings.append(CheckFinding(check: "journey_facts", table: "journey_facts", rowID: row[0].integer,
                                         detail: "facts of a journey that does not exist"))
        }
        for row in try db.rows("""
            SELECT s.id, s.previous_sector_id IS NOT w.previous_sector_id, s.gap_days IS NOT w.gap_days
              FROM steps s JOIN (\(Self.stepOrderFacts(of: "SELECT id FROM journeys"))) w ON w.id = s.id
             WHERE s.previous_sector_id IS NOT w.previous_sector_id OR s.gap_days IS NOT w.gap_days
             ORDER BY s.id
            """) {
            let wrong = zip(["previous_sector_id", "gap_days"], row.values.dropFirst()).filter { $0.1 == .integer(1) }
                .map(\.0).joined(separator: ", ")
            findings.append(CheckFinding(check: "journey_facts", table: "steps", rowID: row[0].integer,
                                         detail: "the step's kept place in its journey differs in \(wrong) (rebuild it from a backup or the rows)"))
        }
        let behind = try db.value("""
            SELECT (SELECT latest FROM fact_horizon WHERE id = 1) < max(latest) FROM (
                SELECT max(opened_at) AS latest FROM journeys UNION ALL SELECT max(closed_at) FROM journeys
                UNION ALL SELECT max(at) FROM steps WHERE voided_at IS NULL
                UNION ALL SELECT max(logged_at) FROM obstacles WHERE voided_at IS NULL
                UNION ALL SELECT max(observed_at) FROM observations WHERE voided_at IS NULL)
            """)
        if behind != .integer(0), behind != .null {
            findings.append(CheckFinding(check: "journey_facts", table: "fact_horizon", rowID: 1,
                                         detail: "the latest date written lies after the horizon the queues trust"))
        }
        return findings
    }

    /// A voided row names who voided it and why, and its history holds the
    /// void; a live row has none of the three.
    private func voidFindings() throws -> [CheckFinding] {
        var findings: [CheckFinding] = []
        // changes.new_value is json on PostgreSQL: its text is what SQLite holds.
        let newValue = db.engine == .postgresql ? "(c.new_value #>> '{}')" : "c.new_value"
        for entity in CorrectableEntity.allCases {
            for row in try db.rows("""
                SELECT id, voided_at IS NULL, voided_by IS NULL, void_reason IS NULL,
                       voided_at IS NULL OR EXISTS (SELECT 1 FROM changes c WHERE c.entity = ? AND c.entity_id = t.id
                                                    AND c.field = 'voided_at' AND \(newValue) = t.voided_at)
                  FROM \(entity.table) t
                 WHERE NOT ((voided_at IS NULL) = (voided_by IS NULL) AND (voided_at IS NULL) = (void_reason IS NULL))
                    OR (voided_at IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM changes c WHERE c.entity = ? AND c.entity_id = t.id
                           AND c.field = 'voided_at' AND \(newValue) = t.voided_at))
                 ORDER BY id
                """, [entity.rawValue, entity.rawValue]) {
                let detail = row[4] == .integer(0)
                    ? "the \(entity.noun) is voided but its history holds no such void"
                    : "the \(entity.noun)'s voided_at, voided_by and void_reason disagree"
                findings.append(CheckFinding(check: "void", table: entity.table, rowID: row[0].integer, detail: detail))
            }
        }
        return findings
    }
}
