/// Open journeys that have gone quiet: no step (or, without steps, no
/// opening) for more than a number of days before as-of. These are the rows
/// of `journey list --stalled DAYS`, and the report's list of stalled work.
public struct StalledJourneys: Sendable {
    public struct Row: Sendable, Equatable {
        public let id: Int64
        public let ref: String?
        public let citizen: String
        public let type: String
        public let status: String
        public let owner: String?
        public let openedAt: String
        public let closedAt: String?
        /// The last step on or before as-of; nil without one.
        public let lastStepAt: String?
        /// Days from the last step (or the opening) to as-of, never negative.
        public let silentDays: Double
    }

    /// Narrowing as `journey list` offers it; nil keeps everyone.
    public struct Scope: Sendable, Equatable {
        public var type: String?
        public var sector: String?
        public var owner: String?
        /// Journeys opened on or after `openedFrom` and before
        /// `openedBefore` (dates, `YYYY-MM-DD`), as the report's filter says.
        public var openedFrom: String?
        public var openedBefore: String?

        public init(type: String? = nil, sector: String? = nil, owner: String? = nil,
                    openedFrom: String? = nil, openedBefore: String? = nil) {
            self.type = type
            self.sector = sector
            self.owner = owner
            self.openedFrom = openedFrom
            self.openedBefore = openedBefore
        }
    }

    /// Longest silence first, then id; with a limit, the first of them.
    public let rows: [Row]
    /// How many journeys are stalled in the scope, whether or not the
    /// limit let all of them be read; nil when the limit may have cut the
    /// rows short and they were not asked to be counted (a queue shows its
    /// first rows, and counting the rest would cost a read of them all).
    public let total: Int?
    public let days: Double
    public let asOf: AsOfDate

    public static let columns = [
        "id", "ref", "citizen", "type", "status", "owner", "opened_at", "closed_at", "last_step_at", "silent_days",
    ]

    /// Journeys open at as-of (opened on or before it, not closed by then)
    /// whose last step on or before as-of — or opening, with none — lies
    /// more than `days` days before as-of. Steps after as-of are ignored.
    /// With `limit`, only the longest silences are read, and the rest
    /// are counted when `counted` says so.
    public init(_ store: TrackerStore, days: Double, asOf: AsOfDate, scope: Scope = Scope(), limit: Int? = nil,
                counted: Bool = false) throws {
        self = try store.reading {
            try StalledJourneys($0, days: days, asOf: asOf, scope: scope, limit: limit, counted: counted)
        }
    }

