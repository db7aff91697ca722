/// The status changes a caseworker can make, and where each may start.
public enum ObstacleTransition: String, Sendable, CaseIterable {
    case resolve, escalate, accept, reopen

    public var target: ObstacleStatus {
        switch self {
        case .resolve: .resolved
        case .escalate: .escalated
        case .accept: .accepted
        case .reopen: .open
        }
    }

    public func isAllowed(from status: ObstacleStatus) -> Bool {
        switch self {
        case .resolve, .accept: status.isUnresolved
        case .escalate: status == .open
        case .reopen: !status.isUnresolved
        }
    }
}

extension TrackerStore {
    func validated(_ obstacle: NewObstacle, journey: Journey, now: String) throws -> NewObstacle {
        var checked = obstacle
        try requireCategory(obstacle.category)
        var sectors: [String] = []
        for sector in obstacle.sectors where !sectors.contains(sector) {
            try requireSector(sector, field: "sectors")
            sectors.append(sector)
        }
        guard !sectors.isEmpty else {
            throw FieldError(field: "sectors", "an obstacle arises between at least one sector", code: .usage,
                             hint: "pass --sector S (and --sector S2 ... for the sectors involved)")
        }
        checked.sectors = sectors.sorted()
        checked.description = try Validate.requiredText(obstacle.description, field: "description")
        checked.ruleRef = try Validate.text(obstacle.ruleRef, field: "rule_ref")
        checked.severity = try Validate.severity(obstacle.severity)
        checked.delayDays = try Validate.nonNegative(obstacle.delayDays, field: "delay_days")
        checked.staffHours = try Validate.nonNegative(obstacle.staffHours, field: "staff_hours")
        let loggedAt = try Validate.optionalDate(obstacle.loggedAt, field: "logged_at") ?? now
        try Validate.notBeforeOpening(loggedAt, of: journey, field: "logged_at")
        try Validate.notFuture(loggedAt, now: now, field: "logged_at")
        try Validate.notAfterClose(loggedAt, of: journey, field: "logged_at")
        checked.loggedAt = loggedAt
        checked.resolution = try Validate.text(obstacle.resolution, field: "resolution")
        checked.resolvedAt = try Validate.optionalDate(obstacle.resolvedAt, field: "resolved_at")
        if obstacle.status.isUnresolved {
            if checked.resolvedAt != nil {
                throw FieldError(field: "resolved_at", "an obstacle with status \(obstacle.status.rawValue) has no resolved_at")
            }
        } else {
            guard let resolved = checked.resolvedAt else {
                throw FieldError(field: "resolved_at", "an obstacle with status \(obstacle.status.rawValue) needs resolved_at")
            }
            try Validate.notBefore(resolved, loggedAt, field: "resolved_at", what: "the obstacle was logged")
        }
        return checked
    }

    /// Logs an obstacle on a journey; returns its id.
    @discardableResult
    public func logObstacle(journey reference: String, _ obstacle: NewObstacle) throws -> Int64 {
        try onJourney(reference) { journey, now in
            try insertObstacle(validated(obstacle, journey: journey, now: now), journeyID: journey.id)
        }
    }

    func insertObstacle(_ obstacle: NewObstacle, journeyID: Int64) throws -> Int64 {
        try db.execute("""
            INSERT INTO obstacles (journey_id, category_id, rule_ref, description, severity, delay_days, staff_hours,
                                   status, logged_at, logged_by, resolved_at, resolution)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [journeyID, obstacle.category, obstacle.ruleRef, obstacle.description, obstacle.severity, obstacle.delayDays,
             obstacle.staffHours, obstacle.status.rawValue, obstacle.loggedAt, actor, obstacle.resolvedAt, obstacle.resolution])
        let id = db.lastInsertedRowID
        for sector in obstacle.sectors {
            try db.execute("INSERT INTO obstacle_sectors (obstacle_id, sector_id) VALUES (?, ?)", [id, sector])
        }
        try recordStatus(obstacleID: id, .open, at: obstacle.loggedAt!, note: nil)
        if obstacle.status != .open {
            try recordStatus(obstacleID: id, obstacle.status, at: obstacle.resolvedAt ?? obstacle.loggedAt!, note: obstacle.resolution)
        }
        try audit(action: "created", entity: "obstacle", entityID: String(id), detail: [
            "journey_id": .integer(journeyID), "category": .text(obstacle.category), "sectors": .list(obstacle.sectors),
            "rule_ref": .optional(obstacle.ruleRef), "severity": .optional(obstacle.severity),
            "delay_days": .optional(obstacle.delayDays), "staff_hours": .optional(obstacle.staffHours),
            "status": .text(obstacle.status.rawValue), "logged_at": .optional(obstacle.loggedAt),
        ])
        return id
    }

    private func recordStatus(obstacleID: Int64, _ status: ObstacleStatus, at: String, note: String?) throws {
        try db.execute("INSERT INTO obstacle_status_history (obstacle_id, status, at, actor, note) VALUES (?, ?, ?, ?, ?)",
                       [obstacleID, status.rawValue, at, actor, note])
    }

    /// Resolves, escalates, accepts or reopens an obstacle, keeping the time
    /// of the change in its history.
    public func changeObstacle(_ id: Int64, _ transition: ObstacleTransition, note: String, at: String? = nil) throws {
        let note = try Validate.requiredText(note, field: "note")
        let at = try Validate.optionalDate(at, field: "at") ?? Timestamp.now()
        try db.inTransaction {
            guard let row = try db.row("SELECT status, logged_at FROM obstacles WHERE id = ?", [id]),
                  let current = ObstacleStatus(rawValue: row[0].text ?? "") else {
                throw FieldError(field: "obstacle", "no obstacle with id \(id)", code: .notFound,
                                 hint: "`tracker obstacle list` shows the obstacles")
            }
            guard transition.isAllowed(from: current) else {
                throw FieldError(field: "obstacle", "obstacle \(id) is \(current.rawValue); it cannot be \(transition.rawValue)d",
                                 hint: transition == .reopen ? "only a resolved or accepted obstacle can be reopened" : nil)
            }
            let lastChange = try db.value("SELECT max(at) FROM obstacle_status_history WHERE obstacle_id = ?", [id]).text
                ?? row[1].text ?? ""
            try Validate.notBefore(at, lastChange, field: "at", what: "the obstacle's last status change")
            let target = transition.target
            if target.isUnresolved {
                try db.execute("UPDATE obstacles SET status = ?, resolved_at = NULL, resolution = NULL WHERE id = ?",
                               [target.rawValue, id])
            } else {
                try db.execute("UPDATE obstacles SET status = ?, resolved_at = ?, resolution = ? WHERE id = ?",
                               [target.rawValue, at, note, id])
            }
            try recordStatus(obstacleID: id, target, at: at, note: note)
            try audit(action: transition.rawValue == "reopen" ? "reopened" : transition.target.rawValue,
                      entity: "obstacle", entityID: String(id),
                      detail: ["from": .text(current.rawValue), "to": .text(target.rawValue), "at": .text(at), "note": .text(note)])
        }
    }
}
