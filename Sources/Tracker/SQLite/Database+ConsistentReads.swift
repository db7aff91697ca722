extension Database {
    /// Whether another connection to the same path sees this one's data:
    /// not for an in-memory database.
    var isShareable: Bool {
        // A server session reads one snapshot on its own connection.
        postgres == nil && !(path.isEmpty || path == ":memory:" || path.contains("mode=memory"))
    }

    /// Begins a read transaction on every connection so that all of them see
    /// one and the same committed state of the file. SQLite (without its
    /// snapshot API, which system builds leave out) fixes a reader's state at
    /// its first read; a commit between two first reads would give two
    /// states. `stateQuery` returns a value that every commit changes; while
    /// the connections disagree on it, all of them start again.
    static func beginReadingOneState(_ connections: [Database], stateQuery: String,
                                     betweenFirstReads: () -> Void = {}) throws {
        for attempt in 1...Self.maximumAlignmentAttempts {
            var states: [DatabaseValue] = []
            for (index, connection) in connections.enumerated() {
                try connection.execute(connection.postgres == nil ? "BEGIN DEFERRED TRANSACTION"
                                                                  : "BEGIN ISOLATION LEVEL REPEATABLE READ")
                states.append(try connection.value(stateQuery))
                if index == 0 && attempt == 1 { betweenFirstReads() }
            }
            if Set(states).count <= 1 { return }
            for connection in connections { try connection.execute("ROLLBACK TRANSACTION") }
        }
        throw DatabaseError(extendedCode: 5 /* SQLITE_BUSY */,
                            message: "the database kept changing while a consistent read was begun")
    }

    /// Writers commit in milliseconds; this many tries without two equal
    /// states means the file is being written without pause.
    static let maximumAlignmentAttempts = 50

    /// Ends the read transaction that `beginReadingOneState` began.
    func endReading() {
        if isInsideTransaction { try? execute("ROLLBACK TRANSACTION") }
    }
}
