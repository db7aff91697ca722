extension CorrectableEntity {
    var table: String {
        switch self {
        case .journey: "journeys"
        case .step: "steps"
        case .obstacle: "obstacles"
        case .observation: "observations"
        case .note: "notes"
        }
    }
}

/// Corrections of recorded rows: amend, void, restore, reopen, and the
/// history they leave. A change runs through the validation of the command
/// that first recorded the row; each changed field is a row of `changes`,
/// with one audit entry, in the transaction of the change itself.
extension TrackerStore {
    /// One changed field: its name in `changes`, the column it is stored in
    /// (nil for one the caller writes itself, such as an obstacle's sectors),
    /// and its value before and after.
    struct FieldChange {
        let field: String
        let column: String?
        let old: DatabaseValue
        let new: DatabaseValue
    }

    /// The columns of `history`.
    public static let historyColumns = ["at", "actor", "field", "old_value", "new_value", "reason"]

    /// The fields whose value differs, in the order given.
    func changed(_ fields: [(field: String, column: String?, old: DatabaseValue, new: DatabaseValue)]) -> [FieldChange] {
        fields.filter { $0.old != $0.new }.map { FieldChange(field: $0.field, column: $0.column, old: $0.old, new: $0.new) }
    }

    /// Writes `changes` to the row and records them; the caller holds the
    /// transaction. `alongside` sets further columns without a history row
    /// of their own (who voided, and why). Nothing to change is bad data.
    @discardableResult
    func record(_ changes: [FieldChange], alongside: [(column: String, value: DatabaseValue)] = [],
                on entity: CorrectableEntity, id: Int64, reason: String, action: String, now: String) throws -> ResultTable {
        guard !changes.isEmpty else {
            throw FieldError(field: entity.rawValue, "nothing to change: every value given is the one \(entity.noun) \(id) has",
                             hint: "give the options whose values are wrong, with their right values")
        }
        let assignments = changes.compactMap { change in change.column.map { ($0, change.new) } } + alongside
        if !assignments.isEmpty {
            try db.execute("UPDATE \(entity.table) SET " + assignments.map { "\($0.0) = ?" }.joined(separator: ", ")
                           + " WHERE id = ?", assignments.map(\.1) + [DatabaseValue.integer(id)])
        }
        for change in changes {
            try db.execute("""
                INSERT INTO changes (at, actor, entity, entity_id, field, old_value, new_value, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [now, actor, entity.rawValue, id, change.field, db.anyTypedValue(change.old), db.anyTypedValue(change.new),
                      reason])
        }
        try audit(action: action, entity: entity.rawValue, entityID: String(id),
                  detail: ["fields": .list(changes.map(\.field)), "reason": .text(reason)])
        var written = ResultTable(columns: Self.changeColumns)
        for change in changes {
            written.append([.text(entity.rawValue), .integer(id), .text(change.field), OutputValue(change.old),
                            OutputValue(change.new)])
        }
        return written
    }

    /// The columns of what a correction prints: the fields it changed.
    public static let changeColumns = ["entity", "id", "field", "old_value", "new_value"]

    /// The row `columns` of a recorded, not voided, row: unknown is not
    /// found (66), voided is bad data (65) with the hint to restore it.
    func liveRow(_ entity: CorrectableEntity, _ id: Int64, columns: String) throws -> Row {
        guard let row = try db.row("SELECT \(columns), voided_at FROM \(entity.table) WHERE id = ?", [id]) else {
            throw unknown(entity, id)
        }
        if let voided = row.values.last?.text {
            throw FieldError(field: entity.rawValue, "\(entity.noun) \(id) was voided at \(voided)",
                             hint: "restore it first: tracker \(entity.rawValue) restore \(id) --reason TEXT")
        }
        return row
    }

    func unknown(_ entity: CorrectableEntity, _ id: Int64) -> FieldError {
        FieldError(field: entity.rawValue, "no \(entity.noun) with id \(id)", code: .notFound,
                   hint: "`tracker journey show JOURNEY` lists a journey's steps, obstacles and observations with their ids")
    }

    /// A reason for a change: required free text, CPR-guarded like every other.
    func checkedReason(_ reason: String) throws -> String {
        guard !reason.trimmingWhitespace.isEmpty else { throw FieldError(field: "reason", "is required and cannot be empty") }
        return try Validate.requiredText(reason, field: "reason")
    }

    /// Refuses a write on a voided journey: it counts nowhere until restored.
    func requireLive(_ journey: Journey) throws {
        if let voided = journey.voidedAt {
            throw FieldError(field: "journey", "journey \(journey.label) was voided at \(voided)",
                             hint: "restore it first: tracker journey restore \(journey.label) --reason TEXT")
        }
    }

    // MARK: - Void and restore

    /// Takes a row out of every listing, analysis, view and export, keeping
    /// it. Voiding a journey takes its steps, obstacles and observations
    /// with it. Voiding a voided row is bad data.
    @discardableResult
    public func void(_ entity: CorrectableEntity, id: Int64, reason: String) throws -> ResultTable {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        return try db.inTransaction {
            guard let row = try db.row("SELECT voided_at FROM \(entity.table) WHERE id = ?", [id]) else {
                throw unknown(entity, id)
            }
            if let voided = row[0].text {
                throw FieldError(field: entity.rawValue, "\(entity.noun) \(id) was voided already, at \(voided)",
                                 hint: "`tracker history \(entity.rawValue) \(id)` shows when and why")
            }
            return try record([FieldChange(field: "voided_at", column: "voided_at", old: .null, new: .text(now))],
                       alongside: [("voided_by", .text(actor)), ("void_reason", .text(reason))],
                       on: entity, id: id, reason: reason, action: "voided", now: now)
        }
    }

    /// Undoes a void. Restoring a row that is not voided is bad data.
    @discardableResult
    public func restore(_ entity: CorrectableEntity, id: Int64, reason: String) throws -> ResultTable {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        return try db.inTransaction {
            guard let row = try db.row("SELECT voided_at FROM \(entity.table) WHERE id = ?", [id]) else {
                throw unknown(entity, id)
            }
            guard let voided = row[0].text else {
                throw FieldError(field: entity.rawValue, "\(entity.noun) \(id) is not voided: there is nothing to restore")
            }
            return try record([FieldChange(field: "voided_at", column: "voided_at", old: .text(voided), new: .null)],
                       alongside: [("voided_by", .null), ("void_reason", .null)],
                       on: entity, id: id, reason: reason, action: "restored", now: now)
        }
    }

    // MARK: - Amendments

    /// Corrects a step's fields.
    @discardableResult
    public func amendStep(_ id: Int64, _ amendment: StepAmendment, reason: String) throws -> ResultTable {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        try Self.refuseEmpty(amendment.at, field: "at")
        return try db.inTransaction {
            let row = try liveRow(.step, id, columns: "journey_id, sector_id, kind, unit, at, ended_at, note")
            let journey = try liveJourney(id: row[0].integer ?? 0)
            let current = NewStep(sector: row[1].text ?? "", kind: StepKind(rawValue: row[2].text ?? "") ?? .other,
                                  unit: row[3].text, at: row[4].text, endedAt: row[5].text, note: row[6].text)
            let step = try validated(NewStep(
                sector: amendment.sector ?? current.sector, kind: amendment.kind ?? current.kind,
                unit: amendment.unit ?? current.unit, at: amendment.at ?? current.at,
                endedAt: amendment.endedAt ?? current.endedAt, note: amendment.note ?? current.note), journey: journey, now: now)
            return try record(changed([
                ("sector", "sector_id", row[1], .text(step.sector)),
                ("kind", "kind", row[2], .text(step.kind.rawValue)),
                ("unit", "unit", row[3], step.unit.databaseValue),
                ("at", "at", row[4], step.at.databaseValue),
                ("ended_at", "ended_at", row[5], step.endedAt.databaseValue),
                ("note", "note", row[6], step.note.databaseValue),
            ]), on: .step, id: id, reason: reason, action: "amended", now: now)
        }
    }

    /// Corrects an observation's value, phase or date.
    @discardableResult
    public func amendObservation(_ id: Int64, _ amendment: ObservationAmendment, reason: String) throws -> ResultTable {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        try Self.refuseEmpty(amendment.observedAt, field: "observed_at")
        return try db.inTransaction {
            let row = try liveRow(.observation, id, columns: "journey_id, measure_id, phase, value, observed_at")
            let journey = try liveJourney(id: row[0].integer ?? 0)
            let observation = try validated(NewObservation(
                measure: row[1].text ?? "", phase: amendment.phase ?? Phase(rawValue: row[2].text ?? "") ?? .interim,
                value: amendment.value ?? row[3].real ?? 0, observedAt: amendment.observedAt ?? row[4].text),
                journey: journey, now: now)
            return try record(changed([
                ("value", "value", row[3], .real(observation.value)),
                ("phase", "phase", row[2], .text(observation.phase.rawValue)),
                ("observed_at", "observed_at", row[4], observation.observedAt.databaseValue),
            ]), on: .observation, id: id, reason: reason, action: "amended", now: now)
        }
    }

    /// Corrects an obstacle's fields; new sectors replace the old ones, and
    /// a new logging date moves the first entry of its status history.
    @discardableResult
    public func amendObstacle(_ id: Int64, _ amendment: ObstacleAmendment, reason: String) throws -> ResultTable {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        try Self.refuseEmpty(amendment.loggedAt, field: "logged_at")
        try Self.refuseEmpty(amendment.description, field: "description")
        return try db.inTransaction {
            let row = try liveRow(.obstacle, id, columns: """
                journey_id, category_id, rule_ref, description, severity, delay_days, staff_hours, logged_at, status,
                resolved_at, resolution, \(SQLFragments.obstacleSectors(of: "obstacles"))
                """)
            let journey = try liveJourney(id: row[0].integer ?? 0)
            let oldSectors = (row[11].text ?? "").split(separator: ";").map(String.init)
            let obstacle = try validated(NewObstacle(
                category: amendment.category ?? row[1].text ?? "", sectors: amendment.sectors ?? oldSectors,
                description: amendment.description ?? row[3].text ?? "", ruleRef: amendment.ruleRef ?? row[2].text,
                severity: amendment.severity ?? row[4].integer.map(Int.init), delayDays: amendment.delayDays ?? row[5].real,
                staffHours: amendment.staffHours ?? row[6].real, loggedAt: amendment.loggedAt ?? row[7].text,
                status: ObstacleStatus(rawValue: row[8].text ?? "") ?? .open, resolvedAt: row[9].text,
                resolution: row[10].text), journey: journey, now: now)
            let loggedAt = obstacle.loggedAt ?? ""
            if loggedAt != row[7].text, let next = try db.value("""
                SELECT min(at) FROM obstacle_status_history WHERE obstacle_id = ? AND id > (
                    SELECT min(id) FROM obstacle_status_history WHERE obstacle_id = ?)
                """, [id, id]).text, Validate.isBefore(next, loggedAt) {
                throw FieldError(field: "logged_at", "\(loggedAt) lies after the obstacle's next status change (\(next))")
            }
            let changes = changed([
                ("category", "category_id", row[1], .text(obstacle.category)),
                ("sectors", nil, row[11], .text(obstacle.sectors.joined(separator: ";"))),
                ("rule_ref", "rule_ref", row[2], obstacle.ruleRef.databaseValue),
                ("description", "description", row[3], .text(obstacle.description)),
                ("severity", "severity", row[4], obstacle.severity.databaseValue),
                ("delay_days", "delay_days", row[5], obstacle.delayDays.databaseValue),
                ("staff_hours", "staff_hours", row[6], obstacle.staffHours.databaseValue),
                ("logged_at", "logged_at", row[7], .text(loggedAt)),
            ])
            let written = try record(changes, on: .obstacle, id: id, reason: reason, action: "amended", now: now)
            if changes.contains(where: { $0.field == "sectors" }) {
                try db.execute("DELETE FROM obstacle_sectors WHERE obstacle_id = ?", [id])
                for sector in obstacle.sectors {
                    try db.execute("INSERT INTO obstacle_sectors (obstacle_id, sector_id) VALUES (?, ?)", [id, sector])
                }
            }
            if changes.contains(where: { $0.field == "logged_at" }) {
                // The first status entry is the logging itself.
                try db.execute("""
                    UPDATE obstacle_status_history SET at = ? WHERE id = (
                        SELECT min(id) FROM obstacle_status_history WHERE obstacle_id = ?)
                    """, [loggedAt, id])
            }
            return written
        }
    }

    /// Corrects a journey's own fields. A new opening may not lie after the
    /// journey's first step, obstacle or observation; a new ref may not be
    /// another journey's.
    @discardableResult
    public func amendJourney(_ reference: String, _ amendment: JourneyAmendment, reason: String) throws -> ResultTable {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        try Self.refuseEmpty(amendment.openedAt, field: "opened_at")
        try Self.refuseEmpty(amendment.type, field: "type")
        return try db.inTransaction {
            let current = try journey(reference)
            _ = try liveRow(.journey, current.id, columns: "id")
            let amended = try validated(NewJourney(
                citizenID: amendment.citizenID ?? current.citizenID, type: amendment.type ?? current.type,
                ref: amendment.ref ?? current.ref, title: amendment.title ?? current.title, goal: amendment.goal ?? current.goal,
                owner: current.owner, openedAt: amendment.openedAt ?? current.openedAt, closedAt: current.closedAt,
                outcome: current.outcome), now: now)
            if let ref = amended.ref, ref != current.ref,
               try !db.value("SELECT 1 FROM journeys WHERE ref = ? AND id <> ?", [ref, current.id]).isNull {
                throw FieldError(field: "ref", "another journey has the ref '\(ref)'")
            }
            let openedAt = amended.openedAt ?? current.openedAt
            if openedAt != current.openedAt, let first = try db.value("""
                SELECT min(at) FROM (
                    SELECT min(at) AS at FROM steps WHERE journey_id = ?1 AND voided_at IS NULL
                    UNION ALL SELECT min(logged_at) FROM obstacles WHERE journey_id = ?1 AND voided_at IS NULL
                    UNION ALL SELECT min(observed_at) FROM observations WHERE journey_id = ?1 AND voided_at IS NULL)
                """, [current.id]).text {
                try Validate.notBefore(first, openedAt, field: "opened_at", what: "the new opening")
            }
            if amended.citizenID != current.citizenID { _ = try ensureCitizen(amended.citizenID, at: now) }
            return try record(changed([
                ("type", "type", .text(current.type), .text(amended.type)),
                ("ref", "ref", current.ref.databaseValue, amended.ref.databaseValue),
                ("title", "title", current.title.databaseValue, amended.title.databaseValue),
                ("goal", "goal", current.goal.databaseValue, amended.goal.databaseValue),
                ("opened_at", "opened_at", .text(current.openedAt), .text(openedAt)),
                ("citizen", "citizen_id", .text(current.citizenID), .text(amended.citizenID)),
            ]), on: .journey, id: current.id, reason: reason, action: "amended", now: now)
        }
    }

    /// Opens a closed journey again; its outcome and close are cleared and
    /// kept in its history.
    public func reopenJourney(_ reference: String, reason: String) throws -> Journey {
        let reason = try checkedReason(reason)
        let now = Timestamp.now()
        return try db.inTransaction {
            let current = try journey(reference)
            _ = try liveRow(.journey, current.id, columns: "id")
            guard current.status == .closed else {
                throw FieldError(field: "journey", "journey \(current.label) is open: there is nothing to reopen")
            }
            try record([
                FieldChange(field: "status", column: "status", old: .text("closed"), new: .text("open")),
                FieldChange(field: "closed_at", column: "closed_at", old: current.closedAt.databaseValue, new: .null),
                FieldChange(field: "outcome", column: "outcome", old: current.outcome?.rawValue.databaseValue ?? .null,
                            new: .null),
            ], on: .journey, id: current.id, reason: reason, action: "reopened", now: now)
            return try journey(id: current.id)!
        }
    }

    /// A journey that is not voided, by id, for a change to one of its rows.
    func liveJourney(id: Int64) throws -> Journey {
        _ = try liveRow(.journey, id, columns: "id")
        guard let journey = try journey(id: id) else { throw unknown(.journey, id) }
        return journey
    }

    private static func refuseEmpty(_ value: String?, field: String) throws {
        if let value, value.trimmingSpaces.isEmpty { throw FieldError(field: field, "cannot be made empty") }
    }

    // MARK: - History

    /// Every change of one row, oldest first: field, old and new value,
    /// reason, actor and time. Unknown rows are not found (66).
    public func history(_ entity: CorrectableEntity, id: Int64) throws -> ResultTable {
        guard try db.row("SELECT 1 FROM \(entity.table) WHERE id = ?", [id]) != nil else { throw unknown(entity, id) }
        return try changes(of: entity, id: id)
    }

    /// The changes of one row as a table of `historyColumns`.
    func changes(of entity: CorrectableEntity, id: Int64) throws -> ResultTable {
        var table = ResultTable(columns: Self.historyColumns)
        for row in try db.rows("""
            SELECT at, actor, field, old_value, new_value, reason FROM changes
             WHERE entity = ? AND entity_id = ? ORDER BY id
            """, [entity.rawValue, id]) {
            table.append(row.values.map(OutputValue.init))
        }
        return table
    }
}
