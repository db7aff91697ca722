import Testing
@testable import Tracker

// Reference values come from Reference/statistics_reference.py (scipy 1.17.1,
// numpy 2.4.6, lifelines 0.30.3); its output is Reference/statistics_reference.txt.
// Each literal names the key of the output line it was copied from. The tests
// never run Python.

/// Records an issue unless `actual` is within `tolerance` relative to `expected`
/// (absolute when `expected` is 0). nil and NaN always fail.
private func expectClose(
    _ actual: Double?, _ expected: Double, tolerance: Double = 1e-9,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("expected \(expected), got nil", sourceLocation: sourceLocation)
        return
    }
    let scale = expected == 0 ? 1 : abs(expected)
    #expect(abs(actual - expected) <= tolerance * scale,
            "got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}

@Suite("Statistics")
struct StatisticsTests {
    @Suite("Quantiles")
    struct QuantileTests {
        let sample = [3.1, 4.7, 1.2, 9.9, 5.5, 2.0, 7.3].sorted()

        @Test("type 7 quantiles match numpy.quantile(method='linear')")
        func typeSevenMatchesNumpy() {
            // quantile.seven[p]
            let expected: [(Double, Double)] = [
                (0.0, 1.2), (0.1, 1.6800000000000002), (0.25, 2.55), (0.5, 4.7),
                (0.75, 6.4), (0.9, 8.340000000000002), (1.0, 9.9),
            ]
            for (p, value) in expected {
                expectClose(Statistics.quantile(sorted: sample, p), value, tolerance: 1e-15)
            }
        }

        @Test("one and two values, and the median of an even count")
        func smallSamples() {
            expectClose(Statistics.quantile(sorted: [4.2], 0.3), 4.2, tolerance: 0)   // quantile.single[0.3]
            expectClose(Statistics.quantile(sorted: [1.0, 3.0], 0.25), 1.5)          // quantile.pair[0.25]
            expectClose(Statistics.median(sorted: [1.0, 2.0, 3.0, 4.0]), 2.5)        // median.four
            expectClose(Statistics.median([4.0, 1.0, 3.0, 2.0]), 2.5)               // median.four
        }

        @Test("the median found by selection is the sorted sample's, bit for bit: ties, runs, odd and even counts")
        func medianBySelection() {
            var generator = SystemRandomNumberGenerator()
            var samples: [[Double]] = [
                Array(repeating: 3.0, count: 100), (0..<101).map(Double.init), (0..<200).map { Double(200 - $0) },
                (0..<64).map { Double($0 % 2) }, (0..<65).map { $0 < 32 ? -0.0 : 0.0 },
            ]
            for count in [64, 65, 127, 128, 1_000, 1_001, 10_000] {
                // Whole days, as the gaps mostly are, with many ties; and spread values.
                samples.append((0..<count).map { _ in Double(Int.random(in: 0...40, using: &generator)) })
                samples.append((0..<count).map { _ in Double.random(in: -1e6...1e6, using: &generator) })
            }
            for sample in samples {
                let sorted = Statistics.median(sorted: sample.sorted())
                let selected = Statistics.median(sample)
                #expect(selected?.bitPattern == sorted?.bitPattern, "\(sample.count) values: \(String(describing: selected)) against \(String(describing: sorted))")
            }
        }

        @Test("empty samples and probabilities outside [0, 1] give nil")
        func invalidInputGivesNil() {
            #expect(Statistics.quantile(sorted: [], 0.5) == nil)
            #expect(Statistics.median([]) == nil)
            #expect(Statistics.quantile(sorted: sample, -0.1) == nil)
            #expect(Statistics.quantile(sorted: sample, 1.1) == nil)
            #expect(Statistics.quantile(sorted: sample, .nan) == nil)
        }
    }

    @Suite("Special functions")
    struct SpecialFunctionTests {
        @Test("log-gamma matches scipy.special.gammaln")
        func logGamma() {
            // gammaln(x)
            let expected: [(Double, Double)] = [
                (0.5, 0.5723649429247), (3.7, 1.428072326665388), (1e-5, 11.512919692895826),
                (171.5, 709.1431630309283), (1234.5, 7550.550901077894),
            ]
            for (x, value) in expected {
                expectClose(SpecialFunctions.logGamma(x), value, tolerance: 1e-13)
            }
        }

        @Test("log-beta of large arguments agrees with log-gamma sums")
        func logBetaLargeArguments() {
            // Stirling branch against the direct formula where the latter is still accurate.
            let direct = SpecialFunctions.logGamma(250) + SpecialFunctions.logGamma(0.5) - SpecialFunctions.logGamma(250.5)
            expectClose(SpecialFunctions.logBeta(250, 0.5), direct, tolerance: 1e-12)
            expectClose(SpecialFunctions.logBeta(0.5, 250), direct, tolerance: 1e-12)
        }

