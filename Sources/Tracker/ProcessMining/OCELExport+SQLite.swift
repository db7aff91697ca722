/// OCEL 2.0 SQLite: the tables of the specification (`event`, `object`,
/// `event_object`, `object_object`, `event_map_type`, `object_map_type`,
/// and one `event_<Type>` / `object_<Type>` table per type) with explicit
/// primary and foreign keys, filled in one transaction.
final class OCELSQLiteSink: OCELSink {
    private let db: Database
    private var objectTypes: [String: OCELType] = [:]
    private var eventTypes: [String: OCELType] = [:]
    private var insertTypedObject: [String: Statement] = [:]
    private var insertTypedEvent: [String: Statement] = [:]
    private var insertObject: Statement?
    private var insertEvent: Statement?
    private var insertEventObject: Statement?
    private var insertObjectObject: Statement?

    init(path: String) throws {
        // References are checked once at the end (`finish`), not per row.
        db = try Database(path: path, mode: .readWrite, configuration: .scratch)
    }

    private static func sqlType(_ type: OCELType.AttributeType) -> String {
        switch type {
        case .string: "TEXT"
        case .integer: "INTEGER"
        case .float: "REAL"
        case .time: "TIMESTAMP"
        }
    }

    /// Attribute names are fixed identifiers of this exporter, never user text.
    private static func columns(_ type: OCELType) -> String {
        type.attributes.map { ", \"\($0.name)\" \(sqlType($0.type))" }.joined()
    }

    func begin(objectTypes: [OCELType], eventTypes: [OCELType]) throws {
        for type in objectTypes { self.objectTypes[type.name] = type }
        for type in eventTypes { self.eventTypes[type.name] = type }
        try db.execute("BEGIN IMMEDIATE")
        try db.execute("""
            CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT NOT NULL UNIQUE);
            CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT NOT NULL UNIQUE);
            CREATE TABLE event (
                ocel_id   TEXT PRIMARY KEY,
                ocel_type TEXT NOT NULL REFERENCES event_map_type (ocel_type)
            ) WITHOUT ROWID;
            CREATE TABLE object (
                ocel_id   TEXT PRIMARY KEY,
                ocel_type TEXT NOT NULL REFERENCES object_map_type (ocel_type)
            ) WITHOUT ROWID;
            CREATE TABLE event_object (
                ocel_event_id  TEXT NOT NULL REFERENCES event (ocel_id),
                ocel_object_id TEXT NOT NULL REFERENCES object (ocel_id),
                ocel_qualifier TEXT NOT NULL,
                PRIMARY KEY (ocel_event_id, ocel_object_id, ocel_qualifier)
            ) WITHOUT ROWID;
            CREATE TABLE object_object (
                ocel_source_id TEXT NOT NULL REFERENCES object (ocel_id),
                ocel_target_id TEXT NOT NULL REFERENCES object (ocel_id),
                ocel_qualifier TEXT NOT NULL,
                PRIMARY KEY (ocel_source_id, ocel_target_id, ocel_qualifier)
            ) WITHOUT ROWID;
            """)
        for type in eventTypes {
            try db.execute("INSERT INTO event_map_type (ocel_type, ocel_type_map) VALUES (?, ?)", [type.name, type.tableSuffix])
            try db.execute("""
                CREATE TABLE "event_\(type.tableSuffix)" (
                    ocel_id TEXT PRIMARY KEY REFERENCES event (ocel_id),
                    ocel_time TIMESTAMP NOT NULL\(Self.columns(type))
                ) WITHOUT ROWID
                """)
        }
        for type in objectTypes {
            try db.execute("INSERT INTO object_map_type (ocel_type, ocel_type_map) VALUES (?, ?)", [type.name, type.tableSuffix])
            try db.execute("""
                CREATE TABLE "object_\(type.tableSuffix)" (
                    ocel_id TEXT NOT NULL REFERENCES object (ocel_id),
                    ocel_time TIMESTAMP NOT NULL,
                    ocel_changed_field TEXT\(Self.columns(type))
                )
                """)
            try db.execute("CREATE INDEX \"object_\(type.tableSuffix)_id\" ON \"object_\(type.tableSuffix)\" (ocel_id)")
            insertTypedObject[type.name] = try db.prepare(
                insertSQL(table: "object_" + type.tableSuffix, leading: ["ocel_id", "ocel_time", "ocel_changed_field"], type: type))
        }
        for type in eventTypes {
            insertTypedEvent[type.name] = try db.prepare(
                insertSQL(table: "event_" + type.tableSuffix, leading: ["ocel_id", "ocel_time"], type: type))
        }
        insertObject = try db.prepare("INSERT INTO object (ocel_id, ocel_type) VALUES (?, ?)")
        insertEvent = try db.prepare("INSERT INTO event (ocel_id, ocel_type) VALUES (?, ?)")
        insertEventObject = try db.prepare(
            "INSERT OR IGNORE INTO event_object (ocel_event_id, ocel_object_id, ocel_qualifier) VALUES (?, ?, ?)")
        insertObjectObject = try db.prepare(
            "INSERT OR IGNORE INTO object_object (ocel_source_id, ocel_target_id, ocel_qualifier) VALUES (?, ?, ?)")
    }

