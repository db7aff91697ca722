/// Everything that happened on one journey, in time order: steps, obstacle
/// status changes and observations, with the sectors crossed, the handoffs
/// between them and the obstacles still open.
public struct JourneyTimeline: Sendable {
    public struct Entry: Sendable, Equatable {
        public let at: String
        /// `opened`, `step`, `obstacle_open`, `obstacle_resolved`, ..., `observation`, `closed`.
        public let event: String
        public let entityID: Int64?
        /// The sector of a step; the sectors of an obstacle.
        public let sectors: [String]
        /// The step kind, obstacle category, measure, or outcome.
        public let kind: String?
        public let text: String?
        public let value: Double?
        public let actor: String?
    }

    public struct Handoff: Sendable, Equatable {
        public let from: String
        public let to: String
        public let at: String
        public let gapDays: Double
    }

    public struct OpenObstacle: Sendable, Equatable {
        public let id: Int64
        public let category: String
        public let status: ObstacleStatus
        public let sectors: [String]
        public let ruleRef: String?
        public let loggedAt: String
        public let daysOpen: Double
    }

    public let journey: Journey
    public let asOf: String
    public let entries: [Entry]
    public let sectorsCrossed: [String]
    public let handoffs: [Handoff]
    public let openObstacles: [OpenObstacle]
    /// The journey's own corrections, oldest first (`TrackerStore.historyColumns`).
    public let changes: ResultTable

    /// Days from opening to closing, or to as-of while open.
    public var daysOpen: Double {
        let end = journey.closedAt ?? asOf
        return max(0, (Timestamp.days(end) ?? 0) - (Timestamp.days(journey.openedAt) ?? 0))
    }
}

extension TrackerStore {
    /// Reads a journey's timeline and records in the audit log that it was
    /// viewed, by whom: public bodies must log who looked at a person's case.
    public func timeline(of reference: String, asOf: String? = nil) throws -> JourneyTimeline {
        let now = Timestamp.now()
        let asOf = try Validate.optionalDate(asOf, field: "as_of") ?? now
        return try db.inTransaction {
            let journey = try journey(reference)
            let timeline = try readTimeline(journey, asOf: asOf)
            try audit(action: "viewed", entity: "journey", entityID: String(journey.id), detail: [:])
            return timeline
        }
    }