        @Test("regularized incomplete beta matches scipy.special.betainc")
        func incompleteBeta() {
            // betainc(a, b, x)
            let expected: [(Double, Double, Double, Double)] = [
                (0.5, 0.5, 0.3, 0.36901011956554536),
                (2.5, 3.7, 0.42, 0.5537866565145153),
                (10.0, 0.5, 0.999, 0.8888967091248604),
                (0.75, 1.5, 1e-6, 4.398868750722935e-05),
                (200.0, 300.0, 0.3, 1.049698524329301e-06),
                (1.5, 50.0, 0.2, 0.9999467492442392),
                (3.0, 4.0, 0.9999, 0.9999999999999984),
            ]
            for (a, b, x, value) in expected {
                expectClose(SpecialFunctions.regularizedIncompleteBeta(a: a, b: b, x: x), value, tolerance: 1e-11)
            }
        }

        @Test("incomplete beta at the ends of [0, 1] and outside the domain")
        func incompleteBetaBoundaries() {
            #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 0) == 0)
            #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 1) == 1)
            #expect(SpecialFunctions.regularizedIncompleteBeta(a: -1, b: 3, x: 0.5).isNaN)
            #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 1.5).isNaN)
        }

        @Test("regularized incomplete gammas match scipy.special.gammainc and gammaincc")
        func incompleteGamma() {
            // gammainc(a, x), gammaincc(a, x)
            let expected: [(Double, Double, Double, Double)] = [
                (0.5, 0.1, 0.34527915398142317, 0.6547208460185768),
                (3.0, 2.5, 0.45618688411667035, 0.5438131158833297),
                (10.0, 30.0, 0.9999928782491372, 7.121750862815593e-06),
                (1.0, 40.0, 1.0, 4.248354255291595e-18),
                (25.5, 20.0, 0.13312255797599265, 0.8668774420240073),
                (0.1, 1e-3, 0.526768568392445, 0.473231431607555),
                (100.0, 60.0, 1.4815276326460494e-06, 0.9999985184723673),
            ]
            for (a, x, lower, upper) in expected {
                expectClose(SpecialFunctions.regularizedLowerIncompleteGamma(a: a, x: x), lower, tolerance: 1e-11)
                expectClose(SpecialFunctions.regularizedUpperIncompleteGamma(a: a, x: x), upper, tolerance: 1e-11)
            }
        }
    }

    @Suite("Distributions")
    struct DistributionTests {
        @Test("Student t CDF matches scipy.stats.t.cdf, far tails included")
        func studentCDF() throws {
            // t.cdf(t, df)
            let expected: [(Double, Double, Double)] = [
                (-40.0, 3.0, 1.7190340394579253e-05),
                (2.1, 4.5, 0.9520310915189568),
                (-0.3, 1.7, 0.39840145919872505),
                (0.01, 30.2, 0.5039564719500513),
                (5.0, 1.0, 0.9371670418109987),
                (-1e5, 2.5, 2.2747519231756224e-13),
                (1.5, 2.0, 0.8638034375544994),
                (-3.0, 250.0, 0.0014863310455888272),
            ]
            for (t, df, value) in expected {
                let distribution = try #require(StudentTDistribution(degreesOfFreedom: df))
                expectClose(distribution.cdf(t), value, tolerance: 1e-12)
                expectClose(distribution.survival(-t), value, tolerance: 1e-12)
            }
        }

        @Test("Student t quantile matches scipy.stats.t.ppf, extreme tails included")
        func studentQuantile() throws {
            // t.ppf(p, df)
            let expected: [(Double, Double, Double)] = [
                (0.975, 1.0, 12.706204736174694),
                (0.975, 1.5, 6.016663104427929),
                (0.975, 2.0, 4.302652729749462),
                (0.975, 3.3, 3.024874461840807),
                (0.975, 9.0, 2.262157162798205),
                (0.975, 29.7, 2.043137856247257),
                (0.975, 1000.0, 1.9623390808264083),
                (0.9995, 1.5, 82.84744670366369),
                (1e-10, 2.5, -8765.437771364572),
                // t.ppf.mpmath(0.5000001, 4.0): scipy's t.ppf(0.5000001, 4.0) = 2.6656007498500226e-07
                // is 4e-4 off here (it loses precision near p = ½); mpmath agrees with us.
                (0.5000001, 4.0, 2.666666665263091e-07),
                (0.3, 7.2, -0.5484018447537293),
                (1e-100, 3.0, -2.225769823822442e+33),
                (0.999999, 0.7, 70219760.02954762),
                // (ν/(ν+t²) underflows here while the tail probability does not)
                (1e-300, 1.0, -3.183098861837907e+299),
                // (steep log-tail: needs a fully converged root)
                (1e-300, 10000.0, -38.356384321004235),
            ]
            for (p, df, value) in expected {
                let distribution = try #require(StudentTDistribution(degreesOfFreedom: df))
                expectClose(distribution.quantile(p), value, tolerance: 1e-12)
            }
        }

