#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stretch of a subject's follow-up, `(start, stop]`, during which its
/// exposure is constant: the counting-process form of lifelines'
/// `CoxTimeVaryingFitter` and R's `coxph(Surv(start, stop, event) ~ x)`.
public struct ExposureInterval: Sendable, Hashable {
    public let start: Double
    public let stop: Double
    /// The subject's event happens at `stop`.
    public let event: Bool
    public let exposed: Bool
    /// Intervals of different strata never share a risk set.
    public let stratum: Int

    public init(start: Double, stop: Double, event: Bool, exposed: Bool, stratum: Int = 0) {
        self.start = start
        self.stop = stop
        self.event = event
        self.exposed = exposed
        self.stratum = stratum
    }
}

/// Cox proportional hazards with one binary, time-varying covariate: the
/// hazard ratio of exposed against unexposed time, with Efron's handling of
/// tied event times, stratified when the intervals name strata.
///
/// A binary covariate makes the partial likelihood depend on the data only
/// through, at each event time of each stratum, how many exposed and
/// unexposed intervals are at risk and how many of each have the event (the
/// `RiskTime`s). The fit works on those counts: a few thousand of them stand
/// for millions of journeys, and a database can compute them in SQL.
public struct TimeVaryingCox: Sendable {
    /// What one event time of one stratum contributes.
    public struct RiskTime: Sendable, Hashable {
        public let unexposedAtRisk: Int
        public let exposedAtRisk: Int
        public let unexposedEvents: Int
        public let exposedEvents: Int

        public init(unexposedAtRisk: Int, exposedAtRisk: Int, unexposedEvents: Int, exposedEvents: Int) {
            self.unexposedAtRisk = unexposedAtRisk
            self.exposedAtRisk = exposedAtRisk
            self.unexposedEvents = unexposedEvents
            self.exposedEvents = exposedEvents
        }
    }

    /// Why no hazard ratio can be estimated.
    public enum Failure: Error, Sendable, Equatable {
        /// No event at all.
        case noEvents
        /// At no event time were exposed and unexposed intervals at risk
        /// together, so the data cannot compare them.
        case noComparison
        /// The likelihood grows without bound: every event that could tell
        /// the groups apart fell in one of them (`towardsExposed`: in the
        /// exposed), so the hazard ratio is infinite (or 0).
        case separated(towardsExposed: Bool)
        /// Newton–Raphson did not settle (not seen on a concave likelihood;
        /// a guard rather than an expectation).
        case notConverged
    }

    /// log of the hazard ratio at the maximum of the partial likelihood.
    public let coefficient: Double
    /// 1/√(observed information) at the maximum.
    public let standardError: Double
    /// The log partial likelihood at the maximum, and at coefficient 0.
    public let logPartialLikelihood: Double
    public let nullLogPartialLikelihood: Double
    /// Events over all strata.
    public let events: Int
    public let iterations: Int

    public var hazardRatio: Double { exp(coefficient) }
    public var z: Double { coefficient / standardError }
    /// Two-sided p-value of the Wald test.
    public var pValue: Double { erfc(abs(z) / 2.0.squareRoot()) }
    public var confidenceInterval: ConfidenceInterval {
        ConfidenceInterval(lower: exp(coefficient - Self.z975 * standardError),
                           upper: exp(coefficient + Self.z975 * standardError), level: 0.95)
    }

    /// The 0.975 quantile of the standard normal distribution.
    static let z975 = 1.959963984540054

    /// Fits the model to intervals; those with `stop <= start` are at risk
    /// at no time and are left out.
    public init(_ intervals: [ExposureInterval]) throws(Failure) {
        try self.init(riskTimes: Self.riskTimes(intervals))
    }

