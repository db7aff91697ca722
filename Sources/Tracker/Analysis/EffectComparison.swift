/// `effect compare`: the mean change on one measure in a cohort against
/// another group of journeys (by default every selected journey outside the
/// cohort), by Welch's t-test.
public struct EffectComparison: Sendable {
    public let measure: String
    /// The cohort expression as given.
    public let cohort: String
    /// The comparison expression as given, or `not (COHORT)`.
    public let vs: String
    /// Journeys of each side with both a baseline and a follow-up.
    public let nCohort: Int
    public let nVs: Int
    public let meanChangeCohort: Double
    public let meanChangeVs: Double
    /// Cohort − vs.
    public let difference: Double
    /// Welch's t, its Welch–Satterthwaite df, the two-sided p and the 95% CI
    /// of the difference; nil when both sides have zero variance.
    public let t: Double?
    public let degreesOfFreedom: Double?
    public let p: Double?
    public let ciLow: Double?
    public let ciHigh: Double?

    public static let columns = [
        "measure", "cohort", "vs", "n_cohort", "n_vs", "mean_change_cohort", "mean_change_vs",
        "difference", "t", "df", "p", "ci_low", "ci_high",
    ]

    /// Compares `cohort` with `vs` (the complement when nil) on `measure`. A
    /// malformed expression, or a side with fewer than two measured journeys,
    /// is exit 65; an unknown measure, sector, category or type exit 66.
    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, measure measureID: String, cohort: String, vs: String? = nil) throws {
        self = try store.reading { try EffectComparison($0, filter: filter, measure: measureID, cohort: cohort, vs: vs) }
    }

    init(_ db: ReadSession, filter: AnalysisFilter = .all, measure measureID: String, cohort: String, vs: String? = nil) throws {
        let cohortExpression = try CohortExpression(cohort)
        let vsExpression = try vs.map { try CohortExpression($0) }
        let measure = try Catalog.measure(measureID, db)
        try filter.validate(in: db)
        let selection = try JourneySelection(db, filter: filter)
        let inCohort = try cohortExpression.matches(in: selection, db)
        let inVs = try vsExpression?.matches(in: selection, db) ?? inCohort.map { !$0 }
        let effects = try JourneyEffects.load([measure], for: selection, db)[0]
        let vsText = vsExpression?.text ?? cohortExpression.complementText
        func changes(_ matches: [Bool], label: String) throws -> [Double] {
            let members = selection.indices.filter { matches[$0] }
            let measured = effects.measured(members)
            guard measured.count >= 2 else {
                let journeys = members.count == 1 ? "1 journey" : "\(members.count) journeys"
                throw TrackerError.badData(
                    "the group `\(label)` has \(journeys), \(measured.count) of them with both a baseline and a "
                        + "follow-up of \(measure.id): a comparison needs at least 2",
                    hint: "widen the cohort or the --from/--to window, or record the missing observations")
            }
            return measured.map(effects.change)
        }
        let cohortChanges = try changes(inCohort, label: cohortExpression.text)
        let vsChanges = try changes(inVs, label: vsText)
        // Both sides have two values, so the test exists.
        let test = WelchTest(a: cohortChanges, b: vsChanges)!
        self.measure = measure.id
        self.cohort = cohortExpression.text
        self.vs = vsText
        nCohort = cohortChanges.count
        nVs = vsChanges.count
        meanChangeCohort = test.first.mean
        meanChangeVs = test.second.mean
        difference = test.difference
        t = test.t
        degreesOfFreedom = test.degreesOfFreedom
        p = test.pValue
        ciLow = test.confidenceInterval?.lower
        ciHigh = test.confidenceInterval?.upper
    }

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        table.append([
            .text(measure), .text(cohort), .text(vs), .int(nCohort), .int(nVs), .real(meanChangeCohort),
            .real(meanChangeVs), .real(difference), .optional(t), .optional(degreesOfFreedom), .optional(p),
            .optional(ciLow), .optional(ciHigh),
        ])
        return suppression.apply(to: table, journeys: [min(nCohort, nVs)], keep: ["measure", "cohort", "vs"],
                                 countColumn: "n_cohort")
    }
}
