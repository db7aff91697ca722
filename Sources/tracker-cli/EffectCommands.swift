import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "effect",
            abstract: "Measured effect: change per measure, cohort comparisons, time to close, hazards, outcomes.",
            subcommands: [Summary.self, Compare.self, Survival.self, Hazard.self, Incidence.self])
    }
}

extension TrackerCommand.Effect {
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Mean change from baseline to follow-up per measure, with its 95% CI and the share improved.",
            discussion: """
                t and p: one-sample t test of the change against 0; wilcoxon_p: Wilcoxon's signed-rank test \
                (zero changes dropped). With --by, q is the Benjamini–Hochberg adjusted p over the rows, \
                for reading many groups at once.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("Only this measure (default: every measure with observations).", valueName: "measure"))
        var measure: String?

        @Option(help: "Group by type, sector, category or outcome.")
        var by: EffectSummary.Grouping?

        func run() throws {
            try analysis.run(global) { store, filter, suppression in
                try EffectSummary(store, filter: filter, measure: measure, by: by).output(suppression: suppression)
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare the mean change of a cohort with another group by Welch's t-test.",
            discussion: """
                EXPR: obstacle:CATEGORY, rule:REF, sector:S, type:T, outcome:O, sectors>=N, combined with \
                and, or, not and parentheses; quote a value with spaces: rule:"LAB § 30". Without --vs the \
                cohort is compared with every other selected journey. --adjust type,baseline adds an ANCOVA \
                (follow-up ~ cohort + baseline + type) beside Welch's test: the difference among journeys of \
                the same type and baseline.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("The measure to compare.", valueName: "measure"))
        var measure: String

        @Option(help: ArgumentHelp("The cohort.", valueName: "expr"))
        var cohort: String

        @Option(help: ArgumentHelp("What to compare it with (default: not (cohort)).", valueName: "expr"))
        var vs: String?

        @Option(help: ArgumentHelp("Also adjust the difference for journey type, baseline, or both.",
                                   valueName: "type[,baseline]"))
        var adjust: String?

        func run() throws {
            let adjustment = try adjust.map(EffectComparison.Adjustment.list) ?? []
            try analysis.run(global) { store, filter, suppression in
                try EffectComparison(store, filter: filter, measure: measure, cohort: cohort, vs: vs, adjust: adjustment)
                    .output(suppression: suppression)
            }
        }
    }

    struct Survival: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "survival",
            abstract: "Kaplan–Meier time to close, median with 95% CI, log-rank test between groups.",
            discussion: """
                Open journeys are censored at --as-of (default: today, UTC). A cohort of what journeys met \
                (obstacle:, rule:, sector:) is formed during the journeys, and longer journeys have more time \
                to meet it: such a comparison favours the cohort and says so on stderr. --landmark DAYS keeps \
                the journeys still open DAYS after opening, groups them by what they met before then, and \
                times them from then; `effect hazard` treats the exposure as the time-varying covariate it is.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("Group by type, outcome, or a cohort expression (two groups).", valueName: "type|outcome|expr"))
        var by: String?

        @Option(help: "The event: any close (closed) or a close with outcome achieved (achieved).")
        var event: SurvivalAnalysis.Event = .closed

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Look back from this day (default: today).", valueName: "date"))
        var asOf: String?

        @Option(help: ArgumentHelp("Only journeys still open this many days after opening, timed from then.",
                                   valueName: "days"))
        var landmark: String?

        func run() throws {
            let grouping = try by.map(SurvivalAnalysis.Grouping.init)
            let asOfDate = try AsOfDate(asOf)
            let landmarkDays = try landmark.map { Double(try Validate.wholeNumber($0, option: "--landmark", minimum: 1)) }
            try analysis.run(global) { store, filter, suppression in
                let analysis = try SurvivalAnalysis(store, filter: filter, by: grouping, event: event, asOf: asOfDate,
                                                    landmark: landmarkDays)
                if let warning = analysis.warning { Console.message(warning) }
                return analysis.output(suppression: suppression, withQuartiles: global.format == .table)
            }
        }
    }

    struct Hazard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hazard",
            abstract: "Hazard ratio of closing while exposed to what journeys meet, by a time-varying Cox model.",
            discussion: """
                The exposure (obstacle:, rule:, sector: or sectors>=N terms, joined by and/or) switches on at \
                the first matching obstacle's logged_at (or the first step in the sector): time before it \
                counts as unexposed, time after it as exposed, so a journey is not credited with the time it \
                took to meet the obstacle. Cox proportional hazards, Efron's ties, stratified by journey type \
                unless --strata none. A hazard ratio below 1: journeys close more slowly while exposed.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("What journeys meet, e.g. obstacle:governance_conflict.", valueName: "expr"))
        var exposure: String

        @Option(help: "Stratify by journey type (type) or not at all (none).")
        var strata: HazardAnalysis.Strata = .type

        @Option(help: "The event: any close (closed) or a close with outcome achieved (achieved).")
        var event: SurvivalAnalysis.Event = .closed

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Look back from this day (default: today).", valueName: "date"))
        var asOf: String?

        func run() throws {
            let asOfDate = try AsOfDate(asOf)
            try analysis.run(global) { store, filter, suppression in
                try HazardAnalysis(store, filter: filter, exposure: exposure, strata: strata, event: event,
                                   asOf: asOfDate).output(suppression: suppression)
            }
        }
    }

    struct Incidence: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidence",
            abstract: "Probability of each outcome by so many days, the outcomes competing (Aalen–Johansen).",
            discussion: """
                For each outcome (achieved, partial, not_achieved, withdrawn): the probability that a journey \
                has closed with it within DAYS of opening, with a 95% CI; the other outcomes compete, open \
                journeys are censored at --as-of. Unlike 1 − Kaplan–Meier with other closes censored, the \
                outcomes add up to the share closed.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("Group by type, or a cohort expression (two groups).", valueName: "type|expr"))
        var by: String?

        @Option(help: ArgumentHelp("Days after opening to read the curves at (default 90,180,365,730).",
                                   valueName: "days,..."))
        var days: String?

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Look back from this day (default: today).", valueName: "date"))
        var asOf: String?

        func run() throws {
            let grouping = try by.map(IncidenceAnalysis.Grouping.init)
            let asOfDate = try AsOfDate(asOf)
            let readAt = try days.map { text in
                try text.split(separator: ",", omittingEmptySubsequences: false).map {
                    Double(try Validate.wholeNumber(String($0), option: "--days", minimum: 0))
                }
            } ?? IncidenceAnalysis.defaultDays
            try analysis.run(global) { store, filter, suppression in
                let analysis = try IncidenceAnalysis(store, filter: filter, by: grouping, days: readAt, asOf: asOfDate)
                if let warning = analysis.warning { Console.message(warning) }
                return analysis.output(suppression: suppression)
            }
        }
    }
}
