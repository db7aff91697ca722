import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "effect",
            abstract: "Measured effect: change per measure, cohort comparisons, time to close.",
            subcommands: [Summary.self, Compare.self, Survival.self])
    }
}

extension TrackerCommand.Effect {
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Mean change from baseline to follow-up per measure, with its 95% CI and the share improved.")

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
                cohort is compared with every other selected journey.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("The measure to compare.", valueName: "measure"))
        var measure: String

        @Option(help: ArgumentHelp("The cohort.", valueName: "expr"))
        var cohort: String

        @Option(help: ArgumentHelp("What to compare it with (default: not (cohort)).", valueName: "expr"))
        var vs: String?

        func run() throws {
            try analysis.run(global) { store, filter, suppression in
                try EffectComparison(store, filter: filter, measure: measure, cohort: cohort, vs: vs)
                    .output(suppression: suppression)
            }
        }
    }

    struct Survival: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "survival",
            abstract: "Kaplan–Meier time to close, median with 95% CI, log-rank test between groups.",
            discussion: "Open journeys are censored at --as-of (default: today, UTC).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("Group by type, outcome, or a cohort expression (two groups).", valueName: "type|outcome|expr"))
        var by: String?

        @Option(help: "The event: any close (closed) or a close with outcome achieved (achieved).")
        var event: SurvivalAnalysis.Event = .closed

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Look back from this day (default: today).", valueName: "date"))
        var asOf: String?

        func run() throws {
            let grouping = try by.map(SurvivalAnalysis.Grouping.init)
            let asOfDate = try AsOfDate(asOf)
            try analysis.run(global) { store, filter, suppression in
                try SurvivalAnalysis(store, filter: filter, by: grouping, event: event, asOf: asOfDate)
                    .output(suppression: suppression, withQuartiles: global.format == .table)
            }
        }
    }
}
