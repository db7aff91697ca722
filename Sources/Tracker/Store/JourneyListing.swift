/// The caseworker's list of journeys, and the work queue of stalled ones.
public struct JourneyListing: Sendable {
    public var status: JourneyStatus?
    public var type: String?
    public var sector: String?
    public var owner: String?
    /// Only journeys open at as-of whose last step (or opening, with no
    /// step) lies more than this many days before it; longest silence first.
    public var stalledDays: Double?
    /// The day the silence is measured to; defaults to today (UTC).
    public var asOf: String?
    public var limit: Int?

    public init(status: JourneyStatus? = nil, type: String? = nil, sector: String? = nil, owner: String? = nil,
                stalledDays: Double? = nil, asOf: String? = nil, limit: Int? = nil) {
        self.status = status
        self.type = type
        self.sector = sector
        self.owner = owner
        self.stalledDays = stalledDays
        self.asOf = asOf
        self.limit = limit
    }

    public static let columns = ["id", "ref", "citizen", "type", "status", "owner", "opened_at", "closed_at",
                                 "last_step_at", "silent_days"]

    /// Runs the listing. Steps after as-of are ignored; journeys opened
    /// after it are left out.
    public func run(in store: TrackerStore) throws -> ResultTable {
        let asOfDay = try String(Validate.optionalDate(asOf, field: "as_of")?.prefix(10) ?? Substring(Timestamp.today()))
        // The whole as-of day counts, whatever time of day a step was logged.
        let asOfEnd = asOfDay + "T23:59:59Z"
        if let sector { try store.requireSector(sector) }
        if let stalledDays, !(stalledDays >= 0 && stalledDays.isFinite) {
            throw FieldError(field: "stalled", "must be a number of days, zero or more")
        }
        if let limit, limit < 1 { throw FieldError(field: "limit", "must be 1 or more") }

        var conditions = ["j.opened_at <= ?1"]
        var arguments: [any DatabaseValueConvertible] = [asOfEnd, asOfDay]
        func bind(_ value: any DatabaseValueConvertible) -> String {
            arguments.append(value)
            return "?\(arguments.count)"
        }
        if let status { conditions.append("j.status = \(bind(status.rawValue))") }
        if let type { conditions.append("j.type = \(bind(type))") }
        if let owner { conditions.append("j.owner = \(bind(owner))") }
        if let sector {
            conditions.append("EXISTS (SELECT 1 FROM steps s WHERE s.journey_id = j.id AND s.sector_id = \(bind(sector)))")
        }
        if stalledDays != nil {
            conditions.append("(j.closed_at IS NULL OR j.closed_at > ?1)")
        }
        var sql = """
            SELECT id, ref, citizen_id, type, status, owner, opened_at, closed_at, last_step_at,
                   CASE WHEN closed_at IS NULL OR closed_at > ?1
                        THEN julianday(?2) - julianday(substr(coalesce(last_step_at, opened_at), 1, 10)) END AS silent_days
            FROM (
                SELECT j.*, (SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id AND s.at <= ?1) AS last_step_at
                FROM journeys j
                WHERE \(conditions.joined(separator: " AND "))
            )
            """
        if let stalledDays {
            sql += " WHERE silent_days > \(bind(stalledDays)) ORDER BY silent_days DESC, id"
        } else {
            sql += " ORDER BY id"
        }
        if let limit { sql += " LIMIT \(bind(limit))" }
        var table = ResultTable(columns: Self.columns)
        let statement = try store.db.prepare(sql)
        try statement.bind(arguments)
        while let row = try statement.step() {
            var values = row.values.map(OutputValue.init)
            if case .real(let days) = values[9] { values[9] = .integer(Int64(days)) }
            table.append(values)
        }
        return table
    }
}
