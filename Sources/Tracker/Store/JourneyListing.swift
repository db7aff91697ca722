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
    /// Voided journeys too, with a `voided` column.
    public var includeVoided: Bool
    /// Only this citizen's journeys (a reference or pseudonym).
    public var citizen: String?
    /// A case-insensitive piece of the ref, title, goal or a note.
    public var search: String?
    /// Only journeys with an open follow-up due by as-of.
    public var due = false

    public init(status: JourneyStatus? = nil, type: String? = nil, sector: String? = nil, owner: String? = nil,
                stalledDays: Double? = nil, asOf: String? = nil, limit: Int? = nil, includeVoided: Bool = false,
                citizen: String? = nil, search: String? = nil, due: Bool = false) {
        self.includeVoided = includeVoided
        self.citizen = citizen
        self.search = search
        self.due = due
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
    /// after it are left out. `--stalled` is the work queue of
    /// `StalledJourneys`, which the report shares.
    public func run(in store: TrackerStore) throws -> ResultTable {
        let asOf = try AsOfDate(asOf)
        if let sector { try store.requireSector(sector) }
        if let limit, limit < 1 { throw FieldError(field: "limit", "must be 1 or more") }
        if stalledDays != nil, citizen != nil || search != nil || due {
            throw TrackerError.usage("--stalled goes with --status, --type, --sector and --owner only",
                                     hint: "list the citizen's or the searched journeys without --stalled")
        }
        if let stalledDays {
            // The status filter reads the current status, so it applies after
            // the query; without it the limit goes into the query.
            var table = try StalledJourneys(ReadSession(store.db), days: stalledDays, asOf: asOf,
                                            scope: .init(type: type, sector: sector, owner: owner),
                                            limit: status == nil ? limit : nil).table
            if let status { table.rows = table.rows.filter { $0[4] == .text(status.rawValue) } }
            if let limit { table.rows = Array(table.rows.prefix(limit)) }
            return table
        }
        var conditions = ["j.opened_at <= ?1"]
        var arguments: [any DatabaseValueConvertible] = [asOf.inclusiveBound, asOf.text]
        func bind(_ value: any DatabaseValueConvertible) -> String {
            arguments.append(value)
            return "?\(arguments.count)"
        }
        if let status { conditions.append("j.status = \(bind(status.rawValue))") }
        if let type { conditions.append("j.type = \(bind(type))") }
        if let owner { conditions.append("j.owner = \(bind(owner))") }
        if let sector { conditions.append(SQLFragments.hasStep(inSector: bind(sector))) }
        if !includeVoided { conditions.append("j.voided_at IS NULL") }
        if let citizen { conditions.append("j.citizen_id = \(bind(citizen))") }
        if let search {
            try store.db.addFoldFunction()
            let needle = bind(try Validate.requiredText(search, field: "search").lowercased())
            conditions.append("""
                (instr(fold(coalesce(j.ref, '') || ' ' || coalesce(j.title, '') || ' ' || coalesce(j.goal, '')), \(needle)) > 0
                 OR EXISTS (SELECT 1 FROM notes n WHERE n.journey_id = j.id AND n.voided_at IS NULL
                               AND instr(fold(n.text), \(needle)) > 0))
                """)
        }
        if due {
            conditions.append("EXISTS (SELECT 1 FROM follow_ups f WHERE f.journey_id = j.id AND f.done_at IS NULL AND f.due <= ?1)")
        }
        // Silence as `StalledJourneys` measures it, for the journeys open at as-of.
        var sql = """
            SELECT id, ref, citizen_id, type, status, owner, opened_at, closed_at, last_step_at,
                   CASE WHEN closed_at IS NULL OR closed_at > ?1
                        THEN \(SQLFragments.silentDays) END AS silent_days\(includeVoided ? ", voided_at IS NOT NULL" : "")
            FROM (
                SELECT j.*, \(SQLFragments.lastStepAt)
                FROM journeys j
                WHERE \(conditions.joined(separator: " AND "))
            )
            ORDER BY id
            """
        if let limit { sql += " LIMIT \(bind(limit))" }
        var table = ResultTable(columns: Self.columns + (includeVoided ? ["voided"] : []))
        for row in try store.db.rows(sql, arguments) {
            var values = row.values.map(OutputValue.init)
            if includeVoided { values[values.count - 1] = .bool(row.values.last == .integer(1)) }
            table.append(values)
        }
        return table
    }
}
