/// The named things a command may refer to — sectors, obstacle categories,
/// measures — with the exit-66 error for a name the database does not know.
enum Catalog {
    static func sectorIDs(_ db: ReadSession) throws -> [String] {
        try db.rows("SELECT id FROM sectors ORDER BY id").compactMap { $0[0].text }
    }

    static func categoryIDs(_ db: ReadSession) throws -> [String] {
        try db.rows("SELECT id FROM obstacle_categories ORDER BY id").compactMap { $0[0].text }
    }

    static func measures(_ db: ReadSession) throws -> [Measure] {
        try db.rows("SELECT id, name, dimension, unit, direction FROM measures ORDER BY id").map {
            Measure(id: $0[0].text ?? "", name: $0[1].text ?? "",
                    dimension: Dimension(rawValue: $0[2].text ?? "") ?? .human, unit: $0[3].text ?? "",
                    direction: Direction(rawValue: $0[4].text ?? "") ?? .higherIsBetter)
        }
    }

    /// Measures with at least one observation anywhere in the file.
    static func observedMeasures(_ db: ReadSession) throws -> [Measure] {
        try measures(db).filter {
            try db.row("""
                SELECT 1 FROM observations WHERE measure_id = ? AND voided_at IS NULL
                   AND journey_id NOT IN (SELECT id FROM journeys WHERE voided_at IS NOT NULL) LIMIT 1
                """, [$0.id]) != nil
        }
    }

    static func measure(_ id: String, _ db: ReadSession, field: String = "measure") throws -> Measure {
        let all = try measures(db)
        guard let measure = all.first(where: { $0.id == id }) else {
            throw unknown("measure", id, field: field, known: all.map(\.id), add: "tracker measure add")
        }
        return measure
    }

    /// Checks one id with an indexed lookup (imports call this per row);
    /// only a miss reads the whole list for the hint.
    static func requireSector(_ id: String, _ db: ReadSession, field: String = "sector") throws {
        guard try db.value("SELECT 1 FROM sectors WHERE id = ?", [id]).isNull else { return }
        throw unknown("sector", id, field: field, known: try sectorIDs(db), add: "tracker sector add")
    }

    static func requireCategory(_ id: String, _ db: ReadSession, field: String = "category") throws {
        guard try db.value("SELECT 1 FROM obstacle_categories WHERE id = ?", [id]).isNull else { return }
        throw unknown("obstacle category", id, field: field, known: try categoryIDs(db), add: nil)
    }

    /// Exit 66 for a name the file does not know, with the names it does.
    static func unknown(_ what: String, _ id: String, field: String, known: [String], add: String?) -> FieldError {
        var hint = "the known ones are: " + known.joined(separator: ", ")
        if let add { hint += "; add one with `\(add)`" }
        return FieldError(field: field, "unknown \(what) `\(id)`", code: .notFound, hint: hint)
    }

    static func requireType(_ type: String, _ db: ReadSession) throws {
        try AnalysisFilter(type: type).validate(in: db)
    }
}
