/// `tracker rule challenge | respond | list | show`: the challenges of the
/// rules obstacles point at. Each filing and each answer is one transaction
/// with its audit entry.
extension TrackerStore {
    /// Files a challenge, freezing the rule's evidence as of the submission
    /// day. A rule that no obstacle logged by then names is refused (66):
    /// there is nothing to show the authority.
    @discardableResult
    public func fileChallenge(_ new: NewRuleChallenge) throws -> RuleChallenge {
        let now = Timestamp.now()
        let rule = try Validate.requiredText(new.ruleRef, field: "rule")
        let authority = try Validate.requiredText(new.authority, field: "to")
        let submitted = try Validate.date(new.submittedAt, field: "submitted")
        try Validate.notFuture(submitted, now: now, field: "submitted")
        let request = try Validate.text(new.request, field: "request")
        let caseRef = try Validate.text(new.caseRef, field: "case-ref")
        return try db.inTransaction {
            guard let evidence = try ruleEvidence(rule, asOf: AsOfDate(submitted)) else {
                let known = try db.value("SELECT 1 FROM obstacles WHERE rule_ref = ? AND voided_at IS NULL LIMIT 1", [rule])
                throw TrackerError.notFound(
                    known.isNull ? "no obstacle names the rule '\(rule)'"
                                 : "no obstacle logged on or before \(submitted) names the rule '\(rule)'",
                    hint: "`tracker analyze rules --top 100` lists the rules the obstacles name, with their evidence")
            }
            try db.execute("""
                INSERT INTO rule_challenges (rule_ref, authority, submitted_at, request, case_ref, evidence, status, actor)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
                """, [rule, authority, submitted, request, caseRef, evidence.json, actor])
            let id = db.lastInsertedRowID
            try audit(action: "challenged", entity: "rule_challenge", entityID: String(id), detail: [
                "rule_ref": .text(rule), "authority": .text(authority), "submitted_at": .text(submitted),
                "status": .text(ChallengeStatus.pending.rawValue),
                "obstacles": .int(evidence.obstacles), "delay_days_total": .real(evidence.delayDaysTotal),
            ])
            return try challenge(id)
        }
    }

    /// Records the authority's answer, once. A grant may take effect from a
    /// day on or after the answer; a refusal or a withdrawal takes none.
    @discardableResult
    public func respond(to reference: String, _ response: ChallengeResponse) throws -> RuleChallenge {
        let now = Timestamp.now()
        let at = try Validate.date(response.at, field: "at")
        try Validate.notFuture(at, now: now, field: "at")
        let effective = try Validate.optionalDate(response.effectiveFrom, field: "effective")
        let note = try Validate.text(response.note, field: "note")
        if effective != nil && !response.outcome.takesEffect {
            throw FieldError(field: "effective", "only a grant (granted or partial) takes effect; a challenge \(response.outcome.rawValue) has no effective date")
        }
        return try db.inTransaction {
            let challenge = try challenge(reference)
            guard challenge.status == .pending else {
                throw FieldError(field: "challenge", "challenge \(challenge.id) was answered already: \(challenge.status.rawValue) on \(challenge.respondedAt ?? "?")",
                                 hint: "an answer is recorded once; file a new challenge for a new request")
            }
            try Validate.notBefore(at, challenge.submittedAt, field: "at", what: "the submission of challenge \(challenge.id)")
            if let effective {
                try Validate.notBefore(effective, at, field: "effective", what: "the answer")
            }
            try db.execute("UPDATE rule_challenges SET status = ?, responded_at = ?, effective_from = ?, note = ? WHERE id = ?",
                           [response.outcome.rawValue, at, effective, note, challenge.id])
            try audit(action: "responded", entity: "rule_challenge", entityID: String(challenge.id), detail: [
                "rule_ref": .text(challenge.ruleRef), "status_before": .text(challenge.status.rawValue),
                "status": .text(response.outcome.rawValue), "responded_at": .text(at), "effective_from": .optional(effective),
            ])
            return try self.challenge(challenge.id)
        }
    }

    /// A challenge by its id.
    public func challenge(_ reference: String) throws -> RuleChallenge {
        guard let id = Int64(reference), id > 0 else {
            throw FieldError(field: "challenge", "'\(reference)' is not a challenge id (a whole number)",
                             hint: "`tracker rule list` shows the challenges and their ids")
        }
        return try challenge(id)
    }

    func challenge(_ id: Int64) throws -> RuleChallenge {
        guard let row = try db.row("SELECT \(RuleChallenge.columns) FROM rule_challenges WHERE id = ?", [id]) else {
            throw FieldError(field: "challenge", "no challenge \(id)", code: .notFound,
                             hint: "`tracker rule list` shows the challenges and their ids")
        }
        return RuleChallenge(row: row)
    }

