/// `analyze rule-change RULE`: did the rule's obstacles change after it
/// did? An interrupted time series of the obstacles that name the rule,
/// month by month, N months on each side of the change, with the level and
/// slope change of a segmented regression (Newey–West standard errors, as
/// monthly counts come in spells), and the mean delay per obstacle before
/// and after (Welch).
///
/// The months are counted from the change day (a change on 15 March makes
/// months 15 March – 14 April, …), so no month mixes before and after. Only
/// months that have ended count after the change — before today, and within
/// the latest day the file records anything: a month still running, or
/// not yet recorded, would look like a drop.
public struct RuleChangeAnalysis: Sendable {
    public struct Month: Sendable, Equatable {
        /// First day, and the first day of the next month (excluded).
        public let start: String
        public let end: String
        public let after: Bool
        public let obstacles: Int
        /// Mean delay days of the month's obstacles that give one.
        public let delayDaysMean: Double?
    }

    public let ruleRef: String
    public let changeAt: String
    public let months: [Month]
    public let monthsBefore: Int
    public let monthsAfter: Int
    /// nil with fewer than two months on either side.
    public let regression: SegmentedRegression?
    public let delayBefore: SampleSummary?
    public let delayAfter: SampleSummary?
    /// After against before; nil unless each side has two delays.
    public let delayTest: WelchTest?

    public static let defaultMonths = 12
    public static let columns = [
        "rule_ref", "change_at", "months_before", "months_after", "obstacles_per_month_before", "obstacles_per_month_after",
        "level_change", "level_change_ci_low", "level_change_ci_high", "level_change_p", "slope_change", "slope_change_p",
        "delay_days_mean_before", "delay_days_mean_after", "delay_difference", "delay_difference_p",
    ]

    /// The change is `at`, else the effective day of the rule's latest
    /// granted or partial challenge.
    public init(_ store: TrackerStore, rule: String, at: String? = nil, months: Int = defaultMonths,
                today: String = Timestamp.today()) throws {
        let rule = try Validate.requiredText(rule, field: "rule")
        guard (2...120).contains(months) else {
            throw TrackerError.badData("--months \(months) is out of range", hint: "give 2 to 120 months on each side")
        }
        let atDay = try at.map { String(try Validate.dateOption($0, option: "--at").prefix(10)) }
        self = try store.reading(spareReaders: 0) { session in
            try RuleChangeAnalysis(session, rule: rule, at: atDay, months: months, today: today)
        }
    }

    /// The analysis over one read session (`atDay` a checked day).
    init(_ session: ReadSession, rule: String, at atDay: String?, months: Int, today: String) throws {
        let db = session.db
        guard !(try db.value("SELECT 1 FROM obstacles WHERE rule_ref = ? AND voided_at IS NULL LIMIT 1", [rule])).isNull else {
            throw TrackerError.notFound("no obstacle names the rule '\(rule)'",
                                        hint: "`tracker analyze rules --top 100` lists the rules the obstacles name")
        }
        let change: String
        if let atDay {
            change = atDay
        } else if let effective = try db.value("""
            SELECT max(effective_from) FROM rule_challenges WHERE rule_ref = ? AND status IN ('granted', 'partial')
            """, [rule]).text {
            change = String(effective.prefix(10))
        } else {
            throw TrackerError.notFound("the rule '\(rule)' has no granted challenge with an effective date",
                                        hint: "give the day of the change with --at DATE, or record the grant: "
                                            + "tracker rule respond CHALLENGE --outcome granted --at DATE --effective DATE")
        }
        let starts = (-months...months).map { Self.day(change, plusMonths: $0) }
        let rows = try db.rows("""
            SELECT o.logged_at, o.delay_days FROM obstacles o JOIN journeys j ON j.id = o.journey_id
             WHERE o.rule_ref = ? AND o.voided_at IS NULL AND j.voided_at IS NULL AND o.logged_at >= ? AND o.logged_at < ?
             ORDER BY o.logged_at, o.id
            """, [rule, starts[0], starts[2 * months]])
        var counts = [Int](repeating: 0, count: 2 * months)
        var delays = [[Double]](repeating: [], count: 2 * months)
        var month = 0
        for row in rows {
            let day = String((row[0].text ?? "").prefix(10))
            while month + 1 < 2 * months && starts[month + 1] <= day { month += 1 }
            counts[month] += 1
            if let delay = row[1].real { delays[month].append(delay) }
        }
        // A month has ended when its last day lies before today and on
        // or before the latest day the file records anything.
        var known = today
        if let latest = try db.value("SELECT latest FROM fact_horizon WHERE id = 1").text, latest.count >= 10 {
            known = min(known, AnalysisFilter.nextDay(after: String(latest.prefix(10))))
        }
        let ended = (0..<months).filter { starts[months + $0 + 1] <= known }.count
        let kept = 0..<(months + ended)
        self.init(
            ruleRef: rule, changeAt: change,
            months: kept.map { index in
                Month(start: starts[index], end: starts[index + 1], after: index >= months, obstacles: counts[index],
                      delayDaysMean: SampleSummary(delays[index])?.mean)
            },
            monthsBefore: months, monthsAfter: ended,
            regression: SegmentedRegression(series: kept.map { Double(counts[$0]) }, changeAt: months),
            before: delays[0..<months].flatMap { $0 }, after: delays[months..<(months + ended)].flatMap { $0 })
    }