    /// Fits the model to its sufficient statistics.
    public init(riskTimes: [RiskTime]) throws(Failure) {
        let times = riskTimes.filter { $0.unexposedEvents + $0.exposedEvents > 0 }
        events = times.reduce(0) { $0 + $1.unexposedEvents + $1.exposedEvents }
        guard events > 0 else { throw .noEvents }
        // The score at +∞ is −(unexposed events with exposed at risk); at −∞
        // it is +(exposed events with unexposed at risk). A finite maximum
        // needs both to be non-zero.
        let boundedAbove = times.contains { $0.exposedAtRisk > 0 && $0.unexposedEvents > 0 }
        let boundedBelow = times.contains { $0.unexposedAtRisk > 0 && $0.exposedEvents > 0 }
        guard times.contains(where: { $0.exposedAtRisk > 0 && $0.unexposedAtRisk > 0 }) else { throw .noComparison }
        guard boundedAbove else { throw .separated(towardsExposed: true) }
        guard boundedBelow else { throw .separated(towardsExposed: false) }

        var beta = 0.0
        var current = Self.evaluate(times, beta)
        nullLogPartialLikelihood = current.logLikelihood
        var iteration = 0
        while true {
            iteration += 1
            guard iteration <= 100, current.information > 0 else { throw .notConverged }
            var step = current.score / current.information
            var next = Self.evaluate(times, beta + step)
            // Halve a step that overshoots; on a concave likelihood Newton's
            // step rarely needs it, but a large first step from 0 can.
            var halvings = 0
            while next.logLikelihood < current.logLikelihood - 1e-12 * abs(current.logLikelihood), halvings < 60 {
                step /= 2
                halvings += 1
                next = Self.evaluate(times, beta + step)
            }
            beta += step
            current = next
            if abs(step) <= 1e-13 * max(1, abs(beta)) { break }
        }
        coefficient = beta
        standardError = 1 / current.information.squareRoot()
        logPartialLikelihood = current.logLikelihood
        iterations = iteration
    }

    /// Log partial likelihood, score and information at `beta` (Efron).
    static func evaluate(_ times: [RiskTime], _ beta: Double)
        -> (logLikelihood: Double, score: Double, information: Double) {
        let weight = exp(beta)
        var logLikelihood = 0.0, score = 0.0, information = 0.0
        for time in times {
            let exposedEvents = Double(time.exposedEvents)
            let deaths = time.unexposedEvents + time.exposedEvents
            // Sums over the risk set of w, w·x (= w·x², x being 0 or 1) ...
            let all = Double(time.unexposedAtRisk) + Double(time.exposedAtRisk) * weight
            let exposed = Double(time.exposedAtRisk) * weight
            // ... and over those with the event.
            let allDeaths = Double(time.unexposedEvents) + exposedEvents * weight
            let exposedDeaths = exposedEvents * weight
            logLikelihood += beta * exposedEvents
            score += exposedEvents
            for j in 0..<deaths {
                let share = Double(j) / Double(deaths)
                let denominator = all - share * allDeaths
                let mean = (exposed - share * exposedDeaths) / denominator
                logLikelihood -= log(denominator)
                score -= mean
                information += mean - mean * mean
            }
        }
        return (logLikelihood, score, information)
    }

    /// The counts behind the likelihood: for each stratum and each time an
    /// event happens in it, the intervals at risk (`start < t <= stop`) and
    /// those ending in the event, by exposure.
    public static func riskTimes(_ intervals: [ExposureInterval]) -> [RiskTime] {
        let kept = intervals.filter { $0.stop > $0.start }
        var byStratum: [Int: [ExposureInterval]] = [:]
        for interval in kept { byStratum[interval.stratum, default: []].append(interval) }
        var result: [RiskTime] = []
        for stratum in byStratum.keys.sorted() {
            let rows = byStratum[stratum]!
            // Sorted starts and stops per exposure: at risk at t (start < t <= stop)
            // are the rows that started before t less those that stopped before it.
            func sorted(_ exposed: Bool, _ value: (ExposureInterval) -> Double) -> [Double] {
                rows.filter { $0.exposed == exposed }.map(value).sorted()
            }
            let starts = [sorted(false, \.start), sorted(true, \.start)]
            let stops = [sorted(false, \.stop), sorted(true, \.stop)]
            var deaths: [Double: (Int, Int)] = [:]
            for row in rows where row.event {
                var count = deaths[row.stop] ?? (0, 0)
                if row.exposed { count.1 += 1 } else { count.0 += 1 }
                deaths[row.stop] = count
            }
            for time in deaths.keys.sorted() {
                let atRisk = (0...1).map { level in
                    Statistics.count(sorted: starts[level], below: time) - Statistics.count(sorted: stops[level], below: time)
                }
                let count = deaths[time]!
                result.append(RiskTime(unexposedAtRisk: atRisk[0], exposedAtRisk: atRisk[1],
                                       unexposedEvents: count.0, exposedEvents: count.1))
            }
        }
        return result
    }
}
