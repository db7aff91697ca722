#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kaplan–Meier estimate of a survival curve from right-censored observations,
/// with 95% pointwise confidence bands computed as lifelines'
/// `KaplanMeierFitter.confidence_interval_` does (exponential Greenwood, i.e.
/// the log(−log S) transform).
public struct KaplanMeierEstimate: Sendable, Hashable {
    /// The curve at one distinct observed time (event or censoring).
    public struct Step: Sendable, Hashable {
        /// The time.
        public let time: Double
        /// Subjects still under observation just before `time`. Those censored
        /// at `time` count as at risk at `time`.
        public let atRisk: Int
        /// Events observed at `time`.
        public let events: Int
        /// Subjects censored at `time`.
        public let censored: Int
        /// S(time): estimated probability of no event up to and including `time`.
        public let survival: Double
        /// Greenwood's sum Σ d / (n (n − d)) over event times up to `time`, so
        /// Var(S) ≈ S² · sum. A step where everyone at risk has the event
        /// (n = d) adds nothing, as in lifelines.
        public let greenwoodSum: Double
        /// Lower end of the 95% pointwise band for S(time).
        public let lowerBand: Double
        /// Upper end of the 95% pointwise band for S(time).
        public let upperBand: Double

        /// Greenwood's variance estimate of S(time): S² · `greenwoodSum`.
        public var greenwoodVariance: Double {
            survival * survival * greenwoodSum
        }
    }

    /// Which of the three curves a level search runs along.
    public enum Curve: Sendable, Hashable {
        case survival
        case lowerBand
        case upperBand
    }

    /// Median survival time and its 95% confidence interval.
    public struct Median: Sendable, Hashable {
        /// First time S(t) ≤ ½; nil if the curve never gets there.
        public let time: Double?
        /// First time the lower band ≤ ½; nil if it never gets there.
        public let lowerBound: Double?
        /// First time the upper band ≤ ½; nil if it never gets there (common:
        /// the interval is then open-ended).
        public let upperBound: Double?

        public init(time: Double?, lowerBound: Double?, upperBound: Double?) {
            self.time = time
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }
    }

    /// Times at which S(t) first reaches ¾, ½ and ¼ (the quartiles of the time
    /// to event); nil where the curve never gets that low.
    public struct Quartiles: Sendable, Hashable {
        /// First time S(t) ≤ 0.75.
        public let first: Double?
        /// First time S(t) ≤ 0.5.
        public let median: Double?
        /// First time S(t) ≤ 0.25.
        public let third: Double?

        public init(first: Double?, median: Double?, third: Double?) {
            self.first = first
            self.median = median
            self.third = third
        }
    }

    /// One step per distinct time, ascending.
    public let steps: [Step]
    /// Number of observations the estimate was built from.
    public let subjectCount: Int

    /// Tolerance for "S(t) ≤ level": a product such as ¾ · ⅔ meant to be exactly
    /// ½ can round to just above it, and should still count as reaching ½.
    public static let levelTolerance = 1e-12

    /// Standard normal 0.975 quantile (scipy's `norm.ppf(0.975)`), for 95% bands.
    static let normalQuantile975 = 1.959963984540054

    /// Builds the estimate from observations; `event` false means censored at `time`.
    /// Times must be finite. An empty input gives no steps (S = 1 everywhere).
    public init(_ observations: [(time: Double, event: Bool)]) {
        self.init(TimeTally(observations.map { ($0.time, $0.event ? 1 : 0) }, outcomes: 1))
    }

    /// From the times tallied, column 1 the events.
    init(_ tally: TimeTally) {
        precondition(tally.outcomes == 1, "a survival curve has one event")
        subjectCount = tally.subjects
        var steps: [Step] = []
        var atRisk = subjectCount
        var survival = 1.0
        var greenwoodSum = 0.0
        for (level, time) in tally.times.enumerated() {
            let events = tally.count(level, 1), censored = tally.count(level, 0)
            if events > 0 {
                let n = Double(atRisk)
                let d = Double(events)
                survival *= (n - d) / n
                if events < atRisk { greenwoodSum += d / (n * (n - d)) }
            }
            let band = Self.band(survival: survival, greenwoodSum: greenwoodSum)
            steps.append(Step(
                time: time, atRisk: atRisk, events: events, censored: censored,
                survival: survival, greenwoodSum: greenwoodSum,
                lowerBand: band.lower, upperBand: band.upper))
            atRisk -= events + censored
        }
        self.steps = steps
    }

    /// The step in force at `time`: the last one at or before it; nil before the first.
    public func step(at time: Double) -> Step? {
        // Binary search for the number of steps with step.time ≤ time.
        var low = 0
        var high = steps.count
        while low < high {
            let middle = (low + high) / 2
            if steps[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : steps[low - 1]
    }

    /// S(time), the right-continuous step function; 1 before the first step.
    public func survival(at time: Double) -> Double {
        step(at: time)?.survival ?? 1
    }

    /// The first step time at which `curve` ≤ `level` (within `levelTolerance`);
    /// nil if it never gets there.
    public func firstTime(_ curve: Curve = .survival, reaching level: Double) -> Double? {
        steps.first { step in
            let value: Double
            switch curve {
            case .survival: value = step.survival
            case .lowerBand: value = step.lowerBand
            case .upperBand: value = step.upperBand
            }
            return value <= level + Self.levelTolerance
        }?.time
    }

    /// Median survival time with its confidence interval, read where the
    /// survival curve and each band first reach ½ (as lifelines'
    /// `median_survival_time_` and `median_survival_times(confidence_interval_)`).
    public var median: Median {
        Median(
            time: firstTime(.survival, reaching: 0.5),
            lowerBound: firstTime(.lowerBand, reaching: 0.5),
            upperBound: firstTime(.upperBand, reaching: 0.5))
    }

    /// First times the survival curve reaches 0.75, 0.5 and 0.25.
    public var quartiles: Quartiles {
        Quartiles(
            first: firstTime(reaching: 0.75),
            median: firstTime(reaching: 0.5),
            third: firstTime(reaching: 0.25))
    }

    /// 95% band exp(−exp(log(−log S) ∓ z √sum / log S)), lifelines' formula.
    /// Where S = 1 the transform is undefined (0/0) and lifelines fills the
    /// band with 1; where S = 0 it gives 0 on both sides. Both are kept.
    private static func band(survival: Double, greenwoodSum: Double) -> (lower: Double, upper: Double) {
        if survival >= 1 { return (1, 1) }
        if survival <= 0 { return (0, 0) }
        let logSurvival = log(survival)
        let logMinusLog = log(-logSurvival)
        let spread = normalQuantile975 * greenwoodSum.squareRoot() / logSurvival
        return (exp(-exp(logMinusLog - spread)), exp(-exp(logMinusLog + spread)))
    }
}
