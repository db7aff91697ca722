/// `tracker report`: the one-page overview for leadership — journeys open
/// and closed, obstacles by category, the rules that cost most, the worst
/// handoffs, the effect per measure with its CI, time to close, and the
/// journeys that have gone quiet. Small groups are suppressed (5 by default).
public struct Report: Sendable {
    public struct Section: Sendable {
        /// What the section shows, whatever its title says: the page picks
        /// each chart by it.
        public enum ID: String, Sendable {
            case journeys, obstacles, trend, rules, challenges, handoffs, effect, activity, timeToClose = "time_to_close",
                 outcomes, stalled
        }

        public let id: ID
        public let title: String
        /// One line under the title, e.g. what the rows are ordered by.
        public let note: String?
        public let table: ResultTable
        /// Groups of this section hidden by small-cell suppression.
        public let suppressedGroups: Int

        init(id: ID, title: String, note: String?, table: ResultTable, suppressedGroups: Int) {
            self.id = id
            self.title = title
            self.note = note
            self.table = table
            self.suppressedGroups = suppressedGroups
        }

        /// A section from an analysis's output: `columns` picks and orders
        /// columns (the suppression flag stays), `top` keeps the first rows,
        /// `key` names the key column for what it holds.
        init(_ id: ID, _ title: String, _ note: String?, _ output: AnalysisOutput, columns: [String]? = nil,
             top: Int? = nil, key: (from: String, to: String)? = nil) {
            let flag = output.table.columns.contains(SuppressionMark.flagColumn) ? [SuppressionMark.flagColumn] : []
            var table = output.table.selecting(columns.map { $0 + flag } ?? output.table.columns)
            if let top { table.rows = Array(table.rows.prefix(top)) }
            if let key, let index = table.columns.firstIndex(of: key.from) { table.columns[index] = key.to }
            self.init(id: id, title: title, note: note, table: table, suppressedGroups: output.suppressedGroups)
        }
    }

    public let asOf: AsOfDate
    public let filter: AnalysisFilter
    public let suppression: SmallCellSuppression
    public let stalledDays: Double
    /// Open journeys, closed journeys.
    public let openJourneys: Int
    public let closedJourneys: Int
    public let sections: [Section]
    /// Groups hidden by small-cell suppression, over all sections.
    public let suppressedGroups: Int
    /// The Kaplan–Meier curves of time to close by journey type, for the
    /// chart; a type hidden by suppression has none.
    public let closeCurves: [(type: String, estimate: KaplanMeierEstimate)]
    /// Every handoff pair with its obstacles (suppressed as in the
    /// section), for the heat map; the section itself ranks the worst.
    public let handoffMatrix: ResultTable
    /// The people's names of the catalog's sectors and categories by id,
    /// and the measures with their units and better direction.
    public let sectorNames: [String: String]
    public let categoryNames: [String: String]
    public let measures: [Measure]

    /// How many rows the ranked sections show.
    public static let topRows = 5
    /// The days the outcome section reads the incidence at.
    static let outcomeDays: [Double] = [365, 730]
    public static let defaultStalledDays = 30.0
    /// The months the trend of obstacles shows.
    public static let trendMonths = 24

    public init(_ store: TrackerStore, filter: AnalysisFilter = .all, asOf: AsOfDate,
                suppression: SmallCellSuppression = .reportDefault, stalledDays: Double = defaultStalledDays) throws {
        self = try store.reading {
            try Report($0, filter: filter, asOf: asOf, suppression: suppression, stalledDays: stalledDays)
        }
    }

    init(_ db: ReadSession, filter: AnalysisFilter = .all, asOf: AsOfDate,
         suppression: SmallCellSuppression = .reportDefault, stalledDays: Double = defaultStalledDays) throws {
        try filter.validate(in: db)
        // Two independent halves: the sections over steps and obstacles, and
        // those over observations, time to close and stalled journeys. On a
        // file the second half reads through another connection of the
        // session on another core, which halves the wall time of a large report.
        // Both read the same journeys, selected once (in two halves itself).
        // A server counts every section itself, and no journey is read.
        let selection = db.db.engine == .sqlite ? try JourneySelection(db, filter: filter, asOf: asOf) : nil
        let (first, second) = try db.both(
            { try Self.coherenceSections($0, filter: filter, selection: selection, asOf: asOf, suppression: suppression) },
            { try Self.outcomeSections($0, filter: filter, selection: selection, asOf: asOf, suppression: suppression,
                                       stalledDays: stalledDays) })
        openJourneys = first.open
        closedJourneys = first.closed
        sections = first.sections + second.sections
        closeCurves = second.curves
        handoffMatrix = first.matrix
        sectorNames = try Self.names(db, "SELECT id, name FROM sectors")
        categoryNames = try Self.names(db, "SELECT id, name FROM obstacle_categories")
        measures = try Catalog.measures(db)
        suppressedGroups = sections.reduce(0) { $0 + $1.suppressedGroups }
        self.asOf = asOf
        self.filter = filter
        self.suppression = suppression
        self.stalledDays = stalledDays
    }

