/// The named things a command may refer to — sectors, obstacle categories,
/// measures — with the exit-66 error for a name the database does not know.
enum Catalog {
    struct Measure: Sendable, Equatable {
        let id: String
        let higherIsBetter: Bool
    }

    static func sectorIDs(_ db: Database) throws -> [String] {
        try db.rows("SELECT id FROM sectors ORDER BY id").compactMap { $0[0].text }
    }

    static func categoryIDs(_ db: Database) throws -> [String] {
        try db.rows("SELECT id FROM obstacle_categories ORDER BY id").compactMap { $0[0].text }
    }

    static func measures(_ db: Database) throws -> [Measure] {
        try db.rows("SELECT id, direction FROM measures ORDER BY id").map {
            Measure(id: $0[0].text ?? "", higherIsBetter: $0[1].text == "higher_is_better")
        }
    }

    /// Measures with at least one observation anywhere in the file.
    static func observedMeasures(_ db: Database) throws -> [Measure] {
        try measures(db).filter {
            try db.row("SELECT 1 FROM observations WHERE measure_id = ? LIMIT 1", [$0.id]) != nil
        }
    }

    static func measure(_ id: String, _ db: Database) throws -> Measure {
        let all = try measures(db)
        guard let measure = all.first(where: { $0.id == id }) else {
            throw TrackerError.notFound("unknown measure `\(id)`",
                                        hint: "the measures are: " + all.map(\.id).joined(separator: ", "))
        }
        return measure
    }

    static func requireSector(_ id: String, _ db: Database) throws {
        let all = try sectorIDs(db)
        guard all.contains(id) else {
            throw TrackerError.notFound("unknown sector `\(id)`",
                                        hint: "the sectors are: " + all.joined(separator: ", "))
        }
    }

    static func requireCategory(_ id: String, _ db: Database) throws {
        let all = try categoryIDs(db)
        guard all.contains(id) else {
            throw TrackerError.notFound("unknown obstacle category `\(id)`",
                                        hint: "the categories are: " + all.joined(separator: ", "))
        }
    }

    static func requireType(_ type: String, _ db: Database) throws {
        try AnalysisFilter(type: type).validate(in: db)
    }
}
