/// Where an import keeps its checked rows until it writes them: temporary
/// tables of its connection. SQLite keeps them in its temporary file, so
/// memory stays flat however long the file, and other connections neither
/// see nor wait for them. Writing is then a few `INSERT … SELECT`s in one
/// short transaction.
///
/// Each row has its place in the file (`seq`, from 0) and gets the id
/// `first + seq`, so ids follow the file as before and an obstacle's
/// sectors and status history find their obstacle without a lookup.
///
/// On PostgreSQL a row per statement would be a round trip per row: the
/// checked rows wait in memory in COPY's text form and go to the server in
/// batches (`flush`), and the refs and journeys already staged are known
/// here rather than asked of the server.
final class ImportStaging {
    let kind: ExchangeKind
    private let stageSQL: String
    private var copyRows: [String] = []
    private var copySectors: [String] = []
    private var copyJourneys: [String] = []
    private var notedJourneys: Set<Int64> = []
    private var stagedRefs: Set<String> = []
    /// Steps: the step staged last (its journey, stored date, julianday and
    /// sector), after which the next step of the same journey takes its
    /// place; and the journeys whose steps the file does not give together
    /// and by date, which the write places from the rows instead.
    private var lastStep: (journey: Int64, at: String, day: Double?, sector: String)?
    private var unorderedJourneys: Set<Int64> = []
    /// Rows kept in memory before a batch goes to the server.
    static let copyBatch = 20_000

    init(kind: ExchangeKind) {
        self.kind = kind
        stageSQL = "INSERT INTO temp.import_rows VALUES (" + Array(repeating: "?", count: Self.columns(of: kind).count + 2)
            .joined(separator: ", ") + ")"
    }

    /// The table the rows go to.
    var table: String { kind.rawValue }

    /// The columns of `table` an import fills, in the order rows are staged.
    var columns: [String] { Self.columns(of: kind) }

    private static func columns(of kind: ExchangeKind) -> [String] {
        switch kind {
        case .journeys: ["ref", "citizen_id", "type", "title", "goal", "owner", "opened_at", "closed_at", "status", "outcome"]
        // A step's place in its journey last: `stage` adds it.
        case .steps: ["journey_id", "sector_id", "kind", "unit", "at", "ended_at", "note", "previous_sector_id", "gap_days"]
        case .obstacles:
            ["journey_id", "category_id", "rule_ref", "description", "severity", "delay_days", "staff_hours", "status",
             "logged_at", "logged_by", "resolved_at", "resolution"]
        case .observations: ["journey_id", "measure_id", "phase", "value", "observed_at"]
        }
    }

    /// The date of a row that its journey bounds (the column and the field
    /// of the file are named alike), and whether a close bounds it too. A
    /// journey changed by someone else while the file was checked has its
    /// rows checked on these again before they are written.
    var journeyBound: (column: String, refusedAfterClose: Bool)? {
        switch kind {
        case .journeys: nil
        case .steps: ("at", true)
        case .obstacles: ("logged_at", true)
        case .observations: ("observed_at", false)
        }
    }

    /// A query of the ids of the existing journeys the staged rows belong
    /// to; nil for journeys, which are all new.
    var journeysTouched: String? {
        kind == .journeys ? nil : "SELECT id FROM temp.import_journeys"
    }

    /// Steps: a query of the touched journeys whose steps may be out of
    /// place after the write (`?1` the first new id): those the file gave
    /// apart or out of date order, and those that had live steps already.
    /// The others' steps were placed as they were staged.
    var stepsToPlace: String? {
        guard kind == .steps else { return nil }
        return """
            SELECT j.id FROM temp.import_journeys j
             WHERE j.id IN (SELECT id FROM temp.import_unordered)
                OR EXISTS (SELECT 1 FROM main.steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL AND s.id < ?1)
            """
    }