    /// Journeys, obstacles, rules and handoffs: one read of the steps and
    /// obstacles serves them all. Like every section, they cover the
    /// journeys opened by as-of, a close after it counting as still open.
    private static func coherenceSections(_ db: ReadSession, filter: AnalysisFilter, selection: JourneySelection?,
                                          asOf: AsOfDate, suppression: SmallCellSuppression)
        throws -> (sections: [Section], open: Int, closed: Int, matrix: ResultTable) {
        let data = try selection.map { try AnalysisData(db, filter: filter, selection: $0) }
        _ = try data?.obstacles(.withSectors)
        let journeys = try data.map { try JourneyAnalysis($0, by: .type) }
            ?? JourneyAnalysis(db, filter: filter, asOf: asOf, by: .type)
        let categories = try data.map { try ObstacleAnalysis($0, by: .category) }
            ?? ObstacleAnalysis(db, filter: filter, asOf: asOf, by: .category)
        let handoffs = try data.map { try HandoffAnalysis($0) } ?? HandoffAnalysis(db, filter: filter, asOf: asOf)
        let order = categories.rows.map(\.key)
        let trend = try data.map { try ObstacleTrend($0, months: trendMonths, before: asOf, categoryOrder: order) }
            ?? ObstacleTrend(countedOnServer: db, filter: filter, months: trendMonths, before: asOf, categoryOrder: order)
        let rules = try data.map { try RuleAnalysis($0, top: topRows) } ?? RuleAnalysis(db, filter: filter, asOf: asOf, top: topRows)
        let sections = [
            Section(.journeys, "Journeys by type", "durations in days, over closed journeys",
                    journeys.output(suppression: suppression), key: ("group", "type")),
            Section(.obstacles, "Obstacles by category", "costliest first: total delay days",
                    categories.output(suppression: suppression), key: ("key", "category")),
            Section(.trend, "Obstacles per month", "obstacles logged each month by category, the last \(trendMonths) whole months",
                    trend.output(suppression: suppression)),
            Section(.rules, "Rules that cost most", "the evidence to challenge them",
                    rules.output(suppression: suppression),
                    columns: ["rule_ref", "journeys", "obstacles", "delay_days_total", "delay_days_median", "open"]),
            try challengeSection(db, asOf: asOf, suppression: suppression),
            Section(.handoffs, "Handoffs where coherence breaks most", "most obstacles between the two sectors, then the longest gap",
                    handoffs.output(suppression: suppression, order: .worstFirst), top: topRows),
        ]
        let open = journeys.rows.reduce(0) { $0 + $1.open }
        return (sections, open, journeys.rows.reduce(0) { $0 + $1.journeys } - open,
                handoffs.output(suppression: suppression).table)
    }

    /// The challenges pending, with the evidence they were filed with, and
    /// those granted, with the rule's obstacles per month before and after
    /// the grant took effect (`analyze rule-change`, over every journey).
    /// A rule whose evidence counts fewer journeys than the suppression
    /// minimum shows no figures.
    private static func challengeSection(_ db: ReadSession, asOf: AsOfDate, suppression: SmallCellSuppression) throws -> Section {
        var table = ResultTable(columns: [
            "rule_ref", "authority", "status", "submitted_at", "effective_from", "obstacles", "delay_days_total",
            "obstacles_per_month_before", "obstacles_per_month_after", "level_change", "level_change_ci_low",
            "level_change_ci_high",
        ])
        let challenges = try db.db.rows("""
            SELECT \(RuleChallenge.columns) FROM rule_challenges
             WHERE submitted_at <= ? AND (status = 'pending' OR responded_at > ?
                                          OR (status IN ('granted', 'partial') AND effective_from IS NOT NULL))
             ORDER BY status = 'pending' DESC, submitted_at DESC, id DESC
            """, [asOf.inclusiveBound, asOf.inclusiveBound]).map(RuleChallenge.init(row:))
        for challenge in challenges {
            // As of the report's day an answer after it has not come yet.
            let answered = challenge.respondedAt.map { !Validate.isBefore(asOf.inclusiveBound, $0) } ?? false
            let evidence = challenge.evidenceFigures
            func figure(_ key: String) -> OutputValue { evidence.first { $0.key == key }?.value ?? .null }
            // A rule met on too few journeys shows no figures, as in every section.
            var hidden = false
            if case .integer(let journeys) = figure("journeys") { hidden = suppression.hides(journeys: Int(journeys)) }
            var change: RuleChangeAnalysis?
            if !hidden, answered, challenge.status == .granted || challenge.status == .partial, let effective = challenge.effectiveFrom {
                change = try? RuleChangeAnalysis(db, rule: challenge.ruleRef, at: String(effective.prefix(10)),
                                                 months: RuleChangeAnalysis.defaultMonths, today: String(asOf.text.prefix(10)))
            }
            let row = change?.output().rows.first
            func changed(_ column: String) -> OutputValue {
                guard let row, let index = RuleChangeAnalysis.columns.firstIndex(of: column) else { return .null }
                return row[index]
            }
            table.append([
                .text(challenge.ruleRef), .text(challenge.authority), .text(answered ? challenge.status.rawValue : "pending"),
                .text(challenge.submittedAt), answered ? .optional(challenge.effectiveFrom) : .null,
                hidden ? .null : figure("obstacles"), hidden ? .null : figure("delay_days_total"), changed("obstacles_per_month_before"),
                changed("obstacles_per_month_after"), changed("level_change"), changed("level_change_ci_low"),
                changed("level_change_ci_high"),
            ])
        }
        return Section(id: .challenges, title: "Rule challenges",
                       note: "pending ones with the evidence filed; granted ones with the rule's obstacles per month in the 12 months before and after the grant took effect",
                       table: table, suppressedGroups: 0)
    }

