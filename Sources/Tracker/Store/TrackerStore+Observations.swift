extension TrackerStore {
    func validated(_ observation: NewObservation, journey: Journey, now: String) throws -> NewObservation {
        var checked = observation
        _ = try measure(observation.measure)
        checked.value = try Validate.finite(observation.value, field: "value")
        let at = try Validate.optionalDate(observation.observedAt, field: "observed_at") ?? now
        try Validate.notBeforeOpening(at, of: journey, field: "observed_at")
        // Follow-up is often measured after the close: that is allowed.
        try Validate.notFuture(at, now: now, field: "observed_at")
        checked.observedAt = at
        return checked
    }

    /// Records a measured value on a journey; returns its id.
    @discardableResult
    public func observe(journey reference: String, _ observation: NewObservation) throws -> Int64 {
        try onJourney(reference) { journey, now in
            try insertObservation(validated(observation, journey: journey, now: now), journeyID: journey.id)
        }
    }

    func insertObservation(_ observation: NewObservation, journeyID: Int64) throws -> Int64 {
        try db.execute("INSERT INTO observations (journey_id, measure_id, phase, value, observed_at) VALUES (?, ?, ?, ?, ?)",
                       [journeyID, observation.measure, observation.phase.rawValue, observation.value, observation.observedAt])
        let id = db.lastInsertedRowID
        try audit(action: "created", entity: "observation", entityID: String(id), detail: [
            "journey_id": .integer(journeyID), "measure": .text(observation.measure),
            "phase": .text(observation.phase.rawValue), "value": .real(observation.value),
            "observed_at": .optional(observation.observedAt),
        ])
        return id
    }
}
