#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interrupted time series: a segmented linear regression of a series
/// y₀ … yₙ₋₁ on its time t with a change at index c,
///
///     y_t = b₀ + b₁·t + b₂·D_t + b₃·(t − c)·D_t,   D_t = 1 when t ≥ c,
///
/// so that b₂ is the jump in level at the change and b₃ the change in the
/// slope after it. Monthly counts run in spells (a busy quarter, a slow
/// summer), so the residuals are autocorrelated and the classical standard
/// errors too small: they are Newey–West's (heteroscedasticity- and
/// autocorrelation-consistent, Bartlett weights w_l = 1 − l/(L + 1) over L
/// lags, with the small-sample factor n/(n − k)), and the p-values and 95%
/// intervals normal, as statsmodels' `OLS(...).fit(cov_type="HAC",
/// cov_kwds={"maxlags": L, "use_correction": True})`.
public struct SegmentedRegression: Sendable {
    public struct Coefficient: Sendable, Hashable {
        public let estimate: Double
        public let standardError: Double
        /// Two-sided normal p-value; nil when the standard error is 0.
        public let pValue: Double?
        public let confidenceInterval: ConfidenceInterval?
    }

    public let intercept: Coefficient
    public let trend: Coefficient
    public let levelChange: Coefficient
    public let slopeChange: Coefficient
    /// The lags of the Newey–West estimate.
    public let lags: Int

    /// The default lag count for n points, floor(4·(n/100)^(2/9)) (Newey
    /// and West 1994; statsmodels' and Stata's rule).
    public static func defaultLags(_ count: Int) -> Int {
        Int((4 * pow(Double(count) / 100, 2.0 / 9)).rounded(.down))
    }

    /// nil unless each side of the change has at least two points and the
    /// design is of full rank.
    public init?(series y: [Double], changeAt c: Int, lags: Int? = nil) {
        let n = y.count, k = 4
        guard c >= 2, n - c >= 2, n > k else { return nil }
        let lags = max(0, min(lags ?? Self.defaultLags(n), n - 1))
        let x: [[Double]] = (0..<n).map { t in
            let after = t >= c ? 1.0 : 0.0
            return [1, Double(t), after, Double(t - c) * after]
        }
        var products = LinearRegression.CrossProducts(columns: k)
        for t in 0..<n { products.add(x[t], y[t]) }
        guard let bread = LinearRegression.inverse(products.xx) else { return nil }
        let beta = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + bread[i][$1] * products.xy[$1] } }
        let residual = (0..<n).map { t in y[t] - (0..<k).reduce(0.0) { $0 + x[t][$1] * beta[$1] } }
        // The meat: Σ u²xx′ plus the weighted cross-lag terms, both ways.
        var meat = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for lag in 0...lags {
            let weight = lag == 0 ? 1.0 : 1 - Double(lag) / Double(lags + 1)
            for t in lag..<n {
                let scale = weight * residual[t] * residual[t - lag]
                for i in 0..<k {
                    for j in 0..<k {
                        let term = lag == 0 ? x[t][i] * x[t][j] : x[t][i] * x[t - lag][j] + x[t - lag][i] * x[t][j]
                        meat[i][j] += scale * term
                    }
                }
            }
        }
        let correction = Double(n) / Double(n - k)
        func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
            (0..<k).map { i in (0..<k).map { j in (0..<k).reduce(0.0) { $0 + a[i][$1] * b[$1][j] } } }
        }
        let covariance = product(product(bread, meat), bread)
        let coefficients = (0..<k).map { i -> Coefficient in
            let se = (max(0, covariance[i][i]) * correction).squareRoot()
            guard se > 0 else { return Coefficient(estimate: beta[i], standardError: se, pValue: nil, confidenceInterval: nil) }
            let z = beta[i] / se
            return Coefficient(estimate: beta[i], standardError: se, pValue: erfc(abs(z) / 2.0.squareRoot()),
                               confidenceInterval: ConfidenceInterval(lower: beta[i] - TimeVaryingCox.z975 * se,
                                                                      upper: beta[i] + TimeVaryingCox.z975 * se, level: 0.95))
        }
        intercept = coefficients[0]
        trend = coefficients[1]
        levelChange = coefficients[2]
        slopeChange = coefficients[3]
        self.lags = lags
    }
}
