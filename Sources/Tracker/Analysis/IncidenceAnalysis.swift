/// `effect incidence`: the probability that a journey has closed with each
/// outcome by a given number of days after opening, the outcomes competing
/// (a journey withdrawn cannot later be achieved) and open journeys censored
/// at as-of: Aalen–Johansen. 1 − Kaplan–Meier with the other closes censored
/// answers a question about a world where journeys could not close otherwise,
/// and overstates every outcome.
public struct IncidenceAnalysis: Sendable {
    public enum Grouping: Sendable, Equatable {
        case type
        case cohort(CohortExpression)

        public init(_ text: String) throws {
            self = text == "type" ? .type : .cohort(try CohortExpression(text))
        }
    }

    public struct Group: Sendable {
        public let label: String?
        public let n: Int
        public let estimate: CumulativeIncidence
    }

    public static let defaultDays: [Double] = [90, 180, 365, 730]
    public static let columns = ["group", "outcome", "days", "n_at_risk", "cumulative_incidence", "ci_low", "ci_high"]

    /// The outcomes reported, in order; `unknown` (a close recorded without
    /// an outcome) only when some journey has it.
    public let outcomes: [String]
    public let groups: [Group]
    public let days: [Double]
    /// A warning for a grouping formed during the journeys.
    public let warning: String?

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, by grouping: Grouping? = nil,
                days: [Double] = defaultDays, asOf: AsOfDate) throws {
        self = try store.reading { try IncidenceAnalysis($0, filter: filter, by: grouping, days: days, asOf: asOf) }
    }

    /// `selection`, when given, is the one `filter` and `asOf` choose, read already.
    init(_ db: ReadSession, filter: AnalysisFilter, by grouping: Grouping?, days: [Double], asOf: AsOfDate,
         selection: JourneySelection? = nil) throws {
        try filter.validate(in: db)
        if db.db.engine != .sqlite, selection == nil {
            let label: FollowUpTally.Label = switch grouping {
            case nil: .none
            case .type: .type
            case .cohort(let expression): .cohort(expression)
            }
            self = try Self(countedOnServer: db, filter: filter, by: label, days: days, asOf: asOf)
            return
        }
        let selection = try selection ?? JourneySelection(db, filter: filter, asOf: asOf)
        let follow = FollowUp(selection, event: .closed, asOf: asOf)
        var outcomes = Outcome.allCases.map(\.rawValue)
        if selection.outcomes.contains(JourneySelection.unknownOutcome) { outcomes.append(JourneySelection.unknownOutcome) }
        let number = Dictionary(uniqueKeysWithValues: outcomes.enumerated().map { ($1, $0 + 1) })
        let labelled: [(label: String?, members: [Int])]
        switch grouping {
        case nil:
            labelled = [(nil, Array(selection.indices))]
            warning = nil
        case .type:
            labelled = JourneyGroups.byType(selection).map { ($0.label, $0.members) }
            warning = nil
        case .cohort(let expression):
            let matches = try expression.matches(in: selection, db)
            labelled = [(expression.text, selection.indices.filter { matches[$0] }),
                        (expression.complementText, selection.indices.filter { !matches[$0] })]
            warning = expression.formsDuringJourney ? SurvivalAnalysis.duringJourneyWarning(expression) : nil
        }
        groups = labelled.map { group in
            let observations = group.members.map { index in
                (time: follow.times[index], outcome: selection.isClosed(index) ? number[selection.outcomes[index]] ?? 0 : 0)
            }
            return Group(label: group.label, n: group.members.count,
                         estimate: CumulativeIncidence(observations, outcomes: outcomes.count))
        }
        self.outcomes = outcomes
        self.days = days
    }

    /// The estimates counted where the rows are, for a database on a
    /// server: each group's journeys per time and outcome.
    private init(countedOnServer db: ReadSession, filter: AnalysisFilter, by label: FollowUpTally.Label, days: [Double],
                 asOf: AsOfDate) throws {
        let follow = try FollowUpTally(db, filter: filter, asOf: asOf, by: label)
        var outcomes = Outcome.allCases.map(\.rawValue)
        if follow.rows.contains(where: { $0.closed && $0.outcome == nil }) { outcomes.append(JourneySelection.unknownOutcome) }
        let number = Dictionary(uniqueKeysWithValues: outcomes.enumerated().map { ($1, $0 + 1) })
        var counted: [String: [(time: Double, outcome: Int, count: Int)]] = [:]
        for row in follow.rows {
            let outcome = row.closed ? number[row.outcome ?? JourneySelection.unknownOutcome] ?? 0 : 0
            counted[row.label, default: []].append((row.time, outcome, row.journeys))
        }
        let labels: [(key: String, shown: String?)]
        switch label {
        case .none: labels = [("", nil)]
        case .type, .outcome: labels = follow.labels.map { ($0, $0) }
        case .cohort(let expression):
            labels = [(FollowUpTally.inCohort, expression.text), (FollowUpTally.outOfCohort, expression.complementText)]
        }
        groups = labels.map { name in
            let tally = TimeTally(counted: counted[name.key] ?? [], outcomes: outcomes.count)
            return Group(label: name.shown, n: tally.subjects, estimate: CumulativeIncidence(tally))
        }
        self.outcomes = outcomes
        self.days = days
        if case .cohort(let expression) = label, expression.formsDuringJourney {
            warning = SurvivalAnalysis.duringJourneyWarning(expression)
        } else {
            warning = nil
        }
    }

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        let grouped = groups.first?.label != nil
        var table = ResultTable(columns: grouped ? Self.columns : Array(Self.columns.dropFirst()))
        // Probabilities, read as percentages like every share.
        table.formatKeys = table.columns.map { ["cumulative_incidence", "ci_low", "ci_high"].contains($0) ? "share" : $0 }
        var counts: [Int] = []
        for group in groups {
            for (k, outcome) in outcomes.enumerated() {
                for day in days {
                    let value = group.estimate.value(outcome: k + 1, at: day)
                    table.append((grouped ? [.optional(group.label)] : []) + [.text(outcome), .real(day), .int(value.atRisk),
                                  .real(value.incidence), .real(value.lower), .real(value.upper)])
                    counts.append(group.n)
                }
            }
        }
        return suppression.apply(to: table, journeys: counts, keep: ["group", "outcome", "days"], countColumn: "n_at_risk")
    }
}
