#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Aalen–Johansen estimate of the cumulative incidence of competing
/// outcomes under right censoring: the probability of having ended in
/// outcome k by time t when the other outcomes end follow-up too. Unlike
/// 1 − Kaplan–Meier with the other outcomes censored, it does not pretend
/// that a journey closed one way could still close another.
///
/// Ties are handled exactly, as scikit-survival's
/// `cumulative_incidence_competing_risks` does: every outcome at a time
/// leaves the risk set at once, and those censored at a time are still at
/// risk then. The variance is Aalen's (Pintilie 2006, eq. 4.5, scikit-
/// survival's default); the 95% band uses the log(−log) transform.
public struct CumulativeIncidence: Sendable {
    /// One distinct observed time.
    public struct Step: Sendable, Hashable {
        public let time: Double
        /// Subjects with a time at or after this one.
        public let atRisk: Int
        /// Events of each outcome at this time, outcome k at index k − 1.
        public let events: [Int]
        /// The overall survival just before this time.
        public let survivalBefore: Double
        /// The cumulative incidence of each outcome up to and including it.
        public let incidence: [Double]

        var allEvents: Int { events.reduce(0, +) }
    }

    /// The cumulative incidence of one outcome at one time, with its band.
    public struct Value: Sendable, Hashable {
        public let incidence: Double
        public let variance: Double
        public let lower: Double
        public let upper: Double
        /// Subjects with a time at or after the time asked for.
        public let atRisk: Int
    }

    public let outcomes: Int
    public let steps: [Step]

    /// `observations`: each subject's time and its outcome, 1...`outcomes`,
    /// or 0 when censored then.
    public init(_ observations: [(time: Double, outcome: Int)], outcomes: Int) {
        self.init(TimeTally(observations, outcomes: outcomes))
    }

    init(_ tally: TimeTally) {
        outcomes = tally.outcomes
        var steps: [Step] = []
        var survival = 1.0
        var incidence = [Double](repeating: 0, count: outcomes)
        var atRisk = tally.subjects
        for (level, time) in tally.times.enumerated() {
            let events = (0..<outcomes).map { tally.count(level, $0 + 1) }
            let all = events.reduce(0, +)
            for k in 0..<outcomes { incidence[k] += survival * Double(events[k]) / Double(atRisk) }
            steps.append(Step(time: time, atRisk: atRisk, events: events, survivalBefore: survival,
                              incidence: incidence))
            survival *= 1 - Double(all) / Double(atRisk)
            atRisk -= tally.leaving(level)
        }
        self.steps = steps
    }

    /// The estimate for outcome `outcome` (1-based) at `time`: that of the
    /// last observed time at or before it; 0 with a band of (0, 0) before
    /// the first.
    public func value(outcome: Int, at time: Double) -> Value {
        // Those with a time at or after `time`: at risk at the first step there.
        var low = 0, high = steps.count
        while low < high {
            let middle = (low + high) / 2
            if steps[middle].time < time { low = middle + 1 } else { high = middle }
        }
        let atRisk = low < steps.count ? steps[low].atRisk : 0
        let k = outcome - 1
        guard let last = steps.lastIndex(where: { $0.time <= time }) else {
            return Value(incidence: 0, variance: 0, lower: 0, upper: 0, atRisk: atRisk)
        }
        let estimate = steps[last].incidence[k]
        var first = 0.0, second = 0.0, cross = 0.0
        for step in steps[...last] {
            let n = Double(step.atRisk), d = Double(step.allEvents), dk = Double(step.events[k])
            let gap = estimate - step.incidence[k]
            let s = step.survivalBefore
            // A term whose denominator is 0 (one at risk, or all of them
            // ending here) adds nothing, as in scikit-survival.
            if n > 1, n > d {
                first += gap * gap * d / ((n - 1) * (n - d))
                cross += gap * s * dk * (n - dk) / (n * (n - d) * (n - 1))
            }
            if n > 1 { second += s * s * dk * (n - dk) / ((n - 1) * n * n) }
        }
        let variance = first + second - 2 * cross
        let band = Self.logLogBand(estimate, variance)
        return Value(incidence: estimate, variance: variance, lower: band.lower, upper: band.upper, atRisk: atRisk)
    }

    /// F^exp(∓ z·se/(F ln F)); the estimate itself when its variance is nil.
    static func logLogBand(_ estimate: Double, _ variance: Double) -> (lower: Double, upper: Double) {
        let epsilon = Double.ulpOfOne
        guard estimate > epsilon else { return (0, 0) }
        let sigma = variance > epsilon ? variance.squareRoot() / estimate : 0
        let logEstimate = log(estimate)
        let theta = logEstimate < -epsilon ? sigma / logEstimate : 0
        return (exp(logEstimate * exp(-TimeVaryingCox.z975 * theta)),
                exp(logEstimate * exp(TimeVaryingCox.z975 * theta)))
    }
}
