/// A two-sided confidence interval for some quantity.
public struct ConfidenceInterval: Sendable, Hashable {
    /// Lower end of the interval.
    public let lower: Double
    /// Upper end of the interval.
    public let upper: Double
    /// Coverage probability, e.g. 0.95.
    public let level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// The 95% interval `centre ± t(0.975, df) · standardError`, or nil when
    /// `degreesOfFreedom` is not positive and finite.
    static func student95(centre: Double, standardError: Double, degreesOfFreedom: Double) -> ConfidenceInterval? {
        guard let distribution = StudentTDistribution(degreesOfFreedom: degreesOfFreedom),
              let critical = distribution.quantile(0.975) else { return nil }
        let halfWidth = critical * standardError
        return ConfidenceInterval(lower: centre - halfWidth, upper: centre + halfWidth, level: 0.95)
    }
}
