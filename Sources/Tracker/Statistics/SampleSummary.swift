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
        // A constant sample gets exactly its value and zero variance: summing
        // and dividing could leave rounding noise (3 × 0.1 / 3 ≠ 0.1), and that
        // noise would turn an undefined Welch statistic into a huge finite one.
        if values.allSatisfy({ $0 == first }) {
            self.init(count: values.count, mean: first, variance: 0)
            return
        }
        let n = Double(values.count)
        let mean = values.compensatedSum / n
        // Two-pass variance; subtracting the squared sum of the deviations
        // removes the error left by rounding in the mean.
        var sumOfDeviations = CompensatedSum()
        var sumOfSquares = CompensatedSum()
        for value in values {
            let deviation = value - mean
            sumOfDeviations.add(deviation)
            sumOfSquares.add(deviation * deviation)
        }
        self.init(count: values.count, mean: mean, variance: Self.variance(sumOfSquares.value, sumOfDeviations.value, n))
    }

    /// Summarizes a sample of `tally.count` values given as distinct values
    /// with their counts (what a server returns instead of its rows): the
    /// same figures as the values themselves, sums to rounding.
    init?(_ tally: ValueTally) {
        guard let first = tally.levels.first else { return nil }
        if tally.levels.count == 1 {
            self.init(count: first.count, mean: first.value, variance: 0)
            return
        }
        let n = Double(tally.count)
        let mean = tally.levels.lazy.map { $0.value * Double($0.count) }.compensatedSum / n
        var sumOfDeviations = CompensatedSum()
        var sumOfSquares = CompensatedSum()
        for level in tally.levels {
            let deviation = level.value - mean
            sumOfDeviations.add(deviation * Double(level.count))
            sumOfSquares.add(deviation * deviation * Double(level.count))
        }
        self.init(count: tally.count, mean: mean, variance: Self.variance(sumOfSquares.value, sumOfDeviations.value, n))
    }

    /// The sample variance from the sums of the squared deviations from the
    /// mean and of the deviations themselves, over `n` values.
    private static func variance(_ sumOfSquares: Double, _ sumOfDeviations: Double, _ n: Double) -> Double {
        (sumOfSquares - sumOfDeviations * sumOfDeviations / n) / (n - 1)
    }

    /// The summary of `count` values of this mean and variance (ignored
    /// below two values).
    private init(count: Int, mean: Double, variance: Double) {
        self.count = count
        self.mean = mean
        guard count >= 2 else {
            self.variance = nil
            standardDeviation = nil
            confidenceInterval = nil
            return
        }
        let variance = max(0, variance)
        self.variance = variance
        let standardDeviation = variance.squareRoot()
        self.standardDeviation = standardDeviation
        confidenceInterval = .student95(
            centre: mean, standardError: standardDeviation / Double(count).squareRoot(), degreesOfFreedom: Double(count - 1))
    }
}

/// A sample as its distinct values, each with how many times it occurs.
struct ValueTally: Sendable {
    /// Distinct values, in no particular order, each counted at least once.
    let levels: [(value: Double, count: Int)]
    var count: Int { levels.reduce(0) { $0 + $1.count } }
}