    private func readTimeline(_ journey: Journey, asOf: String) throws -> JourneyTimeline {
        typealias Entry = JourneyTimeline.Entry
        var entries: [(order: Int, entry: Entry)] = []
        entries.append((0, Entry(at: journey.openedAt, event: "opened", entityID: journey.id, sectors: [],
                                 kind: journey.type, text: journey.title ?? journey.goal, value: nil, actor: nil)))
        for row in try db.rows("SELECT id, sector_id, kind, unit, at, note FROM steps WHERE journey_id = ? AND voided_at IS NULL ORDER BY at, id", [journey.id]) {
            let text = [row[3].text, row[5].text].compactMap { $0 }.joined(separator: ": ")
            entries.append((1, Entry(at: row[4].text ?? "", event: "step", entityID: row[0].integer, sectors: [row[1].text ?? ""],
                                     kind: row[2].text, text: text.isEmpty ? nil : text, value: nil, actor: nil)))
        }
        let obstacleRows = try db.rows("""
            SELECT o.id, o.category_id, o.description, o.delay_days, h.status, h.at, h.actor, h.note,
                   \(SQLFragments.obstacleSectors(of: "o")), o.rule_ref, o.status, o.logged_at
            FROM obstacles o JOIN obstacle_status_history h ON h.obstacle_id = o.id
            WHERE o.journey_id = ? AND o.voided_at IS NULL ORDER BY h.at, h.id
            """, [journey.id])
        var openObstacles: [Int64: JourneyTimeline.OpenObstacle] = [:]
        var firstEntry = Set<Int64>()
        for row in obstacleRows {
            let id = row[0].integer ?? 0
            let status = row[4].text ?? ""
            let sectors = (row[8].text ?? "").split(separator: ";").map(String.init)
            let isFirst = firstEntry.insert(id).inserted
            var text = isFirst ? row[2].text : row[7].text
            if isFirst, let rule = row[9].text { text = "\(rule): \(text ?? "")" }
            entries.append((2, Entry(at: row[5].text ?? "", event: "obstacle_\(status)", entityID: id, sectors: sectors,
                                     kind: row[1].text, text: text, value: isFirst ? row[3].real : nil, actor: row[6].text)))
            if let current = ObstacleStatus(rawValue: row[10].text ?? ""), current.isUnresolved {
                let loggedAt = row[11].text ?? ""
                openObstacles[id] = .init(id: id, category: row[1].text ?? "", status: current, sectors: sectors,
                                          ruleRef: row[9].text, loggedAt: loggedAt,
                                          daysOpen: max(0, (Timestamp.days(asOf) ?? 0) - (Timestamp.days(loggedAt) ?? 0)))
            }
        }
        for row in try db.rows("SELECT id, measure_id, phase, value, observed_at FROM observations WHERE journey_id = ? AND voided_at IS NULL ORDER BY observed_at, id", [journey.id]) {
            entries.append((3, Entry(at: row[4].text ?? "", event: "observation", entityID: row[0].integer, sectors: [],
                                     kind: row[1].text, text: row[2].text, value: row[3].real, actor: nil)))
        }
        for row in try db.rows("SELECT id, at, actor, text FROM notes WHERE journey_id = ? AND voided_at IS NULL ORDER BY at, id",
                               [journey.id]) {
            entries.append((3, Entry(at: row[1].text ?? "", event: "note", entityID: row[0].integer, sectors: [],
                                     kind: nil, text: row[3].text, value: nil, actor: row[2].text)))
        }
        if let closedAt = journey.closedAt {
            entries.append((4, Entry(at: closedAt, event: "closed", entityID: journey.id, sectors: [],
                                     kind: journey.outcome?.rawValue, text: nil, value: nil, actor: nil)))
        }
        // One order for every view of a journey: by day first, and within a
        // day the opening first and the close last (a day-only date is
        // never "before" an opening later that day); then by instant, a
        // day-only date at its start; then steps < obstacles < observations
        // and notes, then as read (by id).
        func rank(_ order: Int) -> Int { order == 0 ? 0 : order == 4 ? 2 : 1 }
        let ordered = entries.enumerated().sorted {
            let (a, b) = ($0.element, $1.element)
            return (a.entry.at.prefix(10), rank(a.order), a.entry.at, a.order, $0.offset)
                < (b.entry.at.prefix(10), rank(b.order), b.entry.at, b.order, $1.offset)
        }.map(\.element.entry)

        var crossed: [String] = []
        for entry in ordered where entry.event == "step" {
            if let sector = entry.sectors.first, !crossed.contains(sector) { crossed.append(sector) }
        }
        let handoffs = try db.rows("SELECT from_sector, to_sector, to_at, gap_days FROM v_transitions WHERE journey_id = ? ORDER BY to_at, to_step_id", [journey.id])
            .map { JourneyTimeline.Handoff(from: $0[0].text ?? "", to: $0[1].text ?? "", at: $0[2].text ?? "", gapDays: $0[3].real ?? 0) }
        return JourneyTimeline(journey: journey, asOf: asOf, entries: ordered, sectorsCrossed: crossed, handoffs: handoffs,
                               openObstacles: openObstacles.values.sorted { $0.id < $1.id },
                               changes: try changes(of: .journey, id: journey.id))
    }
}

extension JourneyTimeline {
    static let entryKeys = ["at", "event", "id", "sectors", "kind", "text", "value", "actor"]

    /// One row: the journey, with its timeline, handoffs and open obstacles
    /// nested, for json, ndjson and csv.
    public var table: ResultTable {
        let entryRecords = entries.map { entry -> [(key: String, value: OutputValue)] in
            [("at", .text(entry.at)), ("event", .text(entry.event)), ("id", .optional(entry.entityID.map(Int.init))),
             ("sectors", .list(entry.sectors)), ("kind", .optional(entry.kind)), ("text", .optional(entry.text)),
             ("value", .optional(entry.value)), ("actor", .optional(entry.actor))]
        }
        let handoffRecords = handoffs.map { handoff -> [(key: String, value: OutputValue)] in
            [("from_sector", .text(handoff.from)), ("to_sector", .text(handoff.to)), ("at", .text(handoff.at)),
             ("gap_days", .real(handoff.gapDays))]
        }
        let obstacleRecords = openObstacles.map { obstacle -> [(key: String, value: OutputValue)] in
            [("id", .integer(obstacle.id)), ("category", .text(obstacle.category)), ("status", .text(obstacle.status.rawValue)),
             ("sectors", .list(obstacle.sectors)), ("rule_ref", .optional(obstacle.ruleRef)),
             ("logged_at", .text(obstacle.loggedAt)), ("days_open", .real(obstacle.daysOpen))]
        }
        return ResultTable(
            columns: ["id", "ref", "citizen", "type", "title", "goal", "owner", "status", "outcome", "opened_at",
                      "closed_at", "days_open", "sectors_crossed", "timeline", "handoffs", "open_obstacles", "voided",
                      "changes"],
            rows: [[.integer(journey.id), .optional(journey.ref), .text(journey.citizenID), .text(journey.type),
                    .optional(journey.title), .optional(journey.goal), .optional(journey.owner), .text(journey.status.rawValue),
                    .optional(journey.outcome?.rawValue), .text(journey.openedAt), .optional(journey.closedAt),
                    .real(daysOpen), .list(sectorsCrossed), .records(entryRecords), .records(handoffRecords),
                    .records(obstacleRecords), .bool(journey.voidedAt != nil), .records(changes.records)]])
    }