    /// Effect per measure, time to close, and the journeys gone quiet.
    private static func outcomeSections(_ db: ReadSession, filter: AnalysisFilter, selection: JourneySelection?,
                                        asOf: AsOfDate, suppression: SmallCellSuppression, stalledDays: Double)
        throws -> (sections: [Section], curves: [(type: String, estimate: KaplanMeierEstimate)]) {
        // Time to close and the outcomes by type of journey: the types
        // differ in pace, and no obstacle cohort is compared here, since a
        // cohort of "met an obstacle" timed from opening would flatter it
        // (`effect hazard` is the honest comparison).
        // One selection and one read of the effects serve every section
        // here. Activity against effect looks at every journey, also those
        // opened after `asOf`: it reads its own unless nothing is dated
        // after `asOf`, when the two selections are the same journeys.
        // On a server (no selection) each is counted there.
        let survival = try SurvivalAnalysis(db, filter: filter, by: .type, asOf: asOf, selection: selection)
        let incidence = try IncidenceAnalysis(db, filter: filter, by: nil, days: outcomeDays, asOf: asOf,
                                              selection: selection)
        let factsHold = try StalledJourneys.factsHold(asOf: asOf, db)
        let effect: EffectSummary, activity: ActivityEffectAnalysis
        if let selection {
            let data = try AnalysisData(db, filter: filter, selection: selection)
            let measures = try Catalog.observedMeasures(db)
            let effects = try JourneyEffects.load(measures, for: selection, db)
            effect = try EffectSummary(data, measures: measures, by: nil, effects: effects)
            activity = try factsHold
                ? ActivityEffectAnalysis(db, selection: selection, effects: effects)
                : ActivityEffectAnalysis(db, filter: filter)
        } else {
            effect = try EffectSummary(db, filter: filter, asOf: asOf)
            activity = try ActivityEffectAnalysis(db, filter: filter, asOf: factsHold ? asOf : nil)
        }
        var sections = [
            Section(.effect, "Effect per measure", "change from baseline to follow-up, with its 95% confidence interval",
                    effect.output(suppression: suppression),
                    columns: ["measure", "n", "n_missing", "mean_change", "ci_low", "ci_high", "share_improved"]),
            Section(.activity, "Activity against effect", "by type: steps per journey beside the change measured — effect, not activity",
                    activity.output(suppression: suppression),
                    columns: ["type", "measure", "journeys", "steps_mean", "n", "mean_change", "ci_low", "ci_high",
                              "share_improved", "steps_change_r"]),
            Section(.timeToClose, "Time to close", "Kaplan–Meier by type, open journeys censored at \(asOf.text)",
                    survival.output(suppression: suppression),
                    columns: ["group", "n", "events", "censored", "median_days", "median_ci_low", "median_ci_high"],
                    key: ("group", "type")),
            Section(.outcomes, "How journeys end", "share closed with each outcome by 1 and 2 years, the outcomes competing (Aalen–Johansen)",
                    incidence.output(suppression: suppression)),
        ]
        // The longest silences are listed, and the rest only counted.
        let stalled = try StalledJourneys(
            db, days: stalledDays, asOf: asOf,
            scope: .init(type: filter.type, openedFrom: filter.from, openedBefore: filter.to.map(AnalysisFilter.nextDay(after:))),
            limit: topRows * 2, counted: true)
        // The stalled journeys are one group: fewer of them than the
        // suppression minimum are neither counted nor listed, as any group.
        let total = stalled.total ?? stalled.rows.count
        let hidden = total > 0 && suppression.hides(journeys: total)
        var table = ResultTable(columns: ["ref", "id", "type", "owner", "opened_at", "last_step_at", "silent_days"])
        for row in hidden ? [] : stalled.rows {
            table.append([.optional(row.ref), .integer(row.id), .text(row.type), .optional(row.owner), .text(row.openedAt),
                          .optional(row.lastStepAt), .real(row.silentDays)])
        }
        let days = NumberText.shortest(stalledDays)
        let note = hidden
            ? "fewer than \(suppression.minimum) open journeys without a step for more than \(days) days (suppressed)"
            : "\(total) open journeys without a step for more than \(days) days"
                + (total > topRows * 2 ? "; the \(topRows * 2) longest silences" : "")
        sections.append(Section(id: .stalled, title: "Stalled journeys", note: note, table: table,
                                suppressedGroups: hidden ? 1 : 0))
        let curves = survival.groups.compactMap { group -> (type: String, estimate: KaplanMeierEstimate)? in
            guard let label = group.label, group.n > 0, !suppression.hides(journeys: group.n) else { return nil }
            return (label, group.estimate)
        }
        return (sections, curves)
    }

