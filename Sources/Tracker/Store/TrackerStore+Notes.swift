extension TrackerStore {
    /// Adds a note to a journey's timeline; returns its id. Notes may follow
    /// a journey's close; like every free text, they may hold no CPR number.
    @discardableResult
    public func addNote(journey reference: String, text: String, at: String? = nil) throws -> Int64 {
        let text = try Validate.requiredText(text, field: "text")
        let at = try Validate.optionalDate(at, field: "at")
        return try onJourney(reference) { journey, now in
            let at = at ?? now
            try Validate.notBeforeOpening(at, of: journey, field: "at")
            try db.execute("INSERT INTO notes (journey_id, at, actor, text) VALUES (?, ?, ?, ?)", [journey.id, at, actor, text])
            let id = db.lastInsertedRowID
            try audit(action: "created", entity: "note", entityID: String(id),
                      detail: ["journey_id": .integer(journey.id), "at": .text(at)])
            return id
        }
    }
}
