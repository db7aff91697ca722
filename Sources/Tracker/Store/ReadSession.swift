import Dispatch

/// What the analyses, the report and the scans read through: one connection
/// of a set that all see the same committed state of the database, so every
/// figure of one command comes from one state of the file even while
/// caseworkers write. Two pieces of work can run at once on two connections
/// of the set (`both`); without a spare connection (an in-memory database,
/// or all in use) they run in turn on this one.
///
/// This is the seam a second storage engine plugs into: the readers see
/// queries, rows and typed columns, never how the connections are made or
/// kept consistent.
struct ReadSession: QuerySource {
    let db: Database
    fileprivate let pool: ReaderPool?
    /// Read every fact from the rows, never from the facts kept at write
    /// time: the tests' way to compare the two.
    var ignoresKeptFacts = false
    /// The fewest journeys (or ids) a scan reads in two halves at once; the
    /// tests lower it to read a small file both ways.
    var halvesFrom = AnalysisData.parallelThreshold

    /// Reads through `db` alone, as it stands (the store's own reads).
    init(_ db: Database) {
        self.db = db
        self.pool = nil
    }

    fileprivate init(_ db: Database, pool: ReaderPool?) {
        self.db = db
        self.pool = pool
    }

    /// A prepared statement of this connection, for scans that read typed
    /// columns row by row.
    func cachedStatement(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql)
    }

    /// Whether `both` would run its two pieces at once.
    var canRunInParallel: Bool { pool?.hasSpare ?? false }

    /// Runs `foreground` here and `background` on a spare connection of the
    /// session, at once; in turn here when there is none.
    func both<Foreground, Background: Sendable>(
        _ foreground: (ReadSession) throws -> Foreground,
        _ background: @escaping @Sendable (ReadSession) throws -> Background
    ) throws -> (Foreground, Background) {
        guard let pool, let spare = pool.take() else {
            return (try foreground(self), try background(self))
        }
        defer { pool.giveBack(spare) }
        let handed = Handed(spare)
        return try ParallelWork.both({ try foreground(self) }, { try background(ReadSession(handed.db, pool: pool)) })
    }
}

extension TrackerStore {
    /// Runs `body` on a read session over this store's database: its own
    /// connection and, on a file, up to `spareReaders` more, all in read
    /// transactions begun at one committed state and ended when `body`
    /// returns. With no spare reader it still reads one state throughout.
    func reading<T>(spareReaders: Int = 3, _ body: (ReadSession) throws -> T) throws -> T {
        // Inside a transaction this connection already reads one state.
        guard !db.isInsideTransaction else { return try body(ReadSession(db)) }
        let readers = db.isShareable
            ? try (0..<spareReaders).map { _ in try Database(path: path, mode: .readOnly, configuration: .reading) }
            : []
        let connections = [db] + readers
        try Database.beginReadingOneState(connections, stateQuery: Self.stateQuery,
                                          betweenFirstReads: { self.betweenFirstReadsForTesting?() })
        defer { for connection in connections { connection.endReading() } }
        return try body(ReadSession(db, pool: readers.isEmpty ? nil : ReaderPool(readers)))
    }

    /// Every change to a tracker database appends to the audit log in the
    /// same transaction, so the newest entry names a committed state.
    static let stateQuery = "SELECT max(id) FROM audit_log"


}

/// The spare connections of a read session, taken by one piece of work at
/// a time from whichever thread runs it.
private final class ReaderPool: @unchecked Sendable {
    private var spare: [Database]
    private let lock = DispatchSemaphore(value: 1)

    init(_ readers: [Database]) { spare = readers }

    var hasSpare: Bool {
        lock.wait()
        defer { lock.signal() }
        return !spare.isEmpty
    }

    func take() -> Database? {
        lock.wait()
        defer { lock.signal() }
        return spare.popLast()
    }

    func giveBack(_ db: Database) {
        lock.wait()
        spare.append(db)
        lock.signal()
    }
}

/// A connection handed to the thread that alone uses it until it is given back.
private struct Handed: @unchecked Sendable {
    let db: Database
    init(_ db: Database) { self.db = db }
}
