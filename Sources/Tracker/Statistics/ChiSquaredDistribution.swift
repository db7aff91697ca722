/// The chi-square distribution, used for the p-value of the log-rank test.
public struct ChiSquaredDistribution: Sendable, Hashable {
    /// Degrees of freedom k, finite and positive (need not be an integer).
    public let degreesOfFreedom: Double

    /// Returns nil unless `degreesOfFreedom` is finite and positive.
    public init?(degreesOfFreedom: Double) {
        guard degreesOfFreedom > 0, degreesOfFreedom.isFinite else { return nil }
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(X ≤ x); 0 for x ≤ 0.
    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        guard x > 0 else { return 0 }
        return SpecialFunctions.incompleteGamma(a: degreesOfFreedom / 2, x: x / 2).lower
    }

    /// P(X > x), the upper-tail p-value, accurate when small; 1 for x ≤ 0.
    public func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        guard x > 0 else { return 1 }
        return SpecialFunctions.incompleteGamma(a: degreesOfFreedom / 2, x: x / 2).upper
    }
}
