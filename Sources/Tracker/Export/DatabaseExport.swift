import Crypto

/// `export --all DIR` and `import DIR`: every row a database holds of its
/// people's work — citizens, journeys, steps, obstacles with their sectors
/// and status history, observations, notes, follow-ups, every correction,
/// and the sectors, categories and measures they name — as one CSV file
/// per table with a `manifest.json` of row counts and SHA-256 checksums.
/// Ids, voids and history travel unchanged, so an import into an empty
/// file gives the same database, and exporting it again gives the same
/// bytes. (The audit log stays with its file: the import is its own
/// audited event.)
public enum DatabaseExport {
    /// A table in export order: parents before the rows that name them.
    struct Table {
        let name: String
        let columns: [String]
        /// Columns of SQLite type ANY, written as JSON values so that their
        /// type (text or number) comes back.
        var typed: Set<String> = []
        /// Seeded at `init`: present in an empty database already.
        var seeded = false
        /// Columns of type INTEGER and REAL: read back by Swift's own exact
        /// parsing, so a number comes back to the last bit.
        var integers: Set<String> = []
        var reals: Set<String> = []

        var file: String { name + ".csv" }
    }

    static let voids = ["voided_at", "voided_by", "void_reason"]

    static let tables: [Table] = [
        Table(name: "sectors", columns: ["id", "name", "level", "kle"], seeded: true),
        Table(name: "obstacle_categories", columns: ["id", "name", "description"], seeded: true),
        Table(name: "measures", columns: ["id", "name", "dimension", "unit", "direction"], seeded: true),
        Table(name: "citizens", columns: ["id", "birth_year", "created_at"], integers: ["birth_year"]),
        Table(name: "journeys", columns: ["id", "ref", "citizen_id", "type", "title", "goal", "owner", "opened_at",
                                          "closed_at", "status", "outcome"] + voids, integers: ["id"]),
        Table(name: "steps", columns: ["id", "journey_id", "sector_id", "kind", "unit", "at", "ended_at", "note"] + voids,
              integers: ["id", "journey_id"]),
        Table(name: "obstacles", columns: ["id", "journey_id", "category_id", "rule_ref", "description", "severity",
                                           "delay_days", "staff_hours", "status", "logged_at", "logged_by", "resolved_at",
                                           "resolution"] + voids,
              integers: ["id", "journey_id", "severity"], reals: ["delay_days", "staff_hours"]),
        Table(name: "obstacle_sectors", columns: ["obstacle_id", "sector_id"], integers: ["obstacle_id"]),
        Table(name: "obstacle_status_history", columns: ["id", "obstacle_id", "status", "at", "actor", "note"],
              integers: ["id", "obstacle_id"]),
        Table(name: "observations", columns: ["id", "journey_id", "measure_id", "phase", "value", "observed_at"] + voids,
              integers: ["id", "journey_id"], reals: ["value"]),
        Table(name: "notes", columns: ["id", "journey_id", "at", "actor", "text"] + voids, integers: ["id", "journey_id"]),
        Table(name: "follow_ups", columns: ["id", "journey_id", "due", "what", "created_at", "created_by", "done_at",
                                            "done_by", "note"], integers: ["id", "journey_id"]),
        Table(name: "changes", columns: ["id", "at", "actor", "entity", "entity_id", "field", "old_value", "new_value",
                                         "reason"], typed: ["old_value", "new_value"], integers: ["id", "entity_id"]),
        Table(name: "rule_challenges", columns: ["id", "rule_ref", "authority", "submitted_at", "request", "case_ref",
                                                 "evidence", "status", "responded_at", "effective_from", "note", "actor"],
              integers: ["id"]),
    ]

    public static let manifestFile = "manifest.json"

    public struct Report: Sendable {
        public let directory: String
        public let files: [(file: String, rows: Int)]
    }

