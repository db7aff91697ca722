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
    /// With `--landmark`: only journeys still open this many days after
    /// opening, timed from then, grouped by what they met before it.
    public let landmark: Double?
    /// A warning for a cohort formed during the journeys, timed from opening.
    public let warning: String?

    /// What `effect survival --by` says on stderr when its cohort forms
    /// during the journeys (an obstacle, a rule, a sector met late).
    static func duringJourneyWarning(_ expression: CohortExpression) -> String {
        "warning: `\(expression.text)` is met during the journeys, and a journey that lasts longer has more time "
            + "to meet it, so these cohorts favour it (immortal-time bias); use --landmark DAYS, or "
            + "`tracker effect hazard --exposure '\(expression.text)'` for a time-varying comparison"
    }

    public static let columns = [
        "group", "n", "events", "censored", "median_days", "median_ci_low", "median_ci_high",
        "logrank_chi2", "logrank_p",
    ]

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, by grouping: Grouping? = nil,
                event: Event = .closed, asOf: AsOfDate, landmark: Double? = nil) throws {
        self = try store.reading {
            try SurvivalAnalysis($0, filter: filter, by: grouping, event: event, asOf: asOf, landmark: landmark)
        }
    }

    /// `selection`, when given, is the one `filter` and `asOf` choose, read already.
    init(_ db: ReadSession, filter: AnalysisFilter = .all, by grouping: Grouping? = nil,
         event: Event = .closed, asOf: AsOfDate, landmark: Double? = nil, selection: JourneySelection? = nil) throws {
        try filter.validate(in: db)
        // On a server the curves are counted there; a cohort at a landmark,
        // matched by what the journeys met before it, is matched in memory.
        var atLandmarkByCohort = false
        if case .cohort = grouping, landmark != nil { atLandmarkByCohort = true }
        if db.db.engine != .sqlite, selection == nil, !atLandmarkByCohort {
            self = try Self(countedOnServer: db, filter: filter, by: FollowUpTally.Label(grouping), event: event,
                            asOf: asOf, landmark: landmark)
            return
        }
        let selection = try selection ?? JourneySelection(db, filter: filter, asOf: asOf)
        let follow = FollowUp(selection, event: event, asOf: asOf)
        // At a landmark: those still under observation then, timed from it.
        let start = landmark ?? 0
        let kept = landmark.map { day in selection.indices.filter { follow.times[$0] > day } }
        let observations: [(time: Double, event: Bool)] = selection.indices.map { index in
            (follow.times[index] - start, follow.events[index])
        }
        var labelled: [(label: String?, members: [Int])]
        switch grouping {
        case nil: labelled = [(nil, Array(selection.indices))]
        case .type: labelled = JourneyGroups.byType(selection).map { ($0.label, $0.members) }
        case .outcome: labelled = JourneyGroups.byOutcome(selection).map { ($0.label, $0.members) }
        case .cohort(let expression):
            let matches = try landmark.map { try expression.matches(in: selection, db, byDay: $0) }
                ?? expression.matches(in: selection, db)
            labelled = [
                (expression.text, selection.indices.filter { matches[$0] }),
                (expression.complementText, selection.indices.filter { !matches[$0] }),
            ]
        }
        if let kept {
            let stillOpen = Set(kept)
            labelled = labelled.map { ($0.label, $0.members.filter(stillOpen.contains)) }
            // A type with no journey left at the landmark has no curve; a
            // cohort keeps both sides, empty or not.
            if case .cohort = grouping {} else { labelled = labelled.filter { !$0.members.isEmpty } }
        }
        if case .cohort(let expression) = grouping, landmark == nil, expression.formsDuringJourney {
            warning = Self.duringJourneyWarning(expression)
        } else {
            warning = nil
        }
        self.landmark = landmark
        let samples = labelled.map { group in group.members.map { observations[$0] } }
        groups = zip(labelled, samples).map { group, sample in
            Group(label: group.label, n: sample.count, events: sample.filter(\.event).count,
                  estimate: KaplanMeierEstimate(sample))
        }
        logRank = samples.count >= 2 ? LogRankTest(groups: samples) : nil
        self.asOf = asOf
    }

    /// The curves counted where the rows are, for a database on a server:
    /// each group's journeys per time and way of ending, and no journey
    /// crosses the wire. A cohort is matched in memory, on a selection.
    private init(countedOnServer db: ReadSession, filter: AnalysisFilter, by label: FollowUpTally.Label, event: Event,
                 asOf: AsOfDate, landmark: Double?) throws {
        let follow = try FollowUpTally(db, filter: filter, asOf: asOf, by: label, landmark: landmark)
        var counted: [String: [(time: Double, outcome: Int, count: Int)]] = [:]
        for row in follow.rows {
            let isEvent = row.closed && (event == .closed || row.outcome == Outcome.achieved.rawValue)
            counted[row.label, default: []].append((row.time, isEvent ? 1 : 0, row.journeys))
        }
        // Without --by, one curve even of no journey, unless at a landmark;
        // a cohort, both sides, empty or not.
        let labels: [(key: String, shown: String?)]
        switch label {
        case .none: labels = landmark == nil ? [("", nil)] : follow.labels.map { ($0, nil) }
        case .type, .outcome: labels = follow.labels.map { ($0, $0) }
        case .cohort(let expression):
            labels = [(FollowUpTally.inCohort, expression.text), (FollowUpTally.outOfCohort, expression.complementText)]
        }
        let tallies = labels.map { TimeTally(counted: counted[$0.key] ?? [], outcomes: 1) }
        groups = zip(labels, tallies).map { name, tally in
            Group(label: name.shown, n: tally.subjects,
                  events: tally.times.indices.reduce(0) { $0 + tally.count($1, 1) }, estimate: KaplanMeierEstimate(tally))
        }
        logRank = tallies.count >= 2 ? LogRankTest(tallies) : nil
        self.asOf = asOf
        self.landmark = landmark
        if case .cohort(let expression) = label, expression.formsDuringJourney {
            warning = Self.duringJourneyWarning(expression)
        } else {
            warning = nil
        }
    }

    /// The contract's rows; `withQuartiles` (the terminal view) adds where
    /// the curve reaches its quartiles (`q1_days`: a quarter have had the
    /// event, `q3_days`: three quarters).
    public func output(suppression: SmallCellSuppression = .off, withQuartiles: Bool = false) -> AnalysisOutput {
        let grouped = groups.first?.label != nil
        var columns = grouped ? Self.columns : Self.columns.filter { $0 != "group" }
        if landmark != nil { columns.insert("landmark_days", at: grouped ? 1 : 0) }
        let terminal = withQuartiles
        if terminal {
            let median = columns.firstIndex(of: "median_days")!
            columns.insert("q1_days", at: median)
            columns.insert("q3_days", at: median + 2)
        }
        var table = ResultTable(columns: columns)
        for group in groups {
            var values: [OutputValue] = grouped ? [.optional(group.label)] : []
            if let landmark { values.append(.real(landmark)) }
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
