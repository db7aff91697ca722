extension TrackerStore {
    func validated(_ step: NewStep, journey: Journey, now: String) throws -> NewStep {
        var checked = step
        try requireSector(step.sector)
        checked.unit = try Validate.text(step.unit, field: "unit")
        checked.note = try Validate.text(step.note, field: "note")
        let at = try Validate.optionalDate(step.at, field: "at") ?? now
        try Validate.notBeforeOpening(at, of: journey, field: "at")
        try Validate.notFuture(at, now: now, field: "at")
        try Validate.notAfterClose(at, of: journey, field: "at")
        checked.at = at
        checked.endedAt = try Validate.optionalDate(step.endedAt, field: "ended_at")
        if let ended = checked.endedAt { try Validate.notBefore(ended, at, field: "ended_at", what: "the step's start") }
        return checked
    }

    /// Logs a step on a journey; returns its id.
    @discardableResult
    public func logStep(journey reference: String, _ step: NewStep) throws -> Int64 {
        try onJourney(reference) { journey, now in
            try insertStep(validated(step, journey: journey, now: now), journeyID: journey.id)
        }
    }

    func insertStep(_ step: NewStep, journeyID: Int64) throws -> Int64 {
        try db.execute("INSERT INTO steps (journey_id, sector_id, kind, unit, at, ended_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [journeyID, step.sector, step.kind.rawValue, step.unit, step.at, step.endedAt, step.note])
        let id = db.lastInsertedRowID
        try audit(action: "created", entity: "step", entityID: String(id), detail: [
            "journey_id": .integer(journeyID), "sector": .text(step.sector), "kind": .text(step.kind.rawValue),
            "at": .optional(step.at),
        ])
        return id
    }
}