    /// The challenges, newest first; of one status when given.
    public func challenges(status: ChallengeStatus? = nil, rule: String? = nil) throws -> [RuleChallenge] {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let status { conditions.append("status = ?"); arguments.append(status.rawValue) }
        if let rule { conditions.append("rule_ref = ?"); arguments.append(rule) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try db.rows("SELECT \(RuleChallenge.columns) FROM rule_challenges\(filter) ORDER BY submitted_at DESC, id DESC",
                           arguments).map(RuleChallenge.init(row:))
    }

    /// The rule's row of `analyze rules` counting only what was known at
    /// `asOf`: obstacles logged by then, each open or not as its status
    /// history stood then; nil when there were none.
    func ruleEvidence(_ rule: String, asOf: AsOfDate) throws -> RuleAnalysis.Row? {
        let bound = asOf.inclusiveBound
        let rows = try db.rows("""
            SELECT o.journey_id, o.delay_days, o.staff_hours, o.logged_at,
                   (SELECT h.status FROM obstacle_status_history h WHERE h.obstacle_id = o.id AND h.at <= ?2
                     ORDER BY h.at DESC, h.id DESC LIMIT 1)
              FROM obstacles o JOIN journeys j ON j.id = o.journey_id
             WHERE o.rule_ref = ?1 AND o.logged_at <= ?2 AND o.voided_at IS NULL AND j.voided_at IS NULL AND j.opened_at <= ?2
             ORDER BY o.journey_id, o.id
            """, [rule, bound])
        guard !rows.isEmpty else { return nil }
        var journeys = 0, lastJourney: Int64?, delays: [Double] = [], staffHours = 0.0, open = 0
        var first = rows[0][3].text ?? "", last = first
        for row in rows {
            if row[0].integer != lastJourney { journeys += 1; lastJourney = row[0].integer }
            if let delay = row[1].real { delays.append(delay) }
            staffHours += row[2].real ?? 0
            let logged = row[3].text ?? ""
            first = min(first, logged)
            last = max(last, logged)
            // An obstacle logged before its history begins counts as open.
            if ObstacleStatus(rawValue: row[4].text ?? "open")?.isUnresolved ?? true { open += 1 }
        }
        let sectors = try db.rows("""
            SELECT DISTINCT s.sector_id FROM obstacle_sectors s JOIN obstacles o ON o.id = s.obstacle_id
              JOIN journeys j ON j.id = o.journey_id
             WHERE o.rule_ref = ?1 AND o.logged_at <= ?2 AND o.voided_at IS NULL AND j.voided_at IS NULL AND j.opened_at <= ?2
             ORDER BY 1
            """, [rule, bound]).compactMap { $0[0].text }
        return RuleAnalysis.Row(
            ruleRef: rule, journeys: journeys, obstacles: rows.count, delayDaysTotal: delays.reduce(0, +),
            delayDaysMedian: Statistics.median(delays), staffHoursTotal: staffHours, open: open, sectors: sectors,
            firstSeen: first, lastSeen: last)
    }
}

extension RuleChallenge {
    static let listColumns = ["id", "rule_ref", "authority", "submitted_at", "status", "responded_at", "effective_from", "case_ref"]

    var listValues: [OutputValue] {
        [.integer(id), .text(ruleRef), .text(authority), .text(submittedAt), .text(status.rawValue), .optional(respondedAt),
         .optional(effectiveFrom), .optional(caseRef)]
    }

    /// Every field, the evidence as the JSON object it is.
    public var details: ResultTable {
        var table = ResultTable(columns: ["id", "rule_ref", "authority", "submitted_at", "request", "case_ref", "status",
                                          "responded_at", "effective_from", "note", "actor", "evidence"])
        table.append([.integer(id), .text(ruleRef), .text(authority), .text(submittedAt), .optional(request), .optional(caseRef),
                      .text(status.rawValue), .optional(respondedAt), .optional(effectiveFrom), .optional(note), .text(actor),
                      .json(evidence)])
        return table
    }

    public static func list(_ challenges: [RuleChallenge]) -> ResultTable {
        var table = ResultTable(columns: listColumns)
        for challenge in challenges { table.append(challenge.listValues) }
        return table
    }
}

extension RuleChallenge {
    /// For people: every field on its own line, the evidence's figures
    /// each on theirs.
    public var figures: ResultTable {
        var table = ResultTable(columns: ["field", "value"])
        let details = details
        for (index, column) in details.columns.enumerated() where column != "evidence" {
            table.append([.text(column), details.rows[0][index]])
        }
        for (key, value) in evidenceFigures where key != "rule_ref" {
            table.append([.text("evidence." + key), value])
        }
        return table
    }

    /// The evidence's figures by name, in the order filed.
    var evidenceFigures: [(key: String, value: OutputValue)] {
        guard case .object(let members)? = try? JSONValue(parsing: evidence) else { return [] }
        return members.map { ($0.key, Self.plain($0.value)) }
    }

    private static func plain(_ value: JSONValue) -> OutputValue {
        switch value {
        case .null: .null
        case .bool(let bool): .bool(bool)
        case .number(let number): number.isInteger ? .optional(number.integerValue) : .real(number.doubleValue)
        case .string(let string): .text(string)
        case .array(let items): .list(items.map { if case .string(let text) = $0 { text } else { "" } })
        case .object: .null
        }
    }
}