    private func insertSQL(table: String, leading: [String], type: OCELType) -> String {
        let names = leading + type.attributes.map { "\"\($0.name)\"" }
        return "INSERT INTO \"\(table)\" (\(names.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
    }

    private func databaseValue(_ value: OutputValue, type: OCELType.AttributeType) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let integer): .integer(integer)
        case .real(let real): .real(real)
        case .text(let text): .text(type == .time ? OCELExport.sqliteTime(text) : text)
        default: .text(value.plainText)
        }
    }

    private static func run(_ statement: Statement, _ values: [DatabaseValue]) throws {
        for (offset, value) in values.enumerated() { try statement.bind(value, at: Int32(offset + 1)) }
        try statement.run()
    }

    func object(_ object: OCELObject) throws {
        let type = objectTypes[object.type]!
        try Self.run(insertObject!, [.text(object.id), .text(object.type)])
        var values: [DatabaseValue] = [.text(object.id), .text(OCELExport.sqliteTime(OCELExport.epoch)), .null]
        for (index, attribute) in type.attributes.enumerated() {
            values.append(databaseValue(object.attributes[index], type: attribute.type))
        }
        try Self.run(insertTypedObject[type.name]!, values)
        for relationship in object.relationships {
            try Self.run(insertObjectObject!, [.text(object.id), .text(relationship.objectID), .text(relationship.qualifier)])
        }
    }

    func beginEvents() throws {}

    func event(_ event: OCELEvent) throws {
        let type = eventTypes[event.type]!
        try Self.run(insertEvent!, [.text(event.id), .text(event.type)])
        var values: [DatabaseValue] = [.text(event.id), .text(OCELExport.sqliteTime(event.time))]
        for (index, attribute) in type.attributes.enumerated() {
            values.append(databaseValue(event.attributes[index], type: attribute.type))
        }
        try Self.run(insertTypedEvent[type.name]!, values)
        for relationship in event.relationships {
            try Self.run(insertEventObject!, [.text(event.id), .text(relationship.objectID), .text(relationship.qualifier)])
        }
    }

    func finish() throws {
        let problems = try db.foreignKeyViolations()
        guard problems.isEmpty else {
            throw TrackerError.io("the OCEL SQLite file failed its own foreign-key check (\(problems.count) rows)")
        }
        try db.execute("COMMIT")
    }
}

extension OCELExport {
    /// Times in the SQLite form: `2026-03-01 09:30:00`, UTC, as pandas and
    /// SQLite's own date functions read them.
    static func sqliteTime(_ stored: String) -> String {
        let iso = time(stored)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8))
    }
}
