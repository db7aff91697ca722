import Testing
@testable import Tracker

/// The segmented regression against statsmodels 0.15.0: `OLS(y, X).fit(
/// cov_type="HAC", cov_kwds={"maxlags": L, "use_correction": True})` with
/// X = [1, t, D, (t − c)·D]. Script and output beside this file:
/// Reference/rule_change_reference.py and .txt.
@Suite("Segmented regression with Newey–West errors, against statsmodels")
struct SegmentedRegressionTests {
    static func close(_ a: Double, _ b: Double, _ relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    @Test("a fixture with a clear drop: coefficients, HAC errors, p-values and intervals")
    func fixture() throws {
        let y: [Double] = [14, 17, 13, 16, 18, 15, 19, 17, 16, 20, 18, 21, 11, 10, 12, 9, 11, 8, 10, 9, 7, 9, 8, 6]
        #expect(SegmentedRegression.defaultLags(y.count) == 2)
        let fit = try #require(SegmentedRegression(series: y, changeAt: 12))
        let coefficients = [fit.intercept, fit.trend, fit.levelChange, fit.slopeChange]
        let estimates = [14.38461538461538, 0.47552447552447596, -8.847319347319342, -0.8531468531468549]
        let errors = [0.3972338769892673, 0.074446852583462, 0.770239559718498, 0.07917379310228662]
        for index in 0..<4 {
            #expect(Self.close(coefficients[index].estimate, estimates[index]))
            #expect(Self.close(coefficients[index].standardError, errors[index]))
        }
        #expect(Self.close(fit.levelChange.pValue!, 1.543215781198932e-30, 1e-6))
        #expect(Self.close(fit.slopeChange.pValue!, 4.4873965435557515e-27, 1e-6))
        #expect(Self.close(fit.levelChange.confidenceInterval!.lower, -10.356961143835587))
        #expect(Self.close(fit.levelChange.confidenceInterval!.upper, -7.337677550803098))
        #expect(Self.close(fit.slopeChange.confidenceInterval!.lower, -1.0083246361467624))
        #expect(Self.close(fit.slopeChange.confidenceInterval!.upper, -0.6979690701469474))
    }

    @Test("a short series of eight points")
    func short() throws {
        let fit = try #require(SegmentedRegression(series: [5, 7, 6, 8, 3, 4, 2, 3], changeAt: 4, lags: 2))
        let estimates = [5.3, 0.8, -5.2, -1.0]
        let errors = [0.30594117081556266, 0.14696938456699027, 0.41424630354416836, 0.20784609690826317]
        for (index, coefficient) in [fit.intercept, fit.trend, fit.levelChange, fit.slopeChange].enumerated() {
            #expect(Self.close(coefficient.estimate, estimates[index]))
            #expect(Self.close(coefficient.standardError, errors[index]))
        }
    }

    /// The annual flow of the Nile at Aswan, 1871–1970 (statsmodels.datasets.nile),
    /// with its classic change at 1899, the Aswan Low Dam.
    static let nile: [Double] = [
        1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140,
        1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969,
        831, 726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759,
        781, 865, 845, 944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890,
        744, 749, 838, 1050, 918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718, 714, 740,
    ]

    @Test("the Nile series, a published data set, with the default four lags")
    func nileSeries() throws {
        #expect(Self.nile.count == 100 && Self.nile.reduce(0, +) == 91935)
        #expect(SegmentedRegression.defaultLags(100) == 4)
        let fit = try #require(SegmentedRegression(series: Self.nile, changeAt: 28))
        let estimates = [1082.0960591133003, 1.1595511767925184, -289.1026853663842, -0.46908876763435314]
        let errors = [34.35505037100891, 2.6437225201031693, 63.0498036635172, 2.7572859214753036]
        for (index, coefficient) in [fit.intercept, fit.trend, fit.levelChange, fit.slopeChange].enumerated() {
            #expect(Self.close(coefficient.estimate, estimates[index]))
            #expect(Self.close(coefficient.standardError, errors[index]))
        }
        #expect(Self.close(fit.levelChange.pValue!, 4.533205653329874e-06, 1e-7))
        #expect(Self.close(fit.slopeChange.pValue!, 0.8649102641853521, 1e-7))
        #expect(Self.close(fit.levelChange.confidenceInterval!.lower, -412.6780297791995))
        #expect(Self.close(fit.levelChange.confidenceInterval!.upper, -165.52734095356894))
        #expect(Self.close(fit.slopeChange.confidenceInterval!.lower, -5.873269868805284))
        #expect(Self.close(fit.slopeChange.confidenceInterval!.upper, 4.935092333536577))
    }

    @Test("fewer than two points on a side gives no fit")
    func tooShort() {
        #expect(SegmentedRegression(series: [1, 2, 3, 4, 5], changeAt: 1) == nil)
        #expect(SegmentedRegression(series: [1, 2, 3, 4, 5], changeAt: 4) == nil)
    }

    @Test("the delay before and after: Welch as scipy.stats.ttest_ind(after, before, equal_var=False)")
    func delayWelch() throws {
        let before: [Double] = [12, 30, 7, 45, 21, 18, 60, 9, 33, 27], after: [Double] = [5, 14, 8, 3, 20, 11, 6]
        let test = try #require(WelchTest(a: after, b: before))
        #expect(Self.close(test.difference, -16.628571428571426))
        #expect(Self.close(test.t!, -2.8961317717435944))
        #expect(Self.close(test.degreesOfFreedom!, 11.92958259501413))
        #expect(Self.close(test.pValue!, 0.01349423565809471, 1e-7))
    }
}

@Suite("Rule challenges: filing, answering, evidence, and the change analysis")
struct RuleChallengeTests {
    /// One journey with obstacles on "Rule A" in 2025: 2 in January, one
    /// of them resolved in March.
    static func store(_ directory: TemporaryDirectory) throws -> TrackerStore {
        let store = try caseworkerStore(directory)
        try store.openJourney(NewJourney(citizenID: "c-1", type: "sick_leave", ref: "J-1", openedAt: "2025-01-02"))
        try store.logObstacle(journey: "J-1", NewObstacle(category: "regulation", sectors: ["employment", "hospital"],
                                                          description: "a", ruleRef: "Rule A", delayDays: 10, loggedAt: "2025-01-05"))
        let second = try store.logObstacle(journey: "J-1", NewObstacle(category: "regulation", sectors: ["employment"],
                                                                       description: "b", ruleRef: "Rule A", delayDays: 30,
                                                                       staffHours: 2, loggedAt: "2025-01-20"))
        try store.changeObstacle(second, .resolve, note: "done", at: "2025-03-01")
        return store
    }

