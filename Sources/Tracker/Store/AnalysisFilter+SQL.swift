/// How the store applies an analysis filter: as a condition on the
/// journeys table, and by checking that its type exists.
extension AnalysisFilter {
    /// Refuses a type that no journey has: a misspelt `--type` would otherwise
    /// give an empty analysis that looks like a finding (exit 66).
    func validate(in db: ReadSession) throws {
        guard let type else { return }
        guard try db.row("SELECT 1 FROM journeys WHERE type = ? AND voided_at IS NULL LIMIT 1", [type]) != nil else {
            let known = try db.rows("SELECT DISTINCT type FROM journeys WHERE voided_at IS NULL ORDER BY type").compactMap { $0[0].text }
            throw TrackerError.notFound(
                "no journey has the type `\(type)`",
                hint: known.isEmpty ? "the database holds no journeys yet"
                    : "the types in the database are: " + known.joined(separator: ", "))
        }
    }

    /// The SQL condition on the journeys table (aliased `alias`), with its
    /// arguments in order. The text is fixed by this type; values are bound.
    /// With `asOf`, journeys opened after it are left out too (the report).
    func condition(alias: String, openedBy asOf: AsOfDate? = nil) -> (sql: String, arguments: [DatabaseValue]) {
        var parts: [String] = []
        var arguments: [DatabaseValue] = []
        if let asOf {
            parts.append("\(alias).opened_at <= ?")
            arguments.append(.text(asOf.inclusiveBound))
        }
        if let from {
            parts.append("\(alias).opened_at >= ?")
            arguments.append(.text(from))
        }
        if let to {
            // Both days included: a journey opened at any time on `to` counts.
            parts.append("\(alias).opened_at < ?")
            arguments.append(.text(Self.nextDay(after: to)))
        }
        if let type {
            parts.append("\(alias).type = ?")
            arguments.append(.text(type))
        }
        return (parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND "), arguments)
    }
}
