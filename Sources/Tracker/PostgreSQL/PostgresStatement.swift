/// The PostgreSQL side of a `Statement`: the SQL in PostgreSQL's words,
/// the values bound, and the rows of the last run, read one at a time.
/// A kept statement is prepared on the server at its first run; a
/// one-off one goes with its parameters in a single round trip.
final class PostgresStatement {
    private unowned let database: Database
    let translation: PostgresDialect.Translation
    private let persistent: Bool
    /// The server's name for the statement and the parameter types it was
    /// prepared with; values of other types prepare it again.
    private var prepared: (name: String, types: [UInt32])?
    private var values: [DatabaseValue]
    private var result: PostgresResult?
    private var row = -1
    private var types: [UInt32] = []

    /// `verbatim` keeps the SQL as written: PostgreSQL's own (`tracker sql`).
    init(database: Database, sql: String, persistent: Bool, verbatim: Bool = false) throws {
        self.database = database
        translation = verbatim ? PostgresDialect.Translation(sql: sql, parameterCount: 0) : PostgresDialect.translate(sql)
        self.persistent = persistent
        values = Array(repeating: .null, count: translation.parameterCount)
    }

    var parameterCount: Int { translation.parameterCount }
    var columnNames: [String] { result?.columnNames ?? [] }

    func reset() {
        result = nil
        row = -1
    }

    func bind(_ values: [DatabaseValue]) {
        reset()
        self.values = values
    }

    func bind(_ value: DatabaseValue, at index: Int) {
        reset()
        if index >= 1 && index <= values.count { values[index - 1] = value }
    }

    func advance() throws -> Bool {
        if result == nil { try fetch() }
        row += 1
        return row < result!.rowCount
    }

    /// Runs the statement, so that its columns are known, without reading a row.
    func fetch() throws {
        guard let postgres = database.postgres else { return }
        do {
            let fetched: PostgresResult
            let parameterTypes = translation.declaredTypes(for: values)
            if persistent {
                if prepared?.types != parameterTypes {
                    let name = database.nextPreparedName()
                    try postgres.prepare(name, translation.sql, types: parameterTypes)
                    prepared = (name, parameterTypes)
                }
                fetched = try postgres.run(prepared: prepared!.name, sql: translation.sql, values)
            } else {
                fetched = try postgres.query(translation.sql, values, types: parameterTypes)
            }
            result = fetched
            database.postgresChanges = fetched.changedRows
            types = (0..<fetched.columnCount).map { fetched.type(ofColumn: $0) }
            row = -1
        }
    }

    func isNull(_ column: Int) -> Bool { result!.isNull(row, column) }

    func bytes(_ column: Int) -> UnsafeRawBufferPointer { result!.bytes(row, column) }

    func int64(_ column: Int) -> Int64 {
        guard !isNull(column) else { return 0 }
        let text = result!.text(row, column)
        if types[column] == PostgresType.boolean { return text == "t" ? 1 : 0 }
        return Int64(text) ?? Double(text).map { Int64(exactly: $0.rounded(.towardZero)) ?? 0 } ?? 0
    }

    func double(_ column: Int) -> Double {
        guard !isNull(column) else { return 0 }
        let text = result!.text(row, column)
        if types[column] == PostgresType.boolean { return text == "t" ? 1 : 0 }
        return Double(text) ?? 0
    }

    /// The value as SQLite would have given it: integers, reals, text, blobs.
    func column(_ column: Int) -> DatabaseValue {
        guard !isNull(column) else { return .null }
        let text = result!.text(row, column)
        switch types[column] {
        case PostgresType.boolean: return .integer(text == "t" ? 1 : 0)
        case PostgresType.smallint, PostgresType.integer, PostgresType.bigint, PostgresType.oid:
            return .integer(Int64(text) ?? 0)
        case PostgresType.real, PostgresType.double:
            return .real(Double(text) ?? .nan)
        case PostgresType.numeric:
            // A sum of integers is numeric on PostgreSQL, an integer on SQLite.
            if let integer = Int64(text) { return .integer(integer) }
            return .real(Double(text) ?? .nan)
        case PostgresType.bytea:
            return .blob(PostgresType.bytes(ofHex: text))
        case PostgresType.json:
            return PostgresType.value(ofJSON: text)
        default:
            return .text(text)
        }
    }
}

/// The type OIDs of PostgreSQL's catalog that change how a value is read.
enum PostgresType {
    static let boolean: UInt32 = 16
    static let bytea: UInt32 = 17
    static let bigint: UInt32 = 20
    static let smallint: UInt32 = 21
    static let integer: UInt32 = 23
    static let oid: UInt32 = 26
    static let real: UInt32 = 700
    static let double: UInt32 = 701
    static let numeric: UInt32 = 1700
    static let json: UInt32 = 114

    /// A column that SQLite types per value (`changes.old_value`) is json
    /// on PostgreSQL, holding one string or number: this is the value
    /// SQLite would have stored. `jsonText(of:)` is the way in.
    static func value(ofJSON text: String) -> DatabaseValue {
        guard let parsed = try? JSONValue(parsing: text) else { return .text(text) }
        switch parsed {
        case .string(let string): return .text(string)
        case .number:
            if !text.contains("."), !text.contains("e"), !text.contains("E"), let integer = Int64(text) { return .integer(integer) }
            return .real(Double(text) ?? .nan)
        default: return .text(text)
        }
    }

    /// The json text that `value(ofJSON:)` reads back as `value`; a real
    /// keeps a point, so that it comes back a real.
    static func jsonText(of value: DatabaseValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let integer): return .text(String(integer))
        case .real(let real):
            guard real.isFinite else { return .null }
            let text = NumberText.shortest(real)
            return .text(text.contains(".") || text.contains("e") ? text : text + ".0")
        case .text(let text): return .text(JSONText.string(text))
        case .blob: return .null
        }
    }

    /// `\x0a1b…` as bytes.
    static func bytes(ofHex text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        func value(_ digit: UInt8) -> UInt8 {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x61...0x66: digit - 0x61 + 10
            case 0x41...0x46: digit - 0x41 + 10
            default: 0
            }
        }
        return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }
}