        @Test("Student t quantile inverts the CDF and handles the ends of [0, 1]")
        func studentQuantileRoundTrip() throws {
            let distribution = try #require(StudentTDistribution(degreesOfFreedom: 4.25))
            for p in [1e-12, 0.01, 0.2, 0.4999, 0.5, 0.6, 0.9, 0.999] {
                let t = try #require(distribution.quantile(p))
                expectClose(distribution.cdf(t), p, tolerance: 1e-13)
            }
            #expect(distribution.quantile(0) == -.infinity)
            #expect(distribution.quantile(1) == .infinity)
            #expect(distribution.quantile(1.2) == nil)
            #expect(distribution.quantile(.nan) == nil)
            #expect(StudentTDistribution(degreesOfFreedom: 0) == nil)
            #expect(StudentTDistribution(degreesOfFreedom: .infinity) == nil)
        }

        @Test("Student t density integrates to the CDF")
        func studentDensity() throws {
            // Simpson's rule over [0.5, 1.5] against the CDF difference.
            let distribution = try #require(StudentTDistribution(degreesOfFreedom: 2.7))
            let steps = 200
            let width = 1.0 / Double(steps)
            var integral = distribution.density(0.5) + distribution.density(1.5)
            for i in 1..<steps {
                integral += (i % 2 == 1 ? 4 : 2) * distribution.density(0.5 + Double(i) * width)
            }
            integral *= width / 3
            expectClose(integral, distribution.cdf(1.5) - distribution.cdf(0.5), tolerance: 1e-9)
        }

        @Test("chi-square CDF and survival match scipy.stats.chi2")
        func chiSquare() throws {
            // chi2.cdf(x, df), chi2.sf(x, df)
            let expected: [(Double, Double, Double, Double)] = [
                (80.0, 2.0, 1.0, 4.248354255291595e-18),
                (3.2, 4.0, 0.47506905321389586, 0.5249309467861041),
                (0.5, 1.0, 0.5204998778130466, 0.47950012218695337),
                (150.0, 10.0, 1.0, 3.727485055062505e-27),
                (1e-3, 3.0, 8.40791905804616e-06, 0.9999915920809419),
                (7.5, 2.5, 0.9618309117847932, 0.038169088215206766),
            ]
            for (x, df, cdf, survival) in expected {
                let distribution = try #require(ChiSquaredDistribution(degreesOfFreedom: df))
                expectClose(distribution.cdf(x), cdf, tolerance: 1e-12)
                expectClose(distribution.survival(x), survival, tolerance: 1e-12)
            }
            let two = try #require(ChiSquaredDistribution(degreesOfFreedom: 2))
            #expect(two.survival(0) == 1)
            #expect(two.cdf(-1) == 0)
        }
    }

    @Suite("One-sample summary")
    struct SampleSummaryTests {
        @Test("mean, sd and 95% CI match numpy and scipy.stats.t.ppf")
        func sevenValues() throws {
            let summary = try #require(SampleSummary([5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3]))
            #expect(summary.count == 7)                                          // summary.seven.n
            expectClose(summary.mean, 5.542857142857143, tolerance: 1e-14)         // summary.seven.mean
            expectClose(summary.standardDeviation, 0.47908643220593244, tolerance: 1e-13) // summary.seven.sd
            expectClose(summary.confidenceInterval?.lower, 5.099776092954625)      // summary.seven.ci.low
            expectClose(summary.confidenceInterval?.upper, 5.985938192759661)      // summary.seven.ci.high
            #expect(summary.confidenceInterval?.level == 0.95)
        }

        @Test("two values give a CI on one degree of freedom")
        func twoValues() throws {
            let summary = try #require(SampleSummary([1.0, 4.0]))
            expectClose(summary.mean, 2.5)                                          // summary.two.mean
            expectClose(summary.standardDeviation, 2.1213203435596424)              // summary.two.sd
            expectClose(summary.confidenceInterval?.lower, -16.55930710426204)      // summary.two.ci.low
            expectClose(summary.confidenceInterval?.upper, 21.55930710426204)       // summary.two.ci.high
        }

        @Test("one value has a mean but no sd or CI; no values give no summary")
        func oneValue() throws {
            let summary = try #require(SampleSummary([3.0]))
            #expect(summary.count == 1)
            #expect(summary.mean == 3.0)
            #expect(summary.standardDeviation == nil)
            #expect(summary.confidenceInterval == nil)
            #expect(SampleSummary([]) == nil)
        }

