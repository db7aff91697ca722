/// Who owns a journey, handing it over, and the follow-ups a caseworker
/// promised. An owner change is a row of `changes` like any correction.
extension TrackerStore {
    /// Hands one journey to another caseworker.
    @discardableResult
    public func assign(journey reference: String, to owner: String, note: String? = nil) throws -> ResultTable {
        let owner = try Self.checkedOwner(owner)
        let note = try Validate.text(note, field: "note")
        let now = Timestamp.now()
        return try db.inTransaction {
            let journey = try journey(reference)
            try requireLive(journey)
            return try record(changed([("owner", "owner", journey.owner.databaseValue, .text(owner))]),
                              on: .journey, id: journey.id, reason: note ?? "handed over to \(owner)", action: "assigned",
                              now: now)
        }
    }

    /// Hands every live, open journey of one caseworker (of one type, when
    /// given) to another, in one transaction with a change row per journey.
    /// With `dryRun` nothing is written: the journeys that would move are
    /// listed. Returns `id, ref, type, from, to` per journey.
    public func reassign(from: String, to: String, type: String? = nil, dryRun: Bool = false) throws -> ResultTable {
        let from = try Self.checkedOwner(from, field: "from")
        let to = try Self.checkedOwner(to, field: "to")
        guard from != to else { throw FieldError(field: "to", "is the same caseworker as --from") }
        let now = Timestamp.now()
        return try db.inTransaction {
            var sql = """
                SELECT id, ref, type FROM journeys WHERE owner = ? AND status = 'open' AND voided_at IS NULL
                """
            var arguments: [any DatabaseValueConvertible] = [from]
            if let type {
                sql += " AND type = ?"
                arguments.append(type)
            }
            var moved = ResultTable(columns: ["id", "ref", "type", "from", "to"])
            for row in try db.rows(sql + " ORDER BY id", arguments) {
                let id = row[0].integer ?? 0
                if !dryRun {
                    try record([FieldChange(field: "owner", column: "owner", old: .text(from), new: .text(to))],
                               on: .journey, id: id, reason: "caseload of \(from) handed over to \(to)",
                               action: "assigned", now: now)
                }
                moved.append([.integer(id), OutputValue(row[1]), OutputValue(row[2]), .text(from), .text(to)])
            }
            guard !moved.rows.isEmpty else {
                throw FieldError(field: "from", "\(from) owns no open journey\(type.map { " of type \($0)" } ?? "")",
                                 code: .notFound, hint: "`tracker journey list --owner \(from)` shows their journeys")
            }
            return moved
        }
    }

    private static func checkedOwner(_ owner: String, field: String = "to") throws -> String {
        let owner = try Validate.requiredText(owner.trimmingSpaces, field: field)
        guard owner.utf8.count <= 200, !owner.contains("\n") else {
            throw FieldError(field: field, "a caseworker is named in one line of at most 200 bytes")
        }
        return owner
    }

    // MARK: - Follow-ups

    /// Something to do on a journey by a day; the day may lie in the future.
    @discardableResult
    public func addFollowUp(journey reference: String, due: String, what: String) throws -> Int64 {
        let due = try Validate.date(due, field: "due")
        let what = try Validate.requiredText(what, field: "what")
        return try onJourney(reference) { journey, now in
            try db.execute("INSERT INTO follow_ups (journey_id, due, what, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                           [journey.id, due, what, now, actor])
            let id = db.lastInsertedRowID
            try audit(action: "created", entity: "follow_up", entityID: String(id),
                      detail: ["journey_id": .integer(journey.id), "due": .text(due)])
            return id
        }
    }

    /// Marks a follow-up done, once.
    public func completeFollowUp(_ id: Int64, note: String? = nil) throws {
        let note = try Validate.text(note, field: "note")
        let now = Timestamp.now()
        try db.inTransaction {
            guard let row = try db.row("SELECT done_at FROM follow_ups WHERE id = ?", [id]) else {
                throw FieldError(field: "follow_up", "no follow-up with id \(id)", code: .notFound,
                                 hint: "`tracker follow-up list` shows the open follow-ups")
            }
            if let done = row[0].text { throw FieldError(field: "follow_up", "follow-up \(id) was done already, at \(done)") }
            try db.execute("UPDATE follow_ups SET done_at = ?, done_by = ?, note = ? WHERE id = ?", [now, actor, note, id])
            try audit(action: "done", entity: "follow_up", entityID: String(id), detail: ["note": .optional(note)])
        }
    }

    public static let followUpColumns = ["id", "journey_id", "journey_ref", "owner", "due", "what", "created_by"]

    /// The open follow-ups of live journeys, oldest due first: of one owner
    /// when given, due by a day when given.
    public func followUps(owner: String? = nil, dueBy: String? = nil) throws -> ResultTable {
        let dueBy = try dueBy.map { try AsOfDate($0).inclusiveBound }
        var conditions = ["f.done_at IS NULL", "j.voided_at IS NULL"]
        var arguments: [any DatabaseValueConvertible] = []
        if let owner {
            conditions.append("j.owner = ?")
            arguments.append(owner)
        }
        if let dueBy {
            conditions.append("f.due <= ?")
            arguments.append(dueBy)
        }
        var table = ResultTable(columns: Self.followUpColumns)
        for row in try db.rows("""
            SELECT f.id, f.journey_id, j.ref, j.owner, f.due, f.what, f.created_by
              FROM follow_ups f JOIN journeys j ON j.id = f.journey_id
             WHERE \(conditions.joined(separator: " AND "))
             ORDER BY f.due, f.id
            """, arguments) {
            table.append(row.values.map(OutputValue.init))
        }
        return table
    }
}
