/// Something that runs queries on one connection of the store's: the store
/// itself, or a read session. One set of query calls for both.
protocol QuerySource {
    var db: Database { get }
}

extension QuerySource {
    func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
        try db.rows(sql, arguments)
    }

    func row(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
        try db.row(sql, arguments)
    }

    func value(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> DatabaseValue {
        try db.value(sql, arguments)
    }
}
