/// `effect survival`: time from opening to close (or to an achieved close)
/// by Kaplan–Meier, journeys still open at as-of censored there, groups
/// compared by the log-rank test.
public struct SurvivalAnalysis: Sendable {
    public enum Event: String, Sendable, CaseIterable {
        /// Any close is the event.
        case closed
        /// A close with outcome `achieved`; other closes are censored then.
        case achieved
    }

    public enum Grouping: Sendable, Equatable {
        case type
        case outcome
        /// Two groups: the cohort, labelled by its expression, and the rest,
        /// labelled `not (EXPR)`.
        case cohort(CohortExpression)

        /// `type`, `outcome`, or else a cohort expression (exit 65 when it
        /// cannot be read).
        public init(_ text: String) throws {
            switch text {
            case "type": self = .type
            case "outcome": self = .outcome
            default: self = .cohort(try CohortExpression(text))
            }
        }
    }

    public struct Group: Sendable {
        /// nil without `--by`.
        public let label: String?
        public let n: Int
        public let events: Int
        public var censored: Int { n - events }
        public let estimate: KaplanMeierEstimate
        public var median: KaplanMeierEstimate.Median { estimate.median }
        public var quartiles: KaplanMeierEstimate.Quartiles { estimate.quartiles }
    }

    public let groups: [Group]
    /// nil with fewer than two groups, or when the test is undefined (no
    /// event at a time two groups were at risk together).
    public let logRank: LogRankTest?
    public let asOf: AsOfDate

    public static let columns = [
        "group", "n", "events", "censored", "median_days", "median_ci_low", "median_ci_high",
        "logrank_chi2", "logrank_p",
    ]

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, by grouping: Grouping? = nil,
                event: Event = .closed, asOf: AsOfDate) throws {
        self = try store.reading { try SurvivalAnalysis($0, filter: filter, by: grouping, event: event, asOf: asOf) }
    }

    init(_ db: ReadSession, filter: AnalysisFilter = .all, by grouping: Grouping? = nil,
                event: Event = .closed, asOf: AsOfDate) throws {
        try filter.validate(in: db)
        let selection = try JourneySelection(db, filter: filter, asOf: asOf)
        let asOfDay = asOf.julianDay
        let observations: [(time: Double, event: Bool)] = selection.indices.map { index in
            let opened = selection.openedDays[index]
            guard selection.isClosed(index) else { return (max(0, asOfDay - opened), false) }
            let isEvent = event == .closed || selection.outcomes[index] == "achieved"
            return (selection.closedDays[index] - opened, isEvent)
        }
        let labelled: [(label: String?, members: [Int])]
        switch grouping {
        case nil: labelled = [(nil, Array(selection.indices))]
        case .type: labelled = JourneyGroups.byType(selection).map { ($0.label, $0.members) }
        case .outcome: labelled = JourneyGroups.byOutcome(selection).map { ($0.label, $0.members) }
        case .cohort(let expression):
            let matches = try expression.matches(in: selection, db)
            labelled = [
                (expression.text, selection.indices.filter { matches[$0] }),
                (expression.complementText, selection.indices.filter { !matches[$0] }),
            ]
        }
        let samples = labelled.map { group in group.members.map { observations[$0] } }
        groups = zip(labelled, samples).map { group, sample in
            Group(label: group.label, n: sample.count, events: sample.filter(\.event).count,
                  estimate: KaplanMeierEstimate(sample))
        }
        logRank = samples.count >= 2 ? LogRankTest(groups: samples) : nil
        self.asOf = asOf
    }

    /// The contract's rows; `withQuartiles` (the terminal view) adds where
    /// the curve reaches its quartiles (`q1_days`: a quarter have had the
    /// event, `q3_days`: three quarters).
    public func output(suppression: SmallCellSuppression = .off, withQuartiles: Bool = false) -> AnalysisOutput {
        let grouped = groups.first?.label != nil
        var columns = grouped ? Self.columns : Self.columns.filter { $0 != "group" }
        let terminal = withQuartiles
        if terminal {
            let median = columns.firstIndex(of: "median_days")!
            columns.insert("q1_days", at: median)
            columns.insert("q3_days", at: median + 2)
        }
        var table = ResultTable(columns: columns)
        for group in groups {
            var values: [OutputValue] = grouped ? [.optional(group.label)] : []
            values += [.int(group.n), .int(group.events), .int(group.censored)]
            if terminal { values.append(.optional(group.quartiles.first)) }
            values.append(.optional(group.median.time))
            if terminal { values.append(.optional(group.quartiles.third)) }
            values += [
                .optional(group.median.lowerBound), .optional(group.median.upperBound),
                .optional(logRank?.statistic), .optional(logRank?.pValue),
            ]
            table.append(values)
        }
        return suppression.apply(to: table, journeys: groups.map(\.n), keep: ["group"],
                                 countColumn: "n")
    }
}
