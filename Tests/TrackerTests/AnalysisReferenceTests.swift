import Testing
@testable import Tracker

// Every figure of the analyses against values computed independently with
// scipy.stats, pandas and lifelines from the same fixture files: see
// Reference/analysis_reference.py; the values are in AnalysisReferenceValues.swift.

/// Agreement required with the reference: relative, absolute near zero.
private let tolerance = 1e-9

/// Compares an analysis table with the reference case `name`: the same
/// number of rows, and every reference cell equal (numbers within tolerance,
/// nulls null, text identical). Rows are matched by `keyColumns` (or by
/// position when empty, so the order is checked too). With `allColumns`, a
/// column the reference lacks is an error as well.
private func expectMatchesReference(
    _ name: String, _ table: ResultTable, keyColumns: [String] = [], allColumns: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let reference = AnalysisReferenceValues.values
    guard let rows = reference["\(name).rows"] else {
        Issue.record("no reference case \(name)", sourceLocation: sourceLocation)
        return
    }
    #expect(String(table.rows.count) == rows, "\(name): \(table.rows.count) rows, reference \(rows)",
            sourceLocation: sourceLocation)
    var compared = 0
    for (index, row) in table.rows.enumerated() {
        let key = keyColumns.isEmpty ? String(index)
            : keyColumns.map { row[table.columns.firstIndex(of: $0)!].plainText }.joined(separator: "|")
        for (column, value) in zip(table.columns, row) {
            let cell = "\(name)[\(key)].\(column)"
            guard let expected = reference[cell] else {
                if allColumns { Issue.record("\(cell) is not in the reference", sourceLocation: sourceLocation) }
                continue
            }
            compared += 1
            expectCell(cell, value, expected, sourceLocation: sourceLocation)
        }
    }
    let referenceCells = reference.keys.filter { $0.hasPrefix(name + "[") }.count
    #expect(compared == referenceCells, "\(name): compared \(compared) of \(referenceCells) reference cells",
            sourceLocation: sourceLocation)
}

private func expectCell(_ cell: String, _ value: OutputValue, _ expected: String, sourceLocation: SourceLocation) {
    if expected == "null" {
        #expect(value == .null, "\(cell): \(value), reference null", sourceLocation: sourceLocation)
        return
    }
    let actual: Double?
    switch value {
    case .integer(let integer): actual = Double(integer)
    case .real(let real): actual = real
    default: actual = nil
    }
    if let expectedNumber = Double(expected), let actual {
        let scale = Swift.max(1, abs(expectedNumber))
        #expect(abs(actual - expectedNumber) <= tolerance * scale,
                "\(cell): \(actual), reference \(expected)", sourceLocation: sourceLocation)
    } else {
        #expect(value.plainText == expected, "\(cell): \(value.plainText), reference \(expected)",
                sourceLocation: sourceLocation)
    }
}

private func filter(from: String? = nil, to: String? = nil, type: String? = nil) -> AnalysisFilter {
    try! AnalysisFilter(from: from, to: to, type: type)
}

private let asOf = try! AsOfDate(AnalysisFixtures.asOf)

@Suite("Analyses agree with scipy, pandas and lifelines")
struct AnalysisReferenceTests {
    @Test("effect summary, ungrouped and by type, sector, category and outcome")
    func effectSummary() throws {
        let db = try AnalysisFixtures.main()
        let groupings: [(String, EffectSummary.Grouping?)] = [
            ("all", nil), ("type", .type), ("sector", .sector), ("category", .category), ("outcome", .outcome),
        ]
        for (name, grouping) in groupings {
            let summary = try EffectSummary(ReadSession(db), by: grouping)
            expectMatchesReference("main.summary.\(name)", summary.output().table,
                                   keyColumns: grouping == nil ? ["measure"] : ["measure", "group"])
        }
        let window = try EffectSummary(ReadSession(db), filter: filter(from: "2025-03-01", to: "2025-12-31"),
                                       measure: "public_cost", by: .type)
        expectMatchesReference("main.summary.window", window.output().table, keyColumns: ["measure", "group"])
    }

    @Test("effect compare: Welch's test for cohort expressions, with and without --vs")
    func effectCompare() throws {
        let db = try AnalysisFixtures.main()
        let cases: [(String, String, String, String?)] = [
            ("regulation", "who5", "obstacle:regulation", nil),
            ("rule", "public_cost", "rule:\"LAB § 30\"", nil),
            ("vs", "who5", "sector:psychiatry and not type:youth", "type:youth"),
            ("precedence", "who5", "sectors>=3 or outcome:achieved", nil),
            ("parentheses", "public_cost", "(obstacle:coordination or obstacle:mandate) and not sector:housing", nil),
        ]
        for (name, measure, cohort, vs) in cases {
            let comparison = try EffectComparison(ReadSession(db), measure: measure, cohort: cohort, vs: vs)
            expectMatchesReference("main.compare.\(name)", comparison.output().table)
        }
    }

