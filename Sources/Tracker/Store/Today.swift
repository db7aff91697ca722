/// A caseworker's morning: for one owner and one day, the follow-ups due,
/// the journeys gone quiet, the obstacles still open, and the measurements
/// missing (no baseline after two weeks; a recent close with a baseline and
/// no follow-up).
public struct Today: Sendable {
    public struct Section: Sendable {
        /// The JSON key, e.g. `follow_ups_due`.
        public let key: String
        public let title: String
        public let table: ResultTable
    }

    public let owner: String
    public let asOf: AsOfDate
    public let stalledDays: Double
    public let sections: [Section]

    public static let defaultStalledDays = 30.0
    /// An open journey this many days old should have a baseline.
    public static let baselineDays = 14
    /// A journey closed this recently should get its follow-up.
    public static let followupDays = 90
}

extension TrackerStore {
    /// The work queue of `owner` (default: the actor) as of a day.
    /// `fromRowsOnly`: the tests' way to read it without the kept facts.
    public func today(owner: String? = nil, asOf: String? = nil, stalledDays: Double = Today.defaultStalledDays,
                      fromRowsOnly: Bool = false) throws -> Today {
        let owner = owner ?? actor
        guard !owner.isEmpty else {
            throw TrackerError.usage("whose day? no --owner and no actor", hint: "pass --owner NAME or --actor NAME")
        }
        let asOf = try AsOfDate(asOf)
        guard stalledDays >= 0, stalledDays.isFinite else { throw FieldError(field: "stalled", "must be 0 or more days") }
        return try reading(spareReaders: 0) { session in
            var session = session
            session.ignoresKeptFacts = fromRowsOnly
            let bound = asOf.inclusiveBound
            let asOfDay = asOf.julianDay
            // CROSS JOIN keeps the owner's journeys the outer loop: a
            // caseload is small, the open obstacles of everyone are not.
            // Where nothing in the file is dated after as-of, the facts kept
            // at write time name the owner's journeys with open obstacles,
            // without a baseline, or closed lately; otherwise the rows do.
            let kept = try StalledJourneys.factsHold(asOf: asOf, session)
            let openObstacles = try table(session, ["id", "journey_ref", "category", "sectors", "status", "logged_at", "days_open"], """
                SELECT o.id, j.ref, o.category_id, \(SQLFragments.obstacleSectors(of: "o")), o.status, o.logged_at,
                       max(0, ?3 - julianday(o.logged_at))
                  FROM \(kept ? """
                        journey_facts k CROSS JOIN journeys j ON j.id = k.journey_id
                        CROSS JOIN obstacles o ON o.journey_id = j.id
                       WHERE k.owner = ?1 AND k.open_obstacles > 0
                       """ : "journeys j CROSS JOIN obstacles o ON o.journey_id = j.id WHERE j.owner = ?1")
                   AND j.voided_at IS NULL AND o.voided_at IS NULL
                   AND o.status IN ('open', 'escalated') AND o.logged_at <= ?2
                 ORDER BY o.logged_at, o.id
                """, [owner, bound, asOfDay], lists: [3])
            let missingBaseline = try table(session, ["id", "ref", "type", "opened_at", "days_open"], kept ? """
                SELECT j.id, j.ref, j.type, j.opened_at, ?3 - julianday(j.opened_at)
                  FROM journey_facts k CROSS JOIN journeys j ON j.id = k.journey_id
                 WHERE k.owner = ?1 AND k.is_open = 1 AND k.baselines = 0 AND ?3 - julianday(j.opened_at) > ?4
                 ORDER BY j.opened_at, j.id
                """ : """
                SELECT j.id, j.ref, j.type, j.opened_at, ?3 - julianday(j.opened_at)
                  FROM journeys j
                 WHERE j.owner = ?1 AND j.voided_at IS NULL AND j.opened_at <= ?2
                   AND (j.closed_at IS NULL OR j.closed_at > ?2)
                   AND ?3 - julianday(j.opened_at) > ?4
                   AND NOT EXISTS (SELECT 1 FROM observations b WHERE b.journey_id = j.id AND b.phase = 'baseline'
                                      AND b.voided_at IS NULL AND b.observed_at <= ?2)
                 ORDER BY j.opened_at, j.id
                """, [owner, bound, asOfDay, Today.baselineDays])
            let missingFollowup = try table(session, ["id", "ref", "type", "closed_at"], kept ? """
                SELECT j.id, j.ref, j.type, j.closed_at
                  FROM journey_facts k CROSS JOIN journeys j ON j.id = k.journey_id
                 WHERE k.owner = ?1 AND k.closed_day >= ?3 - ?4 - 1e-6 AND ?3 - k.closed_day <= ?4
                   AND k.baselines > 0 AND k.followups = 0
                 ORDER BY j.closed_at, j.id
                """ : """
                SELECT j.id, j.ref, j.type, j.closed_at
                  FROM journeys j
                 WHERE j.owner = ?1 AND j.voided_at IS NULL AND j.closed_at <= ?2
                   AND ?3 - julianday(j.closed_at) <= ?4
                   AND EXISTS (SELECT 1 FROM observations b WHERE b.journey_id = j.id AND b.phase = 'baseline'
                                  AND b.voided_at IS NULL)
                   AND NOT EXISTS (SELECT 1 FROM observations f WHERE f.journey_id = j.id AND f.phase = 'followup'
                                      AND f.voided_at IS NULL)
                 ORDER BY j.closed_at, j.id
                """, [owner, bound, asOfDay, Today.followupDays])
            let stalled = try StalledJourneys(session, days: stalledDays, asOf: asOf, scope: .init(owner: owner)).table
            return Today(owner: owner, asOf: asOf, stalledDays: stalledDays, sections: [
                .init(key: "follow_ups_due", title: "Follow-ups due", table: try followUps(owner: owner, dueBy: asOf.text)),
                .init(key: "stalled", title: "Stalled for more than \(NumberText.shortest(stalledDays)) days", table: stalled),
                .init(key: "open_obstacles", title: "Open obstacles", table: openObstacles),
                .init(key: "missing_baseline", title: "No baseline after \(Today.baselineDays) days", table: missingBaseline),
                .init(key: "missing_followup", title: "Closed in the last \(Today.followupDays) days without a follow-up",
                      table: missingFollowup),
            ])
        }
    }

