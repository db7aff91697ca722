/// The journeys a run of import rows names, fetched in one query per run
/// rather than one per row: on PostgreSQL each lookup is a round trip to
/// the server, which would bound an import to a few thousand rows a
/// second.
///
/// A reference is found by the rule of the command line
/// (`TrackerStore.journey(_:)`): a value equal to an existing ref is that
/// journey; otherwise an integer is its id.
struct JourneyLookup {
    /// The references asked for by the last `prefetch`, found or not.
    private var asked: Set<String> = []
    private var byRef: [String: Journey] = [:]
    private var byID: [Int64: Journey] = [:]
    /// References per query, well inside either engine's parameter limit.
    static let batch = 500

    /// Looks up `references` (repeats allowed), forgetting the previous run.
    mutating func prefetch(_ references: some Sequence<String>, on store: TrackerStore) throws {
        asked = Set(references)
        byRef = [:]
        byID = [:]
        let all = Array(asked)
        for start in stride(from: 0, to: all.count, by: Self.batch) {
            let part = Array(all[start..<min(start + Self.batch, all.count)])
            for row in try store.rows("SELECT \(Journey.columns) FROM journeys WHERE ref IN (\(Self.placeholders(part.count)))", part) {
                let journey = Journey(row: row)
                if let ref = journey.ref { byRef[ref] = journey }
            }
            let ids = part.filter { byRef[$0] == nil }.compactMap { Int64($0) }
            guard !ids.isEmpty else { continue }
            for row in try store.rows("SELECT \(Journey.columns) FROM journeys WHERE id IN (\(Self.placeholders(ids.count)))", ids) {
                let journey = Journey(row: row)
                byID[journey.id] = journey
            }
        }
    }

    /// The journey `reference` names; asks the database itself for a
    /// reference the last `prefetch` did not cover.
    func journey(_ reference: String, field: String, on store: TrackerStore) throws -> Journey {
        guard asked.contains(reference) else { return try store.journey(reference, field: field) }
        if let journey = byRef[reference] ?? Int64(reference).flatMap({ byID[$0] }) { return journey }
        throw TrackerStore.noJourney(reference, field: field)
    }

    /// Whether a journey has `ref`: known for a prefetched reference.
    func exists(ref: String, on store: TrackerStore) throws -> Bool {
        guard asked.contains(ref) else { return try store.journeyExists(ref: ref) }
        return byRef[ref] != nil
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
