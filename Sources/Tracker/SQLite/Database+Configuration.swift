import CSQLite

extension Database {
    /// Every setting of a connection, in one value applied when it opens
    /// (and again by `apply` when a bulk load changes them for a while).
    /// A setting left nil keeps what the file or SQLite has.
    struct Configuration: Sendable {
        enum JournalMode: String, Sendable {
            case wal = "WAL", delete = "DELETE", off = "OFF"
        }

        enum Synchronous: String, Sendable {
            case full = "FULL", normal = "NORMAL", off = "OFF"
        }

        /// How long a writer waits for another process's lock before giving
        /// up (exit 75): long enough for the write of an import of a million
        /// rows, which holds the lock for tens of seconds.
        var busyTimeoutMilliseconds: Int32 = 120_000
        var foreignKeys = true
        /// Refuse every write, even on a connection that could make one.
        var queryOnly = false
        var journalMode: JournalMode?
        var synchronous: Synchronous?
        /// False leaves the WAL in place when the connection closes instead
        /// of checkpointing it: a command-line process is often the last
        /// connection, and a checkpoint with its fsyncs on every exit would
        /// dominate the cost of a one-row change. SQLite still checkpoints
        /// as the WAL grows.
        var checkpointsOnClose = true
        /// Page cache in KiB; nil keeps SQLite's default.
        var cacheKibibytes: Int?
        /// False skips CHECK constraints, for rows made correct by construction.
        var checksConstraints = true

        /// What every tracker command uses: WAL, so readers never block the
        /// writer; `synchronous = NORMAL`, durable at each checkpoint.
        static let standard = Configuration(journalMode: .wal, synchronous: .normal, checkpointsOnClose: false)

        /// Readers of a command: no writes at all.
        static let reading = Configuration(queryOnly: true)

        /// A new file filled in one transaction by generated rows that are
        /// correct by construction (`tracker demo`): a rollback journal costs
        /// next to nothing where WAL would write every page twice; the
        /// indexes are built after the load, so a modest cache suffices
        /// (SQLite's sorter takes as much again while it builds them), and
        /// memory stays well under 200 MB at a million journeys; `tracker
        /// check` verifies the constraints that are skipped.
        static let bulkLoad = Configuration(foreignKeys: false, journalMode: .delete, synchronous: .off,
                                            cacheKibibytes: 49_152, checksConstraints: false)

        /// A file written once and never shared while written (the OCEL
        /// export): no journal, no syncs; references are checked once at the end.
        static let scratch = Configuration(foreignKeys: false, journalMode: .off, synchronous: .off,
                                           cacheKibibytes: 131_072)

        /// The same settings with writes refused: how a read-only open uses them.
        var readOnly: Configuration {
            var copy = self
            copy.queryOnly = true
            copy.journalMode = nil
            copy.synchronous = nil
            return copy
        }
    }

    /// Applies every setting of `configuration` to this connection.
    func apply(_ configuration: Configuration) throws {
        // A server keeps its own settings; none of these is SQLite's to set there.
        guard postgres == nil else { return }
        waitWhenBusy(upTo: configuration.busyTimeoutMilliseconds)
        if let journalMode = configuration.journalMode { try execute("PRAGMA journal_mode = \(journalMode.rawValue)") }
        if let synchronous = configuration.synchronous { try execute("PRAGMA synchronous = \(synchronous.rawValue)") }
        if let cache = configuration.cacheKibibytes { try execute("PRAGMA cache_size = -\(cache)") }
        try execute("PRAGMA foreign_keys = \(configuration.foreignKeys ? "ON" : "OFF")")
        try execute("PRAGMA ignore_check_constraints = \(configuration.checksConstraints ? "OFF" : "ON")")
        try execute("PRAGMA query_only = \(configuration.queryOnly ? "ON" : "OFF")")
        var result: Int32 = 0
        let code = tracker_sqlite3_db_config_int(
            handle, 1006 /* SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE */, configuration.checkpointsOnClose ? 0 : 1, &result)
        guard code == SQLITE_OK else { throw DatabaseError(connection: handle, code: code) }
    }

    /// Runs `body` with writes allowed on a read-only connection, for a
    /// statement that writes only another file (`VACUUM INTO`).
    func withQueryOnlyLifted<T>(_ body: () throws -> T) throws -> T {
        guard mode == .readOnly else { return try body() }
        try execute("PRAGMA query_only = OFF")
        defer { try? execute("PRAGMA query_only = ON") }
        return try body()
    }

    /// Whether the connection refuses writes (`query_only`).
    var isQueryOnly: Bool {
        get throws {
            if postgres != nil { return try value("SHOW default_transaction_read_only").text == "on" }
            return try value("PRAGMA query_only").integer == 1
        }
    }
}
