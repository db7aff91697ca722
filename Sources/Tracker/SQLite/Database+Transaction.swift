import CSQLite

extension Database {
    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN: a deferred transaction that writes
        /// later can fail with SQLITE_BUSY that the busy timeout cannot
        /// prevent, because waiting would deadlock.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in one transaction: committed when it returns, rolled
    /// back when it throws. The first error is the one rethrown.
    @discardableResult
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if postgres != nil { return try inServerTransaction(kind, body) }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body()
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            // SQLite may already have rolled back on its own (e.g. on some
            // I/O or busy errors); a second ROLLBACK would fail and mask the
            // original error.
            if isInsideTransaction { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
    }
}

extension Database {
    /// The key of the advisory lock that writers hold on PostgreSQL.
    static let writerLock = 7_470_616_363

    /// On PostgreSQL a writing transaction takes one advisory lock first,
    /// so that writers follow one another as on SQLite and every check a
    /// command makes before it writes still holds when it writes; readers
    /// never wait for it. A reading transaction sees one snapshot
    /// throughout (REPEATABLE READ). A serialization failure or deadlock,
    /// which the lock makes rare, runs the whole transaction again.
    private func inServerTransaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            switch kind {
            case .immediate:
                try execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                if mode != .readOnly { try execute("SELECT pg_advisory_xact_lock(\(Self.writerLock))") }
            case .deferred:
                try execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            }
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch let error as PostgresError where error.isSerializationFailure && attempt < 5 {
                try? execute("ROLLBACK")
                continue
            } catch {
                if isInsideTransaction { try? execute("ROLLBACK") }
                throw error
            }
        }
    }
}