    init(_ db: ReadSession, days: Double, asOf: AsOfDate, scope: Scope = Scope(), limit: Int? = nil,
         counted: Bool = false) throws {
        guard days >= 0, days.isFinite else {
            throw TrackerError.badData("--stalled \(days) is not a number of days", hint: "give a number such as 30")
        }
        // `+j.opened_at` keeps SQLite from walking the opened_at index: as of
        // today nearly every journey qualifies, and a plain scan of the table
        // is several times faster than an index walk with a lookup per row.
        var conditions = ["+j.opened_at <= ?1", "(j.closed_at IS NULL OR j.closed_at > ?1)", "j.voided_at IS NULL"]
        var arguments: [any DatabaseValueConvertible] = [asOf.inclusiveBound, asOf.text, days]
        /// Binds `value` and adds the condition `test` makes of its placeholder.
        func require(_ value: String?, _ test: (String) -> String) {
            guard let value else { return }
            arguments.append(value)
            conditions.append(test("?\(arguments.count)"))
        }
        require(scope.type) { "j.type = \($0)" }
        require(scope.owner) { "j.owner = \($0)" }
        if let sector = scope.sector { try Catalog.requireSector(sector, db) }
        require(scope.sector) { SQLFragments.hasStep(inSector: $0) }
        require(scope.openedFrom) { "j.opened_at >= \($0)" }
        require(scope.openedBefore) { "j.opened_at < \($0)" }
        // The rows are the columns below over `source`, ordered; the count
        // reads `countSource`, which needs no column of a journey unless a
        // condition names one.
        let columns: String, source: String, countSource: String, order: String
        if try Self.factsHold(asOf: asOf, db) {
            // Every date in the file lies on or before as-of, so the facts
            // kept at write time are the facts as of then: the open journeys
            // in the order they went quiet, read from their index. The range
            // on quiet_day only narrows; the silence is tested as below.
            conditions.removeFirst(3)
            // One caseworker's queue reads their part of the index.
            if scope.owner != nil, let index = conditions.firstIndex(where: { $0.hasPrefix("j.owner = ") }) {
                conditions[index] = "f." + conditions[index].dropFirst(2)
            }
            columns = """
                j.id, j.ref, j.citizen_id, j.type, j.status, j.owner, j.opened_at, j.closed_at, f.last_step_at,
                max(0, julianday(?2) - f.quiet_day) AS silent_days
                """
            let quiet = """
                 WHERE f.is_open = 1 AND f.quiet_day < julianday(?2) - ?3 + 1e-6
                   AND max(0, julianday(?2) - f.quiet_day) > ?3
                """
            source = "journey_facts f JOIN journeys j ON j.id = f.journey_id" + quiet
                + conditions.map { " AND " + $0 }.joined()
            countSource = conditions.isEmpty ? "journey_facts f" + quiet : source
            order = "f.quiet_day, f.journey_id"
        } else {
            columns = """
                id, ref, citizen_id, type, status, owner, opened_at, closed_at, last_step_at,
                \(SQLFragments.silentDays) AS silent_days
                """
            source = """
                (SELECT j.*, \(SQLFragments.lastStepAt)
                   FROM journeys j
                  WHERE \(conditions.joined(separator: " AND ")))
                 WHERE \(SQLFragments.silentDays) > ?3
                """
            countSource = source
            order = "silent_days DESC, id"
        }
        let sql = "SELECT \(columns) FROM \(source) ORDER BY \(order)" + (limit.map { " LIMIT \($0)" } ?? "")
        rows = try db.rows(sql, arguments).map { row in
            Row(id: row[0].integer ?? 0, ref: row[1].text, citizen: row[2].text ?? "", type: row[3].text ?? "",
                status: row[4].text ?? "", owner: row[5].text, openedAt: row[6].text ?? "", closedAt: row[7].text,
                lastStepAt: row[8].text, silentDays: row[9].real ?? 0)
        }
        // Counted apart only when asked and the limit may have cut the rows short.
        if let limit, rows.count >= limit {
            guard counted else {
                total = nil
                self.days = days
                self.asOf = asOf
                return
            }
            // ?2 and ?3 may go unused in the count: bound anyway, as every argument is.
            total = Int(try db.rows("SELECT count(*) FROM \(countSource)", arguments).first?[0].integer ?? 0)
        } else {
            total = rows.count
        }
        self.days = days
        self.asOf = asOf
    }

    /// Whether the facts kept at write time answer for `asOf`: nothing in
    /// the file is dated after it. Tests turn the facts off to compare.
    static func factsHold(asOf: AsOfDate, _ db: ReadSession) throws -> Bool {
        guard !db.ignoresKeptFacts else { return false }
        let latest = try db.rows("SELECT latest FROM fact_horizon WHERE id = 1").first?[0].text
        return latest.map { $0 <= asOf.inclusiveBound } ?? false
    }

    public var table: ResultTable {
        var table = ResultTable(columns: Self.columns)
        for row in rows {
            table.append([
                .integer(row.id), .optional(row.ref), .text(row.citizen), .text(row.type), .text(row.status),
                .optional(row.owner), .text(row.openedAt), .optional(row.closedAt), .optional(row.lastStepAt),
                .real(row.silentDays),
            ])
        }
        return table
    }
}
