/// Writes journeys, steps, obstacles or observations as CSV, JSON or NDJSON,
/// one row at a time. The plain export has the import's columns, so it can
/// be imported into another database; the anonymized one is for analysts.
public struct Exporter {
    /// What `--anonymize` keeps: no refs, owners, citizens or free text;
    /// internal ids (so rows still join); dates as `YYYY-MM`; journey types
    /// with fewer than `minimumCell` journeys left out with all their rows;
    /// a rule reference only when at least `minimumCell` journeys share it.
    public struct Anonymization: Sendable {
        public var minimumCell: Int
        public init(minimumCell: Int = 5) { self.minimumCell = minimumCell }
    }

    public struct Report: Sendable {
        public let rows: Int
        /// Journey types left out for having fewer than the minimum cell.
        public let suppressedGroups: Int
        public let suppressedJourneys: Int
    }

    private let store: TrackerStore

    public init(store: TrackerStore) {
        self.store = store
    }

    /// Writes every row of `kind` to `output` in `format` (a terminal table
    /// makes no export: `table` is written as CSV).
    /// Voided rows, and every row of a voided journey, are left out; with
    /// `includeVoided` they come too, with a `voided` column (an anonymized
    /// export never has them).
    public func export(_ kind: ExchangeKind, format: OutputFormat, anonymization: Anonymization? = nil,
                       includeVoided: Bool = false, dialect: RowWriter.CSVDialect = .standard,
                       to output: FileOutput) throws -> Report {
        let format = format == .table ? .csv : format
        return try store.inTransaction(.deferred) {
            let (columns, sql) = anonymization == nil
                ? Self.plainQuery(kind, includeVoided: includeVoided) : Self.anonymizedQuery(kind)
            let statement = try store.prepare(sql)
            let arguments: [any DatabaseValueConvertible] = anonymization.map { [$0.minimumCell] } ?? []
            try statement.bind(arguments)
            let listColumn = columns.firstIndex(of: "sectors")
            let voidedColumn = columns.firstIndex(of: "voided")
            var writer = RowWriter(format: format, columns: columns, dialect: dialect) { output.write($0) }
            var rows = 0
            var values = [OutputValue](repeating: .null, count: columns.count)
            while try statement.advance() {
                for index in columns.indices {
                    values[index] = OutputValue(statement.column(Int32(index)))
                }
                if let voidedColumn, case .integer(let flag) = values[voidedColumn] { values[voidedColumn] = .bool(flag != 0) }
                if let listColumn, case .text(let joined) = values[listColumn] {
                    values[listColumn] = .list(joined.split(separator: ";").map(String.init))
                }
                writer.write(values)
                rows += 1
            }
            writer.finish()
            try output.flush()
            var suppressedGroups = 0, suppressedJourneys = 0
            if let anonymization {
                let row = try store.row("""
                    SELECT count(*), coalesce(sum(n), 0) FROM (
                        SELECT count(*) AS n FROM journeys WHERE voided_at IS NULL GROUP BY type HAVING n < ?)
                    """, [anonymization.minimumCell])
                suppressedGroups = Int(row?[0].integer ?? 0)
                suppressedJourneys = Int(row?[1].integer ?? 0)
            }
            return Report(rows: rows, suppressedGroups: suppressedGroups, suppressedJourneys: suppressedJourneys)
        }
    }

    /// A journey is named by its ref, else by its id (as the command line
    /// resolves it).
    private static let journeyName = "coalesce(j.ref, CAST(j.id AS TEXT))"

    private static let obstacleSectors = SQLFragments.obstacleSectors(of: "o")

    /// A row of `alias` counts when neither it nor its journey is voided.
    private static func live(_ alias: String) -> String {
        alias == "j" ? "j.voided_at IS NULL" : "\(alias).voided_at IS NULL AND j.voided_at IS NULL"
    }

    static func plainQuery(_ kind: ExchangeKind, includeVoided: Bool = false) -> (columns: [String], sql: String) {
        let (alias, select, from) = switch kind {
        case .journeys:
            ("j", "j.ref, j.citizen_id, j.type, j.title, j.goal, j.owner, j.opened_at, j.closed_at, j.outcome", "journeys j")
        case .steps:
            ("s", "\(journeyName), s.sector_id, s.kind, s.unit, s.at, s.ended_at, s.note",
             "steps s JOIN journeys j ON j.id = s.journey_id")
        case .obstacles:
            ("o", """
                \(journeyName), o.category_id, \(obstacleSectors), o.rule_ref, o.severity, o.delay_days,
                       o.staff_hours, o.description, o.logged_at, o.status, o.resolved_at, o.resolution
                """, "obstacles o JOIN journeys j ON j.id = o.journey_id")
        case .observations:
            ("b", "\(journeyName), b.measure_id, b.phase, b.value, b.observed_at",
             "observations b JOIN journeys j ON j.id = b.journey_id")
        }
        if includeVoided {
            return (kind.columns + ["voided"],
                    "SELECT \(select), NOT (\(live(alias))) FROM \(from) ORDER BY \(alias).id")
        }
        return (kind.columns, "SELECT \(select) FROM \(from) WHERE \(live(alias)) ORDER BY \(alias).id")
    }

    /// Journeys of a type with fewer than ?1 journeys are left out.
    private static let keptJourney = """
        j.voided_at IS NULL AND j.type NOT IN (
            SELECT type FROM journeys WHERE voided_at IS NULL GROUP BY type HAVING count(*) < ?1)
        """

    static func anonymizedQuery(_ kind: ExchangeKind) -> (columns: [String], sql: String) {
        switch kind {
        case .journeys:
            return (["id", "type", "opened_at", "closed_at", "status", "outcome"], """
                SELECT j.id, j.type, substr(j.opened_at, 1, 7), substr(j.closed_at, 1, 7), j.status, j.outcome
                FROM journeys j WHERE \(keptJourney) ORDER BY j.id
                """)
        case .steps:
            return (["id", "journey_id", "sector", "kind", "at", "ended_at"], """
                SELECT s.id, s.journey_id, s.sector_id, s.kind, substr(s.at, 1, 7), substr(s.ended_at, 1, 7)
                FROM steps s JOIN journeys j ON j.id = s.journey_id WHERE s.voided_at IS NULL AND \(keptJourney) ORDER BY s.id
                """)
        case .obstacles:
            return (["id", "journey_id", "category", "sectors", "rule_ref", "severity", "delay_days", "staff_hours",
                     "logged_at", "status", "resolved_at"], """
                SELECT o.id, o.journey_id, o.category_id, \(obstacleSectors),
                       CASE WHEN o.rule_ref IN (SELECT rule_ref FROM obstacles WHERE rule_ref IS NOT NULL AND voided_at IS NULL
                                                GROUP BY rule_ref HAVING count(DISTINCT journey_id) >= ?1)
                            THEN o.rule_ref END,
                       o.severity, o.delay_days, o.staff_hours, substr(o.logged_at, 1, 7), o.status, substr(o.resolved_at, 1, 7)
                FROM obstacles o JOIN journeys j ON j.id = o.journey_id WHERE o.voided_at IS NULL AND \(keptJourney) ORDER BY o.id
                """)
        case .observations:
            return (["id", "journey_id", "measure", "phase", "value", "observed_at"], """
                SELECT b.id, b.journey_id, b.measure_id, b.phase, b.value, substr(b.observed_at, 1, 7)
                FROM observations b JOIN journeys j ON j.id = b.journey_id WHERE b.voided_at IS NULL AND \(keptJourney) ORDER BY b.id
                """)
        }
    }
}
