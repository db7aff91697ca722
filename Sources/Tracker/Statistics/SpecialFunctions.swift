#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gamma and beta family functions behind the t and chi-square distributions.
///
/// Each function keeps its relative accuracy in the far tails (results like
/// 1e-18 are computed directly, never as `1 - (something close to 1)`), because
/// p-values in those tails are what the tests report. Arguments outside the
/// mathematical domain give NaN, as the C math library does.
public enum SpecialFunctions {
    /// Natural logarithm of |Γ(x)|.
    public static func logGamma(_ x: Double) -> Double {
        // lgamma_r rather than lgamma: lgamma writes the global `signgam`,
        // a data race when several tasks compute statistics at once.
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// Natural logarithm of the beta function B(a, b) = Γ(a)Γ(b)/Γ(a+b), for a, b > 0.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0 else { return .nan }
        let small = min(a, b)
        let large = max(a, b)
        guard large >= stirlingThreshold else {
            return logGamma(a) + logGamma(b) - logGamma(a + b)
        }
        // log Γ(large) − log Γ(large + small) cancels badly when `large` dominates
        // (Student t with many degrees of freedom); expanding both with
        // Stirling's series keeps the difference accurate.
        let difference = (large - 0.5) * -log1p(small / large)
            - small * log(large + small) + small
            + stirlingCorrection(large) - stirlingCorrection(large + small)
        return logGamma(small) + difference
    }

    /// Regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
    public static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        return incompleteBeta(a: a, b: b, x: x, oneMinusX: 1 - x, logX: log(x), logOneMinusX: log1p(-x)).lower
    }

    /// Regularized lower incomplete gamma function P(a, x), for a > 0 and x ≥ 0.
    public static func regularizedLowerIncompleteGamma(a: Double, x: Double) -> Double {
        incompleteGamma(a: a, x: x).lower
    }

    /// Regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), for a > 0 and x ≥ 0.
    public static func regularizedUpperIncompleteGamma(a: Double, x: Double) -> Double {
        incompleteGamma(a: a, x: x).upper
    }

    // MARK: - Shared machinery

    /// I_x(a, b) and 1 − I_x(a, b), the smaller of the two computed directly.
    ///
    /// Callers pass `x`, `1 − x` and both logarithms separately so that they can
    /// compute each one without cancellation or overflow (the t distribution
    /// derives them from t², which may be huge or tiny).
    static func incompleteBeta(
        a: Double, b: Double, x: Double, oneMinusX: Double, logX: Double, logOneMinusX: Double
    ) -> (lower: Double, upper: Double) {
        // Test the logarithms, not x itself: x may underflow to 0 while x^a,
        // and so the result, is still representable.
        if logX == -.infinity { return (0, 1) }
        if logOneMinusX == -.infinity { return (1, 0) }
        let logPrefactor = a * logX + b * logOneMinusX - logBeta(a, b)
        // The continued fraction converges fast only on the side of the mode;
        // on the other side use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            let lower = min(1, exp(logPrefactor) * betaContinuedFraction(a: a, b: b, x: x) / a)
            return (lower, 1 - lower)
        } else {
            let upper = min(1, exp(logPrefactor) * betaContinuedFraction(a: b, b: a, x: oneMinusX) / b)
            return (1 - upper, upper)
        }
    }

    /// P(a, x) and Q(a, x), the smaller of the two computed directly.
    static func incompleteGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
        guard a > 0, x >= 0 else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        let logPrefactor = a * log(x) - x - logGamma(a)
        // The power series converges quickly below the mode (x < a + 1), the
        // continued fraction above it; each then yields the smaller tail.
        if x < a + 1 {
            let lower = min(1, exp(logPrefactor) * gammaSeries(a: a, x: x))
            return (lower, 1 - lower)
        } else {
            let upper = min(1, exp(logPrefactor) * gammaContinuedFraction(a: a, x: x))
            return (1 - upper, upper)
        }
    }

    // MARK: - Private helpers

    /// Relative change below which a series or continued fraction has converged:
    /// a few ulps, as rounding noise can keep the last factor from being exactly 1.
    private static let convergenceTolerance = 1e-15
    /// Keeps Lentz's method from dividing by zero.
    private static let lentzFloor = Double.leastNormalMagnitude / Double.ulpOfOne
    /// Generous: convergence needs about √max(a, b) steps, so this only guards
    /// against non-finite input.
    private static let maximumIterations = 1_000_000
    private static let stirlingThreshold = 100.0

    /// log Γ(x) − [(x − ½) log x − x + ½ log 2π], the tail of Stirling's series.
    /// For x ≥ 100 the omitted terms are below 1e-20.
    private static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x
        let inverseSquared = inverse * inverse
        return inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared * (1.0 / 1260 - inverseSquared / 1680)))
    }

    /// Continued fraction for I_x(a, b) · a · B(a, b) / (x^a (1−x)^b), by the
    /// modified Lentz method.
    private static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        var numeratorRatio = 1.0
        var denominatorRatio = nonZero(1 - (a + b) * x / (a + 1))
        denominatorRatio = 1 / denominatorRatio
        var fraction = denominatorRatio
        for step in 1...maximumIterations {
            let m = Double(step)
            let twoM = 2 * m
            // Even coefficient d_{2m}.
            let even = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            denominatorRatio = 1 / nonZero(1 + even * denominatorRatio)
            numeratorRatio = nonZero(1 + even / numeratorRatio)
            fraction *= denominatorRatio * numeratorRatio
            // Odd coefficient d_{2m+1}.
            let odd = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            denominatorRatio = 1 / nonZero(1 + odd * denominatorRatio)
            numeratorRatio = nonZero(1 + odd / numeratorRatio)
            let change = denominatorRatio * numeratorRatio
            fraction *= change
            if abs(change - 1) <= convergenceTolerance { break }
        }
        return fraction
    }

    /// Σ x^n / (a (a+1) … (a+n)), so that P(a, x) = x^a e^(−x) / Γ(a) · sum.
    private static func gammaSeries(a: Double, x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        for _ in 1...maximumIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) <= abs(sum) * convergenceTolerance { break }
        }
        return sum
    }

    /// Continued fraction so that Q(a, x) = x^a e^(−x) / Γ(a) · fraction, by the
    /// modified Lentz method.
    private static func gammaContinuedFraction(a: Double, x: Double) -> Double {
        var partialDenominator = x + 1 - a
        var numeratorRatio = 1 / lentzFloor
        var denominatorRatio = 1 / nonZero(partialDenominator)
        var fraction = denominatorRatio
        for step in 1...maximumIterations {
            let i = Double(step)
            let partialNumerator = -i * (i - a)
            partialDenominator += 2
            denominatorRatio = 1 / nonZero(partialNumerator * denominatorRatio + partialDenominator)
            numeratorRatio = nonZero(partialDenominator + partialNumerator / numeratorRatio)
            let change = denominatorRatio * numeratorRatio
            fraction *= change
            if abs(change - 1) <= convergenceTolerance { break }
        }
        return fraction
    }

    private static func nonZero(_ value: Double) -> Double {
        abs(value) < lentzFloor ? lentzFloor : value
    }
}