    private static func names(_ db: ReadSession, _ sql: String) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try db.rows(sql) { if let id = row[0].text, let name = row[1].text { names[id] = name } }
        return names
    }

    /// What the report covers, in words.
    public func scope(in language: Language = .en) -> String {
        var parts = ["as of \(asOf.text)"]
        if let from = filter.from { parts.append("opened from \(from)") }
        if let to = filter.to { parts.append("opened to \(to)") }
        if let type = filter.type { parts.append("type \(type)") }
        return parts.map(language.message).joined(separator: ", ")
    }

    /// The report as plain text for a terminal or a mail.
    public func text(in language: Language = .en) -> String {
        let say = language.message
        var text = say("tracker report — \(scope(in: language))") + "\n"
        func count(_ value: Int) -> String {
            suppression.isActive && value > 0 && suppression.hides(journeys: value) ? "<\(suppression.minimum)" : String(value)
        }
        text += say("Journeys: \(count(openJourneys + closedJourneys)) (open \(count(openJourneys)), closed \(count(closedJourneys)))") + "\n"
        if suppression.isActive {
            text += say("Groups of fewer than \(suppression.minimum) journeys are suppressed (shown as <\(suppression.minimum)).") + "\n"
        }
        for section in sections {
            text += "\n" + say(section.title)
            if let note = section.note { text += " — " + say(note) }
            text += "\n"
            if section.table.rows.isEmpty {
                text += "  " + say("(none)") + "\n"
                continue
            }
            let table = section.id == .trend ? Self.monthByCategory(section.table) : section.table
            for line in table.forPeople(withoutFlag: true).headed(in: language).rendered(as: .table)
                .split(separator: "\n", omittingEmptySubsequences: false)
            where !line.isEmpty {
                text += "  " + line + "\n"
            }
        }
        return text
    }
}

extension Report {
    /// The trend's long rows (month, category, count) as one row a month
    /// and a column a category, for reading in a terminal; a hidden cell
    /// reads `<K`.
    static func monthByCategory(_ long: ResultTable) -> ResultTable {
        guard let month = long.columns.firstIndex(of: "month"), let category = long.columns.firstIndex(of: "category"),
              let count = long.columns.firstIndex(of: "obstacles") else { return long }
        let flag = long.columns.firstIndex(of: SuppressionMark.flagColumn)
        let minimum = long.suppression?.minimum ?? 0
        var categories: [String] = []
        var months: [String] = []
        var cells: [String: OutputValue] = [:]
        for row in long.rows {
            let (m, c) = (row[month].plainText, row[category].plainText)
            if !categories.contains(c) { categories.append(c) }
            if !months.contains(m) { months.append(m) }
            cells[m + "|" + c] = flag.map { row[$0] == .bool(true) } == true ? .text("<\(minimum)") : row[count]
        }
        var wide = ResultTable(columns: ["month"] + categories)
        for m in months { wide.append([.text(m)] + categories.map { cells[m + "|" + $0] ?? .int(0) }) }
        return wide
    }
}

extension ResultTable {
    /// The same rows with only `columns`, in that order (unknown ones skipped).
    public func selecting(_ columns: [String]) -> ResultTable {
        let indices = columns.compactMap { self.columns.firstIndex(of: $0) }
        var table = ResultTable(columns: indices.map { self.columns[$0] }, title: title)
        table.formatKeys = formatKeys.map { keys in indices.map { keys[$0] } }
        table.suppression = suppression
        table.rows = rows.map { row in indices.map { row[$0] } }
        return table
    }
}