    /// The timeline as a caseworker reads it in a terminal, every line
    /// fitting `maxWidth` columns when given (the longest texts cut with `…`).
    public func text(maxWidth: Int? = nil, in language: Language = .en) -> String {
        let say = language.message
        var lines: [String] = []
        let j = journey
        lines.append(say("Journey \(j.label) (id \(j.id)) · \(j.type) · citizen \(j.citizenID)"))
        if let title = j.title { lines.append(say("  title:   \(title)")) }
        if let goal = j.goal { lines.append(say("  goal:    \(goal)")) }
        if let owner = j.owner { lines.append(say("  owner:   \(owner)")) }
        let state = j.status == .open
            ? "open since \(j.openedAt), \(NumberText.fixed(daysOpen, decimals: 0)) days"
            : "closed \(j.closedAt ?? "") (\(j.outcome?.rawValue ?? "")) after \(NumberText.fixed(daysOpen, decimals: 0)) days"
        lines.append(say("  status:  \(state)"))
        if let voided = j.voidedAt { lines.append(say("  VOIDED:  \(voided): it counts in no listing, analysis or export")) }
        lines.append("")
        var rows = ResultTable(columns: ["at", "event", "sector", "what", "value"])
        for entry in entries {
            let event = entry.event.hasPrefix("obstacle_")
                ? "obstacle #\(entry.entityID ?? 0) \(entry.event.dropFirst(9))" : entry.event
            let what = [entry.kind, entry.text].compactMap { $0 }.joined(separator: " · ")
            rows.append([.text(entry.at), .text(event), .text(entry.sectors.joined(separator: "|")),
                         .text(what), .optional(entry.value)])
        }
        lines.append(rows.headed(in: language).rendered(as: .table, maxWidth: maxWidth))
        lines.append(say("Sectors crossed: " + (sectorsCrossed.isEmpty ? "none" : sectorsCrossed.joined(separator: " → "))))
        if handoffs.isEmpty {
            lines.append(say("Handoffs: none"))
        } else {
            lines.append(say("Handoffs:"))
            for handoff in handoffs {
                lines.append(say("  \(handoff.from) → \(handoff.to) on \(handoff.at.prefix(10)), after \(NumberText.forTable(handoff.gapDays, column: "days")) days"))
            }
        }
        if openObstacles.isEmpty {
            lines.append(say("Open obstacles: none"))
        } else {
            lines.append(say("Open obstacles:"))
            for obstacle in openObstacles {
                let rule = obstacle.ruleRef.map { " (\($0))" } ?? ""
                lines.append(say("  #\(obstacle.id) \(obstacle.category)\(rule) between \(obstacle.sectors.joined(separator: " and ")), "
                    + "\(obstacle.status.rawValue), \(NumberText.fixed(obstacle.daysOpen, decimals: 0)) days open"))
            }
        }
        if !changes.rows.isEmpty {
            lines.append(say("Changes:"))
            for line in changes.headed(in: language).rendered(as: .table, maxWidth: maxWidth.map { $0 - 2 }).split(separator: "\n") {
                lines.append("  " + line)
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        guard let maxWidth else { return text }
        var fitted: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            fitted.append(line.count > maxWidth ? String(line.prefix(maxWidth - 1)) + "…" : String(line))
        }
        return fitted.joined(separator: "\n")
    }
}
