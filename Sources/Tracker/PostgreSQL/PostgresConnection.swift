import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a PostgreSQL server through libpq, which is opened at
/// run time: a binary that never meets a PostgreSQL `--db` never needs it.
///
/// Synchronous, like the SQLite side: one command, one connection, one
/// statement at a time. Values travel as text, parameters as `$1…$n`, and
/// the server infers their types from the statement.
final class PostgresConnection {
    private let api: UnsafePointer<TrackerPQ>
    let handle: OpaquePointer
    /// The conninfo as given, with any password left out, for messages.
    let displayName: String

    init(conninfo: String) throws {
        api = try Self.library()
        guard let connection = api.pointee.connectdb(conninfo) else {
            throw PostgresError(state: nil, message: "libpq could not allocate a connection")
        }
        guard api.pointee.status(connection) == CONNECTION_OK else {
            let message = Self.trimmed(api.pointee.errorMessage(connection))
            api.pointee.finish(connection)
            throw PostgresError(state: "08001", message: message, connecting: true)
        }
        handle = connection
        displayName = PostgresLocation.displayName(of: conninfo)
        // Notices (an index that exists already, say) are not the user's business.
        _ = api.pointee.setNoticeProcessor(connection, tracker_pq_ignore_notice, nil)
        // Dates and numbers in one form whatever the server's settings.
        try execute("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET TimeZone = 'UTC'")
    }

    deinit { api.pointee.finish(handle) }

    /// libpq, opened once per process.
    static func library() throws -> UnsafePointer<TrackerPQ> {
        var buffer = [CChar](repeating: 0, count: 512)
        guard let api = tracker_pq_load(&buffer, buffer.count) else {
            let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw PostgresError.missingLibrary(reason)
        }
        return api
    }

    /// The role the server knows this session as: the actor of its changes.
    var user: String { api.pointee.user(handle).map { String(cString: $0) } ?? "" }
    var databaseName: String { api.pointee.db(handle).map { String(cString: $0) } ?? "" }
    var serverVersion: Int { Int(api.pointee.serverVersion(handle)) }
    var isInsideTransaction: Bool { api.pointee.transactionStatus(handle) != PQTRANS_IDLE }

    /// Runs one or more statements without parameters, discarding rows.
    func execute(_ sql: String) throws {
        _ = try result(api.pointee.exec(handle, sql), sql: sql)
    }

    /// Runs one statement with parameters and returns all its rows.
    @discardableResult
    func query(_ sql: String, _ values: [DatabaseValue] = [], types: [UInt32]? = nil) throws -> PostgresResult {
        let raw = withParameterPointers(values) { pointers in
            api.pointee.execParams(handle, sql, Int32(values.count), types, pointers, nil, nil, 0)
        }
        return try result(raw, sql: sql)
    }

    /// Prepares `sql` under `name` for `run(prepared:)`.
    func prepare(_ name: String, _ sql: String, types: [UInt32]? = nil) throws {
        _ = try result(api.pointee.prepare(handle, name, sql, Int32(types?.count ?? 0), types), sql: sql)
    }

    func run(prepared name: String, sql: String, _ values: [DatabaseValue]) throws -> PostgresResult {
        let raw = withParameterPointers(values) { pointers in
            api.pointee.execPrepared(handle, name, Int32(values.count), pointers, nil, nil, 0)
        }
        return try result(raw, sql: sql)
    }