        @Test("zero variance collapses the CI onto the mean")
        func constantSample() throws {
            // summary.constant.*: sd 0.0, ci 2.5 ... 2.5
            let summary = try #require(SampleSummary([2.5, 2.5, 2.5]))
            #expect(summary.standardDeviation == 0)
            #expect(summary.confidenceInterval?.lower == 2.5)
            #expect(summary.confidenceInterval?.upper == 2.5)
            // A constant that is not exactly representable keeps its exact value.
            let tenths = try #require(SampleSummary([0.1, 0.1, 0.1]))
            #expect(tenths.mean == 0.1)
            #expect(tenths.variance == 0)
        }
    }

    @Suite("Welch test")
    struct WelchTests {
        @Test("matches scipy.stats.ttest_ind(equal_var=False) and its confidence interval")
        func mainFixture() throws {
            let test = try #require(WelchTest(
                a: [19.1, 21.4, 18.7, 22.3, 20.5, 19.9, 23.1], b: [17.2, 16.8, 19.5, 18.1, 15.9]))
            expectClose(test.difference, 3.2142857142857153, tolerance: 1e-13)  // welch.main.difference
            expectClose(test.t, 3.6940716825663693)                             // welch.main.t
            expectClose(test.degreesOfFreedom, 9.635338782517485)               // welch.main.df
            expectClose(test.pValue, 0.004418534347768469)                      // welch.main.p
            expectClose(test.confidenceInterval?.lower, 1.2655455435865728)     // welch.main.ci.low
            expectClose(test.confidenceInterval?.upper, 5.163025884984858)      // welch.main.ci.high
        }

        @Test("two values per group, non-integer df below 2")
        func pairs() throws {
            let test = try #require(WelchTest(a: [1.0, 2.0], b: [3.5, 6.0]))
            expectClose(test.difference, -3.25)                                 // welch.pairs.difference
            expectClose(test.t, -2.4140393963016744)                            // welch.pairs.t
            expectClose(test.degreesOfFreedom, 1.31201248049922)                // welch.pairs.df
            expectClose(test.pValue, 0.19953673597516233)                       // welch.pairs.p
            expectClose(test.confidenceInterval?.lower, -13.193165636854118)    // welch.pairs.ci.low
            expectClose(test.confidenceInterval?.upper, 6.693165636854118)      // welch.pairs.ci.high
        }

        @Test("one constant group: df comes from the other group alone")
        func oneConstantGroup() throws {
            let test = try #require(WelchTest(a: [4.0, 4.0, 4.0], b: [1.0, 2.0, 3.5, 2.2]))
            expectClose(test.difference, 1.8250000000000002)                    // welch.oneConstant.difference
            expectClose(test.t, 3.5521817611721547)                             // welch.oneConstant.t
            expectClose(test.degreesOfFreedom, 3.0)                             // welch.oneConstant.df
            expectClose(test.pValue, 0.03803146110387647)                       // welch.oneConstant.p
            expectClose(test.confidenceInterval?.lower, 0.18995852475008346)    // welch.oneConstant.ci.low
            expectClose(test.confidenceInterval?.upper, 3.460041475249917)      // welch.oneConstant.ci.high
        }

        @Test("well separated groups: a tiny p-value keeps its relative accuracy")
        func farApart() throws {
            let test = try #require(WelchTest(
                a: [10.0, 10.1, 9.9, 10.05, 9.95], b: [0.0, 0.1, -0.1, 0.05]))
            expectClose(test.t, 180.16955291227808)                             // welch.farApart.t
            expectClose(test.degreesOfFreedom, 6.3023536511768254)              // welch.farApart.df
            expectClose(test.pValue, 6.138615971185529e-13)                     // welch.farApart.p
            expectClose(test.confidenceInterval?.lower, 9.853420045517273)      // welch.farApart.ci.low
            expectClose(test.confidenceInterval?.upper, 10.121579954482728)     // welch.farApart.ci.high
        }

        @Test("both groups constant: difference only, everything else nil")
        func bothConstant() throws {
            // welch.bothConstant: scipy reports t = -inf, p = 0; undefined here.
            let test = try #require(WelchTest(a: [1.0, 1.0], b: [2.0, 2.0, 2.0]))
            #expect(test.difference == -1)
            #expect(test.standardError == 0)
            #expect(test.t == nil)
            #expect(test.degreesOfFreedom == nil)
            #expect(test.pValue == nil)
            #expect(test.confidenceInterval == nil)
        }

        @Test("a group with fewer than two values gives no test")
        func tooSmall() {
            #expect(WelchTest(a: [1.0], b: [2.0, 3.0]) == nil)
            #expect(WelchTest(a: [1.0, 2.0], b: []) == nil)
        }
    }

    @Suite("Kaplan–Meier")
    struct KaplanMeierTests {
        typealias Row = (time: Double, atRisk: Int, events: Int, censored: Int,
                         survival: Double, greenwood: Double, low: Double, high: Double)

        /// Compares every step with lifelines' event_table, survival_function_,
        /// _cumulative_sq_ and confidence_interval_ rows.
        func expectSteps(_ estimate: KaplanMeierEstimate, _ rows: [Row],
                         sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(estimate.steps.map(\.time) == rows.map(\.time), sourceLocation: sourceLocation)
            for (step, row) in zip(estimate.steps, rows) {
                #expect(step.atRisk == row.atRisk, sourceLocation: sourceLocation)
                #expect(step.events == row.events, sourceLocation: sourceLocation)
                #expect(step.censored == row.censored, sourceLocation: sourceLocation)
                expectClose(step.survival, row.survival, tolerance: 1e-12, sourceLocation: sourceLocation)
                expectClose(step.greenwoodSum, row.greenwood, tolerance: 1e-12, sourceLocation: sourceLocation)
                expectClose(step.lowerBand, row.low, tolerance: 1e-10, sourceLocation: sourceLocation)
                expectClose(step.upperBand, row.high, tolerance: 1e-10, sourceLocation: sourceLocation)
            }
        }

        static let tiedTimes: [(time: Double, event: Bool)] = zip(
            [1, 2, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 12] as [Double],
            [true, true, true, false, true, false, true, false, true, true, true, false, false, true, false]
        ).map { (time: $0, event: $1) }

        @Test("tied event and censoring times: censored at t are at risk at t")
        func tiedTimes() {
            let estimate = KaplanMeierEstimate(Self.tiedTimes.shuffled())
            // km.ties[t].at_risk/.events/.censored/.survival/.greenwood/.band.low/.band.high
            expectSteps(estimate, [
            (1.0, 15, 1, 0, 0.9333333333333331, 0.004761904761904762, 0.6126412437748727, 0.9903322366500168),
            (2.0, 14, 2, 1, 0.8, 0.016666666666666666, 0.49982398165575437, 0.9307172940541175),
            (3.0, 11, 1, 0, 0.7272727272727274, 0.025757575757575757, 0.4252315172732251, 0.8881678063671771),
            (4.0, 10, 0, 1, 0.7272727272727274, 0.025757575757575757, 0.4252315172732251, 0.8881678063671771),
            (5.0, 9, 1, 1, 0.6464646464646463, 0.039646464646464645, 0.3439740523286345, 0.8366735748968752),
            (6.0, 7, 1, 0, 0.554112554112554, 0.06345598845598846, 0.25602901033205067, 0.7742746984558508),
            (7.0, 6, 1, 0, 0.46176046176046165, 0.09678932178932179, 0.1824835459777912, 0.7039859205288674),
            (8.0, 5, 1, 1, 0.36940836940836935, 0.1467893217893218, 0.12041923715871852, 0.6259367010242299),
            (9.0, 3, 0, 1, 0.36940836940836935, 0.1467893217893218, 0.12041923715871852, 0.6259367010242299),
            (10.0, 2, 1, 0, 0.18470418470418465, 0.6467893217893218, 0.013640140296189688, 0.5146665481665434),
            (12.0, 1, 0, 1, 0.18470418470418465, 0.6467893217893218, 0.013640140296189688, 0.5146665481665434),
            ])
            #expect(estimate.subjectCount == 15)
            // km.ties.median = 7.0, .median.ci.low = 2.0, .median.ci.high = inf
            #expect(estimate.median == KaplanMeierEstimate.Median(time: 7, lowerBound: 2, upperBound: nil))
            // km.ties.quartile[0.75] = 3.0, quartile[0.25] = 10.0
            #expect(estimate.quartiles == KaplanMeierEstimate.Quartiles(first: 3, median: 7, third: 10))
        }

        @Test("S and the bands can be read at any time as a right-continuous step function")
        func readingAtArbitraryTimes() {
            let estimate = KaplanMeierEstimate(Self.tiedTimes)
            #expect(estimate.survival(at: 0.5) == 1)
            #expect(estimate.step(at: 0.5) == nil)
            expectClose(estimate.survival(at: 2), 0.8)                       // km.ties[2.0].survival
            expectClose(estimate.survival(at: 4.5), 0.7272727272727274)      // km.ties[4.0].survival
            expectClose(estimate.survival(at: 100), 0.18470418470418465)     // km.ties[12.0].survival
            expectClose(estimate.step(at: 6.99)?.upperBand, 0.7742746984558508) // km.ties[6.0].band.high
            // km.ties[2.0].survival² · km.ties[2.0].greenwood = 0.8² · 0.016666666666666666
            expectClose(estimate.step(at: 2)?.greenwoodVariance, 0.010666666666666666)
        }

        @Test("a 30-subject curve whose median CI is closed on both sides")
        func largerSample() {
            let times: [Double] = [
                0.5, 1.2, 1.9, 2.4, 3.1, 3.3, 4.0, 4.6, 5.2, 5.9, 6.3, 7.1, 7.8, 8.4, 9.0,
                9.7, 10.2, 11.5, 12.1, 13.4, 14.0, 15.6, 16.2, 17.9, 19.3, 20.8, 22.4, 24.0, 25.7, 28.3,
            ]
            let events = [
                true, true, false, true, true, true, false, true, true, true, true, false, true, true, true,
                true, false, true, true, true, true, true, false, true, true, true, false, true, true, false,
            ]
            let estimate = KaplanMeierEstimate(zip(times, events).map { (time: $0, event: $1) })
            // km.large[t].at_risk/.events/.censored/.survival/.greenwood/.band.low/.band.high
            expectSteps(estimate, [
            (0.5, 30, 1, 0, 0.9666666666666667, 0.0011494252873563218, 0.7860836040193636, 0.9952363395766828),
            (1.2, 29, 1, 0, 0.9333333333333331, 0.002380952380952381, 0.758858785624848, 0.9828977203539492),
            (1.9, 28, 0, 1, 0.9333333333333331, 0.002380952380952381, 0.758858785624848, 0.9828977203539492),
            (2.4, 27, 1, 0, 0.8987654320987652, 0.0038054538054538055, 0.7179649611013947, 0.96620224952805),
            (3.1, 26, 1, 0, 0.8641975308641971, 0.0053439153439153435, 0.6773719022364398, 0.9467813129187644),
            (3.3, 25, 1, 0, 0.8296296296296295, 0.0070105820105820105, 0.6378322902966728, 0.9253549007878034),
            (4.0, 24, 0, 1, 0.8296296296296295, 0.0070105820105820105, 0.6378322902966728, 0.9253549007878034),
            (4.6, 23, 1, 0, 0.793558776167472, 0.008986866595562248, 0.5966430239179021, 0.9016496962123038),
            (5.2, 22, 1, 0, 0.757487922705314, 0.011151368760064412, 0.5570138932512797, 0.8764877957630767),
            (5.9, 21, 1, 0, 0.721417069243156, 0.013532321141016794, 0.5187122696683287, 0.8500665931669549),
            (6.3, 20, 1, 0, 0.6853462157809982, 0.016163900088385214, 0.4815867293781362, 0.8225239813729536),
            (7.1, 19, 0, 1, 0.6853462157809982, 0.016163900088385214, 0.4815867293781362, 0.8225239813729536),
            (7.8, 18, 1, 0, 0.6472714260153873, 0.019431873944594363, 0.4425560849047161, 0.7928563647563267),
            (8.4, 17, 1, 0, 0.6091966362497762, 0.02310834453282966, 0.40490027958207725, 0.7620950614707371),
            (9.0, 16, 1, 0, 0.5711218464841652, 0.027275011199496324, 0.3684989008928474, 0.7303000208050908),
            (9.7, 15, 1, 0, 0.5330470567185541, 0.03203691596140108, 0.33327512295066797, 0.697510715871409),
            (10.2, 14, 0, 1, 0.5330470567185541, 0.03203691596140108, 0.33327512295066797, 0.697510715871409),
            (11.5, 13, 1, 0, 0.4920434369709731, 0.03844717237165749, 0.29544110159959713, 0.6619971969756739),
            (12.1, 12, 1, 0, 0.451039817223392, 0.04602292994741507, 0.2592099727859579, 0.6252898204004993),
            (13.4, 11, 1, 0, 0.41003619747581094, 0.05511383903832416, 0.22453132089309377, 0.5873817181260597),
            (14.0, 10, 1, 0, 0.36903257772822984, 0.06622495014943527, 0.19139919141228356, 0.5482429742407178),
            (15.6, 9, 1, 0, 0.32802895798064863, 0.08011383903832417, 0.15985006917391714, 0.5078177926386327),
            (16.2, 8, 0, 1, 0.32802895798064863, 0.08011383903832417, 0.15985006917391714, 0.5078177926386327),
            (17.9, 7, 1, 0, 0.2811676782691274, 0.10392336284784798, 0.12397459405190495, 0.4624918986568362),
            (19.3, 6, 1, 0, 0.23430639855760615, 0.1372566961811813, 0.09131517188749184, 0.41486266355372037),
            (20.8, 5, 1, 0, 0.18744511884608495, 0.1872566961811813, 0.062125092242421305, 0.36464052548316095),
            (22.4, 4, 0, 1, 0.18744511884608495, 0.1872566961811813, 0.062125092242421305, 0.36464052548316095),
            (24.0, 3, 1, 0, 0.12496341256405659, 0.353923362847848, 0.026165455177124222, 0.3050783940825365),
            (25.7, 2, 1, 0, 0.062481706282028295, 0.853923362847848, 0.004851671069866001, 0.2362205177371439),
            (28.3, 1, 0, 1, 0.062481706282028295, 0.853923362847848, 0.004851671069866001, 0.2362205177371439),
            ])
            // km.large.median = 11.5, .median.ci.low = 6.3, .median.ci.high = 17.9
            #expect(estimate.median == KaplanMeierEstimate.Median(time: 11.5, lowerBound: 6.3, upperBound: 17.9))
            // km.large.quartile[0.75] = 5.9, quartile[0.25] = 19.3
            #expect(estimate.quartiles == KaplanMeierEstimate.Quartiles(first: 5.9, median: 11.5, third: 19.3))
        }

        @Test("all censored: S stays 1, bands are 1, no median")
        func allCensored() {
            let estimate = KaplanMeierEstimate([(1, false), (2, false), (3, false)])
            // km.allCensored[t].*
            expectSteps(estimate, [
            (1.0, 3, 0, 1, 1.0, 0.0, 1.0, 1.0),
            (2.0, 2, 0, 1, 1.0, 0.0, 1.0, 1.0),
            (3.0, 1, 0, 1, 1.0, 0.0, 1.0, 1.0),
            ])
            // km.allCensored.median = inf and both CI ends inf
            #expect(estimate.median == KaplanMeierEstimate.Median(time: nil, lowerBound: nil, upperBound: nil))
            #expect(estimate.quartiles == KaplanMeierEstimate.Quartiles(first: nil, median: nil, third: nil))
        }

        @Test("a curve landing exactly on ½ counts as reaching it")
        func exactlyHalf() {
            let estimate = KaplanMeierEstimate([(1, true), (2, true), (3, false), (4, false)])
            // km.exactHalf[t].* (lifelines gets S(1) = 0.7500000000000001 by exp(Σ log))
            expectSteps(estimate, [
            (1.0, 4, 1, 0, 0.7500000000000001, 0.08333333333333333, 0.12794691759514565, 0.9605486422850785),
            (2.0, 3, 1, 0, 0.5, 0.25, 0.05784708299514455, 0.844861281190374),
            (3.0, 2, 0, 1, 0.5, 0.25, 0.05784708299514455, 0.844861281190374),
            (4.0, 1, 0, 1, 0.5, 0.25, 0.05784708299514455, 0.844861281190374),
            ])
            #expect(estimate.steps[1].survival == 0.5)
            // km.exactHalf.median = 2.0, .median.ci.low = 1.0, .median.ci.high = inf
            #expect(estimate.median == KaplanMeierEstimate.Median(time: 2, lowerBound: 1, upperBound: nil))
            // km.exactHalf.quartile[0.75] = 2.0 in lifelines, an artefact of its rounding
            // above 0.75; here S(1) = 3/4 exactly reaches ¾ at time 1.
            #expect(estimate.quartiles == KaplanMeierEstimate.Quartiles(first: 1, median: 2, third: nil))
        }

        @Test("a curve that never reaches ½ has no median but a lower CI end")
        func neverHalf() {
            let estimate = KaplanMeierEstimate(
                zip([1, 2, 3, 4, 5, 6] as [Double], [true, false, true, false, false, false]).map { (time: $0, event: $1) })
            // km.neverHalf[t].*
            expectSteps(estimate, [
            (1.0, 6, 1, 0, 0.8333333333333333, 0.03333333333333333, 0.27312284992835606, 0.9747124266908934),
            (2.0, 5, 0, 1, 0.8333333333333333, 0.03333333333333333, 0.27312284992835606, 0.9747124266908934),
            (3.0, 4, 1, 0, 0.625, 0.11666666666666667, 0.14185338993165503, 0.8930506044985778),
            (4.0, 3, 0, 1, 0.625, 0.11666666666666667, 0.14185338993165503, 0.8930506044985778),
            (5.0, 2, 0, 1, 0.625, 0.11666666666666667, 0.14185338993165503, 0.8930506044985778),
            (6.0, 1, 0, 1, 0.625, 0.11666666666666667, 0.14185338993165503, 0.8930506044985778),
            ])
            // km.neverHalf.median = inf, .median.ci.low = 1.0, .median.ci.high = inf
            #expect(estimate.median == KaplanMeierEstimate.Median(time: nil, lowerBound: 1, upperBound: nil))
            // km.neverHalf.quartile[0.75] = 3.0
            #expect(estimate.quartiles.first == 3)
        }

        @Test("a curve that falls to 0 has a band of [0, 0] there")
        func fallsToZero() {
            let estimate = KaplanMeierEstimate([(1, true), (2, false), (3, true)])
            // km.toZero[t].*
            expectSteps(estimate, [
            (1.0, 3, 1, 0, 0.6666666666666666, 0.16666666666666666, 0.05407342678651668, 0.945206387272047),
            (2.0, 2, 0, 1, 0.6666666666666666, 0.16666666666666666, 0.05407342678651668, 0.945206387272047),
            (3.0, 1, 1, 0, 0.0, 0.16666666666666666, 0.0, 0.0),
            ])
            // km.toZero.median = 3.0, .median.ci.low = 1.0, .median.ci.high = 3.0
            #expect(estimate.median == KaplanMeierEstimate.Median(time: 3, lowerBound: 1, upperBound: 3))
            // km.toZero.quartile[0.75] = 1.0, quartile[0.25] = 3.0
            #expect(estimate.quartiles == KaplanMeierEstimate.Quartiles(first: 1, median: 3, third: 3))
        }

        @Test("no observations: no steps, S = 1 everywhere")
        func empty() {
            let estimate = KaplanMeierEstimate([])
            #expect(estimate.steps.isEmpty)
            #expect(estimate.survival(at: 10) == 1)
            #expect(estimate.median.time == nil)
        }
    }

    @Suite("Log-rank test")
    struct LogRankTests {
        static func group(_ pairs: [(Double, Bool)]) -> [(time: Double, event: Bool)] {
            pairs.map { (time: $0.0, event: $0.1) }
        }

        @Test("two groups match lifelines.statistics.multivariate_logrank_test")
        func twoGroups() throws {
            let test = try #require(LogRankTest(groups: [
                Self.group([(6, true), (6, true), (6, true), (7, true), (10, true), (13, true), (16, true),
                            (22, true), (23, true), (6, false), (9, false), (10, false), (11, false), (17, false)]),
                Self.group([(1, true), (1, true), (2, true), (2, true), (3, true), (4, true), (4, true),
                            (5, true), (5, true), (8, true), (8, true), (8, true), (11, true), (12, true)]),
            ]))
            expectClose(test.statistic, 14.08777940787731)       // logrank.two.statistic
            #expect(test.degreesOfFreedom == 1)                   // logrank.two.df
            expectClose(test.pValue, 0.00017447367797636894)     // logrank.two.p
            #expect(test.observedEvents == [9, 14])
            expectClose(test.expectedEvents.reduce(0, +), 23, tolerance: 1e-12)
        }

        @Test("three groups (lifelines' docstring example)")
        func threeGroups() throws {
            let test = try #require(LogRankTest(groups: [
                Self.group([(5, true), (3, true), (9, true), (8, true)]),
                Self.group([(7, true), (4, true), (4, false), (3, false), (2, true)]),
                Self.group([(5, true), (6, true), (7, false)]),
            ]))
            expectClose(test.statistic, 1.0800467314891906)      // logrank.three.statistic
            #expect(test.degreesOfFreedom == 2)                   // logrank.three.df
            expectClose(test.pValue, 0.5827346361862382)         // logrank.three.p
        }

        @Test("a group without events still counts")
        func groupWithoutEvents() throws {
            let test = try #require(LogRankTest(groups: [
                Self.group([(2, true), (3, true), (5, true), (6, false), (8, true)]),
                Self.group([(4, false), (7, false), (9, false), (10, false)]),
            ]))
            expectClose(test.statistic, 4.598726114649682)       // logrank.noEventsInOne.statistic
            #expect(test.degreesOfFreedom == 1)                   // logrank.noEventsInOne.df
            expectClose(test.pValue, 0.031995721985217204)       // logrank.noEventsInOne.p
        }

        @Test("a group that leaves before any event: singular variance, same result as lifelines' pseudo-inverse")
        func groupNeverAtRisk() throws {
            let test = try #require(LogRankTest(groups: [
                Self.group([(2, true), (3, true), (5, true), (6, false)]),
                Self.group([(1, true), (4, true), (4, false), (7, true)]),
                Self.group([(0.5, false), (0.7, false)]),
            ]))
            expectClose(test.statistic, 0.10850208513356127)     // logrank.notAtRisk.statistic
            #expect(test.degreesOfFreedom == 2)                   // logrank.notAtRisk.df
            expectClose(test.pValue, 0.9471942905661421)         // logrank.notAtRisk.p
        }

        @Test("group order does not change the statistic")
        func orderInvariance() throws {
            let groups = [
                Self.group([(5, true), (3, true), (9, true), (8, true)]),
                Self.group([(7, true), (4, true), (4, false), (3, false), (2, true)]),
                Self.group([(5, true), (6, true), (7, false)]),
            ]
            let reversed = try #require(LogRankTest(groups: groups.reversed()))
            expectClose(reversed.statistic, 1.0800467314891906, tolerance: 1e-12) // logrank.three.statistic
        }

        @Test("no events, or fewer than two groups, give nil")
        func degenerate() {
            // logrank.noEvents: lifelines reports 0 with p = 1.
            #expect(LogRankTest(groups: [
                Self.group([(1, false), (2, false)]), Self.group([(3, false), (4, false)]),
            ]) == nil)
            #expect(LogRankTest(groups: [Self.group([(1, true), (2, true)])]) == nil)
            #expect(LogRankTest(groups: [Self.group([(1, true), (2, true)]), []]) == nil)
            #expect(LogRankTest(groups: []) == nil)
        }
    }
}