    /// Writes every table to `directory` (created, mode 0700; it must not
    /// hold an export already).
    public static func export(_ store: TrackerStore, to directory: String) throws -> Report {
        if FileSystem.exists(directory + "/" + manifestFile) {
            throw TrackerError.cannotCreate("\(directory) holds an export already",
                                            hint: "choose a new directory for the export")
        }
        try FileSystem.createDirectories(directory)
        return try store.inTransaction(.deferred) {
            var files: [(file: String, rows: Int, sha256: String)] = []
            for table in tables {
                var bytes: [UInt8] = []
                var writer = RowWriter(format: .csv, columns: table.columns) { bytes += Array($0.utf8) }
                let order = table.columns.contains("id") ? "id" : table.columns.joined(separator: ", ")
                let statement = try store.prepare(
                    "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order)")
                var rows = 0
                while try statement.advance() {
                    writer.write(table.columns.indices.map { index in
                        let value = statement.column(Int32(index))
                        return table.typed.contains(table.columns[index]) ? .text(Self.typedText(value)) : OutputValue(value)
                    })
                    rows += 1
                }
                writer.finish()
                try write(bytes, to: directory + "/" + table.file)
                files.append((table.file, rows, Hex.encode(SHA256.hash(data: bytes))))
            }
            let manifest: [(key: String, value: OutputValue)] = [
                ("format", .text("tracker-export")), ("schema", .text(TrackerVersion.schema)),
                ("files", .records(files.map { [("file", .text($0.file)), ("rows", .int($0.rows)), ("sha256", .text($0.sha256))] })),
            ]
            try write(Array((JSONText.object(manifest) + "\n").utf8), to: directory + "/" + manifestFile)
            return Report(directory: directory, files: files.map { ($0.file, $0.rows) })
        }
    }

    /// Reads an export into an empty database: the manifest's schema must be
    /// this binary's and every file must match its checksum; the seeded
    /// tables may only add rows. All in one transaction, audited once.
    public static func importAll(from directory: String, into store: TrackerStore) throws -> Report {
        let manifest = try readManifest(directory)
        for table in ["citizens", "journeys", "steps", "obstacles", "observations", "notes", "follow_ups", "changes", "rule_challenges"] {
            guard try store.value("SELECT count(*) FROM \(table)").integer == 0 else {
                throw TrackerError.badData("the database already holds \(table): an export is read into an empty one",
                                           hint: "create a new database with `tracker init --db NEW` and import into it")
            }
        }
        return try store.inTransaction {
            try store.deferForeignKeys()
            var files: [(file: String, rows: Int)] = []
            for table in tables {
                let rows = try readTable(table, directory: directory, expected: manifest[table.file]!, into: store)
                files.append((table.file, rows))
            }
            if let problem = try store.foreignKeyProblem() {
                throw TrackerError.badData("the export breaks a reference: \(problem)", hint: "export the source again")
            }
            try store.audit(action: "imported", entity: "database", entityID: nil, detail: [
                "directory": .text(directory), "schema": .text(TrackerVersion.schema),
                "rows": .int(files.reduce(0) { $0 + $1.rows }),
            ])
            return Report(directory: directory, files: files)
        }
    }

    /// Whether `path` is a directory holding an export.
    public static func isExport(_ path: String) -> Bool {
        FileSystem.isDirectory(path) && FileSystem.exists(path + "/" + manifestFile)
    }

    // MARK: - Reading

    private static func readManifest(_ directory: String) throws -> [String: (rows: Int, sha256: String)] {
        let path = directory + "/" + manifestFile
        guard FileSystem.exists(path) else {
            throw TrackerError.notFound("\(directory) holds no \(manifestFile)", hint: "give the directory `export --all` wrote")
        }
        let json = try JSONValue(parsing: try ByteReader(path: path).readAll())
        guard case .object(let fields) = json, let format = fields.first(where: { $0.key == "format" })?.value,
              case .string("tracker-export") = format,
              case .string(let schema)? = fields.first(where: { $0.key == "schema" })?.value,
              case .array(let entries)? = fields.first(where: { $0.key == "files" })?.value else {
            throw TrackerError.badData("\(path) is not a tracker export manifest")
        }
        guard schema == TrackerVersion.schema else {
            throw TrackerError(.incompatibleSchema, "the export has schema \(schema); this tracker carries \(TrackerVersion.schema)",
                               hint: "import it with the tracker that made it, upgrade that file, and export again")
        }
        var files: [String: (rows: Int, sha256: String)] = [:]
        for case .object(let entry) in entries {
            guard case .string(let file)? = entry.first(where: { $0.key == "file" })?.value,
                  case .number(let rows)? = entry.first(where: { $0.key == "rows" })?.value, let count = rows.integerValue,
                  case .string(let sha)? = entry.first(where: { $0.key == "sha256" })?.value else {
                throw TrackerError.badData("\(path) has a malformed file entry")
            }
            files[file] = (count, sha)
        }
        for table in tables where files[table.file] == nil {
            throw TrackerError.badData("the manifest lists no \(table.file)", hint: "export the source again")
        }
        return files
    }

