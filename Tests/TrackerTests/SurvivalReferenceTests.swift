import Foundation
import Testing
@testable import Tracker

/// The time-varying Cox model, the Aalen–Johansen estimator, the one-sample
/// tests, Benjamini–Hochberg and OLS against the values of independent
/// implementations: `Reference/survival_v2_reference.py` (lifelines 0.30.3
/// `CoxTimeVaryingFitter` converged further and cross-checked with
/// statsmodels `PHReg`; scikit-survival 0.28.0
/// `cumulative_incidence_competing_risks`, which treats tied times exactly;
/// scipy 1.17.1 `ttest_1samp` and `wilcoxon`; statsmodels 0.15.0
/// `multipletests` and OLS) wrote `survival_v2_reference.txt`, read here.
/// The formulas each library uses are in `survival_v2_notes.md`.
@Suite("Statistics that do not mislead, against their references")
struct SurvivalReferenceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")

    /// `key = value` lines of the reference output.
    static let reference: [String: String] = {
        let text = try! String(contentsOf: folder.appendingPathComponent("survival_v2_reference.txt"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let separator = line.range(of: " = ") else { continue }
            values[String(line[..<separator.lowerBound])] = String(line[separator.upperBound...])
        }
        return values
    }()

    static func number(_ key: String) -> Double {
        guard let text = reference[key], let value = Double(text) else {
            Issue.record("no reference value \(key)")
            return .nan
        }
        return value
    }

    static func numbers(_ key: String) -> [Double] {
        (reference[key] ?? "").split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Rows of a CSV fixture beside the reference, header dropped.
    static func rows(_ file: String) -> [[String]] {
        let text = try! String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    }

    static func close(_ value: Double?, _ key: String, relative: Double = 1e-6, absolute: Double = 1e-12,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = number(key)
        guard let value else {
            Issue.record("\(key): nil, expected \(expected)", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(value - expected) <= max(absolute, relative * abs(expected)),
                "\(key): \(value) against \(expected)", sourceLocation: sourceLocation)
    }

    static func intervals(_ file: String, stratified: Bool) -> [ExposureInterval] {
        var strata: [String: Int] = [:]
        return rows(file).map { row in
            let stratum = stratified ? strata[row[5], default: strata.count] : 0
            if stratified { strata[row[5]] = stratum }
            return ExposureInterval(start: Double(row[1])!, stop: Double(row[2])!, event: row[3] == "1",
                                    exposed: row[4] == "1", stratum: stratum)
        }
    }

    @Test("time-varying Cox, Efron ties, with and without strata, and on the Stanford heart transplant data",
          arguments: [("cox_tv_small.csv", true, "cox.small.stratified"),
                      ("cox_tv_small.csv", false, "cox.small.unstratified"),
                      ("stanford_heart.csv", false, "cox.stanford")])
    func cox(file: String, stratified: Bool, key: String) throws {
        let fit = try TimeVaryingCox(Self.intervals(file, stratified: stratified))
        Self.close(fit.coefficient, "\(key).coef")
        Self.close(fit.standardError, "\(key).se")
        Self.close(fit.hazardRatio, "\(key).hazard_ratio")
        Self.close(fit.z, "\(key).z")
        Self.close(fit.pValue, "\(key).p")
        Self.close(fit.confidenceInterval.lower, "\(key).ci_low")
        Self.close(fit.confidenceInterval.upper, "\(key).ci_high")
        Self.close(fit.logPartialLikelihood, "\(key).log_partial_likelihood")
        Self.close(fit.nullLogPartialLikelihood, "\(key).log_partial_likelihood_null")
        #expect(Double(fit.events) == Self.number("\(key).events"))
    }

    @Test("a separated exposure is refused, not answered with a huge coefficient")
    func separated() {
        #expect(throws: TimeVaryingCox.Failure.separated(towardsExposed: true)) {
            try TimeVaryingCox(Self.intervals("cox_tv_separated.csv", stratified: false))
        }
        #expect(throws: TimeVaryingCox.Failure.noEvents) {
            try TimeVaryingCox([ExposureInterval(start: 0, stop: 3, event: false, exposed: true),
                                ExposureInterval(start: 0, stop: 4, event: false, exposed: false)])
        }
        #expect(throws: TimeVaryingCox.Failure.noComparison) {
            try TimeVaryingCox([ExposureInterval(start: 0, stop: 3, event: true, exposed: false),
                                ExposureInterval(start: 0, stop: 4, event: true, exposed: false)])
        }
    }

    @Test("Aalen–Johansen cumulative incidence with its log(−log) band, on a tied fixture and on the bmt data",
          arguments: [("aj_small.csv", "aj.small"), ("bmt.csv", "aj.bmt")])
    func incidence(file: String, key: String) {
        let observations = Self.rows(file).map { (time: Double($0[0])!, outcome: Int($0[1])!) }
        let outcomes = Int(Self.number("\(key).n_outcomes"))
        let estimate = CumulativeIncidence(observations, outcomes: outcomes)
        // The same times as a server counts them, in its own order and in
        // pieces, give the same steps, and Kaplan–Meier and the log-rank
        // test over them the same figures.
        let counted = observations.flatMap { [($0.time, $0.outcome, 1)] }.shuffled()
        #expect(CumulativeIncidence(TimeTally(counted: counted, outcomes: outcomes)).steps == estimate.steps)
        let survival = observations.map { (time: $0.time, event: $0.outcome == 1) }
        let tallied = TimeTally(counted: survival.map { ($0.time, $0.event ? 1 : 0, 1) }.shuffled(), outcomes: 1)
        #expect(KaplanMeierEstimate(tallied).steps == KaplanMeierEstimate(survival).steps)
        let halves = [Array(survival.prefix(survival.count / 2)), Array(survival.dropFirst(survival.count / 2))]
        #expect(LogRankTest(halves.map { TimeTally(counted: $0.map { ($0.time, $0.event ? 1 : 0, 1) }, outcomes: 1) })
            == LogRankTest(groups: halves))
        let times = Self.reference.keys.filter { $0.hasPrefix("\(key).t[") && $0.hasSuffix("].n_at_risk") }
            .compactMap { Double($0.dropFirst("\(key).t[".count).dropLast("].n_at_risk".count)) }
        #expect(times.count >= 6)
        for time in times {
            let label = "t[\(time)]"
            for k in 1...outcomes {
                let value = estimate.value(outcome: k, at: time)
                Self.close(value.incidence, "\(key).k\(k).\(label).cif")
                Self.close(value.variance, "\(key).k\(k).\(label).var")
                Self.close(value.lower, "\(key).k\(k).\(label).lower")
                Self.close(value.upper, "\(key).k\(k).\(label).upper")
                #expect(Double(value.atRisk) == Self.number("\(key).\(label).n_at_risk"), "\(key) \(label)")
            }
        }
    }

    @Test("one-sample t and Wilcoxon signed-rank as scipy's defaults: exact, permutation and normal paths",
          arguments: ["distinct12", "ties15", "ties60", "distinct60", "ties10", "distinct50", "constant8"])
    func oneSample(sample: String) throws {
        let values = Self.numbers("onesample.\(sample).values")
        #expect(values.count == Int(Self.number("onesample.\(sample).n")))
        let key = "onesample.\(sample)"
        if let t = OneSampleTTest(values) {
            Self.close(t.t, "\(key).ttest.t")
            Self.close(t.pValue, "\(key).ttest.p")
        } else {
            // No variance: scipy answers t = ±inf, p = 0; here there is no test.
            #expect(Self.reference["\(key).ttest.t"] == "inf")
        }
        let test = try #require(SignedRankTest(values))
        Self.close(test.statistic, "\(key).wilcoxon.statistic")
        Self.close(test.pValue, "\(key).wilcoxon.p")
        let path = ["exact": SignedRankTest.Method.exact, "permutation": .permutation, "asymptotic": .normal]
        #expect(path[Self.reference["\(key).wilcoxon.path"] ?? ""] == test.method)
        // The same sample as a server tallies it (distinct values with their
        // counts, in its own order) gives the same figures.
        var counts: [Double: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        let tally = ValueTally(levels: counts.map { (value: $0.key, count: $0.value) }.shuffled())
        let summary = try #require(SampleSummary(values)), tallied = try #require(SampleSummary(tally))
        #expect(tallied.count == summary.count)
        #expect(abs(tallied.mean - summary.mean) <= 1e-14 * max(1, abs(summary.mean)), "\(key)")
        #expect(abs((tallied.standardDeviation ?? .nan) - (summary.standardDeviation ?? .nan))
            <= 1e-14 * max(1, summary.standardDeviation ?? 1), "\(key)")
        if let t = OneSampleTTest(summary) { Self.close(t.pValue, "\(key).ttest.p") }
        var signs: [Double: (positive: Int, negative: Int)] = [:]
        for value in values where value != 0 {
            signs[abs(value), default: (0, 0)].positive += value > 0 ? 1 : 0
            signs[abs(value), default: (0, 0)].negative += value < 0 ? 1 : 0
        }
        let signed = SignedTally(levels: signs.map { ($0.key, $0.value.positive, $0.value.negative) }.shuffled(),
                                 zeros: values.filter { $0 == 0 }.count)
        #expect(SignedRankTest(signed) == test, "\(key)")
    }

    @Test("the one-sample edges: one value, all zeros")
    func oneSampleEdges() {
        #expect(OneSampleTTest([2.5]) == nil && Self.reference["onesample.single.ttest.t"] == "nan")
        #expect(OneSampleTTest([0, 0, 0, 0, 0]) == nil && Self.reference["onesample.zeros5.ttest.t"] == "nan")
        #expect(SignedRankTest([0, 0, 0, 0, 0]) == nil)
        Self.close(SignedRankTest([2.5])?.pValue, "onesample.single.wilcoxon.p")
    }

    @Test("Benjamini–Hochberg q-values as statsmodels' fdr_bh, with ties and a single p-value; nil stays out")
    func benjaminiHochberg() {
        for key in ["bh.ties", "bh.single"] {
            let adjusted = FalseDiscoveryRate.benjaminiHochberg(Self.numbers("\(key).p").map { $0 })
            let expected = Self.numbers("\(key).adjusted")
            #expect(adjusted.count == expected.count)
            for (value, reference) in zip(adjusted, expected) {
                #expect(abs((value ?? .nan) - reference) <= 1e-12, "\(key)")
            }
        }
        let withNil = FalseDiscoveryRate.benjaminiHochberg([0.01, nil, 0.04])
        #expect(withNil[1] == nil && abs(withNil[0]! - 0.02) < 1e-15 && abs(withNil[2]! - 0.04) < 1e-15)
    }

    /// The ANCOVA fixture's rows: follow-up, baseline, cohort, type.
    static func ancovaRows(_ key: String) -> [(followup: Double, baseline: Double, cohort: Bool, type: String)] {
        (reference[key] ?? "").split(separator: ";").map { row in
            let fields = row.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return (Double(fields[0])!, Double(fields[1])!, fields[2] == "1", fields[3])
        }
    }

    @Test("ANCOVA by OLS on cross-products: follow-up ~ cohort (+ baseline) + type, as statsmodels",
          arguments: [("main", "type"), ("main", "baseline_type"), ("single_row_type", "type"),
                      ("single_row_type", "baseline_type"), ("one_cohort_type", "type"),
                      ("one_cohort_type", "baseline_type")])
    func ancova(data: String, model: String) throws {
        var rows = Self.ancovaRows("ancova.main.rows")
        if data != "main" { rows += Self.ancovaRows("ancova.\(data).extra_rows") }
        let types = Array(Set(rows.map(\.type))).sorted()
        let withBaseline = model.contains("baseline")
        let fit = try #require(AdjustedComparison.fit(rows.map {
            AdjustedComparison.Row(followup: $0.followup, baseline: $0.baseline, inCohort: $0.cohort, stratum: $0.type)
        }, baseline: withBaseline, strata: types))
        let key = "ancova.\(data).\(model)"
        Self.close(fit.estimate, "\(key).coef")
        Self.close(fit.standardError, "\(key).se")
        Self.close(fit.t, "\(key).t")
        Self.close(fit.pValue, "\(key).p")
        Self.close(fit.confidenceInterval?.lower, "\(key).ci_low")
        Self.close(fit.confidenceInterval?.upper, "\(key).ci_high")
    }

    @Test("ANCOVA with the baseline alone, on one type")
    func ancovaOneType() throws {
        let rows = Self.ancovaRows("ancova.main.rows").filter { $0.type == "alpha" }
        let fit = try #require(AdjustedComparison.fit(rows.map {
            AdjustedComparison.Row(followup: $0.followup, baseline: $0.baseline, inCohort: $0.cohort, stratum: $0.type)
        }, baseline: true, strata: ["alpha"]))
        Self.close(fit.estimate, "ancova.alpha_only.baseline.coef")
        Self.close(fit.standardError, "ancova.alpha_only.baseline.se")
        Self.close(fit.pValue, "ancova.alpha_only.baseline.p")
    }
}

