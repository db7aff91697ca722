/// The named things commands refer to — sectors, obstacle categories,
/// measures — checked against the database, with the valid names in the
/// error when one is unknown.
extension TrackerStore {
    public struct Sector: Sendable, Equatable {
        public let id: String
        public let name: String
        public let level: String
        public let kle: String?
    }

    public struct Measure: Sendable, Equatable {
        public let id: String
        public let name: String
        public let dimension: Dimension
        public let unit: String
        public let direction: Direction
    }

    public func sectors() throws -> [Sector] {
        try db.rows("SELECT id, name, level, kle FROM sectors ORDER BY level, id").map {
            Sector(id: $0[0].text ?? "", name: $0[1].text ?? "", level: $0[2].text ?? "", kle: $0[3].text)
        }
    }

    public func measures() throws -> [Measure] {
        try db.rows("SELECT id, name, dimension, unit, direction FROM measures ORDER BY id").map {
            Measure(id: $0[0].text ?? "", name: $0[1].text ?? "",
                    dimension: Dimension(rawValue: $0[2].text ?? "") ?? .human, unit: $0[3].text ?? "",
                    direction: Direction(rawValue: $0[4].text ?? "") ?? .higherIsBetter)
        }
    }

    public func measure(_ id: String, field: String = "measure") throws -> Measure {
        guard let measure = try measures().first(where: { $0.id == id }) else {
            throw unknown("measure", id, field: field, known: try measures().map(\.id), add: "tracker measure add")
        }
        return measure
    }

    public func requireSector(_ id: String, field: String = "sector") throws {
        guard try !db.value("SELECT 1 FROM sectors WHERE id = ?", [id]).isNull else {
            throw unknown("sector", id, field: field, known: try sectors().map(\.id), add: "tracker sector add")
        }
    }

    public func requireCategory(_ id: String, field: String = "category") throws {
        guard try !db.value("SELECT 1 FROM obstacle_categories WHERE id = ?", [id]).isNull else {
            let known = try db.rows("SELECT id FROM obstacle_categories ORDER BY id").compactMap { $0[0].text }
            throw unknown("obstacle category", id, field: field, known: known, add: nil)
        }
    }

    private func unknown(_ what: String, _ id: String, field: String, known: [String], add: String?) -> FieldError {
        var hint = "known: " + known.joined(separator: ", ")
        if let add { hint += "; add one with `\(add)`" }
        return FieldError(field: field, "unknown \(what) '\(id)'", code: .notFound, hint: hint)
    }

    /// Adds a sector; its id is a slug.
    public func addSector(id: String, name: String, level: SectorLevel, kle: String? = nil) throws {
        let id = try Validate.slug(id, field: "id")
        let name = try Validate.requiredText(name, field: "name")
        let kle = try Validate.text(kle, field: "kle")
        try db.inTransaction {
            guard try db.value("SELECT 1 FROM sectors WHERE id = ?", [id]).isNull else {
                throw FieldError(field: "id", "a sector '\(id)' exists already")
            }
            try db.execute("INSERT INTO sectors (id, name, level, kle) VALUES (?, ?, ?, ?)", [id, name, level.rawValue, kle])
            try audit(action: "created", entity: "sector", entityID: id,
                      detail: ["name": .text(name), "level": .text(level.rawValue), "kle": .optional(kle)])
        }
    }

    /// Adds an effect measure; its id is a slug.
    public func addMeasure(id: String, name: String, dimension: Dimension, unit: String, direction: Direction) throws {
        let id = try Validate.slug(id, field: "id")
        let name = try Validate.requiredText(name, field: "name")
        let unit = try Validate.requiredText(unit, field: "unit")
        try db.inTransaction {
            guard try db.value("SELECT 1 FROM measures WHERE id = ?", [id]).isNull else {
                throw FieldError(field: "id", "a measure '\(id)' exists already")
            }
            try db.execute("INSERT INTO measures (id, name, dimension, unit, direction) VALUES (?, ?, ?, ?, ?)",
                           [id, name, dimension.rawValue, unit, direction.rawValue])
            try audit(action: "created", entity: "measure", entityID: id,
                      detail: ["name": .text(name), "dimension": .text(dimension.rawValue),
                               "unit": .text(unit), "direction": .text(direction.rawValue)])
        }
    }
}
