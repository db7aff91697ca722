import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Tracker

/// Collects what the page's markup holds: every element with its
/// attributes and the text inside it.
private final class PageReader: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""
    var failure: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred error: Error) {
        failure = "line \(parser.lineNumber), column \(parser.columnNumber): \(error)"
    }

    static func read(_ html: String) -> PageReader {
        let reader = PageReader()
        // The doctype is HTML's, not XML's: the rest must be well formed.
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        parser.delegate = reader
        if !parser.parse(), reader.failure == nil { reader.failure = "\(parser.parserError.map { "\($0)" } ?? "unknown")" }
        return reader
    }
}

@Suite("The report's page: well formed, self-contained, every chart with the figures of the analyses")
struct ReportPageTests {
    private func page(_ suppression: SmallCellSuppression = .off, filter: AnalysisFilter = .all,
                      language: Language = .en) throws -> (Report, String) {
        let db = try AnalysisFixtures.main()
        let report = try Report(ReadSession(db), filter: filter, asOf: AsOfDate(AnalysisFixtures.asOf), suppression: suppression)
        return (report, report.html(in: language))
    }

    @Test("the page parses as XML, names no URL and carries no script, link, external style or font")
    func selfContained() throws {
        for language in Language.allCases {
            let (_, html) = try page(.reportDefault, language: language)
            let reader = PageReader.read(html)
            #expect(reader.failure == nil, "\(language): \(reader.failure ?? "")")
            let names = Set(reader.elements.map(\.name))
            #expect(names.isDisjoint(with: ["script", "link", "img", "iframe", "object", "embed", "image", "use"]))
            #expect(names.isSuperset(of: ["html", "head", "style", "body", "h1", "h2", "svg", "table", "figure", "figcaption"]))
            for element in reader.elements {
                #expect(element.attributes["src"] == nil && element.attributes["href"] == nil, "\(element.name)")
            }
            #expect(!html.contains("://") && !html.contains("url(") && !html.contains("@import") && !html.contains("@font-face"))
            #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
            // Every chart has a text alternative.
            for element in reader.elements where element.name == "svg" {
                #expect(element.attributes["role"] == "img" && !(element.attributes["aria-label"] ?? "").isEmpty)
                #expect(element.attributes["viewBox"] != nil && element.attributes["width"] == nil, "an SVG scales to the width")
            }
        }
    }

    @Test("the bars, the trend, the heat map, the effect axes and the close curves carry the analyses' numbers")
    func chartsCarryTheFigures() throws {
        let (report, html) = try page()
        let numbers = PeopleNumbers(language: .en)
        let db = try AnalysisFixtures.main()
        let asOf = try AsOfDate(AnalysisFixtures.asOf)
        let data = try AnalysisData(ReadSession(db), filter: .all, asOf: asOf)
        // Bars: each category's delay days under its catalog name, with the journeys affected.
        let categories = try ObstacleAnalysis(data, by: .category)
        let names = try ReadSession(db).rows("SELECT id, name FROM obstacle_categories")
            .reduce(into: [String: String]()) { $0[$1[0].text!] = $1[1].text! }
        for row in categories.rows {
            let bar = "<span class=\"label\">\(XMLText.escaped(names[row.key]!))</span>"
            #expect(html.contains(bar), "\(row.key)")
            #expect(html.contains("\(numbers.number(row.delayDaysTotal, decimals: 0)) delay days · \(numbers.integer(row.journeys)) journeys"))
        }
        // The trend: a rectangle per month and category with obstacles, drawn for the laptop and the phone.
        let trend = try ObstacleTrend(data, months: Report.trendMonths, before: asOf, categoryOrder: categories.rows.map(\.key))
        #expect(!trend.rows.isEmpty)
        let trendFigure = try #require(html.components(separatedBy: "<section id=\"trend\">").last?
            .components(separatedBy: "</section>").first)
        #expect(trendFigure.components(separatedBy: "<rect ").count - 1 == 2 * trend.rows.count)
        for row in trend.rows {
            #expect(trendFigure.contains(": \(numbers.integer(row.obstacles))</title>"), "\(row.month) \(row.category)")
            #expect(row.month < "2026-06", "the running month is left out")
        }
        // The heat map: every pair's obstacles in its cell.
        let handoffs = try HandoffAnalysis(data)
        let heat = try #require(html.components(separatedBy: "<table class=\"heat\">").last?.components(separatedBy: "</table>").first)
        for row in handoffs.rows where row.obstacles > 0 {
            #expect(heat.contains(">\(numbers.integer(row.obstacles))</td>"), "\(row.fromSector) → \(row.toSector)")
        }
        // Effect: a panel per measure with its unit, the direction told, an estimate per type that has one.
        let activity = try ActivityEffectAnalysis(ReadSession(db))
        for measure in report.measures where activity.rows.contains(where: { $0.measure == measure.id }) {
            #expect(html.contains("<h3>\(XMLText.escaped(measure.name)) (\(XMLText.escaped(measure.unit)))</h3>"))
            for row in activity.rows where row.measure == measure.id {
                guard let mean = row.meanChange, let low = row.ciLow, let high = row.ciHigh else { continue }
                let label = "\(row.type.prefix(1).uppercased())\(row.type.dropFirst().split(separator: "_").joined(separator: " "))"
                #expect(html.contains("\(label): \(numbers.signed(mean)) [\(numbers.signed(low)), \(numbers.signed(high))] \(XMLText.escaped(measure.unit))"))
            }
        }
        #expect(html.contains("lower is better") == report.measures.contains { !$0.higherIsBetter })
        #expect(html.contains("higher is better") == report.measures.contains { $0.higherIsBetter })
        // Time to close: a curve per type, each median marked and named in the legend.
        let survival = try SurvivalAnalysis(ReadSession(db), by: .type, asOf: asOf)
        let close = try #require(html.components(separatedBy: "<section id=\"time_to_close\">").last?.components(separatedBy: "</section>").first)
        let medians = survival.groups.compactMap { $0.estimate.median.time }
        #expect(close.components(separatedBy: "<path ").count - 1 == 2 * survival.groups.count)
        #expect(close.components(separatedBy: "<circle ").count - 1 == 2 * medians.count)
        for median in medians { #expect(close.contains(", median \(numbers.integer(Int(median.rounded()))) days")) }
        #expect(close.contains("days since opening") && close.contains("share still open"))
    }

