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
    /// With `--adjust`: what the comparison is adjusted for, and the
    /// cohort's coefficient in follow-up ~ cohort + baseline + type.
    public let adjustment: Set<Adjustment>
    public let adjusted: LinearRegression.Coefficient?

    public enum Adjustment: String, Sendable, CaseIterable, Hashable {
        case type, baseline

        /// `type`, `baseline` or both, comma-separated (65 otherwise).
        public static func list(_ text: String) throws -> Set<Adjustment> {
            let names = text.split(separator: ",").map { String($0).trimming([" "]) }
            var result = Set<Adjustment>()
            for name in names {
                guard let adjustment = Adjustment(rawValue: name) else {
                    throw FieldError(field: "--adjust", "'\(name)' is not one of: type, baseline")
                }
                result.insert(adjustment)
            }
            guard !result.isEmpty else { throw FieldError(field: "--adjust", "name type, baseline or both") }
            return result
        }
    }

    public static let columns = [
        "measure", "cohort", "vs", "n_cohort", "n_vs", "mean_change_cohort", "mean_change_vs",
        "difference", "t", "df", "p", "ci_low", "ci_high",
    ]
    public static let adjustedColumns = ["adjusted_difference", "adjusted_ci_low", "adjusted_ci_high", "adjusted_p"]

    /// Compares `cohort` with `vs` (the complement when nil) on `measure`. A
    /// malformed expression, or a side with fewer than two measured journeys,
    /// is exit 65; an unknown measure, sector, category or type exit 66.
    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, measure measureID: String, cohort: String,
                vs: String? = nil, adjust: Set<Adjustment> = []) throws {
        self = try store.reading {
            try EffectComparison($0, filter: filter, measure: measureID, cohort: cohort, vs: vs, adjust: adjust)
        }
    }

    init(_ db: ReadSession, filter: AnalysisFilter = .all, measure measureID: String, cohort: String, vs: String? = nil,
         adjust: Set<Adjustment> = []) throws {
        let cohortExpression = try CohortExpression(cohort)
        let vsExpression = try vs.map { try CohortExpression($0) }
        let measure = try Catalog.measure(measureID, db)
        try filter.validate(in: db)
        let vsText = vsExpression?.text ?? cohortExpression.complementText
        guard db.db.engine == .sqlite || !adjust.isEmpty else {
            let sides = try Self.sidesCountedOnServer(db, filter: filter, measure: measure, cohort: cohortExpression,
                                                      vs: vsExpression)
            for (side, label) in [(sides.cohort, cohortExpression.text), (sides.vs, vsText)] {
                try Self.requireTwo(members: side.members, measured: side.changes.count, label: label, measure: measure)
            }
            self.init(measure: measure, cohort: cohortExpression.text, vs: vsText, adjustment: [], adjusted: nil,
                      test: WelchTest(SampleSummary(sides.cohort.changes)!, SampleSummary(sides.vs.changes)!)!)
            return
        }
        let selection = try JourneySelection(db, filter: filter)
        let inCohort = try cohortExpression.matches(in: selection, db)
        let inVs = try vsExpression?.matches(in: selection, db) ?? inCohort.map { !$0 }
        let effects = try JourneyEffects.load([measure], for: selection, db)[0]
        func measured(_ matches: [Bool], label: String) throws -> [Int] {
            let members = selection.indices.filter { matches[$0] }
            let measured = effects.measured(members)
            try Self.requireTwo(members: members.count, measured: measured.count, label: label, measure: measure)
            return measured
        }
        let cohortMembers = try measured(inCohort, label: cohortExpression.text)
        let vsMembers = try measured(inVs, label: vsText)
        let cohortChanges = cohortMembers.map(effects.change)
        let vsChanges = vsMembers.map(effects.change)
        let adjusted: LinearRegression.Coefficient?
        if adjust.isEmpty {
            adjusted = nil
        } else {
            let rows = [(cohortMembers, true), (vsMembers, false)].flatMap { members, side in
                members.map { index in
                    AdjustedComparison.Row(followup: effects.followups[index], baseline: effects.baselines[index],
                                           inCohort: side, stratum: adjust.contains(.type) ? selection.types[index] : "")
                }
            }
            let strata = Array(Set(rows.map(\.stratum))).sorted()
            guard let fit = AdjustedComparison.fit(rows, baseline: adjust.contains(.baseline), strata: strata),
                  fit.pValue != nil else {
                throw TrackerError.badData(
                    "the cohort cannot be told apart from the journey types it is adjusted for (or too few journeys remain)",
                    hint: "adjust for baseline only, or compare within one type with --type")
            }
            adjusted = fit
        }
        // Both sides have two values, so the test exists.
        self.init(measure: measure, cohort: cohortExpression.text, vs: vsText, adjustment: adjust, adjusted: adjusted,
                  test: WelchTest(a: cohortChanges, b: vsChanges)!)
    }

    private init(measure: Measure, cohort: String, vs vsText: String, adjustment adjust: Set<Adjustment>,
                 adjusted: LinearRegression.Coefficient?, test: WelchTest) {
        adjustment = adjust
        self.adjusted = adjusted
        self.measure = measure.id
        self.cohort = cohort
        self.vs = vsText
        nCohort = test.first.count
        nVs = test.second.count
        meanChangeCohort = test.first.mean
        meanChangeVs = test.second.mean
        difference = test.difference
        t = test.t
        degreesOfFreedom = test.degreesOfFreedom
        p = test.pValue
        ciLow = test.confidenceInterval?.lower
        ciHigh = test.confidenceInterval?.upper
    }

    /// One side of the comparison: its journeys, and the changes of those
    /// that have both ends.
    private struct Side {
        let members: Int
        let changes: ValueTally
    }

    /// A side with fewer than two changes has no variance: bad data (65).
    private static func requireTwo(members: Int, measured: Int, label: String, measure: Measure) throws {
        guard measured < 2 else { return }
        let journeys = members == 1 ? "1 journey" : "\(members) journeys"
        throw TrackerError.badData(
            "the group `\(label)` has \(journeys), \(measured) of them with both a baseline and a "
                + "follow-up of \(measure.id): a comparison needs at least 2",
            hint: "widen the cohort or the --from/--to window, or record the missing observations")
    }

    /// Both sides counted where the rows are, for a database on a server:
    /// per side and change, how many journeys (those lacking a change under
    /// none), the cohorts evaluated by the server as conditions.
    private static func sidesCountedOnServer(_ db: ReadSession, filter: AnalysisFilter, measure: Measure,
                                             cohort: CohortExpression, vs: CohortExpression?)
        throws -> (cohort: Side, vs: Side) {
        let condition = filter.condition(alias: "j")
        let inCohort = try cohort.condition(alias: "j", asOf: nil, db)
        let inVs = try vs.map { try $0.condition(alias: "j", asOf: nil, db) } ?? (sql: "NOT (\(inCohort.sql))", arguments: inCohort.arguments)
        var members = [0, 0], changes = [[Double: Int](), [Double: Int]()]
        for row in try db.rows("""
            WITH \(JourneyEffects.changesOnServer(measures: 1)),
                 chosen AS (
                     SELECT j.id, CASE WHEN \(inCohort.sql) THEN 1 ELSE 0 END AS in_cohort,
                            CASE WHEN \(inVs.sql) THEN 1 ELSE 0 END AS in_vs
                       FROM journeys j WHERE j.voided_at IS NULL AND \(condition.sql))
            SELECT c.in_cohort, c.in_vs, e.change, count(*)
              FROM chosen c LEFT JOIN changes e ON e.journey_id = c.id
             GROUP BY c.in_cohort, c.in_vs, e.change
            """, [.text(measure.id)] + inCohort.arguments + inVs.arguments + condition.arguments) {
            let count = Int(row[3].integer ?? 0)
            for (side, column) in [(0, 0), (1, 1)] where row[column].integer == 1 {
                members[side] += count
                if let change = row[2].real { changes[side][change, default: 0] += count }
            }
        }
        let sides = (0..<2).map { side in
            Side(members: members[side], changes: ValueTally(levels: changes[side].map { (value: $0.key, count: $0.value) }))
        }
        return (sides[0], sides[1])
    }

    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns + (adjustment.isEmpty ? [] : Self.adjustedColumns))
        var values: [OutputValue] = [
            .text(measure), .text(cohort), .text(vs), .int(nCohort), .int(nVs), .real(meanChangeCohort),
            .real(meanChangeVs), .real(difference), .optional(t), .optional(degreesOfFreedom), .optional(p),
            .optional(ciLow), .optional(ciHigh),
        ]
        if let adjusted {
            values += [.real(adjusted.estimate), .optional(adjusted.confidenceInterval?.lower),
                       .optional(adjusted.confidenceInterval?.upper), .optional(adjusted.pValue)]
        }
        table.append(values)
        return suppression.apply(to: table, journeys: [min(nCohort, nVs)], keep: ["measure", "cohort", "vs"],
                                 countColumn: "n_cohort")
    }
}