@Suite("Aalen–Johansen and Cox edges")
struct CompetingOutcomeEdgeTests {
    @Test("all censored: every incidence is 0 with a band of (0, 0), and the risk set counts down")
    func allCensored() {
        let estimate = CumulativeIncidence([(3, 0), (5, 0), (5, 0), (9, 0)], outcomes: 2)
        for k in 1...2 {
            let value = estimate.value(outcome: k, at: 6)
            #expect(value.incidence == 0 && value.variance == 0 && value.lower == 0 && value.upper == 0)
            #expect(value.atRisk == 1)
        }
        #expect(estimate.value(outcome: 1, at: 5).atRisk == 3)
    }

    @Test("one outcome, no censoring: the incidence is the empirical share, and every outcome together is 1 − KM")
    func empirical() {
        let observations: [(time: Double, outcome: Int)] = [(1, 1), (2, 2), (2, 1), (4, 1), (7, 2), (7, 2)]
        let estimate = CumulativeIncidence(observations, outcomes: 2)
        #expect(abs(estimate.value(outcome: 1, at: 4).incidence - 3.0 / 6) < 1e-15)
        #expect(abs(estimate.value(outcome: 2, at: 100).incidence - 3.0 / 6) < 1e-15)
        let km = KaplanMeierEstimate(observations.map { (time: $0.time, event: true) })
        for time in [0.5, 1, 2, 3, 4, 7] {
            let total = estimate.value(outcome: 1, at: time).incidence + estimate.value(outcome: 2, at: time).incidence
            #expect(abs(total - (1 - km.survival(at: time))) < 1e-15)
        }
    }

    @Test("the sufficient statistics of the Cox model count the risk sets as (start, stop]")
    func riskSets() {
        // At t = 4 the first subject switches: its unexposed row ends at 4
        // (at risk then), its exposed row starts at 4 (not at risk then).
        let times = TimeVaryingCox.riskTimes([
            ExposureInterval(start: 0, stop: 4, event: false, exposed: false),
            ExposureInterval(start: 4, stop: 9, event: true, exposed: true),
            ExposureInterval(start: 0, stop: 4, event: true, exposed: false),
            ExposureInterval(start: 0, stop: 6, event: true, exposed: true),
            ExposureInterval(start: 2, stop: 2, event: true, exposed: true),
        ])
        #expect(times == [
            .init(unexposedAtRisk: 2, exposedAtRisk: 1, unexposedEvents: 1, exposedEvents: 0),
            .init(unexposedAtRisk: 0, exposedAtRisk: 2, unexposedEvents: 0, exposedEvents: 1),
            .init(unexposedAtRisk: 0, exposedAtRisk: 1, unexposedEvents: 0, exposedEvents: 1),
        ])
    }
}