    /// Makes empty staging tables on `store`'s connection.
    func create(on store: TrackerStore) throws {
        try drop(on: store)
        if store.engine == .postgresql {
            // Typed as the columns they go to.
            try store.execute("CREATE TEMP TABLE import_rows AS SELECT CAST(0 AS bigint) AS seq, CAST(0 AS bigint) AS line, "
                              + columns.joined(separator: ", ") + " FROM \(table) WITH NO DATA")
            try store.execute("ALTER TABLE import_rows ADD PRIMARY KEY (seq)")
        } else {
            try store.execute("CREATE TEMP TABLE import_rows (seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, "
                              + columns.joined(separator: ", ") + ")")
        }
        switch kind {
        case .journeys:
            try store.execute("CREATE UNIQUE INDEX temp.import_rows_ref ON import_rows (ref)")
        case .steps, .obstacles, .observations:
            // The state of each journey the rows were checked against.
            try store.execute("CREATE TEMP TABLE import_journeys (id INTEGER PRIMARY KEY, opened_at TEXT, closed_at TEXT, voided_at TEXT)")
        }
        if kind == .obstacles {
            try store.execute("CREATE TEMP TABLE import_sectors (seq INTEGER NOT NULL, sector_id TEXT NOT NULL)")
        }
        if kind == .steps {
            try store.execute("CREATE TEMP TABLE import_unordered (id \(store.engine == .postgresql ? "bigint" : "INTEGER") NOT NULL)")
        }
    }

    func drop(on store: TrackerStore) throws {
        for name in ["import_rows", "import_journeys", "import_sectors", "import_unordered"] {
            try store.execute("DROP TABLE IF EXISTS temp.\(name)")
        }
    }

    /// Keeps one checked row (a step with its place in its journey).
    func stage(seq: Int, line: Int, _ checked: [DatabaseValue], sectors: [String] = [], on store: TrackerStore) throws {
        let values = kind == .steps ? checked + place(checked) : checked
        if store.engine == .postgresql {
            copyRows.append(Self.copyLine([.integer(Int64(seq)), .integer(Int64(line))] + values))
            for sector in sectors { copySectors.append(Self.copyLine([.integer(Int64(seq)), .text(sector)])) }
            if kind == .journeys, case .text(let ref) = values[0] { stagedRefs.insert(ref) }
            if copyRows.count >= Self.copyBatch { try flush(on: store) }
            return
        }
        try store.execute(stageSQL, values: [.integer(Int64(seq)), .integer(Int64(line))] + values)
        for sector in sectors {
            try store.execute("INSERT INTO temp.import_sectors VALUES (?, ?)", values: [.integer(Int64(seq)), .text(sector)])
        }
    }

    /// A checked step's place after the step staged before it, when that
    /// one is of the same journey and not later: its sector and the days
    /// since, as `julianday` counts them. Null for the first step of a
    /// journey; a step that comes before the one staged before it leaves
    /// its journey to be placed from the rows.
    private func place(_ step: [DatabaseValue]) -> [DatabaseValue] {
        guard case .integer(let journey) = step[0], case .text(let sector) = step[1], case .text(var at) = step[4] else {
            return [.null, .null]
        }
        let day = at.withUTF8 { Timestamp.julianDay(UnsafeRawBufferPointer($0)) }
        defer { lastStep = (journey, at, day, sector) }
        guard let last = lastStep, last.journey == journey else {
            if day == nil { unorderedJourneys.insert(journey) }
            return [.null, .null]
        }
        // Stored dates compare bytewise, as the database compares them.
        guard let day, let lastDay = last.day, !at.utf8.lexicographicallyPrecedes(last.at.utf8) else {
            unorderedJourneys.insert(journey)
            return [.null, .null]
        }
        return [.text(last.sector), .real(day - lastDay)]
    }

    /// Notes the state of a journey the rows are checked against, when a
    /// row names another journey than the row before. A journey noted
    /// before has its steps apart in the file.
    func noteJourney(_ journey: Journey, on store: TrackerStore) throws {
        if store.engine == .postgresql {
            if notedJourneys.insert(journey.id).inserted {
                copyJourneys.append(Self.copyLine([.integer(journey.id), journey.openedAt.databaseValue,
                                                   journey.closedAt.databaseValue, journey.voidedAt.databaseValue]))
            } else if kind == .steps {
                unorderedJourneys.insert(journey.id)
            }
            return
        }
        try store.execute("INSERT OR IGNORE INTO temp.import_journeys VALUES (?, ?, ?, ?)",
                          [journey.id, journey.openedAt, journey.closedAt, journey.voidedAt])
        if kind == .steps && store.changedRows == 0 { unorderedJourneys.insert(journey.id) }
    }

