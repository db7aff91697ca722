extension Database {
    /// Checks foreign keys at the commit of the open transaction, not per
    /// row: a bulk copy may insert a child before its parent.
    func deferForeignKeys() throws {
        try execute("PRAGMA defer_foreign_keys = ON")
    }

    /// What SQLite's `integrity_check` reports wrong; empty when the file is sound.
    func integrityProblems() throws -> [String] {
        try rows("PRAGMA integrity_check").compactMap { $0[0].text }.filter { $0 != "ok" }
    }

    /// Rows whose foreign key names a missing row: table, row id, the table referred to.
    func foreignKeyViolations() throws -> [(table: String, rowID: Int64?, parent: String)] {
        try rows("PRAGMA foreign_key_check").map { ($0[0].text ?? "?", $0[1].integer, $0[2].text ?? "?") }
    }
}
