/// The audit trail: who changed or viewed what, and when.
public struct AuditListing: Sendable {
    public var entity: String?
    public var entityID: String?
    public var actor: String?
    public var action: String?
    /// The most recent N entries (still printed oldest first).
    public var limit: Int?

    public init(entity: String? = nil, entityID: String? = nil, actor: String? = nil, action: String? = nil, limit: Int? = nil) {
        self.entity = entity
        self.entityID = entityID
        self.actor = actor
        self.action = action
        self.limit = limit
    }

    public static let columns = ["id", "at", "actor", "action", "entity", "entity_id", "detail"]

    public func run(in store: TrackerStore) throws -> ResultTable {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        for (column, value) in [("entity", entity), ("entity_id", entityID), ("actor", actor), ("action", action)] {
            if let value {
                conditions.append("\(column) = ?")
                arguments.append(value)
            }
        }
        if let limit, limit < 1 { throw FieldError(field: "limit", "must be 1 or more") }
        var sql = "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit { sql += " LIMIT \(limit)" }
        var table = ResultTable(columns: Self.columns)
        for row in try store.db.rows(sql, arguments).reversed() {
            var values = row.values.map(OutputValue.init)
            if let detail = row[6].text { values[6] = .json(detail) }
            table.append(values)
        }
        return table
    }
}