    private func table(_ session: ReadSession, _ columns: [String], _ sql: String, _ arguments: [any DatabaseValueConvertible],
                       lists: Set<Int> = []) throws -> ResultTable {
        var table = ResultTable(columns: columns)
        for row in try session.rows(sql, arguments) {
            var values = row.values.map(OutputValue.init)
            for index in lists { values[index] = .list((row[index].text ?? "").split(separator: ";").map(String.init)) }
            table.append(values)
        }
        return table
    }
}

extension Today {
    /// One JSON object with an array per section; in the terminal a short
    /// section each, an empty one as one line.
    public func rendered(as format: OutputFormat, maxWidth: Int? = nil, in language: Language = .en) -> String {
        switch format {
        case .json, .ndjson:
            let fields: [(key: String, value: OutputValue)] = [
                ("owner", .text(owner)), ("as_of", .text(asOf.text)), ("stalled_days", .real(stalledDays)),
            ] + sections.map { ($0.key, .records($0.table.records)) }
            return JSONText.object(fields) + "\n"
        case .csv:
            var long = ResultTable(columns: ["section", "row", "column", "value"])
            for section in sections {
                for (index, record) in section.table.records.enumerated() {
                    for field in record {
                        long.append([.text(section.key), .int(index + 1), .text(field.key), .text(field.value.plainText)])
                    }
                }
            }
            return long.rendered(as: .csv)
        case .table:
            let say = language.message
            var text = say("Today for \(owner), as of \(asOf.text)") + "\n"
            for section in sections {
                guard !section.table.rows.isEmpty else {
                    text += "\n" + say(section.title) + ": " + say("none") + "\n"
                    continue
                }
                text += "\n" + say(section.title) + ": \(section.table.rows.count)\n"
                for line in section.table.headed(in: language).rendered(as: .table, maxWidth: maxWidth.map { $0 - 2 }).split(separator: "\n") {
                    text += "  " + line + "\n"
                }
            }
            return text
        }
    }
}
