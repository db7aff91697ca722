/// `tracker admin roles`: the three roles of a shared deployment, enforced
/// by the server's grants, not by the tool.
/// - `tracker_caseworker`: the commands. Reads and writes the tables, but
///   never rewrites history: no UPDATE or DELETE on `audit_log` and
///   `changes` (their triggers refuse it too).
/// - `tracker_analyst`: the analyses and `tracker sql`. Reads every column
///   except the ones that name or describe a person (refs, citizen
///   references, free text), column by column; writes nothing.
/// - `tracker_admin`: migrations and roles; everything.
///
/// The grants are computed from the schema as it stands, so running the
/// command again after a migration covers the new tables. Membership is
/// the administrator's: `GRANT tracker_caseworker TO kim`.
public enum TrackerRoles {
    public static let caseworker = "tracker_caseworker"
    public static let analyst = "tracker_analyst"
    public static let admin = "tracker_admin"

    /// Columns an analyst never reads: who the citizen is, and what people
    /// wrote (which may say who the citizen is).
    static let personalColumns: Set<String> = [
        "ref", "journey_ref", "citizen_id", "citizen", "title", "goal", "note", "description", "resolution",
        "void_reason", "text", "body", "what", "detail", "before", "after", "old_value", "new_value", "reason",
        "request", "case_ref",
    ]
    /// Tables an analyst does not read at all (beyond the columns the tool
    /// needs to see one state: `audit_log.id`).
    static let personalTables: Set<String> = ["citizens", "notes", "changes"]
    /// Tables no caseworker may change once written.
    static let appendOnlyTables = ["audit_log", "changes"]
}

extension TrackerStore {
    /// The statements that make the roles and their grants, in order.
    public func roleStatements() throws -> [String] {
        guard db.engine == .postgresql else {
            throw TrackerError.usage("roles are PostgreSQL's: a SQLite file has no users",
                                     hint: "point --db at a PostgreSQL database (postgresql://… or a conninfo)")
        }
        var statements: [String] = []
        for role in [TrackerRoles.caseworker, TrackerRoles.analyst, TrackerRoles.admin] {
            statements.append("""
                DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN CREATE ROLE \(role) NOLOGIN; END IF; END $$
                """)
        }
        let schema = try db.value("SELECT current_schema()").text ?? "public"
        let everyone = [TrackerRoles.caseworker, TrackerRoles.analyst, TrackerRoles.admin].joined(separator: ", ")
        statements += [
            "GRANT CONNECT, TEMPORARY ON DATABASE \"\(try db.value("SELECT current_database()").text ?? "")\" TO \(everyone)",
            "GRANT USAGE ON SCHEMA \(schema) TO \(everyone)",
            "GRANT ALL ON ALL TABLES IN SCHEMA \(schema) TO \(TrackerRoles.admin)",
            "GRANT ALL ON ALL SEQUENCES IN SCHEMA \(schema) TO \(TrackerRoles.admin)",
            "GRANT CREATE ON SCHEMA \(schema) TO \(TrackerRoles.admin)",
            "REVOKE ALL ON ALL TABLES IN SCHEMA \(schema) FROM \(TrackerRoles.caseworker), \(TrackerRoles.analyst)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(schema) TO \(TrackerRoles.caseworker)",
            "REVOKE UPDATE, DELETE, TRUNCATE ON \(TrackerRoles.appendOnlyTables.joined(separator: ", ")) FROM \(TrackerRoles.caseworker)",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(schema) TO \(TrackerRoles.caseworker)",
        ]
        // The analyst: column by column, tables and views alike.
        let columns = try db.rows("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = ?
             ORDER BY c.table_name, c.ordinal_position
            """, [schema])
        var readable: [(table: String, columns: [String])] = []
        for row in columns {
            let table = row[0].text ?? "", column = row[1].text ?? ""
            guard !TrackerRoles.personalColumns.contains(column) else { continue }
            if TrackerRoles.personalTables.contains(table) { continue }
            if table == "audit_log" && column != "id" { continue }
            if readable.last?.table == table {
                readable[readable.count - 1].columns.append(column)
            } else {
                readable.append((table, [column]))
            }
        }
        for (table, columns) in readable {
            statements.append("GRANT SELECT (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) ON \(schema).\(table) TO \(TrackerRoles.analyst)")
        }
        return statements
    }

    /// Makes the roles and grants (idempotent); returns the statements run.
    public func createRoles() throws -> [String] {
        let statements = try roleStatements()
        try db.inTransaction(.immediate) {
            for statement in statements { try db.executeScript(statement) }
            try audit(action: "roles", entity: "schema", entityID: nil, detail: ["statements": .int(statements.count)])
        }
        return statements
    }
}
