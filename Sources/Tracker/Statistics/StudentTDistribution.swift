#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with real (not necessarily integer) degrees of freedom,
/// as needed for Welch's test.
///
/// Tail probabilities keep full relative accuracy far out (P(T ≤ −40) with 3 df
/// is computed directly, not as 1 minus something), and `quantile` inverts the
/// CDF to double precision.
public struct StudentTDistribution: Sendable, Hashable {
    /// Degrees of freedom ν, finite and positive.
    public let degreesOfFreedom: Double

    /// Returns nil unless `degreesOfFreedom` is finite and positive.
    public init?(degreesOfFreedom: Double) {
        guard degreesOfFreedom > 0, degreesOfFreedom.isFinite else { return nil }
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// Probability density at `t`.
    public func density(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let logNormalizer = SpecialFunctions.logBeta(nu / 2, 0.5) + 0.5 * log(nu)
        return exp(-logNormalizer - (nu + 1) / 2 * logOnePlusSquare(abs(t) / nu.squareRoot()))
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        let parts = split(abs(t))
        return t < 0 ? parts.beyond : 0.5 + parts.within
    }

    /// P(T > t), accurate when small.
    public func survival(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        return cdf(-t)
    }

    /// P(|T| ≥ |t|), the two-sided p-value of an observed statistic `t`.
    public func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        return min(1, 2 * split(abs(t)).beyond)
    }

    /// The t with P(T ≤ t) = p. Returns −∞ for p = 0, +∞ for p = 1 (also when the
    /// answer lies beyond the largest Double), and nil when p is NaN or outside [0, 1].
    public func quantile(_ p: Double) -> Double? {
        guard p >= 0, p <= 1 else { return nil }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let sign: Double = p < 0.5 ? -1 : 1
        // Near the centre solve for P(0 < T < t) = |p − ½|, in the tails for
        // P(T > t) = min(p, 1 − p): both targets are exact in floating point
        // (Sterbenz), and each is the quantity computed directly, so the root
        // keeps full relative precision on both sides.
        let magnitude: Double
        if abs(p - 0.5) <= 0.25 {
            magnitude = solveForMagnitude(target: abs(p - 0.5), usingTail: false)
        } else {
            magnitude = solveForMagnitude(target: min(p, 1 - p), usingTail: true)
        }
        return sign * magnitude
    }

    // MARK: - Private

    /// For s ≥ 0: `beyond` = P(T > s) and `within` = P(0 < T < s); they sum to ½.
    private func split(_ s: Double) -> (beyond: Double, within: Double) {
        if s == 0 { return (0.5, 0) }
        if s.isInfinite { return (0, 0.5) }
        let nu = degreesOfFreedom
        // P(|T| > s) = I_x(ν/2, ½) with x = ν / (ν + s²). Compute x, 1 − x and their
        // logarithms from the ratio r = s/√ν without forming s², which can
        // overflow (huge s) or swallow ν (tiny s).
        let ratio = s / nu.squareRoot()
        let x: Double, oneMinusX: Double, logX: Double, logOneMinusX: Double
        if ratio > 1 {
            let inverse = nu.squareRoot() / s
            let inverseSquared = inverse * inverse
            x = inverseSquared / (1 + inverseSquared)
            oneMinusX = 1 / (1 + inverseSquared)
            logOneMinusX = -log1p(inverseSquared)
            logX = 2 * log(inverse) + logOneMinusX
        } else {
            let ratioSquared = ratio * ratio
            x = 1 / (1 + ratioSquared)
            oneMinusX = ratioSquared / (1 + ratioSquared)
            logX = -log1p(ratioSquared)
            logOneMinusX = 2 * log(ratio) + logX
        }
        let beta = SpecialFunctions.incompleteBeta(
            a: nu / 2, b: 0.5, x: x, oneMinusX: oneMinusX, logX: logX, logOneMinusX: logOneMinusX)
        return (0.5 * beta.lower, 0.5 * beta.upper)
    }

    /// log(1 + r²) without overflow for huge r.
    private func logOnePlusSquare(_ r: Double) -> Double {
        r > 1e150 ? 2 * log(r) : log1p(r * r)
    }

    /// Finds s > 0 with P(T > s) = target (`usingTail`) or P(0 < T < s) = target.
    ///
    /// Newton's method on log(probability) against log(s): in those coordinates
    /// the tail is nearly a straight line (it decays like s^−ν) and so is the
    /// centre (it grows like s), so steps are well scaled everywhere. A bracket
    /// that is narrowed every step falls back to bisection if Newton misbehaves.
    private func solveForMagnitude(target: Double, usingTail: Bool) -> Double {
        let logTarget = log(target)
        let nu = degreesOfFreedom
        // Residual and its derivative, both with respect to u = log s.
        func evaluate(_ u: Double) -> (residual: Double, slope: Double) {
            let s = exp(u)
            let parts = split(s)
            let probability = usingTail ? parts.beyond : parts.within
            let derivative = density(s) * s / probability
            return (log(probability) - logTarget, usingTail ? -derivative : derivative)
        }
        // Start from the asymptotic form of the probability: the tail is
        // ≈ ν^(ν/2) s^(−ν) / (ν B(ν/2, ½)), the centre ≈ density(0) · s.
        var u: Double
        if usingTail {
            u = (0.5 * nu * log(nu) - SpecialFunctions.logBeta(nu / 2, 0.5) - log(nu) - logTarget) / nu
        } else {
            u = logTarget - log(density(0))
        }
        // Signed so that it increases with u: the centre probability grows with
        // s, the tail shrinks.
        func increasingResidual(_ value: (residual: Double, slope: Double)) -> Double {
            usingTail ? -value.residual : value.residual
        }
        let logLargest = log(Double.greatestFiniteMagnitude)
        var low = -Double.infinity   // largest u known to lie below the root
        var high = Double.infinity   // smallest u known to lie above it
        var step = 1.0
        var current = evaluate(u)
        // Walk outwards from the guess, doubling the stride, until bracketed.
        while true {
            let residual = increasingResidual(current)
            if residual == 0 { return exp(u) }
            if residual < 0 { low = u } else { high = u }
            if low.isFinite && high.isFinite { break }
            u += residual < 0 ? step : -step
            step *= 2
            if u > logLargest { return .infinity }
            current = evaluate(u)
        }
        var polishing = false
        for _ in 0..<200 {
            let newtonStep = u - current.residual / current.slope
            // The bracket is closed: near the root Newton may land on an end.
            let usesNewton = newtonStep >= low && newtonStep <= high
            let next = usesNewton ? newtonStep : 0.5 * (low + high)
            let change = abs(next - u)
            u = next
            if change <= 4 * u.ulp { break }
            if usesNewton {
                // Newton converges quadratically: after a step this small, one
                // more lands within rounding of the root.
                if polishing { break }
                polishing = change <= 1e-9 * max(1, abs(u))
            }
            current = evaluate(u)
            let residual = increasingResidual(current)
            if residual == 0 { break }
            if residual < 0 { low = u } else { high = u }
        }
        return exp(u)
    }
}