    private init(ruleRef: String, changeAt: String, months: [Month], monthsBefore: Int, monthsAfter: Int,
                 regression: SegmentedRegression?, before: [Double], after: [Double]) {
        self.ruleRef = ruleRef
        self.changeAt = changeAt
        self.months = months
        self.monthsBefore = monthsBefore
        self.monthsAfter = monthsAfter
        self.regression = regression
        delayBefore = SampleSummary(before)
        delayAfter = SampleSummary(after)
        delayTest = WelchTest(a: after, b: before)
    }

    /// The day `months` calendar months from `day`, kept within the month
    /// (31 January plus one month is 28 or 29 February).
    static func day(_ day: String, plusMonths months: Int) -> String {
        let start = Timestamp.civilDate(fromDays: Int64(Timestamp.days(day) ?? 0))
        let index = start.year * 12 + (start.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        return Timestamp.formatDate(year: year, month: month, day: min(start.day, Timestamp.daysInMonth(year, month)))
    }

    private func mean(after: Bool) -> Double? {
        let side = months.filter { $0.after == after }
        return side.isEmpty ? nil : Double(side.reduce(0) { $0 + $1.obstacles }) / Double(side.count)
    }

    /// One row of the spec's keys, and the months in `series`.
    public func output() -> ResultTable {
        var table = ResultTable(columns: Self.columns + ["series"])
        let level = regression?.levelChange, slope = regression?.slopeChange
        table.append([
            .text(ruleRef), .text(changeAt), .int(monthsBefore), .int(monthsAfter), .optional(mean(after: false)),
            .optional(mean(after: true)), .optional(level?.estimate), .optional(level?.confidenceInterval?.lower),
            .optional(level?.confidenceInterval?.upper), .optional(level?.pValue), .optional(slope?.estimate),
            .optional(slope?.pValue), .optional(delayBefore?.mean), .optional(delayAfter?.mean),
            .optional(delayTest?.difference), .optional(delayTest?.pValue),
            .records(months.map { month in
                [("start", .text(month.start)), ("end", .text(month.end)), ("side", .text(month.after ? "after" : "before")),
                 ("obstacles", .int(month.obstacles)), ("delay_days_mean", .optional(month.delayDaysMean))]
            }),
        ])
        return table
    }

    /// For people: the two series side by side, a bar per month.
    public func chart(width: Int = 24) -> ResultTable {
        var table = ResultTable(columns: ["month", "side", "obstacles", "", "delay_days_mean", " "])
        let most = max(1, months.map(\.obstacles).max() ?? 1)
        let longest = max(1, months.compactMap(\.delayDaysMean).max() ?? 1)
        func bar(_ value: Double, _ top: Double) -> String {
            String(repeating: "█", count: Int((value / top * Double(width)).rounded()))
        }
        for month in months {
            table.append([.text(month.start), .text(month.after ? "after" : "before"), .int(month.obstacles),
                          .text(bar(Double(month.obstacles), Double(most))), .optional(month.delayDaysMean),
                          .text(month.delayDaysMean.map { bar($0, longest) } ?? "")])
        }
        return table
    }

    /// For people: the figures, one per line.
    public func summary() -> ResultTable {
        var table = ResultTable(columns: ["figure", "value"])
        let row = output()
        for (index, column) in Self.columns.enumerated() { table.append([.text(column), row.rows[0][index]]) }
        return table
    }
}