    /// Streams `rows` (already in COPY's text format, one line each) into
    /// the table of a `COPY … FROM STDIN` statement.
    func copy(_ statement: String, lines: some Sequence<String>) throws {
        let started = api.pointee.exec(handle, statement)
        guard api.pointee.resultStatus(started) == PGRES_COPY_IN else {
            _ = try result(started, sql: statement)
            throw PostgresError(state: nil, message: "the server did not start a COPY for: \(statement)")
        }
        api.pointee.clear(started)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func flush() throws {
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { api.pointee.putCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            guard sent == 1 else { throw connectionError(sql: statement) }
            buffer.removeAll(keepingCapacity: true)
        }
        for line in lines {
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 16 { try flush() }
        }
        if !buffer.isEmpty { try flush() }
        guard api.pointee.putCopyEnd(handle, nil) == 1 else { throw connectionError(sql: statement) }
        // The COPY's own outcome, then the end of the command.
        while let next = api.pointee.getResult(handle) {
            _ = try result(next, sql: statement)
        }
    }

    /// Runs `body` with each value as a C string (nil for NULL) that lives
    /// until it returns.
    private func withParameterPointers<T>(_ values: [DatabaseValue], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies: [UnsafeMutablePointer<CChar>?] = values.map { value in Self.parameterText(value).map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// A value as PostgreSQL's text input reads it.
    static func parameterText(_ value: DatabaseValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let integer): String(integer)
        case .real(let real): real.isFinite ? "\(real)" : (real.isNaN ? "NaN" : (real > 0 ? "Infinity" : "-Infinity"))
        case .text(let text): text
        case .blob(let bytes): "\\x" + String(bytes.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] })
        }
    }

    private func result(_ raw: OpaquePointer?, sql: String) throws -> PostgresResult {
        guard let raw else { throw connectionError(sql: sql) }
        switch api.pointee.resultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return PostgresResult(api: api, handle: raw)
        default:
            let state = api.pointee.resultErrorField(raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = api.pointee.resultErrorField(raw, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let detail = api.pointee.resultErrorField(raw, Int32(UInt8(ascii: "D"))).map { String(cString: $0) }
            let constraint = api.pointee.resultErrorField(raw, Int32(UInt8(ascii: "n"))).map { String(cString: $0) }
            let message = primary ?? Self.trimmed(api.pointee.resultErrorMessage(raw))
            api.pointee.clear(raw)
            throw PostgresError(state: state, message: message, detail: detail, constraint: constraint, sql: sql)
        }
    }

    private func connectionError(sql: String?) -> PostgresError {
        PostgresError(state: "08006", message: Self.trimmed(api.pointee.errorMessage(handle)), sql: sql)
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        var text = String(cString: message)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}

/// The rows of one statement, held by libpq until released.
final class PostgresResult {
    private let api: UnsafePointer<TrackerPQ>
    private let handle: OpaquePointer
    let rowCount: Int
    let columnCount: Int

    fileprivate init(api: UnsafePointer<TrackerPQ>, handle: OpaquePointer) {
        self.api = api
        self.handle = handle
        rowCount = Int(api.pointee.ntuples(handle))
        columnCount = Int(api.pointee.nfields(handle))
    }

    deinit { api.pointee.clear(handle) }

    var columnNames: [String] {
        (0..<Int32(columnCount)).map { api.pointee.fname(handle, $0).map { String(cString: $0) } ?? "" }
    }

    /// The type OID of a column (20 bigint, 23 integer, 701 double, 25 text…).
    func type(ofColumn column: Int) -> UInt32 { api.pointee.ftype(handle, Int32(column)) }

    /// Rows the statement changed (INSERT, UPDATE, DELETE), 0 otherwise.
    var changedRows: Int {
        api.pointee.cmdTuples(handle).map { Int(String(cString: $0)) ?? 0 } ?? 0
    }

    func isNull(_ row: Int, _ column: Int) -> Bool { api.pointee.getisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The text of a value, valid while this result lives; empty for NULL.
    func bytes(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer {
        guard let pointer = api.pointee.getvalue(handle, Int32(row), Int32(column)) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: Int(api.pointee.getlength(handle, Int32(row), Int32(column))))
    }

    func text(_ row: Int, _ column: Int) -> String {
        String(decoding: bytes(row, column), as: UTF8.self)
    }
}

/// An error the server or libpq reported, with its SQLSTATE.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The SQLSTATE (`23505` unique violation, `40001` serialization
    /// failure, `42501` insufficient privilege…); nil when libpq had none.
    public let state: String?
    public let message: String
    public let detail: String?
    public let constraint: String?
    public let sql: String?
    /// The connection itself could not be made.
    public let connecting: Bool
    /// libpq could not be loaded.
    public let missingLibrary: Bool

    init(state: String?, message: String, detail: String? = nil, constraint: String? = nil, sql: String? = nil,
         connecting: Bool = false, missingLibrary: Bool = false) {
        self.state = state
        self.message = message
        self.detail = detail
        self.constraint = constraint
        self.sql = sql
        self.connecting = connecting
        self.missingLibrary = missingLibrary
    }

    static func missingLibrary(_ reason: String) -> PostgresError {
        PostgresError(state: nil, message: "libpq, the PostgreSQL client library, cannot be loaded (\(reason))",
                      missingLibrary: true)
    }

    public var isSerializationFailure: Bool { state == "40001" || state == "40P01" }
    public var isConstraint: Bool { state?.hasPrefix("23") ?? false }
    public var isPrivilege: Bool { state == "42501" }
    public var isReadOnly: Bool { state == "25006" }

    public var description: String {
        var text = "PostgreSQL error \(state ?? "-"): \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}

extension PostgresError: UserFacingError {
    public var kind: FailureKind {
        if missingLibrary || connecting { return .ioError }
        if isSerializationFailure { return .busy }
        if isConstraint || isPrivilege || isReadOnly || state?.hasPrefix("22") == true { return .badData }
        return .ioError
    }

    public var hint: String? {
        if missingLibrary { return "install it: apt-get install libpq5" }
        if connecting { return "check the conninfo given with --db or $TRACKER_DB, the server, and your credentials" }
        if isPrivilege { return "your role lacks the grant; `tracker admin roles` shows which role may do what" }
        if isSerializationFailure { return "try again in a moment" }
        return nil
    }
}
