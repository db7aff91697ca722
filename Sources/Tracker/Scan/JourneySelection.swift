/// The journeys one analysis looks at, loaded once in a single query, with
/// what every analysis needs to know of each. Analyses refer to a journey by
/// its position in the selection (`0..<count`); the per-journey facts that
/// take more reading (steps, sectors, obstacles) come from the extensions in
/// `JourneySelection+Facts.swift`.
struct JourneySelection {
    let ids: [Int64]
    /// The attributes below are empty in a selection read `.idsOnly`
    /// (indexing them then traps).
    let types: [String]
    /// The outcome; `open` for a journey not (yet) closed, `unknown` for one
    /// closed without an outcome.
    let outcomes: [String]
    /// `julianday(opened_at)`.
    let openedDays: [Double]
    /// `julianday(closed_at)`, NaN while open.
    let closedDays: [Double]
    private let lookup: IDLookup

    static let openOutcome = "open"
    static let unknownOutcome = "unknown"

    var count: Int { ids.count }
    var indices: Range<Int> { 0..<ids.count }

    /// What a selection reads of each journey: its type, outcome and dates
    /// too, or its id alone (what the obstacle, rule and handoff analyses
    /// need: a read of the index's first column, a fraction of the time).
    enum Reading: Sendable {
        case attributes, idsOnly
    }

    /// Loads the journeys `filter` keeps. With `asOf`, journeys opened after
    /// it are left out, and a close after it counts as still open. A large
    /// file is read in two halves of ids at once.
    init(_ db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate? = nil, reading: Reading = .attributes) throws {
        let condition = filter.condition(alias: "j")
        let columns = reading == .idsOnly ? "j.id" : "j.id, j.type, j.outcome, j.opened_at, j.closed_at"
        var sql = """
            SELECT \(columns)
              FROM journeys j
             WHERE j.voided_at IS NULL AND \(condition.sql)
            """
        var arguments = condition.arguments
        if let asOf {
            sql += " AND j.opened_at <= ?"
            arguments.append(.text(asOf.inclusiveBound))
        }
        let query = sql, bound = asOf.map { Array($0.inclusiveBound.utf8) }, given = arguments
        let parts = try db.inHalves(splitAt: try db.middleID(of: "journeys")) { db, range in
            let part = range.condition("j.id")
            return try Part(db, sql: query + part.sql + " ORDER BY j.id", arguments: given + part.arguments, bound: bound,
                            reading: reading)
        }
        self.ids = parts.flatMap(\.ids)
        self.types = parts.flatMap(\.types)
        self.outcomes = parts.flatMap(\.outcomes)
        self.openedDays = parts.flatMap(\.opened)
        self.closedDays = parts.flatMap(\.closed)
        self.lookup = IDLookup(ids)
    }

    /// The journeys of one range of ids, in id order.
    private struct Part: Sendable {
        var ids: [Int64] = [], types: [String] = [], outcomes: [String] = []
        var opened: [Double] = [], closed: [Double] = []

        /// `bound`: the bytes of the inclusive `asOf` bound, when given.
        init(_ db: ReadSession, sql: String, arguments: [DatabaseValue], bound: [UInt8]?, reading: Reading) throws {
            let statement = try db.cachedStatement(sql)
            try statement.bind(values: arguments)
            if reading == .idsOnly {
                while try statement.advance() { ids.append(statement.int64(0)) }
                return
            }
            // Few distinct types and outcomes: one string each, shared by the rows.
            var typeNames = ColumnReader(), outcomeNames = ColumnReader()
            // Stored dates are ASCII: comparing bytes orders them as strings do.
            while try statement.advance() {
                ids.append(statement.int64(0))
                let type = typeNames.number(statement, 1)
                types.append(typeNames.names[type])
                opened.append(try JourneySelection.julianDay(statement, 3, db))
                let closedBeforeAsOf = !statement.isNull(4) && bound.map { ColumnReader.compare(statement, 4, $0) <= 0 } ?? true
                if closedBeforeAsOf {
                    closed.append(try JourneySelection.julianDay(statement, 4, db))
                    if statement.isNull(2) {
                        outcomes.append(JourneySelection.unknownOutcome)
                    } else {
                        let outcome = outcomeNames.number(statement, 2)
                        outcomes.append(outcomeNames.names[outcome])
                    }
                } else {
                    closed.append(.nan)
                    outcomes.append(JourneySelection.openOutcome)
                }
            }
        }
    }

    /// `julianday` of the date in column `index`, parsed in place when stored
    /// in one of the usual forms (no call into SQL per row), else by SQLite.
    fileprivate static func julianDay(_ statement: Statement, _ index: Int32, _ db: ReadSession) throws -> Double {
        if let day = ColumnReader.julianDay(statement, index) { return day }
        let fallback = try db.cachedStatement("SELECT julianday(?)")
        try fallback.bind([statement.text(index)])
        _ = try fallback.advance()
        let day = fallback.double(0)
        fallback.reset()
        return day
    }

    /// The position of a journey id in the selection; nil when not selected.
    func index(of id: Int64) -> Int? { lookup.index(of: id) }

    func isClosed(_ index: Int) -> Bool { !closedDays[index].isNaN }
}

/// Maps journey ids to positions. Ids are usually dense (1, 2, 3, ...), so a
/// flat table beats hashing for the million lookups of a large analysis.
private struct IDLookup {
    private let base: Int64
    private let table: [Int32]
    private let dictionary: [Int64: Int]

    init(_ ids: [Int64]) {
        guard let first = ids.first, let last = ids.last, last - first < Int64(4 * ids.count + 1024) else {
            base = 0
            table = []
            dictionary = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
            return
        }
        var table = [Int32](repeating: -1, count: Int(last - first) + 1)
        for (index, id) in ids.enumerated() { table[Int(id - first)] = Int32(index) }
        self.base = first
        self.table = table
        self.dictionary = [:]
    }

    func index(of id: Int64) -> Int? {
        if table.isEmpty { return dictionary[id] }
        let offset = id - base
        guard offset >= 0, offset < Int64(table.count) else { return nil }
        let index = table[Int(offset)]
        return index < 0 ? nil : Int(index)
    }
}
