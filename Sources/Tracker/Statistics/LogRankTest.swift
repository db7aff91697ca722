/// Log-rank test that k ≥ 2 groups share one survival curve, as lifelines'
/// `multivariate_logrank_test`: chi-square with k − 1 degrees of freedom.
public struct LogRankTest: Sendable, Hashable {
    /// The chi-square statistic (O − E)ᵀ V⁻ (O − E).
    public let statistic: Double
    /// Number of non-empty groups minus 1.
    public let degreesOfFreedom: Int
    /// P(χ² > statistic).
    public let pValue: Double
    /// Observed events per group, in input order (0 for an empty group).
    public let observedEvents: [Double]
    /// Events expected per group if all groups shared one hazard, in input order.
    public let expectedEvents: [Double]

    /// Tests whether `groups` (each a list of observations; `event` false means
    /// censored) differ in survival. Empty groups are ignored.
    ///
    /// Returns nil when fewer than 2 groups are non-empty, or when the variance
    /// is degenerate and the statistic undefined: no events at all, or no event
    /// time at which two groups were at risk together.
    public init?(groups: [[(time: Double, event: Bool)]]) {
        self.init(groups.map { TimeTally($0.map { ($0.time, $0.event ? 1 : 0) }, outcomes: 1) })
    }

    /// From each group's times tallied, column 1 the events.
    init?(_ groups: [TimeTally]) {
        let nonEmpty = groups.indices.filter { !groups[$0].isEmpty }
        guard nonEmpty.count >= 2 else { return nil }
        let groupCount = groups.count

        // Every group's distinct times, pooled in time order.
        var pooled: [(time: Double, group: Int, level: Int)] = []
        for (group, tally) in groups.enumerated() {
            for level in tally.times.indices { pooled.append((tally.times[level], group, level)) }
        }
        pooled.sort { $0.time < $1.time }

        var atRisk = groups.map { Double($0.subjects) }
        var observed = [Double](repeating: 0, count: groupCount)
        var expected = [Double](repeating: 0, count: groupCount)
        // covariance[j][l] accumulates Σ w_i n_ij (δ_jl n_i − n_il), with
        // w_i = d_i (n_i − d_i) / (n_i² (n_i − 1)), the hypergeometric variance.
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: groupCount), count: groupCount)
        var index = 0
        while index < pooled.count {
            let time = pooled[index].time
            var eventsByGroup = [Double](repeating: 0, count: groupCount)
            var leavingByGroup = [Double](repeating: 0, count: groupCount)
            while index < pooled.count && pooled[index].time == time {
                let entry = pooled[index]
                eventsByGroup[entry.group] += Double(groups[entry.group].count(entry.level, 1))
                leavingByGroup[entry.group] += Double(groups[entry.group].leaving(entry.level))
                index += 1
            }
            let events = eventsByGroup.reduce(0, +)
            let total = atRisk.reduce(0, +)
            if events > 0 {
                for j in 0..<groupCount {
                    observed[j] += eventsByGroup[j]
                    expected[j] += atRisk[j] * events / total
                }
                // With a single subject at risk no comparison is possible and
                // every term below is 0 anyway (lifelines sets that factor to 1).
                if total > 1 {
                    let weight = events * (total - events) / (total * total * (total - 1))
                    for j in 0..<groupCount where atRisk[j] > 0 {
                        covariance[j][j] += weight * atRisk[j] * (total - atRisk[j])
                        for l in 0..<groupCount where l != j {
                            covariance[j][l] -= weight * atRisk[j] * atRisk[l]
                        }
                    }
                }
            }
            for j in 0..<groupCount { atRisk[j] -= leavingByGroup[j] }
        }

        // V is a weighted graph Laplacian over the groups, so V·1 = 0 and V is
        // singular. Groups never at risk beside another at an event time have
        // an exactly zero row; the rest are all linked at the first informative
        // event time, so dropping the zero rows and then any one group leaves a
        // positive definite matrix. The quadratic form is the same for every
        // generalized inverse, so this equals lifelines' pseudo-inverse result.
        let informative = nonEmpty.filter { covariance[$0][$0] > 0 }
        guard informative.count >= 2 else { return nil }
        let kept = Array(informative.dropLast())
        let reducedCovariance = kept.map { j in kept.map { l in covariance[j][l] } }
        let reducedDeviation = kept.map { observed[$0] - expected[$0] }
        guard let solution = Self.solvePositiveDefinite(reducedCovariance, reducedDeviation) else { return nil }
        let statistic = max(0, zip(reducedDeviation, solution).reduce(0) { $0 + $1.0 * $1.1 })

        degreesOfFreedom = nonEmpty.count - 1
        self.statistic = statistic
        guard let distribution = ChiSquaredDistribution(degreesOfFreedom: Double(degreesOfFreedom)) else { return nil }
        pValue = distribution.survival(statistic)
        observedEvents = observed
        expectedEvents = expected
    }

    /// Solves A x = b by Cholesky factorization; nil if A is not numerically
    /// positive definite.
    private static func solvePositiveDefinite(_ matrix: [[Double]], _ rightHandSide: [Double]) -> [Double]? {
        let size = rightHandSide.count
        var factor = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for row in 0..<size {
            for column in 0...row {
                var sum = matrix[row][column]
                for k in 0..<column { sum -= factor[row][k] * factor[column][k] }
                if row == column {
                    guard sum > 0 else { return nil }
                    factor[row][row] = sum.squareRoot()
                } else {
                    factor[row][column] = sum / factor[column][column]
                }
            }
        }
        // Forward substitution L y = b, then back substitution Lᵀ x = y.
        var solution = rightHandSide
        for row in 0..<size {
            var sum = solution[row]
            for k in 0..<row { sum -= factor[row][k] * solution[k] }
            solution[row] = sum / factor[row][row]
        }
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = solution[row]
            for k in (row + 1)..<size { sum -= factor[k][row] * solution[k] }
            solution[row] = sum / factor[row][row]
        }
        return solution
    }
}