    @Test("the evidence is the rule's analyze-rules row as of the submission, frozen when later obstacles arrive")
    func evidence() throws {
        let directory = TemporaryDirectory()
        let store = try Self.store(directory)
        let today = try #require(try RuleAnalysis(store).rows.first { $0.ruleRef == "Rule A" })
        let filed = try store.fileChallenge(NewRuleChallenge(ruleRef: "Rule A", authority: "Ministry", submittedAt: Timestamp.today()))
        #expect(filed.evidence == today.json && filed.status == .pending && filed.actor == "mette")
        // As of February the resolution had not happened: both were open.
        let february = try store.fileChallenge(NewRuleChallenge(ruleRef: "Rule A", authority: "Ministry", submittedAt: "2025-02-01"))
        #expect(february.evidence.contains("\"open\":2") && today.open == 1)
        #expect(try store.ruleEvidence("Rule A", asOf: AsOfDate("2025-01-10"))?.obstacles == 1)
        try store.logObstacle(journey: "J-1", NewObstacle(category: "regulation", sectors: ["employment"], description: "c",
                                                          ruleRef: "Rule A", delayDays: 99, loggedAt: "2025-04-01"))
        #expect(try store.challenge(filed.id).evidence == filed.evidence)
        #expect(try RuleAnalysis(store).rows.first { $0.ruleRef == "Rule A" }?.obstacles == 3)
        let audit = try store.db.rows("SELECT action, entity FROM audit_log WHERE entity = 'rule_challenge' ORDER BY id")
        #expect(audit.map { $0[0].text } == ["challenged", "challenged"])
    }

