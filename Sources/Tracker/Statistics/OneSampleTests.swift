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
        guard let summary = SampleSummary(values), let sd = summary.standardDeviation, sd > 0,
              let distribution = StudentTDistribution(degreesOfFreedom: Double(values.count - 1)) else { return nil }
        t = summary.mean / (sd / Double(values.count).squareRoot())
        degreesOfFreedom = Double(values.count - 1)
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
        let nonzero = values.filter { $0 != 0 }
        guard !nonzero.isEmpty else { return nil }
        let ranked = SignedRanks(nonzero)
        let positive = ranked.positiveSum
        let total = Double(nonzero.count * (nonzero.count + 1)) / 2
        positiveRankSum = positive
        statistic = min(positive, total - positive)
        let hasZeros = nonzero.count < values.count
        if values.count <= 50, ranked.tieCorrection == 0, !hasZeros {
            method = .exact
            pValue = Self.exactPValue(positive, n: nonzero.count)
        } else if values.count <= 13 {
            method = .permutation
            pValue = Self.permutationPValue(positive, ranks: Self.averageRanks(nonzero.map(abs)))
        } else {
            method = .normal
            pValue = Self.normalPValue(positive, n: Double(nonzero.count), tieCorrection: ranked.tieCorrection)
        }
    }

    /// The ranks 1...n of the absolute values of some nonzero values, ties
    /// sharing the mean of their ranks, summed over the positive values;
    /// and Σ(t³ − t)/2 over the groups of t tied values (0 without ties).
    /// The positive and the negative values are sorted apart and walked
    /// together, so no value needs its position. Ranks are halves of whole
    /// numbers, so their sums are exact in any order.
    struct SignedRanks {
        let positiveSum: Double
        let tieCorrection: Double

        init(_ nonzero: [Double]) {
            var positives = nonzero.filter { $0 > 0 }
            var negatives = nonzero.compactMap { $0 < 0 ? -$0 : nil }
            positives.sort()
            negatives.sort()
            var sum = 0.0, correction = 0.0
            var below = 0, p = 0, n = 0
            while p < positives.count || n < negatives.count {
                let value = min(p < positives.count ? positives[p] : .infinity,
                                n < negatives.count ? negatives[n] : .infinity)
                var tiedPositive = 0, tied = 0
                while p < positives.count, positives[p] == value { p += 1; tiedPositive += 1 }
                tied = tiedPositive
                while n < negatives.count, negatives[n] == value { n += 1; tied += 1 }
                // Ranks below + 1 ... below + tied, each given their mean.
                sum += Double(tiedPositive) * (Double(2 * below + tied + 1) / 2)
                if tied > 1 { correction += Double(tied * tied * tied - tied) }
                below += tied
            }
            positiveSum = sum
            tieCorrection = correction / 2
        }
    }

    /// Ranks 1...n of `values`, ties sharing the mean of their ranks.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        return ranks
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