    private static func readTable(_ table: Table, directory: String, expected: (rows: Int, sha256: String),
                                  into store: TrackerStore) throws -> Int {
        let path = directory + "/" + table.file
        let bytes = try ByteReader(path: path).readAll()
        guard Hex.encode(SHA256.hash(data: bytes)) == expected.sha256 else {
            throw TrackerError.badData("\(table.file) does not match its checksum in the manifest",
                                       hint: "the export was changed or damaged; export the source again")
        }
        var reader = CSVReader(reader: try ByteReader(path: path))
        guard let header = try reader.next(), header.fields == table.columns else {
            throw TrackerError.badData("\(table.file) does not have the columns \(table.columns.joined(separator: ","))")
        }
        let placeholders = table.columns.map { _ in "?" }.joined(separator: ", ")
        let insert = try store.prepare("""
            INSERT \(table.seeded ? "OR IGNORE " : "")INTO \(table.name) (\(table.columns.joined(separator: ", ")))
            VALUES (\(placeholders))
            """)
        var rows = 0
        while let record = try reader.next() {
            guard record.fields.count == table.columns.count else {
                throw TrackerError.badData("\(table.file) line \(record.line): \(record.fields.count) fields, "
                                           + "\(table.columns.count) columns")
            }
            let values = try zip(table.columns, record.fields).map { column, field in
                try value(field, column: column, of: table, line: record.line)
            }
            try insert.bind(values)
            try insert.run()
            if table.seeded, store.changedRows == 0 {
                // The row is seeded here already: it must be the same row.
                let here = try store.row("SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) WHERE id = ?",
                                         [values[0]])
                guard here?.values == values else {
                    throw TrackerError.badData("\(table.file) line \(record.line): \(values[0]) differs from this database's",
                                               hint: "import into a database made by this tracker's `init`")
                }
            }
            rows += 1
        }
        guard rows == expected.rows else {
            throw TrackerError.badData("\(table.file) holds \(rows) rows; the manifest says \(expected.rows)")
        }
        return rows
    }

    /// A field as the value of its column: empty is NULL; numbers parsed
    /// exactly; ANY columns from their JSON.
    private static func value(_ field: String, column: String, of table: Table, line: Int) throws -> DatabaseValue {
        if table.typed.contains(column) { return try typedValue(field, file: table.file, line: line) }
        if field.isEmpty { return .null }
        if table.integers.contains(column) {
            guard let integer = Int64(field) else { throw TrackerError.badData("\(table.file) line \(line): \(column) is not a whole number") }
            return .integer(integer)
        }
        if table.reals.contains(column) {
            guard let real = Double(field), real.isFinite else {
                throw TrackerError.badData("\(table.file) line \(line): \(column) is not a number")
            }
            return .real(real)
        }
        return .text(field)
    }

    /// A value of an ANY column as JSON (`"text"`, `12`, `12.5`, `null`).
    static func typedText(_ value: DatabaseValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let integer): String(integer)
        case .real(let real): real == real.rounded() && abs(real) < 1e15 ? String(Int64(real)) + ".0" : real.description
        case .text(let text): JSONText.string(text)
        case .blob(let bytes): JSONText.string(Hex.encode(bytes))
        }
    }

    static func typedValue(_ text: String, file: String, line: Int) throws -> DatabaseValue {
        switch try JSONValue(parsing: text) {
        case .null: return .null
        case .string(let string): return .text(string)
        case .number(let number):
            if let integer = number.integerValue { return .integer(Int64(integer)) }
            return .real(number.doubleValue)
        default:
            throw TrackerError.badData("\(file) line \(line): a typed value must be a JSON string, number or null")
        }
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let output = try FileOutput(creating: path, mode: 0o600, exclusive: true)
        output.write(bytes: bytes)
        try output.flush()
    }
}