    @Test("bad input is refused with its exit code and nothing written")
    func refusals() throws {
        let directory = TemporaryDirectory()
        let store = try Self.store(directory)
        try expectRefused(store, code: .notFound) {
            try store.fileChallenge(NewRuleChallenge(ruleRef: "Rule Z", authority: "Ministry", submittedAt: "2025-06-01"))
        }
        try expectRefused(store, code: .notFound) {
            try store.fileChallenge(NewRuleChallenge(ruleRef: "Rule A", authority: "Ministry", submittedAt: "2024-12-01"))
        }
        try expectRefused(store, code: .badData, field: "submitted") {
            try store.fileChallenge(NewRuleChallenge(ruleRef: "Rule A", authority: "Ministry", submittedAt: "2025-02-30"))
        }
        let filed = try store.fileChallenge(NewRuleChallenge(ruleRef: "Rule A", authority: "Ministry", submittedAt: "2025-02-01"))
        let id = String(filed.id)
        try expectRefused(store, code: .badData, field: "at") {
            try store.respond(to: id, ChallengeResponse(outcome: .granted, at: "2025-01-31"))
        }
        try expectRefused(store, code: .badData, field: "effective") {
            try store.respond(to: id, ChallengeResponse(outcome: .granted, at: "2025-03-01", effectiveFrom: "2025-02-28"))
        }
        try expectRefused(store, code: .badData, field: "effective") {
            try store.respond(to: id, ChallengeResponse(outcome: .refused, at: "2025-03-01", effectiveFrom: "2025-04-01"))
        }
        try expectRefused(store, code: .notFound, field: "challenge") {
            try store.respond(to: "99", ChallengeResponse(outcome: .refused, at: "2025-03-01"))
        }
        let granted = try store.respond(to: id, ChallengeResponse(outcome: .granted, at: "2025-03-01", effectiveFrom: "2025-04-01"))
        #expect(granted.status == .granted && granted.effectiveFrom == "2025-04-01" && granted.respondedAt == "2025-03-01")
        try expectRefused(store, code: .badData, field: "challenge") {
            try store.respond(to: id, ChallengeResponse(outcome: .refused, at: "2025-05-01"))
        }
        let detail = try #require(try store.db.value("""
            SELECT detail FROM audit_log WHERE action = 'responded' AND entity_id = ?
            """, [id]).text)
        #expect(detail.contains("\"status\":\"granted\"") && detail.contains("\"status_before\":\"pending\""))
        #expect(try store.challenges(status: .granted).map(\.id) == [filed.id])
        #expect(try store.challenges(status: .pending).isEmpty)
    }

    @Test("months are counted from the change day; only ended months count after it")
    func months() throws {
        #expect(RuleChangeAnalysis.day("2025-01-31", plusMonths: 1) == "2025-02-28")
        #expect(RuleChangeAnalysis.day("2024-03-15", plusMonths: -3) == "2023-12-15")
        let directory = TemporaryDirectory()
        let store = try Self.store(directory)
        // The file records nothing after 20 January: no month after the change has ended.
        #expect(try RuleChangeAnalysis(store, rule: "Rule A", at: "2025-01-15", months: 3, today: "2025-03-20").monthsAfter == 0)
        try store.logStep(journey: "J-1", NewStep(sector: "employment", kind: .meeting, at: "2025-03-19"))
        let analysis = try RuleChangeAnalysis(store, rule: "Rule A", at: "2025-01-15", months: 3, today: "2025-03-20")
        #expect(analysis.months.map(\.start) == ["2024-10-15", "2024-11-15", "2024-12-15", "2025-01-15", "2025-02-15"])
        #expect(analysis.months.map(\.obstacles) == [0, 0, 1, 1, 0])
        #expect(analysis.monthsBefore == 3 && analysis.monthsAfter == 2)
        #expect(analysis.delayBefore?.mean == 10 && analysis.delayAfter?.mean == 30 && analysis.delayTest == nil)
        #expect(throws: TrackerError.self) { try RuleChangeAnalysis(store, rule: "Rule A") }
        #expect(throws: TrackerError.self) { try RuleChangeAnalysis(store, rule: "Rule Z", at: "2025-01-01") }
    }
}
