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