    /// Whether a staged journey already has this ref.
    func hasStagedRef(_ ref: String, on store: TrackerStore) throws -> Bool {
        if store.engine == .postgresql { return stagedRefs.contains(ref) }
        return try !store.value("SELECT 1 FROM temp.import_rows WHERE ref = ?", [ref]).isNull
    }

    /// Sends the rows waiting in memory to the server's staging tables
    /// (PostgreSQL; SQLite stages each row as it comes), and the journeys
    /// found out of order so far to theirs.
    func flush(on store: TrackerStore) throws {
        let unordered = unorderedJourneys.sorted()
        unorderedJourneys.removeAll()
        guard let server = store.db.postgres else {
            for journey in unordered { try store.execute("INSERT INTO temp.import_unordered VALUES (?)", [journey]) }
            return
        }
        if !unordered.isEmpty { try server.copy("COPY import_unordered FROM STDIN", lines: unordered.map(String.init)) }
        if !copyRows.isEmpty { try server.copy("COPY import_rows FROM STDIN", lines: copyRows) }
        if !copySectors.isEmpty { try server.copy("COPY import_sectors FROM STDIN", lines: copySectors) }
        if !copyJourneys.isEmpty { try server.copy("COPY import_journeys FROM STDIN", lines: copyJourneys) }
        copyRows.removeAll(keepingCapacity: true)
        copySectors.removeAll(keepingCapacity: true)
        copyJourneys.removeAll(keepingCapacity: true)
    }

    /// Gives the server's planner the sizes of the staging tables, which
    /// autovacuum never analyzes (they are temporary): without them it
    /// guesses, and the writes' joins and the facts' refresh go astray.
    func analyze(on store: TrackerStore) throws {
        guard store.engine == .postgresql else { return }
        let tables = ["import_rows"] + (kind == .journeys ? [] : ["import_journeys"]) + (kind == .obstacles ? ["import_sectors"] : [])
        try store.execute("ANALYZE " + tables.joined(separator: ", "))
    }

    /// One row in COPY's text format: tabs between fields, `\N` for NULL,
    /// backslash escapes for backslash, tab, newline and carriage return.
    static func copyLine(_ values: [DatabaseValue]) -> String {
        var line = ""
        for (index, value) in values.enumerated() {
            if index > 0 { line.append("\t") }
            switch value {
            case .null, .blob: line.append("\\N")
            case .integer(let integer): line.append(String(integer))
            case .real(let real): line.append(NumberText.shortest(real))
            case .text(let text):
                for character in text.unicodeScalars {
                    switch character {
                    case "\\": line.append("\\\\")
                    case "\t": line.append("\\t")
                    case "\n": line.append("\\n")
                    case "\r": line.append("\\r")
                    default: line.unicodeScalars.append(character)
                    }
                }
            }
        }
        return line
    }

    /// The citizens of the staged journeys the database does not know yet.
    func newCitizens(on store: TrackerStore) throws -> Int {
        guard kind == .journeys else { return 0 }
        return Int(try store.value("""
            SELECT count(*) FROM (SELECT DISTINCT citizen_id FROM temp.import_rows) s
             WHERE NOT EXISTS (SELECT 1 FROM main.citizens c WHERE c.id = s.citizen_id)
            """).integer ?? 0)
    }

    /// The journeys whose state has changed since their rows were checked.
    func changedJourneys(on store: TrackerStore) throws -> [Int64] {
        guard journeyBound != nil else { return [] }
        return try store.rows("""
            SELECT i.id FROM temp.import_journeys i JOIN main.journeys j ON j.id = i.id
             WHERE j.opened_at IS NOT i.opened_at OR j.closed_at IS NOT i.closed_at OR j.voided_at IS NOT i.voided_at
             ORDER BY i.id
            """).compactMap { $0[0].integer }
    }

