/// The report as one self-contained HTML page for a laptop, a phone and A4
/// paper: the same sections and figures as the text, each with a chart, a
/// sentence on what it shows and its table, with no external file, script
/// or font. Charts scale to the width; names are the catalog's.
extension Report {
    public func html(in language: Language = .en) -> String {
        let page = Page(report: self, language: language)
        return page.render()
    }
}

/// One rendering of the page in one language.
private struct Page {
    let report: Report
    let language: Language
    let numbers: PeopleNumbers

    init(report: Report, language: Language) {
        self.report = report
        self.language = language
        numbers = PeopleNumbers(language: language)
    }

    func say(_ text: String) -> String { language.message(text) }
    func escape(_ text: String) -> String { XMLText.escaped(text) }

    func render() -> String {
        let title = say("tracker report — \(report.scope(in: language))")
        var page = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escape(title))</title>
            <style>\(Self.style)</style></head><body>
            <h1>\(escape(say("tracker report")))</h1>
            <p class="note">\(escape(report.scope(in: language)))\(report.suppression.isActive
                ? " · " + escape(say("groups of fewer than \(report.suppression.minimum) journeys are suppressed (shown as <\(report.suppression.minimum))"))
                : "")</p>
            <div class="figures"><div><b>\(headline(report.openJourneys + report.closedJourneys))</b>\(escape(say("journeys")))</div>
            <div><b>\(headline(report.openJourneys))</b>\(escape(say("open")))</div><div><b>\(headline(report.closedJourneys))</b>\(escape(say("closed")))</div></div>

