/// The follow-up of the journeys a filter keeps, counted where the rows
/// are, for a database on a server: per group, time and way of ending, how
/// many journeys — the times `FollowUp` gives a selection read into memory,
/// computed by the same arithmetic on the same days (`julianday` is exact
/// in milliseconds on both engines), so ties stay ties.
struct FollowUpTally {
    enum Label: Equatable {
        /// One group, labelled "".
        case none
        case type
        /// `open` for a journey not closed by as-of, else its outcome or `unknown`.
        case outcome
        /// `in` for the journeys the expression matches, `out` for the rest.
        case cohort(CohortExpression)
    }

    static let inCohort = "in", outOfCohort = "out"

    struct Row {
        let label: String
        let time: Double
        /// Closed by as-of, with this outcome (nil: closed without one).
        let closed: Bool
        let outcome: String?
        let journeys: Int
    }

    /// In no particular order.
    let rows: [Row]

    /// The journeys opened by `asOf`, a close after it counting as still
    /// open; with `landmark`, only those still under observation that many
    /// days after opening, timed from then.
    init(_ db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate, by label: Label, landmark: Double? = nil) throws {
        let condition = filter.condition(alias: "j")
        var labelArguments: [DatabaseValue] = []
        let labelSQL: String
        switch label {
        case .none: labelSQL = "''"
        case .type: labelSQL = "j.type"
        case .outcome:
            labelSQL = "CASE WHEN c.closed = 1 THEN coalesce(j.outcome, '\(JourneySelection.unknownOutcome)') ELSE '\(JourneySelection.openOutcome)' END"
        case .cohort(let expression):
            let matched = try expression.condition(alias: "j", asOf: asOf, db)
            labelSQL = "CASE WHEN \(matched.sql) THEN '\(Self.inCohort)' ELSE '\(Self.outOfCohort)' END"
            labelArguments = matched.arguments
        }
        let sql = """
            SELECT f.label, f.time - ?, f.closed, f.outcome, count(*) FROM (
                SELECT \(labelSQL) AS label, c.closed, CASE WHEN c.closed = 1 THEN j.outcome END AS outcome,
                       CASE WHEN c.closed = 1 THEN julianday(j.closed_at) - julianday(j.opened_at)
                            ELSE greatest(0, CAST(? AS double precision) - julianday(j.opened_at)) END AS time
                  FROM journeys j
                 CROSS JOIN LATERAL (SELECT CASE WHEN j.closed_at <= ? THEN 1 ELSE 0 END AS closed) c
                 WHERE j.voided_at IS NULL AND \(condition.sql) AND j.opened_at <= ?) f
             WHERE \(landmark == nil ? "1 = 1" : "f.time > ?")
             GROUP BY f.label, f.time, f.closed, f.outcome
            """
        let bound = DatabaseValue.text(asOf.inclusiveBound)
        var arguments: [DatabaseValue] = [.real(landmark ?? 0)] + labelArguments + [.real(asOf.julianDay), bound]
        arguments += condition.arguments + [bound]
        if let landmark { arguments.append(.real(landmark)) }
        rows = try db.rows(sql, arguments).map { row in
            Row(label: row[0].text ?? "", time: row[1].real ?? 0, closed: row[2].integer == 1, outcome: row[3].text,
                journeys: Int(row[4].integer ?? 0))
        }
    }

    /// The labels of the rows, sorted as `JourneyGroups` sorts them.
    var labels: [String] { Set(rows.map(\.label)).sorted() }
}

extension FollowUpTally.Label {
    /// The label of a survival grouping.
    init(_ grouping: SurvivalAnalysis.Grouping?) {
        switch grouping {
        case nil: self = .none
        case .type: self = .type
        case .outcome: self = .outcome
        case .cohort(let expression): self = .cohort(expression)
        }
    }
}
