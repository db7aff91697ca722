/// `effect hazard`: does an exposure met during journeys (an obstacle, a
/// rule, a sector) go with a higher or lower rate of closing? A Cox model
/// with the exposure as a time-varying covariate: a journey counts as
/// unexposed from its opening until its first matching obstacle (or step),
/// and exposed from then on, so the time it took to meet the obstacle is not
/// credited to the exposed (no immortal-time bias). Stratified by journey
/// type by default: each type keeps its own baseline hazard.
public struct HazardAnalysis: Sendable {
    public enum Strata: String, Sendable, CaseIterable {
        case type
        case none
    }

    public let exposure: CohortExpression
    public let strata: Strata
    /// Journeys with some follow-up (a journey closed at its opening has none).
    public let journeys: Int
    public let exposedJourneys: Int
    public let fit: TimeVaryingCox
    /// The counting-process rows the model was fitted to.
    let intervals: [ExposureInterval]

    public static let columns = [
        "exposure", "strata", "n", "events", "exposed_journeys", "hazard_ratio", "ci_low", "ci_high", "z", "p",
    ]

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, exposure: String, strata: Strata = .type,
                event: SurvivalAnalysis.Event = .closed, asOf: AsOfDate) throws {
        self = try store.reading {
            try HazardAnalysis($0, filter: filter, exposure: CohortExpression(exposure), strata: strata,
                               event: event, asOf: asOf)
        }
    }

    init(_ db: ReadSession, filter: AnalysisFilter, exposure: CohortExpression, strata: Strata,
         event: SurvivalAnalysis.Event, asOf: AsOfDate) throws {
        try filter.validate(in: db)
        let selection = try JourneySelection(db, filter: filter, asOf: asOf)
        let switchOn = try exposure.exposureDays(in: selection, db)
        let follow = FollowUp(selection, event: event, asOf: asOf)
        var stratumNumbers: [String: Int] = [:]
        var intervals: [ExposureInterval] = []
        var journeys = 0, exposed = 0
        for index in selection.indices {
            let time = follow.times[index]
            guard time > 0 else { continue }
            journeys += 1
            let stratum = strata == .type ? stratumNumbers[selection.types[index], default: stratumNumbers.count] : 0
            if strata == .type { stratumNumbers[selection.types[index]] = stratum }
            let ends = follow.events[index]
            // An end on the same instant as the exposure counts as unexposed.
            if let day = switchOn[index], day < time {
                exposed += 1
                if day > 0 {
                    intervals.append(ExposureInterval(start: 0, stop: day, event: false, exposed: false, stratum: stratum))
                }
                intervals.append(ExposureInterval(start: day, stop: time, event: ends, exposed: true, stratum: stratum))
            } else {
                intervals.append(ExposureInterval(start: 0, stop: time, event: ends, exposed: false, stratum: stratum))
            }
        }
        do {
            fit = try TimeVaryingCox(intervals)
        } catch {
            throw HazardFailure(failure: error, exposure: exposure.text, event: event, exposed: exposed, journeys: journeys)
        }
        self.intervals = intervals
        self.exposure = exposure
        self.strata = strata
        self.journeys = journeys
        exposedJourneys = exposed
    }

    /// One row; suppressed when the exposed or the unexposed journeys are
    /// fewer than the minimum.
    public func output(suppression: SmallCellSuppression = .off) -> AnalysisOutput {
        var table = ResultTable(columns: Self.columns)
        let interval = fit.confidenceInterval
        table.append([.text(exposure.text), .text(strata.rawValue), .int(journeys), .int(fit.events),
                      .int(exposedJourneys), .real(fit.hazardRatio), .real(interval.lower), .real(interval.upper),
                      .real(fit.z), .real(fit.pValue)])
        return suppression.apply(to: table, journeys: [min(exposedJourneys, journeys - exposedJourneys)],
                                 keep: ["exposure", "strata"], countColumn: "n")
    }
}

/// Each journey's follow-up in days from its opening, and whether it ends in
/// the event: a close (or an achieved close), or censoring at as-of.
struct FollowUp {
    let times: [Double]
    let events: [Bool]

    init(_ selection: JourneySelection, event: SurvivalAnalysis.Event, asOf: AsOfDate) {
        let asOfDay = asOf.julianDay
        var times: [Double] = [], events: [Bool] = []
        times.reserveCapacity(selection.count)
        events.reserveCapacity(selection.count)
        for index in selection.indices {
            let opened = selection.openedDays[index]
            if selection.isClosed(index) {
                times.append(selection.closedDays[index] - opened)
                events.append(event == .closed || selection.outcomes[index] == Outcome.achieved.rawValue)
            } else {
                times.append(max(0, asOfDay - opened))
                events.append(false)
            }
        }
        self.times = times
        self.events = events
    }
}

/// Why `effect hazard` has no answer for this selection, said in its terms.
struct HazardFailure: UserFacingError {
    let failure: TimeVaryingCox.Failure
    let exposure: String
    let event: SurvivalAnalysis.Event
    let exposed: Int
    let journeys: Int

    var kind: FailureKind { .badData }

    var message: String {
        switch failure {
        case .noEvents:
            return "no journey of the selection had the event (\(event.rawValue)): there is no hazard to compare"
        case .noComparison:
            return exposed == 0
                ? "no journey met `\(exposure)` during its follow-up: there is nothing to compare"
                : "`\(exposure)`: exposed and unexposed journeys were never at risk at the same event time"
        case .separated(let towardsExposed):
            return "`\(exposure)` separates the journeys: every event that could compare them happened in "
                + (towardsExposed ? "exposed" : "unexposed") + " time, so the hazard ratio is "
                + (towardsExposed ? "infinite" : "zero") + " and cannot be estimated"
        case .notConverged:
            return "`\(exposure)`: the hazard model did not converge"
        }
    }

    var hint: String? {
        "widen the selection (--from, --to, --type) or name a broader exposure; \(exposed) of \(journeys) journeys were exposed"
    }

    var description: String { message }
}