            """
        for section in report.sections {
            page += "<section id=\"\(section.id.rawValue)\"><div class=\"head\"><h2>\(escape(say(section.title)))</h2>\n"
            if let note = section.note { page += "<p class=\"note\">\(escape(numbers.grouping(say(note))))</p>\n" }
            let figures: String
            if section.id == .trend {
                figures = "<details><summary>\(escape(say("The figures, a row a month")))</summary>"
                    + table(Report.monthByCategory(section.table), categoryColumns: true) + "</details>\n"
            } else if section.id == .activity {
                figures = table(activityByType(section.table))
            } else {
                figures = table(section.table)
            }
            // A section without a chart keeps its table with its heading, so
            // no heading is left alone at the foot of a printed page.
            let chart = chart(for: section)
            page += chart.isEmpty ? figures + "</div>\n" : chart + "</div>\n" + figures
            page += "</section>\n"
        }
        return page + "</body></html>\n"
    }

    /// A headline count, suppressed like any group.
    private func headline(_ count: Int) -> String {
        report.suppression.isActive && count > 0 && report.suppression.hides(journeys: count)
            ? escape("<\(report.suppression.minimum)") : numbers.integer(count)
    }

    private func chart(for section: Report.Section) -> String {
        switch section.id {
        case .obstacles:
            return bars(section.table, label: { name(of: "category", $0) }, labelColumn: "category",
                        value: "delay_days_total", unit: "delay days", extra: "journeys",
                        caption: say("Delay days by category; the number of journeys affected beside it."))
        case .rules:
            return bars(section.table, label: { $0 }, labelColumn: "rule_ref", value: "delay_days_total",
                        unit: "delay days", extra: "journeys",
                        caption: say("Delay days the rule caused; the number of journeys affected beside it."))
        case .trend: return trend(section.table)
        case .handoffs: return heatMap()
        case .effect: return effects(section.table)
        case .timeToClose: return curves()
        case .outcomes: return outcomes(section.table)
        case .journeys, .stalled, .challenges, .activity: return ""
        }
    }

    // MARK: - Names and cells

    /// The people's name of a value in `column`: the catalog's name of a
    /// sector, category or measure, a type or outcome with its words.
    func name(of column: String, _ value: String) -> String {
        switch column {
        case "category": return report.categoryNames[value] ?? value
        case "from_sector", "to_sector", "sector": return report.sectorNames[value] ?? value
        case "measure": return report.measures.first { $0.id == value }?.name ?? value
        case "type", "outcome", "status": return say(Self.words(value))
        default: return value
        }
    }

    /// `sick_leave_to_work` → `Sick leave to work`.
    static func words(_ slug: String) -> String {
        let spaced = slug.split(separator: "_").joined(separator: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// A cell as people read it in `column` (its format key).
    func cell(_ value: OutputValue, column: String) -> String {
        switch value {
        case .null: return ""
        case .integer(let integer): return numbers.integer(Int(integer))
        case .real(let real): return numbers.figure(real, column: column)
        case .list(let items): return items.joined(separator: ", ")
        case .text(let text): return name(of: column, text)
        default: return value.plainText
        }
    }

    /// Activity against effect with a row a type: its journeys and steps
    /// per journey, then for each measure the mean change with its interval
    /// and how steps and change go together (r).
    private func activityByType(_ long: ResultTable) -> ResultTable {
        let people = long.forPeople(withoutFlag: true)
        func column(_ name: String) -> Int? { people.columns.firstIndex(of: name) }
        guard let type = column("type"), let measure = column("measure"), let journeys = column("journeys"),
              let steps = column("steps_mean"), let mean = column("mean_change"), let low = column("ci_low"),
              let high = column("ci_high"), let r = column("steps_change_r") else { return long }
        let measures = report.measures.map(\.id).filter { id in people.rows.contains { $0[measure].plainText == id } }
        var wide = ResultTable(columns: ["type", "journeys", "steps_mean"] + measures.flatMap { [$0, $0 + " r"] })
        wide.formatKeys = ["type", "journeys", "steps_mean"] + measures.flatMap { _ in ["mean_change", "steps_change_r"] }
        var types: [String] = []
        for row in people.rows where !types.contains(row[type].plainText) { types.append(row[type].plainText) }
        for name in types {
            let rows = people.rows.filter { $0[type].plainText == name }
            var cells: [OutputValue] = [.text(name), rows.first { Self.number($0[journeys]) != nil }?[journeys] ?? .null,
                                        rows.first { Self.number($0[steps]) != nil }?[steps] ?? .null]
            for id in measures {
                guard let row = rows.first(where: { $0[measure].plainText == id }), let value = Self.number(row[mean]) else {
                    cells += [rows.first { $0[measure].plainText == id }.map { _ in .text(say("suppressed")) } ?? .null, .null]
                    continue
                }
                cells.append(.text(interval(value, Self.number(row[low]), Self.number(row[high]), column: "mean_change")))
                cells.append(row[r])
            }
            wide.append(cells)
        }
        return wide
    }

    /// `+4.5 [4.1, 4.9]`.
    private func interval(_ value: Double, _ low: Double?, _ high: Double?, column: String) -> String {
        let show = { (number: Double) in column == "mean_change" ? numbers.signed(number) : numbers.figure(number, column: column) }
        guard let low, let high else { return show(value) }
        return "\(show(value)) [\(show(low)), \(show(high))]"
    }

    /// A section's table with people's names and numbers; with
    /// `categoryColumns`, its columns after the first are category ids. A
    /// figure followed by its confidence bounds reads as one cell.
    private func table(_ source: ResultTable, categoryColumns: Bool = false) -> String {
        var people = source.forPeople(withoutFlag: true)
        guard !people.rows.isEmpty else { return "<p class=\"note\">\(escape(say("(none)")))</p>\n" }
        people = mergingIntervals(people)
        let keys = people.formatKeys ?? people.columns
        let interval = " [95% \(say("CI"))]"
        var html = "<div class=\"scroll\"><table><thead><tr>"
        for (index, column) in people.columns.enumerated() {
            let numeric = people.rows.contains { Self.number($0[index]) != nil }
            let merged = column.hasSuffix(Self.intervalMark)
            let base = merged ? String(column.dropLast(Self.intervalMark.count)) : column
            let text: String
            if categoryColumns && index > 0 {
                text = name(of: "category", base)
            } else if base.hasSuffix(" r") {
                text = say("steps and change, r")
            } else if let measure = report.measures.first(where: { $0.id == base }) {
                text = "\(measure.name), \(say("change"))" + interval
            } else {
                text = language.heading(base).split(separator: "_").joined(separator: " ") + (merged ? interval : "")
            }
            html += "<th\(numeric ? " class=\"n\"" : "")>\(escape(text))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for row in people.rows {
            html += "<tr>"
            for (key, value) in zip(keys, row) {
                let numeric = Self.number(value) != nil || value == .text("<\(report.suppression.minimum)")
                let text = cell(value, column: key)
                // A date never breaks at its hyphens.
                let date = text.utf8.count == 10 && text.utf8.dropFirst(4).first == UInt8(ascii: "-")
                html += "<td\(numeric ? " class=\"n\"" : date ? " class=\"d\"" : "")>\(escape(text))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// Columns `x`, `x_ci_low`, `x_ci_high` (or `x`, `ci_low`, `ci_high`)
    /// become one column `x [95% CI]`.
    private func mergingIntervals(_ table: ResultTable) -> ResultTable {
        let keys = table.formatKeys ?? table.columns
        var merged = ResultTable(columns: [])
        var mergedKeys: [String] = []
        var sources: [(Int, Int?, Int?)] = []
        var index = 0
        while index < table.columns.count {
            let column = table.columns[index]
            let next = index + 2 < table.columns.count ? (table.columns[index + 1], table.columns[index + 2]) : nil
            if let next, next == (column + "_ci_low", column + "_ci_high") || next == ("ci_low", "ci_high") {
                merged.columns.append(column + Self.intervalMark)
                sources.append((index, index + 1, index + 2))
                index += 3
            } else {
                merged.columns.append(column)
                sources.append((index, nil, nil))
                index += 1
            }
            mergedKeys.append(keys[sources.last!.0])
        }
        merged.formatKeys = mergedKeys
        for row in table.rows {
            merged.append(sources.map { source in
                guard let low = source.1, let high = source.2, let value = Self.number(row[source.0]) else { return row[source.0] }
                return .text(interval(value, Self.number(row[low]), Self.number(row[high]), column: keys[source.0]))
            })
        }
        return merged
    }

    /// Marks a column merged with its confidence bounds.
    static let intervalMark = "\u{1}ci"

    static func number(_ value: OutputValue) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .real(let real) where real.isFinite: real
        default: nil
        }
    }

    // MARK: - Bars

    /// Horizontal bars drawn in HTML, so labels wrap instead of being cut
    /// and the text stays readable at any width.
    private func bars(_ table: ResultTable, label: (String) -> String, labelColumn: String, value: String,
                      unit: String, extra: String?, caption: String) -> String {
        guard let labelIndex = table.columns.firstIndex(of: labelColumn),
              let valueIndex = table.columns.firstIndex(of: value) else { return "" }
        let extraIndex = extra.flatMap { table.columns.firstIndex(of: $0) }
        let items = table.rows.compactMap { row -> (String, Double, Int?)? in
            guard let number = Self.number(row[valueIndex]) else { return nil }
            return (label(row[labelIndex].plainText), number, extraIndex.flatMap { Self.number(row[$0]) }.map { Int($0) })
        }
        guard let largest = items.map(\.1).max(), largest > 0 else { return "" }
        var html = "<figure><div class=\"bars\">"
        for item in items {
            let share = numbers.plain(max(0.4, 100 * item.1 / largest), decimals: 1)
            var text = "\(numbers.figure(item.1, column: value)) \(say(unit))"
            if let journeys = item.2 { text += " · \(numbers.integer(journeys)) \(say("journeys"))" }
            html += "<div class=\"bar\"><span class=\"label\">\(escape(item.0))</span>"
                + "<span class=\"track\"><span class=\"fill\" style=\"width:\(share)%\"></span></span>"
                + "<span class=\"value\">\(escape(text))</span></div>"
        }
        return html + "</div><figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    /// The share of journeys closed with each outcome by one and two years,
    /// one stacked bar per horizon, the rest still open.
    private func outcomes(_ table: ResultTable) -> String {
        guard let outcome = table.columns.firstIndex(of: "outcome"), let days = table.columns.firstIndex(of: "days"),
              let share = table.columns.firstIndex(of: "cumulative_incidence") else { return "" }
        let horizons = table.rows.compactMap { Self.number($0[days]) }.reduce(into: [Double]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        let kinds = table.rows.map { $0[outcome].plainText }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !horizons.isEmpty, !kinds.isEmpty else { return "" }
        var html = "<figure><div class=\"stack\">"
        for horizon in horizons {
            let rows = table.rows.filter { Self.number($0[days]) == horizon }
            guard rows.allSatisfy({ Self.number($0[share]) != nil }) else { continue }
            let label = horizon == 365 ? say("by 1 year") : horizon == 730 ? say("by 2 years")
                : say("by \(numbers.integer(Int(horizon))) days")
            html += "<div class=\"bar\"><span class=\"label\">\(escape(label))</span><span class=\"track\">"
            var total = 0.0
            for row in rows {
                let value = Self.number(row[share]) ?? 0
                total += value
                let index = kinds.firstIndex(of: row[outcome].plainText) ?? 0
                html += "<span class=\"fill\" style=\"width:\(numbers.plain(100 * value, decimals: 2))%;background:\(Self.palette[index % Self.palette.count])\" "
                    + "title=\"\(escape(name(of: "outcome", row[outcome].plainText) + " " + numbers.percent(value)))\"></span>"
            }
            html += "</span><span class=\"value\">\(escape(say("\(numbers.percent(total)) closed")))</span></div>"
        }
        html += "</div>" + legend(kinds.enumerated().map { (name(of: "outcome", $1), Self.palette[$0 % Self.palette.count]) }
                                  + [(say("still open"), "#e6eaef")])
        return html + "<figcaption>\(escape(say("Of every journey opened, the share closed with each outcome; a journey that closes one way can no longer close another.")))</figcaption></figure>\n"
    }

    private func legend(_ items: [(String, String)]) -> String {
        "<ul class=\"legend\">" + items.map { "<li><i style=\"background:\($1)\"></i>\(escape($0))</li>" }.joined() + "</ul>"
    }

    // MARK: - The trend

    /// Obstacles per month, stacked by category, with a count axis; cells
    /// of too few journeys are not drawn, and the caption says how many.
    private func trend(_ table: ResultTable) -> String {
        guard let monthIndex = table.columns.firstIndex(of: "month"), let categoryIndex = table.columns.firstIndex(of: "category"),
              let countIndex = table.columns.firstIndex(of: "obstacles") else { return "" }
        let months = table.rows.map { $0[monthIndex].plainText }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let categories = table.rows.map { $0[categoryIndex].plainText }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !months.isEmpty else { return "" }
        var stacks = [[Double]](repeating: [Double](repeating: 0, count: categories.count), count: months.count)
        var hidden = 0
        for row in table.rows {
            guard let count = Self.number(row[countIndex]) else { hidden += 1; continue }
            stacks[months.firstIndex(of: row[monthIndex].plainText)!][categories.firstIndex(of: row[categoryIndex].plainText)!] = count
        }
        let top = stacks.map { $0.reduce(0, +) }.max() ?? 0
        guard top > 0 else { return "" }
        let axis = Axis(low: 0, high: top)
        let chart = responsive { width in
        let narrow = width < 500
        let height = 250.0, left = narrow ? 52.0 : 64.0, right = 8.0, plotTop = 10.0, plotHeight = 190.0
        let slot = (width - left - right) / Double(months.count)
        func y(_ value: Double) -> Double { plotTop + plotHeight * (1 - value / axis.high) }
        var svg = svgOpen(width: width, height: height, label: say("obstacles logged per month, stacked by category"))
        for tick in axis.ticks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(tick)))\" stroke=\"#e6eaef\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(numbers.integer(Int(tick)))</text>"
        }
        let labelEvery = max(1, (months.count + (narrow ? 3 : 7)) / (narrow ? 4 : 8))
        for (index, stack) in stacks.enumerated() {
            var base = 0.0
            let x = left + Double(index) * slot + slot * 0.12
            for (category, count) in stack.enumerated() where count > 0 {
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y(base + count)))\" width=\"\(f(slot * 0.76))\" height=\"\(f(y(base) - y(base + count)))\" "
                    + "fill=\"\(Self.palette[category % Self.palette.count])\"><title>\(escape("\(months[index]) \(name(of: "category", categories[category])): \(numbers.integer(Int(count)))"))</title></rect>"
                base += count
            }
            if index % labelEvery == 0 {
                svg += "<text x=\"\(f(left + (Double(index) + 0.5) * slot))\" y=\"\(f(plotTop + plotHeight + 16))\" text-anchor=\"middle\">\(escape(months[index]))</text>"
            }
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(0)))\" stroke=\"#5a6675\"/>"
        svg += "<text x=\"\(f(left + (width - left - right) / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(escape(say("month logged")))</text>"
        svg += "<text transform=\"rotate(-90)\" x=\"\(f(-(plotTop + plotHeight / 2)))\" y=\"12\" text-anchor=\"middle\">\(escape(say("obstacles")))</text>"
        return svg + "</svg>"
        }
        var caption = say("Each bar is one month's obstacles; a falling bar is the curve turning.")
        if hidden > 0 {
            caption += " " + say("\(hidden) month and category cells of fewer than \(report.suppression.minimum) journeys are not drawn.")
        }
        return "<figure>" + chart
            + legend(categories.enumerated().map { (name(of: "category", $1), Self.palette[$0 % Self.palette.count]) })
            + "<figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    // MARK: - The handoff matrix

    /// Sector to sector: obstacles between the two on each handoff, the
    /// darker the more; a pair of too few journeys reads `<K`.
    private func heatMap() -> String {
        let table = report.handoffMatrix
        guard let from = table.columns.firstIndex(of: "from_sector"), let to = table.columns.firstIndex(of: "to_sector"),
              let count = table.columns.firstIndex(of: "obstacles"), !table.rows.isEmpty else { return "" }
        let flag = table.columns.firstIndex(of: SuppressionMark.flagColumn)
        let sources = table.rows.map { $0[from].plainText }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let targets = table.rows.map { $0[to].plainText }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        var cells: [String: OutputValue] = [:]
        var hidden: Set<String> = []
        for row in table.rows {
            let key = row[from].plainText + "\u{1F}" + row[to].plainText
            if let flag, row[flag] == .bool(true) { hidden.insert(key) } else { cells[key] = row[count] }
        }
        let largest = cells.values.compactMap(Self.number).max() ?? 0
        var html = "<figure><div class=\"scroll\"><table class=\"heat\"><thead><tr><th>\(escape(say("from ↓ to →")))</th>"
        for target in targets { html += "<th class=\"v\"><span>\(escape(name(of: "to_sector", target)))</span></th>" }
        html += "</tr></thead><tbody>\n"
        for source in sources.sorted() {
            html += "<tr><th>\(escape(name(of: "from_sector", source)))</th>"
            for target in targets {
                let key = source + "\u{1F}" + target
                if hidden.contains(key) {
                    html += "<td class=\"hidden\">\(escape("<\(report.suppression.minimum)"))</td>"
                } else if let value = cells[key].flatMap(Self.number) {
                    let strength = largest > 0 ? value / largest : 0
                    // White figures on the darker cells.
                    let dark = strength > 0.55
                    html += "<td style=\"background:rgba(61,111,182,\(numbers.plain(0.08 + 0.92 * strength, decimals: 2)))\""
                        + "\(dark ? " class=\"dark\"" : "")>\(numbers.integer(Int(value)))</td>"
                } else {
                    html += "<td></td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div><figcaption>\(escape(say("Each row is the sector a journey left, each column the one it went to; the number is the obstacles logged between the two, the darker the more.")))</figcaption></figure>\n"
    }

    // MARK: - Effect

    /// Mean change with its 95% interval: one axis per measure, in its own
    /// unit, turned so that better is always to the right; every journey
    /// first, then each type.
    private func effects(_ overall: ResultTable) -> String {
        guard let activity = report.sections.first(where: { $0.id == .activity })?.table else { return "" }
        var html = "<figure>"
        for measure in report.measures {
            var rows: [(label: String, estimate: (Double, Double, Double)?)] = []
            if let row = estimate(in: overall, measure: measure.id, type: nil) { rows.append((say("All journeys"), row)) }
            guard !rows.isEmpty else { continue }
            let types = activity.rows.compactMap { row -> String? in
                guard row[activity.columns.firstIndex(of: "measure")!].plainText == measure.id else { return nil }
                return row[activity.columns.firstIndex(of: "type")!].plainText
            }
            for type in types {
                rows.append((name(of: "type", type), estimate(in: activity, measure: measure.id, type: type)))
            }
            html += effectPanel(measure, rows)
        }
        return html + "<figcaption>\(escape(say("The dot is the mean change from baseline to follow-up, the line its 95% confidence interval; each measure on its own axis, better to the right.")))</figcaption></figure>\n"
    }

    private func estimate(in table: ResultTable, measure: String, type: String?) -> (Double, Double, Double)? {
        guard let measureIndex = table.columns.firstIndex(of: "measure"), let mean = table.columns.firstIndex(of: "mean_change"),
              let low = table.columns.firstIndex(of: "ci_low"), let high = table.columns.firstIndex(of: "ci_high") else { return nil }
        let typeIndex = table.columns.firstIndex(of: "type")
        guard let row = table.rows.first(where: { row in
            row[measureIndex].plainText == measure && (type == nil || typeIndex.map { row[$0].plainText == type } == true)
        }), let value = Self.number(row[mean]) else { return nil }
        return (value, Self.number(row[low]) ?? value, Self.number(row[high]) ?? value)
    }

    private func effectPanel(_ measure: Measure, _ rows: [(label: String, estimate: (Double, Double, Double)?)]) -> String {
        let values: [Double] = rows.compactMap(\.estimate).flatMap { [$0.1, $0.2] } + [0]
        let axis = Axis(low: values.min()!, high: values.max()!)
        let chart = responsive { width in
        // Narrow, each label sits above its row rather than beside it.
        let narrow = width < 500
        let left = narrow ? 16.0 : 200.0, right = 24.0, rowHeight = narrow ? 40.0 : 26.0, top = 8.0
        let height = top + Double(rows.count) * rowHeight + 44
        let sign = measure.higherIsBetter ? 1.0 : -1.0
        // Better to the right: a measure where lower is better runs right to left.
        func x(_ value: Double) -> Double {
            let position = (value - axis.low) / (axis.high - axis.low)
            return left + (width - left - right) * (sign > 0 ? position : 1 - position)
        }
        let direction = say(measure.higherIsBetter ? "higher is better" : "lower is better")
        var svg = svgOpen(width: width, height: height,
                          label: say("mean change in \(measure.name) (\(measure.unit)) with 95% confidence interval, by type"))
        let bottom = top + Double(rows.count) * rowHeight
        for (number, tick) in axis.ticks.enumerated() {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(bottom))\" stroke=\"\(tick == 0 ? "#5a6675" : "#e6eaef")\"/>"
            // Narrow, every other tick is named, so the names do not run together.
            guard !narrow || axis.ticks.count <= 5 || number % 2 == axis.ticks.firstIndex(of: 0).map({ $0 % 2 }) ?? 0 else { continue }
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(bottom + 15))\" text-anchor=\"middle\">\(escape(numbers.tick(tick, step: axis.step)))</text>"
        }
        for (index, row) in rows.enumerated() {
            let y = top + (Double(index) + (narrow ? 0.7 : 0.5)) * rowHeight
            svg += narrow
                ? "<text x=\"\(f(left))\" y=\"\(f(y - 12))\"\(index == 0 ? " font-weight=\"600\"" : "")>\(escape(row.label))</text>"
                : "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\"\(index == 0 ? " font-weight=\"600\"" : "")>\(escape(row.label))</text>"
            guard let (mean, low, high) = row.estimate else {
                svg += "<text x=\"\(f(left + 4))\" y=\"\(f(y + 4))\" fill=\"#5a6675\" font-style=\"italic\">\(escape(say("suppressed or too few to estimate")))</text>"
                continue
            }
            let colour = low * sign > 0 ? "#2e7d4f" : high * sign < 0 ? "#b8433e" : "#6f7b87"
            svg += "<line x1=\"\(f(x(low)))\" y1=\"\(f(y))\" x2=\"\(f(x(high)))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
            svg += "<circle cx=\"\(f(x(mean)))\" cy=\"\(f(y))\" r=\"5\" fill=\"\(colour)\"><title>\(escape("\(row.label): \(numbers.signed(mean)) [\(numbers.signed(low)), \(numbers.signed(high))] \(measure.unit)"))</title></circle>"
        }
        svg += "<text x=\"\(f(left + (width - left - right) / 2))\" y=\"\(f(bottom + 34))\" text-anchor=\"middle\">\(escape(say("change, \(measure.unit)") + " · " + direction)) →</text>"
        return svg + "</svg>"
        }
        return "<h3>\(escape(measure.name)) (\(escape(measure.unit)))</h3>" + chart
    }

    // MARK: - Time to close

    /// The Kaplan–Meier curves of the types: the share still open by days
    /// since opening, a day axis with round ticks, the 50% line and each
    /// median marked on it.
    private func curves() -> String {
        let curves = report.closeCurves
        let last = curves.compactMap { $0.estimate.steps.last?.time }.max() ?? 0
        guard last > 0 else { return "" }
        let axis = Axis(low: 0, high: last)
        var legendItems: [(String, String)] = []
        let chart = responsive { width in
        let plotHeight = 220.0, left = width < 500 ? 58.0 : 60.0, right = 24.0, top = 8.0
        let height = top + plotHeight + 44
        func x(_ time: Double) -> Double { left + (width - left - right) * time / axis.high }
        func y(_ survival: Double) -> Double { top + plotHeight * (1 - survival) }
        var svg = svgOpen(width: width, height: height, label: say("share of journeys still open, by days since opening, by type"))
        for fraction in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(fraction)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(fraction)))\" "
                + "stroke=\"\(fraction == 0.5 ? "#9aa5b1" : "#e6eaef")\"\(fraction == 0.5 ? " stroke-dasharray=\"4 4\"" : "")/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(fraction) + 4))\" text-anchor=\"end\">\(numbers.percent(fraction, decimals: 0))</text>"
        }
        for (number, tick) in axis.ticks.enumerated() {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x(tick)))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"#5a6675\"/>"
            guard width >= 500 || axis.ticks.count <= 5 || number % 2 == 0 else { continue }
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"middle\">\(numbers.integer(Int(tick)))</text>"
        }
        svg += "<text x=\"\(f(left + (width - left - right) / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(escape(say("days since opening")))</text>"
        svg += "<text transform=\"rotate(-90)\" x=\"\(f(-(top + plotHeight / 2)))\" y=\"12\" text-anchor=\"middle\">\(escape(say("share still open")))</text>"
        legendItems = []
        for (index, curve) in curves.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            var line = "M\(f(x(0))),\(f(y(1)))"
            for step in curve.estimate.steps { line += " H\(f(x(step.time))) V\(f(y(step.survival)))" }
            svg += "<path d=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            var label = name(of: "type", curve.type)
            if let median = curve.estimate.median.time {
                svg += "<line x1=\"\(f(x(median)))\" y1=\"\(f(y(0.5)))\" x2=\"\(f(x(median)))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(colour)\" stroke-dasharray=\"2 3\"/>"
                svg += "<circle cx=\"\(f(x(median)))\" cy=\"\(f(y(0.5)))\" r=\"4\" fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
                label += say(", median \(numbers.integer(Int(median.rounded()))) days")
            }
            legendItems.append((label, colour))
        }
        return svg + "</svg>"
        }
        return "<figure>" + chart + legend(legendItems)
            + "<figcaption>\(escape(say("A curve falls as journeys close; where it crosses 50% (the circle) half of that type's journeys had closed. Open journeys count until today.")))</figcaption></figure>\n"
    }

    // MARK: - Drawing

    /// A chart drawn twice, for a wide page and for a phone, CSS showing
    /// one: scaled down, a chart drawn for the laptop has unreadable text.
    private func responsive(_ draw: (Double) -> String) -> String {
        "<div class=\"wide\">" + draw(640) + "</div><div class=\"narrow\">" + draw(360) + "</div>"
    }

    static let palette = ["#3d6fb6", "#d9822b", "#3a9d5d", "#b8433e", "#7d5ba6", "#8c6d46", "#c75d9a", "#6f7b87"]

    private func svgOpen(width: Double, height: Double, label: String) -> String {
        "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" "
            + "aria-label=\"\(escape(label))\"><title>\(escape(label))</title>"
    }

    /// A coordinate, to one decimal.
    private func f(_ value: Double) -> String { NumberText.fixed(value, decimals: 1) }

    static let style = """
        *{box-sizing:border-box}\
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2530;max-width:60rem;margin:1.5rem auto;padding:0 1rem}\
        h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .2rem;border-bottom:1px solid #d5dbe3}\
        h3{font-size:.95rem;margin:.8rem 0 .1rem}p.note,figcaption{color:#5a6675;margin:.2rem 0 .6rem}figure{margin:.4rem 0}\
        figcaption{font-size:.85rem}.scroll{overflow-x:auto;max-width:100%}\
        table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}\
        th,td{padding:.2rem .5rem;border-bottom:1px solid #e6eaef;text-align:left;vertical-align:top}\
        th{font-weight:600;vertical-align:bottom}th.n{max-width:7rem;white-space:normal}details summary{cursor:pointer;color:#3d6fb6;margin:.3rem 0}.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.d{white-space:nowrap}\
        .figures{display:flex;gap:1rem;flex-wrap:wrap;margin:.8rem 0}.figures div{background:#f3f6f9;border-radius:6px;padding:.5rem 1rem}\
        .figures b{display:block;font-size:1.5rem}svg{width:100%;max-width:46rem;height:auto;display:block}\
        svg text{font:13px system-ui,sans-serif;fill:#1d2530}\
        .bars,.stack{display:grid;grid-template-columns:minmax(7rem,max-content) minmax(6rem,1fr) max-content;gap:.35rem .6rem;align-items:center;font-size:.9rem;max-width:52rem}\
        .bar{display:contents}.stack .track{height:1.4rem}\
        .track{display:flex;background:#f3f6f9;height:1rem;border-radius:2px;overflow:hidden}\
        .fill{display:block;background:#3d6fb6;height:100%}.value{font-variant-numeric:tabular-nums;white-space:nowrap}\
        .legend{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.85rem}\
        .legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}\
        table.heat td{text-align:center;min-width:2.6rem;font-variant-numeric:tabular-nums}table.heat td.dark{color:#fff}\
        table.heat td.hidden{color:#5a6675;background:repeating-linear-gradient(45deg,#f3f6f9 0 4px,#fff 4px 8px)}\
        table.heat th.v{vertical-align:bottom;height:9rem;padding:.2rem}table.heat th.v span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}\
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
        .narrow{display:none}\
        @media (max-width:600px){body{font-size:14px;margin:1rem auto;padding:0 .6rem}.wide{display:none}.narrow{display:block}\
        .bars,.stack{display:block}.bar{display:grid;grid-template-columns:1fr auto;grid-template-areas:"l v" "t t";gap:.1rem .5rem;margin:.4rem 0}\
        .bar .label{grid-area:l}.bar .value{grid-area:v}.bar .track{grid-area:t}\
        }\
        @page{size:A4;margin:14mm 12mm}\
        @media print{body{max-width:none;margin:0;padding:0;font-size:10pt}h2{margin-top:1.2rem}\
        .head{break-inside:avoid;break-after:avoid}h2,h3{break-after:avoid}figure,tr{break-inside:avoid}.scroll{overflow:visible}}
        """
}

/// Round axis ticks: a step of 1, 2 or 5 times a power of ten, 4–8 of them,
/// the ends widened to the ticks around the values.
struct Axis {
    let low: Double
    let high: Double
    let step: Double

    init(low: Double, high: Double) {
        let span = max(high - low, abs(high) * 1e-9, 1e-9)
        var magnitude = 1.0
        while span / magnitude > 10 { magnitude *= 10 }
        while span / magnitude < 1 { magnitude /= 10 }
        var step = magnitude
        for factor in [0.1, 0.2, 0.5, 1.0, 2.0, 5.0] where span / (factor * magnitude) <= 8 {
            step = factor * magnitude
            break
        }
        self.step = step
        self.low = (low / step).rounded(.down) * step
        self.high = max((high / step).rounded(.up) * step, self.low + step)
    }

    var ticks: [Double] {
        var ticks: [Double] = []
        var tick = low
        while tick <= high + step * 1e-6 {
            ticks.append(abs(tick) < step * 1e-6 ? 0 : tick)
            tick += step
        }
        return ticks
    }
}

/// Numbers as people of the language read them: thousands grouped, one
/// kind of figure always with the same decimals, shares as percentages.
struct PeopleNumbers {
    let language: Language

    private var groupMark: String { language == .da ? "." : "," }
    private var decimalMark: String { language == .da ? "," : "." }

    func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += groupMark }
            grouped.append(digit)
        }
        return (value < 0 ? "−" : "") + grouped
    }

    /// A number for CSS or SVG: a point, no grouping.
    func plain(_ value: Double, decimals: Int) -> String {
        NumberText.fixed(value, decimals: decimals)
    }

    /// A number for people: `decimals` places, thousands grouped, a true minus sign.
    func number(_ value: Double, decimals: Int) -> String {
        let text = NumberText.fixed(value, decimals: decimals)
        let negative = text.hasPrefix("-")
        let parts = (negative ? text.dropFirst() : Substring(text)).split(separator: ".", omittingEmptySubsequences: false)
        let whole = integer(Int(parts[0]) ?? 0)
        return (negative ? "−" : "") + whole + (parts.count > 1 ? decimalMark + parts[1] : "")
    }

    /// A sentence with its bare counts of four or more digits grouped
    /// (`1356 open journeys` → `1,356 open journeys`); dates and decimals stay.
    func grouping(_ text: String) -> String {
        var result = ""
        var run = ""
        var previous: Character = " "
        func flush(before next: Character) {
            if run.count >= 4, !"-.:/,".contains(previous), !"-.:/".contains(next), let value = Int(run) {
                result += integer(value)
            } else {
                result += run
            }
            run = ""
        }
        for character in text {
            if character.isASCII && character.isNumber {
                run.append(character)
                continue
            }
            if !run.isEmpty { flush(before: character) }
            result.append(character)
            previous = character
        }
        if !run.isEmpty { flush(before: " ") }
        return result
    }

    /// A signed change: `+4.5`, `−2,441.9`.
    func signed(_ value: Double, decimals: Int = 1) -> String {
        (value > 0 ? "+" : "") + number(value, decimals: decimals)
    }

    func percent(_ share: Double, decimals: Int = 1) -> String {
        number(share * 100, decimals: decimals) + (language == .da ? " %" : "%")
    }

    /// An axis tick: as many decimals as its step needs.
    func tick(_ value: Double, step: Double) -> String {
        var decimals = 0
        var scaled = step
        while scaled < 1 - 1e-9 && decimals < 6 {
            scaled *= 10
            decimals += 1
        }
        return (value > 0 ? "+" : "") + number(value, decimals: decimals)
    }

    /// A figure in a table by its column (format key): shares as
    /// percentages, days whole, correlations to two decimals, p-values as
    /// in every table, anything else to one decimal.
    func figure(_ value: Double, column: String) -> String {
        guard value.isFinite else { return "" }
        switch NumberText.Kind(column: column) {
        case .share: return percent(value)
        case .pValue: return NumberText.forTable(value, column: column).replacingDecimalMark(decimalMark)
        case .days: return number(value, decimals: 0)
        case .plain:
            if column.hasSuffix("_r") { return number(value, decimals: 2) }
            return number(value, decimals: 1)
        }
    }
}

private extension String {
    func replacingDecimalMark(_ mark: String) -> String {
        mark == "." ? self : split(separator: ".", omittingEmptySubsequences: false).joined(separator: mark)
    }
}
