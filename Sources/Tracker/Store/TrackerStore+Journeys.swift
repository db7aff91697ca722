extension TrackerStore {
    /// Finds a journey by the rule of the command line: a value equal to an
    /// existing ref is that journey; otherwise an integer is its id.
    public func journey(_ reference: String, field: String = "journey") throws -> Journey {
        let select = "SELECT \(Journey.columns) FROM journeys"
        if let row = try db.row(select + " WHERE ref = ?", [reference]) { return Journey(row: row) }
        if let id = Int64(reference), let row = try db.row(select + " WHERE id = ?", [id]) { return Journey(row: row) }
        throw Self.noJourney(reference, field: field)
    }

    static func noJourney(_ reference: String, field: String) -> FieldError {
        FieldError(field: field, "no journey with ref or id '\(reference)'", code: .notFound,
                   hint: "`tracker journey list` shows the journeys")
    }

    /// The citizen's other live, open journeys of a type: opening one more
    /// is allowed, with a warning naming these.
    public func openJourneys(citizen: String, type: String) throws -> [Journey] {
        try db.rows("""
            SELECT \(Journey.columns) FROM journeys
             WHERE citizen_id = ? AND type = ? AND status = 'open' AND voided_at IS NULL ORDER BY id
            """, [citizen, type]).map(Journey.init(row:))
    }

    /// A citizen's journeys, newest first; the look is audited (`viewed`),
    /// as every read of a person's case is.
    public func citizenJourneys(_ citizen: String) throws -> ResultTable {
        try db.inTransaction {
            guard try db.row("SELECT 1 FROM citizens WHERE id = ?", [citizen]) != nil else {
                throw FieldError(field: "citizen", "no citizen '\(citizen)'", code: .notFound,
                                 hint: "give the reference the journeys were opened with, or --cpr")
            }
            var table = ResultTable(columns: ["id", "ref", "type", "status", "owner", "opened_at", "closed_at"])
            for row in try db.rows("""
                SELECT id, ref, type, status, owner, opened_at, closed_at FROM journeys
                 WHERE citizen_id = ? AND voided_at IS NULL ORDER BY opened_at DESC, id DESC
                """, [citizen]) {
                table.append(row.values.map(OutputValue.init))
            }
            try audit(action: "viewed", entity: "citizen", entityID: citizen, detail: ["journeys": .int(table.rows.count)])
            return table
        }
    }

    func journeyExists(ref: String) throws -> Bool {
        try !db.value("SELECT 1 FROM journeys WHERE ref = ?", [ref]).isNull
    }

    public func journey(id: Int64) throws -> Journey? {
        try db.row("SELECT \(Journey.columns) FROM journeys WHERE id = ?", [id]).map(Journey.init(row:))
    }

    /// Runs a change on one journey in one transaction: the journey is looked
    /// up inside it, so it cannot change between the check and the write.
    func onJourney<T>(_ reference: String, _ body: (Journey, _ now: String) throws -> T) throws -> T {
        let now = Timestamp.now()
        return try db.inTransaction {
            let journey = try journey(reference)
            try requireLive(journey)
            return try body(journey, now)
        }
    }

    /// Checks a new journey and gives back the values to store.
    func validated(_ new: NewJourney, now: String) throws -> NewJourney {
        var checked = new
        checked.type = try Validate.slug(new.type, field: "type")
        checked.ref = try Validate.text(new.ref, field: "ref")
        if let ref = checked.ref, ref.utf8.count > 200 || ref.contains("\n") {
            throw FieldError(field: "ref", "a ref is one line of at most 200 bytes")
        }
        checked.title = try Validate.text(new.title, field: "title")
        checked.goal = try Validate.text(new.goal, field: "goal")
        checked.owner = try Validate.text(new.owner, field: "owner")
        checked.openedAt = try Validate.optionalDate(new.openedAt, field: "opened_at") ?? now
        checked.closedAt = try Validate.optionalDate(new.closedAt, field: "closed_at")
        if let closed = checked.closedAt {
            try Validate.notBefore(closed, checked.openedAt!, field: "closed_at", what: "the opening")
            guard checked.outcome != nil else {
                throw FieldError(field: "outcome", "a closed journey needs an outcome: \(Outcome.valueList)")
            }
        } else if checked.outcome != nil {
            throw FieldError(field: "outcome", "only a closed journey has an outcome; give closed_at too")
        }
        return checked
    }

    /// Opens a journey; returns its id. One transaction with its audit entry.
    @discardableResult
    public func openJourney(_ new: NewJourney) throws -> Int64 {
        let now = Timestamp.now()
        var new = new
        // A caseworker who opens a journey owns it until it is handed over.
        if new.owner == nil { new.owner = actor }
        let journey = try validated(new, now: now)
        return try db.inTransaction { try insertJourney(journey, now: now) }
    }

    /// Inserts a validated journey; the caller holds the transaction.
    func insertJourney(_ journey: NewJourney, now: String) throws -> Int64 {
        if let ref = journey.ref, try journeyExists(ref: ref) {
            throw FieldError(field: "ref", "a journey with ref '\(ref)' exists already")
        }
        let newCitizen = try ensureCitizen(journey.citizenID, at: now)
        try db.execute("""
            INSERT INTO journeys (ref, citizen_id, type, title, goal, owner, opened_at, closed_at, status, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [journey.ref, journey.citizenID, journey.type, journey.title, journey.goal, journey.owner,
             journey.openedAt, journey.closedAt, journey.closedAt == nil ? "open" : "closed", journey.outcome?.rawValue])
        let id = db.lastInsertedRowID
        try audit(action: "created", entity: "journey", entityID: String(id), detail: [
            "ref": .optional(journey.ref), "citizen_id": .text(journey.citizenID), "new_citizen": .bool(newCitizen),
            "type": .text(journey.type), "owner": .optional(journey.owner), "opened_at": .optional(journey.openedAt),
            "closed_at": .optional(journey.closedAt), "outcome": .optional(journey.outcome?.rawValue),
        ])
        return id
    }

    /// Closes an open journey with its outcome.
    public func closeJourney(_ reference: String, outcome: Outcome, closedAt: String? = nil) throws -> Journey {
        let closed = try Validate.optionalDate(closedAt, field: "closed_at") ?? Timestamp.now()
        return try db.inTransaction {
            let journey = try journey(reference)
            try requireLive(journey)
            guard journey.status == .open else {
                throw FieldError(field: "journey", "journey \(journey.label) is already closed (\(journey.closedAt ?? "?"), \(journey.outcome?.rawValue ?? "?"))")
            }
            try Validate.notBefore(closed, journey.openedAt, field: "closed_at", what: "the journey's opening")
            if closed.count == 10, journey.openedAt.count > 10, closed == journey.openedAt.prefix(10) {
                throw FieldError(field: "closed_at", "a close on the day of the opening needs a time after it (\(journey.openedAt))",
                                 hint: "give the time, e.g. --closed \(closed)T16:00")
            }
            try db.execute("UPDATE journeys SET status = 'closed', closed_at = ?, outcome = ? WHERE id = ?",
                           [closed, outcome.rawValue, journey.id])
            try audit(action: "closed", entity: "journey", entityID: String(journey.id),
                      detail: ["closed_at": .text(closed), "outcome": .text(outcome.rawValue)])
            return try self.journey(id: journey.id)!
        }
    }
}

/// A journey as its row in the database reads.
extension Journey {
    static let columns = "id, ref, citizen_id, type, title, goal, owner, opened_at, closed_at, status, outcome, voided_at"

    init(row: Row) {
        id = row[0].integer ?? 0
        ref = row[1].text
        citizenID = row[2].text ?? ""
        type = row[3].text ?? ""
        title = row[4].text
        goal = row[5].text
        owner = row[6].text
        openedAt = row[7].text ?? ""
        closedAt = row[8].text
        status = JourneyStatus(rawValue: row[9].text ?? "") ?? .open
        outcome = row[10].text.flatMap(Outcome.init(rawValue:))
        voidedAt = row[11].text
    }
}
