/// Obstacles filtered by status, category, sector, rule or journey.
public struct ObstacleListing: Sendable {
    public var status: ObstacleStatus?
    public var category: String?
    public var sector: String?
    public var rule: String?
    public var journey: String?
    public var limit: Int?
    /// Voided obstacles (and those of voided journeys) too, with a `voided` column.
    public var includeVoided: Bool

    public init(status: ObstacleStatus? = nil, category: String? = nil, sector: String? = nil, rule: String? = nil,
                journey: String? = nil, limit: Int? = nil, includeVoided: Bool = false) {
        self.includeVoided = includeVoided
        self.status = status
        self.category = category
        self.sector = sector
        self.rule = rule
        self.journey = journey
        self.limit = limit
    }

    public static let columns = ["id", "journey_id", "journey_ref", "category", "sectors", "rule_ref", "severity",
                                 "delay_days", "staff_hours", "status", "logged_at", "resolved_at", "description"]

    static let select = """
        SELECT o.id, o.journey_id, j.ref, o.category_id,
               \(SQLFragments.obstacleSectors(of: "o")),
               o.rule_ref, o.severity, o.delay_days, o.staff_hours, o.status, o.logged_at, o.resolved_at, o.description,
               o.logged_by, o.resolution, o.voided_at IS NOT NULL OR j.voided_at IS NOT NULL
        FROM obstacles o JOIN journeys j ON j.id = o.journey_id
        """

    public func run(in store: TrackerStore) throws -> ResultTable {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let status {
            conditions.append("o.status = ?")
            arguments.append(status.rawValue)
        }
        if let category {
            try store.requireCategory(category)
            conditions.append("o.category_id = ?")
            arguments.append(category)
        }
        if let sector {
            try store.requireSector(sector)
            conditions.append("EXISTS (SELECT 1 FROM obstacle_sectors s WHERE s.obstacle_id = o.id AND s.sector_id = ?)")
            arguments.append(sector)
        }
        if let rule {
            conditions.append("o.rule_ref = ?")
            arguments.append(rule)
        }
        if let journey {
            conditions.append("o.journey_id = ?")
            arguments.append(try store.journey(journey).id)
        }
        if !includeVoided { conditions.append("o.voided_at IS NULL AND j.voided_at IS NULL") }
        if let limit, limit < 1 { throw FieldError(field: "limit", "must be 1 or more") }
        var sql = Self.select
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY o.id"
        if let limit { sql += " LIMIT \(limit)" }
        var table = ResultTable(columns: Self.columns + (includeVoided ? ["voided"] : []))
        for row in try store.db.rows(sql, arguments) {
            table.append(Self.values(row) + (includeVoided ? [.bool(row[15] == .integer(1))] : []))
        }
        return table
    }

    static func values(_ row: Row) -> [OutputValue] {
        var values = (0..<13).map { OutputValue(row[$0]) }
        values[4] = .list((row[4].text ?? "").split(separator: ";").map(String.init))
        return values
    }
}

/// One obstacle in full: its fields, its status history, and the time it
/// spent in each status (reopenings included).
public struct ObstacleDetail: Sendable {
    public struct Change: Sendable, Equatable {
        public let status: ObstacleStatus
        public let at: String
        public let actor: String?
        public let note: String?
        /// Time in this status: to the next change, or to as-of.
        public let days: Double
    }

    public let values: [OutputValue]
    public let loggedBy: String?
    public let resolution: String?
    public let history: [Change]
    /// The obstacle's corrections, oldest first (`TrackerStore.historyColumns`).
    public let changes: ResultTable
    public let voided: Bool

    public func days(in status: ObstacleStatus) -> Double {
        history.filter { $0.status == status }.reduce(0) { $0 + $1.days }
    }

    public var reopenings: Int {
        zip(history, history.dropFirst()).filter { !$0.0.status.isUnresolved && $0.1.status == .open }.count
    }

    public var table: ResultTable {
        let records = history.map { change -> [(key: String, value: OutputValue)] in
            [("status", .text(change.status.rawValue)), ("at", .text(change.at)), ("actor", .optional(change.actor)),
             ("note", .optional(change.note)), ("days", .real(change.days))]
        }
        return ResultTable(
            columns: ObstacleListing.columns + ["logged_by", "resolution", "days_open", "days_escalated", "days_resolved",
                                                "days_accepted", "reopened", "history", "voided", "changes"],
            rows: [values + [.optional(loggedBy), .optional(resolution), .real(days(in: .open)), .real(days(in: .escalated)),
                             .real(days(in: .resolved)), .real(days(in: .accepted)), .int(reopenings), .records(records),
                             .bool(voided), .records(changes.records)]])
    }
}

extension TrackerStore {
    public func obstacle(_ id: Int64, asOf: String? = nil) throws -> ObstacleDetail {
        let asOf = try Validate.optionalDate(asOf, field: "as_of") ?? Timestamp.now()
        guard let row = try db.row(ObstacleListing.select + " WHERE o.id = ?", [id]) else {
            throw FieldError(field: "obstacle", "no obstacle with id \(id)", code: .notFound,
                             hint: "`tracker obstacle list` shows the obstacles")
        }
        let rows = try db.rows("SELECT status, at, actor, note FROM obstacle_status_history WHERE obstacle_id = ? ORDER BY at, id", [id])
        var history: [ObstacleDetail.Change] = []
        for (index, change) in rows.enumerated() {
            let at = change[1].text ?? ""
            let end = index + 1 < rows.count ? rows[index + 1][1].text ?? at : asOf
            history.append(.init(status: ObstacleStatus(rawValue: change[0].text ?? "") ?? .open, at: at,
                                 actor: change[2].text, note: change[3].text,
                                 days: max(0, (Timestamp.days(end) ?? 0) - (Timestamp.days(at) ?? 0))))
        }
        return ObstacleDetail(values: ObstacleListing.values(row), loggedBy: row[13].text, resolution: row[14].text,
                              history: history, changes: try changes(of: .obstacle, id: id), voided: row[15] == .integer(1))
    }
}
