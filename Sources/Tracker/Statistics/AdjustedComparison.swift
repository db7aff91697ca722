/// ANCOVA of a cohort effect: follow-up ~ cohort (+ baseline) (+ stratum),
/// by least squares, the strata coded as treatment contrasts against the
/// first. Its cohort coefficient is the difference between cohort and the
/// rest among journeys of the same type (and the same baseline), which a
/// plain comparison of means cannot give when the cohort's types differ.
public enum AdjustedComparison {
    public struct Row: Sendable, Hashable {
        public let followup: Double
        public let baseline: Double
        public let inCohort: Bool
        public let stratum: String

        public init(followup: Double, baseline: Double, inCohort: Bool, stratum: String) {
            self.followup = followup
            self.baseline = baseline
            self.inCohort = inCohort
            self.stratum = stratum
        }
    }

    /// The cohort's coefficient; nil when the design cannot separate it (no
    /// journey on one side, a cohort that coincides with the strata) or
    /// leaves no residual degree of freedom. `strata` lists the levels; a
    /// row's stratum not among them adds no column.
    public static func fit(_ rows: [Row], baseline: Bool, strata: [String]) -> LinearRegression.Coefficient? {
        let present = Set(rows.map(\.stratum))
        let levels = strata.filter(present.contains)
        let dummies = Array(levels.dropFirst())
        let position = Dictionary(uniqueKeysWithValues: dummies.enumerated().map { ($1, $0) })
        let columns = 2 + (baseline ? 1 : 0) + dummies.count
        // Followed-up values shifted by the first row's: the slopes are the
        // same, and the cross-products lose fewer digits.
        let shift = rows.first?.followup ?? 0
        let baselineShift = rows.first?.baseline ?? 0
        var products = LinearRegression.CrossProducts(columns: columns)
        var x = [Double](repeating: 0, count: columns)
        for row in rows {
            for i in x.indices { x[i] = 0 }
            x[0] = 1
            x[1] = row.inCohort ? 1 : 0
            if baseline { x[2] = row.baseline - baselineShift }
            if let dummy = position[row.stratum] { x[2 + (baseline ? 1 : 0) + dummy] = 1 }
            products.add(x, row.followup - shift)
        }
        return LinearRegression(products)?.coefficients[1]
    }
}