    @Test("people's names and numbers: catalog names, thousands grouped, shares as percentages, a true minus")
    func peoplesNumbers() throws {
        let english = PeopleNumbers(language: .en), danish = PeopleNumbers(language: .da)
        #expect(english.integer(1_234_567) == "1,234,567" && danish.integer(1_234_567) == "1.234.567")
        #expect(english.number(-2441.875, decimals: 1) == "−2,441.9" && danish.number(-2441.875, decimals: 1) == "−2.441,9")
        #expect(english.percent(0.6547) == "65.5%" && danish.percent(0.6547) == "65,5 %")
        #expect(english.figure(267.5, column: "delay_days_median") == "268" && english.figure(0.9254, column: "mean_change") == "0.9")
        #expect(english.figure(0.6547, column: "share_improved") == "65.5%")
        #expect(english.grouping("1356 open journeys as of 2026-06-30, 12.5 days") == "1,356 open journeys as of 2026-06-30, 12.5 days")
        let (_, html) = try page()
        #expect(!html.contains("sick_leave") && !html.contains(">regulation<"))
        let (_, danishPage) = try page(language: .da)
        #expect(danishPage.contains("Barrierer pr. måned") && danishPage.contains("dage siden åbning"))
    }

    @Test("with one journey every section suppresses it: no ref, owner or count of it anywhere")
    func suppressedEverywhere() throws {
        // J-024 is the only journey opened on 2025-01-03, open and silent at the as-of day.
        let one = try AnalysisFilter(from: "2025-01-03", to: "2025-01-03")
        let (open, _) = try page(.off, filter: one)
        #expect(open.openJourneys + open.closedJourneys == 1)
        let stalled = try #require(open.sections.first { $0.id == .stalled })
        #expect(stalled.table.rows.count == 1 && stalled.table.rows[0][0] == .text("J-024"))
        let (report, html) = try page(.reportDefault, filter: one)
        let text = report.text()
        for shown in [html, text] {
            #expect(!shown.contains("J-024") && !shown.contains("owner0"))
        }
        #expect(text.contains("Journeys: <5 (open <5, closed 0)"))
        #expect(html.contains("<b>&lt;5</b>"))
        let hidden = try #require(report.sections.first { $0.id == .stalled })
        #expect(hidden.table.rows.isEmpty && hidden.suppressedGroups == 1 && hidden.note?.hasPrefix("fewer than 5") == true)
        // No section shows a count of fewer than five journeys.
        for section in report.sections {
            let table = section.table
            for column in ["journeys", "n"] {
                guard let index = table.columns.firstIndex(of: column) else { continue }
                for row in table.rows {
                    if case .integer(let count) = row[index] { #expect(count == 0 || count >= 5, "\(section.title): \(column)") }
                }
            }
        }
    }
}
