/// The named things commands refer to — sectors, obstacle categories,
/// measures — checked against the database, with the valid names in the
/// error when one is unknown.
extension TrackerStore {
    public func sectors() throws -> [Sector] {
        try db.rows("SELECT id, name, level, kle FROM sectors ORDER BY level, id").map {
            Sector(id: $0[0].text ?? "", name: $0[1].text ?? "", level: $0[2].text ?? "", kle: $0[3].text)
        }
    }

    public func measures() throws -> [Measure] {
        try Catalog.measures(ReadSession(db))
    }

    public func measure(_ id: String, field: String = "measure") throws -> Measure {
        if let measure = foundMeasures[id] { return measure }
        let measure = try Catalog.measure(id, ReadSession(db), field: field)
        foundMeasures[id] = measure
        return measure
    }

    public func requireSector(_ id: String, field: String = "sector") throws {
        guard !foundSectors.contains(id) else { return }
        try Catalog.requireSector(id, ReadSession(db), field: field)
        foundSectors.insert(id)
    }

    public func requireCategory(_ id: String, field: String = "category") throws {
        guard !foundCategories.contains(id) else { return }
        try Catalog.requireCategory(id, ReadSession(db), field: field)
        foundCategories.insert(id)
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
