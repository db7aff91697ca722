/// Ordinary least squares from the cross-products of a design: X′X and X′y
/// and y′y are all it needs, so the rows can be summed anywhere (in Swift
/// over a scan, or in SQL) and never held. Coefficients, their standard
/// errors from σ²(X′X)⁻¹ with σ² = RSS/(n − p), t and two-sided p with
/// n − p degrees of freedom, as statsmodels' OLS.
public struct LinearRegression: Sendable {
    public struct Coefficient: Sendable, Hashable {
        public let estimate: Double
        public let standardError: Double
        public let t: Double?
        public let pValue: Double?
        public let confidenceInterval: ConfidenceInterval?
    }

    public let coefficients: [Coefficient]
    public let residualDegreesOfFreedom: Int
    public let residualSumOfSquares: Double

    /// Accumulates X′X, X′y, y′y row by row.
    public struct CrossProducts: Sendable {
        public private(set) var xx: [[Double]]
        public private(set) var xy: [Double]
        public private(set) var yy = 0.0
        public private(set) var rows = 0

        public init(columns: Int) {
            xx = Array(repeating: Array(repeating: 0, count: columns), count: columns)
            xy = Array(repeating: 0, count: columns)
        }

        public mutating func add(_ x: [Double], _ y: Double) {
            for i in x.indices where x[i] != 0 {
                xy[i] += x[i] * y
                for j in x.indices where x[j] != 0 { xx[i][j] += x[i] * x[j] }
            }
            yy += y * y
            rows += 1
        }
    }

    /// nil when the design is rank-deficient (a column is a combination of
    /// others) or leaves no residual degree of freedom.
    public init?(_ products: CrossProducts) {
        let p = products.xy.count
        guard products.rows > p, let inverse = Self.inverse(products.xx) else { return nil }
        let beta = (0..<p).map { i in (0..<p).reduce(0.0) { $0 + inverse[i][$1] * products.xy[$1] } }
        // RSS = y′y − β′X′y, which loses digits when the fit is close; y′y
        // is exact enough for the magnitudes of case data.
        let explained = zip(beta, products.xy).reduce(0.0) { $0 + $1.0 * $1.1 }
        let rss = max(0, products.yy - explained)
        let df = products.rows - p
        let sigma2 = rss / Double(df)
        let distribution = StudentTDistribution(degreesOfFreedom: Double(df))
        let critical = distribution?.quantile(0.975)
        coefficients = (0..<p).map { i in
            let se = (sigma2 * inverse[i][i]).squareRoot()
            guard se > 0, let distribution, let critical else {
                return Coefficient(estimate: beta[i], standardError: se, t: nil, pValue: nil, confidenceInterval: nil)
            }
            let t = beta[i] / se
            return Coefficient(estimate: beta[i], standardError: se, t: t, pValue: distribution.twoSidedPValue(t),
                               confidenceInterval: ConfidenceInterval(lower: beta[i] - critical * se,
                                                                      upper: beta[i] + critical * se, level: 0.95))
        }
        residualDegreesOfFreedom = df
        residualSumOfSquares = rss
    }

    /// The inverse of a symmetric positive-definite matrix by Gauss–Jordan
    /// elimination with partial pivoting; nil when (nearly) singular.
    static func inverse(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        let scale = (0..<n).map { matrix[$0][$0] }.max() ?? 0
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  abs(a[pivot][column]) > 1e-10 * max(scale, 1) else { return nil }
            a.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let divisor = a[column][column]
            for j in 0..<n {
                a[column][j] /= divisor
                inverse[column][j] /= divisor
            }
            for row in 0..<n where row != column {
                let factor = a[row][column]
                guard factor != 0 else { continue }
                for j in 0..<n {
                    a[row][j] -= factor * a[column][j]
                    inverse[row][j] -= factor * inverse[column][j]
                }
            }
        }
        return inverse
    }
}
