#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's one-sample t test of a mean against 0, as
/// `scipy.stats.ttest_1samp(x, 0)`: t = mean / (sd/√n), n − 1 degrees of
/// freedom, two-sided p.
public struct OneSampleTTest: Sendable, Hashable {
    public let t: Double
    public let degreesOfFreedom: Double
    public let pValue: Double

    /// nil with fewer than two values or no variance, where scipy answers
    /// NaN or ±∞: no test can be read from such a sample.
    public init?(_ values: [Double]) {
        guard let summary = SampleSummary(values) else { return nil }
        self.init(summary)
    }

    init?(_ summary: SampleSummary) {
        guard let sd = summary.standardDeviation, sd > 0,
              let distribution = StudentTDistribution(degreesOfFreedom: Double(summary.count - 1)) else { return nil }
        t = summary.mean / (sd / Double(summary.count).squareRoot())
        degreesOfFreedom = Double(summary.count - 1)
        pValue = distribution.twoSidedPValue(t)
    }
}

/// Wilcoxon's signed-rank test of a symmetric distribution about 0, with
/// `scipy.stats.wilcoxon`'s defaults: zero differences dropped (`wilcox`),
/// average ranks for ties, two-sided, no continuity correction, and its
/// `auto` method: with more than 50 values the normal approximation (with
/// the tie correction); otherwise the exact null distribution when there is
/// no tie and no zero, all 2ⁿ sign flips when n ≤ 13, else the approximation.
/// `n` counts the zeros, as scipy's does.
public struct SignedRankTest: Sendable, Hashable {
    public enum Method: String, Sendable { case exact, permutation, normal }

    /// Sum of the ranks of the positive values.
    public let positiveRankSum: Double
    /// min(r+, r−), the statistic scipy reports.
    public let statistic: Double
    public let pValue: Double
    public let method: Method

    /// nil when every value is 0 (or there is none): nothing to rank.
    public init?(_ values: [Double]) {
        self.init(SignedTally(values))
    }

    /// The test of the values `tally` counts.
    init?(_ tally: SignedTally) {
        // Ranks 1...n of the magnitudes, ties sharing the mean of their
        // ranks; Σ(t³ − t) over the groups of t tied magnitudes. Ranks are
        // halves of whole numbers, so their sums are exact in any order.
        var positive = 0.0, correction = 0.0, below = 0
        var ranks: [Double] = []
        for level in tally.levels {
            let tied = level.positive + level.negative
            let rank = Double(2 * below + tied + 1) / 2
            positive += Double(level.positive) * rank
            if tied > 1 { correction += Double(tied * tied * tied - tied) }
            if below + tied <= 13 { ranks += repeatElement(rank, count: tied) }
            below += tied
        }
        let nonzero = below, count = below + tally.zeros
        guard nonzero > 0 else { return nil }
        let total = Double(nonzero * (nonzero + 1)) / 2
        positiveRankSum = positive
        statistic = min(positive, total - positive)
        if count <= 50, correction == 0, tally.zeros == 0 {
            method = .exact
            pValue = Self.exactPValue(positive, n: nonzero)
        } else if count <= 13 {
            method = .permutation
            pValue = Self.permutationPValue(positive, ranks: ranks)
        } else {
            method = .normal
            pValue = Self.normalPValue(positive, n: Double(nonzero), tieCorrection: correction / 2)
        }
    }

    /// Two-sided p from the exact null distribution of r+ over the 2ⁿ
    /// equally likely signs of the ranks 1...n.
    private static func exactPValue(_ positive: Double, n: Int) -> Double {
        let maximum = n * (n + 1) / 2
        // counts[s]: sign patterns whose positive ranks sum to s.
        var counts = [Double](repeating: 0, count: maximum + 1)
        counts[0] = 1
        for rank in 1...n {
            for sum in stride(from: maximum, through: rank, by: -1) { counts[sum] += counts[sum - rank] }
        }
        let whole = pow(2.0, Double(n))
        let r = Int(positive)
        let upper = counts[r...].reduce(0, +) / whole
        let lower = counts[...r].reduce(0, +) / whole
        return min(1, 2 * min(upper, lower))
    }

    /// Two-sided p over every sign flip of the ranks (zeros flip too, which
    /// changes nothing but the count of patterns), as scipy's permutation test.
    private static func permutationPValue(_ positive: Double, ranks: [Double]) -> Double {
        let patterns = 1 << ranks.count
        let tolerance = 100 * Double.ulpOfOne * abs(positive)
        var atMost = 0, atLeast = 0
        for pattern in 0..<patterns {
            var sum = 0.0
            for (index, rank) in ranks.enumerated() where pattern & (1 << index) != 0 { sum += rank }
            if sum <= positive + tolerance { atMost += 1 }
            if sum >= positive - tolerance { atLeast += 1 }
        }
        return min(1, 2 * Double(min(atMost, atLeast)) / Double(patterns))
    }

    /// Two-sided p of z = (r+ − n(n+1)/4) / se, se with the tie correction.
    private static func normalPValue(_ positive: Double, n: Double, tieCorrection: Double) -> Double {
        let se = ((n * (n + 1) * (2 * n + 1) - tieCorrection) / 24).squareRoot()
        guard se > 0 else { return 1 }
        let z = (positive - n * (n + 1) / 4) / se
        return erfc(abs(z) / 2.0.squareRoot())
    }
}

/// Some values as their distinct nonzero magnitudes, in ascending order,
/// each with how many of the values are positive and how many negative, and
/// the number of zeros: all a signed-rank test needs of them.
struct SignedTally: Sendable {
    let levels: [(magnitude: Double, positive: Int, negative: Int)]
    let zeros: Int

    /// `levels` in any order, magnitudes distinct and positive.
    init(levels: [(magnitude: Double, positive: Int, negative: Int)], zeros: Int) {
        self.levels = levels.sorted { $0.magnitude < $1.magnitude }
        self.zeros = zeros
    }

    init(_ values: [Double]) {
        var signed = values.filter { $0 != 0 }
        signed.sort { abs($0) < abs($1) }
        var levels: [(magnitude: Double, positive: Int, negative: Int)] = []
        for value in signed {
            if levels.last?.magnitude != abs(value) { levels.append((abs(value), 0, 0)) }
            if value > 0 { levels[levels.count - 1].positive += 1 } else { levels[levels.count - 1].negative += 1 }
        }
        self.levels = levels
        zeros = values.count - signed.count
    }
}

/// Benjamini–Hochberg adjusted p-values (q-values) controlling the false
/// discovery rate, as statsmodels' `multipletests(method="fdr_bh")`; nil
/// p-values are left out of the family and stay nil.
public enum FalseDiscoveryRate {
    public static func benjaminiHochberg(_ pValues: [Double?]) -> [Double?] {
        let present = pValues.indices.filter { pValues[$0] != nil }
        let order = present.sorted { pValues[$0]! < pValues[$1]! }
        let m = Double(order.count)
        var adjusted = [Double?](repeating: nil, count: pValues.count)
        var running = 1.0
        for (rank, index) in order.enumerated().reversed() {
            running = min(running, pValues[index]! / (Double(rank + 1) / m))
            adjusted[index] = min(1, running)
        }
        return adjusted
    }
}