    @Test("effect survival: Kaplan–Meier medians with CIs and log-rank tests")
    func effectSurvival() throws {
        let db = try AnalysisFixtures.main()
        expectMatchesReference("main.survival.all", try SurvivalAnalysis(ReadSession(db), asOf: asOf).output().table)
        expectMatchesReference("main.survival.type", try SurvivalAnalysis(ReadSession(db), by: .type, asOf: asOf).output().table,
                               keyColumns: ["group"])
        expectMatchesReference("main.survival.outcome",
                               try SurvivalAnalysis(ReadSession(db), by: .outcome, asOf: asOf).output().table, keyColumns: ["group"])
        expectMatchesReference("main.survival.cohort",
                               try SurvivalAnalysis(ReadSession(db), by: .init("obstacle:regulation"), asOf: asOf).output().table,
                               keyColumns: ["group"])
        expectMatchesReference("main.survival.achieved",
                               try SurvivalAnalysis(ReadSession(db), by: .type, event: .achieved, asOf: asOf).output().table,
                               keyColumns: ["group"])
        let window = try SurvivalAnalysis(ReadSession(db), filter: filter(from: "2025-06-01"), by: .init("sectors>=2"), asOf: asOf)
        expectMatchesReference("main.survival.window", window.output().table, keyColumns: ["group"])
    }

    @Test("analyze obstacles by category, sector, sector pair, rule and month")
    func obstacles() throws {
        let db = try AnalysisFixtures.main()
        for grouping in ObstacleAnalysis.Grouping.allCases {
            let analysis = try ObstacleAnalysis(ReadSession(db), by: grouping)
            expectMatchesReference("main.obstacles.\(grouping.rawValue)", analysis.output().table)
        }
        let youth = try ObstacleAnalysis(ReadSession(db), filter: filter(type: "youth"), by: .category)
        expectMatchesReference("main.obstacles.youth", youth.output().table)
    }

    @Test("analyze rules, all and the top two, costliest first")
    func rules() throws {
        let db = try AnalysisFixtures.main()
        expectMatchesReference("main.rules", try RuleAnalysis(ReadSession(db)).output().table)
        expectMatchesReference("main.rules.top2", try RuleAnalysis(ReadSession(db), top: 2).output().table)
    }

    @Test("analyze handoffs: transitions, median gap and obstacles between the two sectors")
    func handoffs() throws {
        expectMatchesReference("main.handoffs", try HandoffAnalysis(ReadSession(AnalysisFixtures.main())).output().table,
                               keyColumns: ["from_sector", "to_sector"])
        expectMatchesReference("edge.handoffs", try HandoffAnalysis(ReadSession(AnalysisFixtures.edge())).output().table,
                               keyColumns: ["from_sector", "to_sector"])
    }

    @Test("analyze journeys, ungrouped and by type")
    func journeys() throws {
        let db = try AnalysisFixtures.main()
        expectMatchesReference("main.journeys.all", try JourneyAnalysis(ReadSession(db)).output().table)
        expectMatchesReference("main.journeys.type", try JourneyAnalysis(ReadSession(db), by: .type).output().table,
                               keyColumns: ["group"])
        expectMatchesReference("edge.journeys.type", try JourneyAnalysis(ReadSession(AnalysisFixtures.edge()), by: .type).output().table,
                               keyColumns: ["group"])
    }

    @Test("analyze activity-vs-effect: steps, change and their Pearson correlation per type")
    func activityVersusEffect() throws {
        expectMatchesReference("main.activity", try ActivityEffectAnalysis(ReadSession(AnalysisFixtures.main())).output().table,
                               keyColumns: ["type", "measure"])
    }

    @Test("stalled journeys: longest silence first, steps after as-of ignored")
    func stalled() throws {
        let db = try AnalysisFixtures.main()
        for days in [30, 90] {
            let stalled = try StalledJourneys(ReadSession(db), days: Double(days), asOf: asOf)
            expectMatchesReference("main.stalled.\(days)", stalled.table, allColumns: false)
        }
    }

    @Test("edge cases: n = 1, zero variance, nothing measured, a lower-is-better measure")
    func edgeEffects() throws {
        let db = try AnalysisFixtures.edge()
        expectMatchesReference("edge.summary.type", try EffectSummary(ReadSession(db), by: .type).output().table,
                               keyColumns: ["measure", "group"])
        expectMatchesReference("edge.compare.oneConstant",
                               try EffectComparison(ReadSession(db), measure: "who5", cohort: "type:pair", vs: "type:tied").output().table)
        expectMatchesReference("edge.compare.bothConstant",
                               try EffectComparison(ReadSession(db), measure: "who5", cohort: "type:pair", vs: "type:pair").output().table)
        expectMatchesReference("edge.compare.lowerIsBetter",
                               try EffectComparison(ReadSession(db), measure: "public_cost", cohort: "type:pair",
                                                    vs: "type:solo or type:pair").output().table)
    }

    @Test("edge cases: all censored, no events in a group, tied times, a single group")
    func edgeSurvival() throws {
        let db = try AnalysisFixtures.edge()
        expectMatchesReference("edge.survival.type", try SurvivalAnalysis(ReadSession(db), by: .type, asOf: asOf).output().table,
                               keyColumns: ["group"])
        expectMatchesReference("edge.survival.achieved",
                               try SurvivalAnalysis(ReadSession(db), by: .type, event: .achieved, asOf: asOf).output().table,
                               keyColumns: ["group"])
        expectMatchesReference("edge.survival.quiet",
                               try SurvivalAnalysis(ReadSession(db), filter: filter(type: "quiet"), by: .type, asOf: asOf).output().table,
                               keyColumns: ["group"])
    }
}