    /// The line and bounded date of each staged row of a journey.
    func boundedDates(of journey: Int64, on store: TrackerStore) throws -> [(line: Int, date: String)] {
        guard let bound = journeyBound else { return [] }
        try store.execute("CREATE INDEX IF NOT EXISTS temp.import_rows_journey ON import_rows (journey_id)")
        return try store.rows("SELECT line, \(bound.column) FROM temp.import_rows WHERE journey_id = ? ORDER BY seq",
                              [journey]).map { (Int($0[0].integer ?? 0), $0[1].text ?? "") }
    }

    /// Staged journeys whose ref another journey took since they were checked.
    func takenRefs(on store: TrackerStore) throws -> [(line: Int, ref: String)] {
        guard kind == .journeys else { return [] }
        return try store.rows("""
            SELECT s.line, s.ref FROM temp.import_rows s JOIN main.journeys j ON j.ref = s.ref ORDER BY s.seq
            """).map { (Int($0[0].integer ?? 0), $0[1].text ?? "") }
    }

    /// Writes every staged row under ids from `first`, or only the row
    /// `only` (its citizen, sectors and history with it); the caller holds
    /// the write transaction. Returns the citizens it added.
    func write(first: Int64, now: String, only: Int64? = nil, on store: TrackerStore) throws -> Int {
        func rows(_ condition: String? = nil) -> String {
            let conditions = [only.map { "seq = \($0)" }, condition].compactMap { $0 }
            return "temp.import_rows" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
        }
        var newCitizens = 0
        if kind == .journeys {
            try store.execute("INSERT OR IGNORE INTO main.citizens (id, created_at) SELECT citizen_id, ?1 FROM \(rows()) ORDER BY seq",
                              [now])
            newCitizens = store.changedRows
        }
        let list = columns.joined(separator: ", ")
        try store.execute("INSERT INTO main.\(table) (id, \(list)) SELECT ?1 + seq, \(list) FROM \(rows()) ORDER BY seq", [first])
        if store.engine == .postgresql {
            // Ids given explicitly leave the identity's sequence behind: bring it up.
            try store.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT max(id) FROM \(table)))")
        }
        if kind == .obstacles {
            try store.execute("""
                INSERT INTO main.obstacle_sectors (obstacle_id, sector_id)
                SELECT ?1 + seq, sector_id FROM temp.import_sectors\(only.map { " WHERE seq = \($0)" } ?? "") ORDER BY seq, sector_id
                """, [first])
            // As a caseworker's log writes it: open at the logging, then the
            // status the row gives, at its resolution (or the logging).
            try store.execute("""
                INSERT INTO main.obstacle_status_history (obstacle_id, status, at, actor, note)
                SELECT ?1 + seq, status, at, logged_by, note FROM (
                    SELECT seq, 0 AS step, 'open' AS status, logged_at AS at, logged_by, NULL AS note FROM \(rows())
                    UNION ALL
                    SELECT seq, 1, status, coalesce(resolved_at, logged_at), logged_by, resolution FROM \(rows("status <> 'open'")))
                 ORDER BY seq, step
                """, [first])
        }
        return newCitizens
    }

    /// The line of the first staged row the database refuses, found after
    /// a write of all of them broke a constraint (and was rolled back) by
    /// writing the rows one at a time, each try rolled back.
    func firstRefusedRow(first: Int64, now: String, on store: TrackerStore) throws -> (line: Int, message: String)? {
        let statement = try store.prepare("SELECT seq, line FROM temp.import_rows ORDER BY seq")
        var candidates: [(seq: Int64, line: Int)] = []
        while try statement.advance() { candidates.append((statement.int64(0), Int(statement.int64(1)))) }
        for candidate in candidates {
            try store.execute("SAVEPOINT import_row")
            defer { try? store.execute("ROLLBACK TO import_row"); try? store.execute("RELEASE import_row") }
            do {
                _ = try write(first: first, now: now, only: candidate.seq, on: store)
            } catch let error where Database.constraintMessage(error) != nil {
                return (candidate.line, Database.constraintMessage(error)!)
            }
        }
        return nil
    }
}
