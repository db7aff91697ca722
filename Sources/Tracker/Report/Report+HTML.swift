/// The report as one self-contained HTML page: the same sections as the
/// text, with inline SVG charts and no external file, script or font.
extension Report {
    public func html(in language: Language = .en) -> String {
        let say = language.message
        var page = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(say("tracker report — \(scope(in: language))")))</title>
            <style>
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2530;max-width:64rem;margin:2rem auto;padding:0 1rem}
            h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin:2rem 0 .2rem;border-bottom:1px solid #d5dbe3}
            p.note{color:#5a6675;margin:.2rem 0 .6rem}table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}
            th,td{padding:.2rem .6rem;border-bottom:1px solid #e6eaef;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .figures{display:flex;gap:2rem;flex-wrap:wrap}.figures div{background:#f3f6f9;border-radius:6px;padding:.6rem 1rem}
            .figures b{display:block;font-size:1.6rem}svg text{font:12px system-ui,sans-serif;fill:#1d2530}
            </style></head><body>
            <h1>\(Self.escape(say("tracker report")))</h1>
            <p class="note">\(Self.escape(scope(in: language)))\(suppression.isActive
                ? " · " + Self.escape(say("groups of fewer than \(suppression.minimum) journeys are suppressed (shown as <\(suppression.minimum))"))
                : "")</p>
            <div class="figures"><div><b>\(openJourneys + closedJourneys)</b>\(say("journeys"))</div>
            <div><b>\(openJourneys)</b>\(say("open"))</div><div><b>\(closedJourneys)</b>\(say("closed"))</div></div>

            """
        for section in sections {
            page += "<h2>\(Self.escape(say(section.title)))</h2>\n"
            if let note = section.note { page += "<p class=\"note\">\(Self.escape(say(note)))</p>\n" }
            page += chart(for: section)
            page += Self.table(section.table.forPeople(withoutFlag: true).headed(in: language))
        }
        return page + "</body></html>\n"
    }

    private func chart(for section: Section) -> String {
        switch section.id {
        case .obstacles:
            return Self.bars(section.table, label: "category", value: "delay_days_total", unit: "delay days")
        case .rules:
            return Self.bars(section.table, label: "rule_ref", value: "delay_days_total", unit: "delay days")
        case .handoffs:
            return Self.bars(section.table, labels: ["from_sector", "to_sector"], value: "obstacles", unit: "obstacles")
        case .effect:
            return Self.intervals(section.table)
        case .timeToClose:
            return Self.curves(closeCurves)
        case .journeys, .stalled, .outcomes, .challenges:
            return ""
        }
    }

    // MARK: - Charts

    private static let barColour = "#3d6fb6"

    /// Horizontal bars, one per row with a value.
    private static func bars(_ table: ResultTable, label: String? = nil, labels: [String] = [], value: String,
                             unit: String) -> String {
        let labelColumns = (label.map { [$0] } ?? labels).compactMap { table.columns.firstIndex(of: $0) }
        guard let valueColumn = table.columns.firstIndex(of: value) else { return "" }
        let items: [(String, Double)] = table.rows.compactMap { row in
            guard let number = number(row[valueColumn]) else { return nil }
            return (labelColumns.map { row[$0].plainText }.joined(separator: " → "), number)
        }
        guard let largest = items.map(\.1).max(), largest > 0 else { return "" }
        let rowHeight = 24, labelWidth = 320, barWidth = 380
        var svg = svgOpen(width: labelWidth + barWidth + 180, height: items.count * rowHeight + 8,
                          title: "\(value) by \(label ?? labels.joined(separator: " and "))")
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 4
            let width = max(1, Int(Double(barWidth) * item.1 / largest))
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(item.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 8)\" fill=\"\(barColour)\"/>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\">\(escape(NumberText.forTable(item.1))) \(unit)</text>"
        }
        return svg + "</svg>\n"
    }

    /// Mean change with its 95% interval, one small axis per measure (their
    /// units differ), zero marked.
    private static func intervals(_ table: ResultTable) -> String {
        guard let measureColumn = table.columns.firstIndex(of: "measure"),
              let meanColumn = table.columns.firstIndex(of: "mean_change"),
              let lowColumn = table.columns.firstIndex(of: "ci_low"),
              let highColumn = table.columns.firstIndex(of: "ci_high") else { return "" }
        let rows = table.rows.compactMap { row -> (String, Double, Double, Double)? in
            guard let mean = number(row[meanColumn]) else { return nil }
            let low = number(row[lowColumn]) ?? mean, high = number(row[highColumn]) ?? mean
            return (row[measureColumn].plainText, mean, low, high)
        }
        guard !rows.isEmpty else { return "" }
        let rowHeight = 34, labelWidth = 140, axisWidth = 420
        var svg = svgOpen(width: labelWidth + axisWidth + 260, height: rows.count * rowHeight + 8,
                          title: "mean change with 95% confidence interval")
        for (index, row) in rows.enumerated() {
            let span = max(abs(row.2), abs(row.3), abs(row.1), 1e-9) * 1.1
            func x(_ value: Double) -> Int { labelWidth + Int(Double(axisWidth) * (value + span) / (2 * span)) }
            let y = index * rowHeight + 18
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(escape(row.0))</text>"
            svg += "<line x1=\"\(x(0))\" y1=\"\(y - 12)\" x2=\"\(x(0))\" y2=\"\(y + 12)\" stroke=\"#9aa5b1\"/>"
            svg += "<line x1=\"\(x(row.2))\" y1=\"\(y)\" x2=\"\(x(row.3))\" y2=\"\(y)\" stroke=\"\(barColour)\" stroke-width=\"3\"/>"
            svg += "<circle cx=\"\(x(row.1))\" cy=\"\(y)\" r=\"5\" fill=\"\(barColour)\"/>"
            svg += "<text x=\"\(labelWidth + axisWidth + 8)\" y=\"\(y + 4)\">\(escape(NumberText.forTable(row.1))) "
                + "[\(escape(NumberText.forTable(row.2))), \(escape(NumberText.forTable(row.3)))]</text>"
        }
        return svg + "</svg>\n"
    }

    /// Colours that stay apart for the curves of up to eight types.
    private static let curveColours = ["#3d6fb6", "#d9822b", "#3a9d5d", "#b8433e", "#7d5ba6", "#8c6d46", "#c75d9a", "#6f7b87"]

    /// The Kaplan–Meier step curves of the types, the share still open by
    /// days since opening, with a day axis, the 50% line and a legend.
    private static func curves(_ curves: [(type: String, estimate: KaplanMeierEstimate)]) -> String {
        let last = curves.compactMap { $0.estimate.steps.last?.time }.max() ?? 0
        guard last > 0 else { return "" }
        let width = 720, plotHeight = 220, left = 56, right = 16, top = 8, axis = 36
        let legendRows = (curves.count + 1) / 2
        let height = top + plotHeight + axis + legendRows * 18 + 6
        // Round ticks: a step of 1, 2 or 5 times a power of ten, 4–8 of them.
        var tick = 1.0, magnitude = 1.0
        search: while true {
            for factor in [1.0, 2.0, 5.0] where last / (factor * magnitude) <= 8 {
                tick = factor * magnitude
                break search
            }
            magnitude *= 10
        }
        func x(_ time: Double) -> Double { Double(left) + Double(width - left - right) * time / last }
        func y(_ survival: Double) -> Double { Double(top) + Double(plotHeight) * (1 - survival) }
        func format(_ value: Double) -> String { NumberText.fixed(value, decimals: 1) }
        var svg = svgOpen(width: width, height: height, title: "share of journeys still open, by days since opening, by type")
        for fraction in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg += "<line x1=\"\(left)\" y1=\"\(format(y(fraction)))\" x2=\"\(width - right)\" y2=\"\(format(y(fraction)))\" "
                + "stroke=\"\(fraction == 0.5 ? "#9aa5b1" : "#e6eaef")\"\(fraction == 0.5 ? " stroke-dasharray=\"4 4\"" : "")/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(format(y(fraction) + 4))\" text-anchor=\"end\">\(Int(fraction * 100))%</text>"
        }
        var mark = 0.0
        while mark <= last + 1e-9 {
            svg += "<line x1=\"\(format(x(mark)))\" y1=\"\(top + plotHeight)\" x2=\"\(format(x(mark)))\" y2=\"\(top + plotHeight + 5)\" stroke=\"#5a6675\"/>"
            svg += "<text x=\"\(format(x(mark)))\" y=\"\(top + plotHeight + 18)\" text-anchor=\"middle\">\(NumberText.shortest(mark))</text>"
            mark += tick
        }
        svg += "<text x=\"\(left + (width - left - right) / 2)\" y=\"\(top + plotHeight + 32)\" text-anchor=\"middle\">days since opening</text>"
        for (index, curve) in curves.enumerated() {
            let colour = curveColours[index % curveColours.count]
            var line = "M\(format(x(0))),\(format(y(1)))"
            for step in curve.estimate.steps {
                line += " H\(format(x(step.time))) V\(format(y(step.survival)))"
            }
            svg += "<path d=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            let legendX = left + (index % 2) * 340, legendY = top + plotHeight + axis + (index / 2) * 18 + 12
            svg += "<line x1=\"\(legendX)\" y1=\"\(legendY - 4)\" x2=\"\(legendX + 18)\" y2=\"\(legendY - 4)\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
            let median = curve.estimate.median.time.map { ", median \(NumberText.forTable($0, column: "days")) days" } ?? ""
            svg += "<text x=\"\(legendX + 24)\" y=\"\(legendY)\">\(escape(curve.type + median))</text>"
        }
        return svg + "</svg>\n"
    }

    private static func svgOpen(width: Int, height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
    }

    private static func number(_ value: OutputValue) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .real(let real) where real.isFinite: real
        default: nil
        }
    }

    // MARK: - Tables and text

    private static func table(_ table: ResultTable) -> String {
        guard !table.rows.isEmpty else { return "<p class=\"note\">(none)</p>\n" }
        var html = "<table><thead><tr>"
        for column in table.columns { html += "<th>\(escape(column.replacingUnderscores))</th>" }
        html += "</tr></thead><tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (column, value) in zip(table.formatKeys ?? table.columns, row) {
                let numeric = number(value) != nil
                let text: String
                switch value {
                case .real(let real): text = NumberText.forTable(real, column: column)
                case .list(let items): text = items.joined(separator: ", ")
                default: text = value.plainText
                }
                html += numeric ? "<td class=\"n\">\(escape(text))</td>" : "<td>\(escape(text))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    static func escape(_ text: String) -> String {
        XMLText.escaped(text)
    }
}

private extension String {
    var replacingUnderscores: String { split(separator: "_", omittingEmptySubsequences: false).joined(separator: " ") }
}
