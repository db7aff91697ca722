/// Welch's unequal-variance t test comparing the means of two samples a and b.
public struct WelchTest: Sendable, Hashable {
    /// Summary of sample a.
    public let first: SampleSummary
    /// Summary of sample b.
    public let second: SampleSummary
    /// mean(a) − mean(b).
    public let difference: Double
    /// √(var(a)/n_a + var(b)/n_b); 0 when both samples are constant.
    public let standardError: Double
    /// difference / standardError; nil when the standard error is 0.
    public let t: Double?
    /// Welch–Satterthwaite degrees of freedom; nil when the standard error is 0.
    public let degreesOfFreedom: Double?
    /// Two-sided p-value P(|T| ≥ |t|); nil when the standard error is 0.
    public let pValue: Double?
    /// 95% confidence interval of the difference; nil when the standard error is 0.
    public let confidenceInterval: ConfidenceInterval?

    /// Compares `a` with `b`. Returns nil unless each sample has at least 2 values,
    /// since a variance needs two.
    ///
    /// When both samples have zero variance the standard error is 0 and t, df,
    /// p and the interval are undefined: they are nil rather than NaN or ∞.
    public init?(a: [Double], b: [Double]) {
        guard let first = SampleSummary(a), let second = SampleSummary(b) else { return nil }
        self.init(first, second)
    }

    /// Compares the samples these summarize.
    init?(_ first: SampleSummary, _ second: SampleSummary) {
        guard let firstVariance = first.variance, let secondVariance = second.variance else { return nil }
        self.first = first
        self.second = second
        difference = first.mean - second.mean
        let firstShare = firstVariance / Double(first.count)
        let secondShare = secondVariance / Double(second.count)
        let varianceOfDifference = firstShare + secondShare
        standardError = varianceOfDifference.squareRoot()
        guard standardError > 0 else {
            t = nil
            degreesOfFreedom = nil
            pValue = nil
            confidenceInterval = nil
            return
        }
        let t = difference / standardError
        self.t = t
        // df = (v_a + v_b)² / (v_a²/(n_a−1) + v_b²/(n_b−1)), written with the
        // shares of the total so tiny variances cannot underflow when squared.
        let firstWeight = firstShare / varianceOfDifference
        let secondWeight = secondShare / varianceOfDifference
        let degreesOfFreedom = 1 / (firstWeight * firstWeight / Double(first.count - 1)
            + secondWeight * secondWeight / Double(second.count - 1))
        self.degreesOfFreedom = degreesOfFreedom
        pValue = StudentTDistribution(degreesOfFreedom: degreesOfFreedom)?.twoSidedPValue(t)
        confidenceInterval = .student95(
            centre: difference, standardError: standardError, degreesOfFreedom: degreesOfFreedom)
    }
}
