/// Count, mean, standard deviation and 95% confidence interval of the mean of one sample.
public struct SampleSummary: Sendable, Hashable {
    /// Number of values.
    public let count: Int
    /// Arithmetic mean.
    public let mean: Double
    /// Sample variance (divisor n − 1); nil when n < 2.
    public let variance: Double?
    /// Sample standard deviation (divisor n − 1); nil when n < 2.
    public let standardDeviation: Double?
    /// mean ± t(0.975, n − 1) · sd / √n; nil when n < 2. With zero variance it
    /// collapses to [mean, mean].
    public let confidenceInterval: ConfidenceInterval?

    /// Summarizes `values` (finite numbers); nil when `values` is empty.
    public init?(_ values: [Double]) {
        guard let first = values.first else { return nil }
        count = values.count
        // A constant sample gets exactly its value and zero variance: summing
        // and dividing could leave rounding noise (3 × 0.1 / 3 ≠ 0.1), and that
        // noise would turn an undefined Welch statistic into a huge finite one.
        if values.allSatisfy({ $0 == first }) {
            mean = first
            variance = count >= 2 ? 0 : nil
            standardDeviation = count >= 2 ? 0 : nil
            confidenceInterval = count >= 2 ? ConfidenceInterval(lower: first, upper: first, level: 0.95) : nil
            return
        }
        let n = Double(count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        guard count >= 2 else {
            variance = nil
            standardDeviation = nil
            confidenceInterval = nil
            return
        }
        // Two-pass variance; subtracting the squared sum of the deviations
        // removes the error left by rounding in the mean.
        var sumOfDeviations = 0.0
        var sumOfSquares = 0.0
        for value in values {
            let deviation = value - mean
            sumOfDeviations += deviation
            sumOfSquares += deviation * deviation
        }
        let variance = max(0, (sumOfSquares - sumOfDeviations * sumOfDeviations / n) / (n - 1))
        self.variance = variance
        let standardDeviation = variance.squareRoot()
        self.standardDeviation = standardDeviation
        confidenceInterval = .student95(
            centre: mean, standardError: standardDeviation / n.squareRoot(), degreesOfFreedom: n - 1)
    }
}
