import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Where coherence breaks: obstacles, rules, handoffs, journeys, activity against effect.",
            subcommands: [Obstacles.self, Rules.self, RuleChange.self, Handoffs.self, Journeys.self, ActivityVsEffect.self])
    }
}

extension TrackerCommand.Analyze {
    struct Obstacles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "obstacles",
            abstract: "Obstacles, journeys affected, delay days and open count per category, sector, sector pair, rule or month.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: "Group by category, sector, sector-pair, rule or month.")
        var by: ObstacleAnalysis.Grouping

        func run() throws {
            try analysis.run(global) { store, filter, suppression in
                try ObstacleAnalysis(store, filter: filter, by: by).output(suppression: suppression)
            }
        }
    }

    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "The rules whose obstacles cost most: the evidence to challenge them.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("How many rules (default \(RuleAnalysis.defaultTop)).", valueName: "n"))
        var top: String?

        func run() throws {
            let count = try top.map { try Validate.wholeNumber($0, option: "--top", minimum: 1) } ?? RuleAnalysis.defaultTop
            try analysis.run(global) { store, filter, suppression in
                try RuleAnalysis(store, filter: filter, top: count).output(suppression: suppression)
            }
        }
    }

    struct Handoffs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "handoffs",
            abstract: "The sector-to-sector handoff matrix: transitions, median gap, obstacles between the two.",
            discussion: "The table view shows the pairs where coherence breaks most first; other formats go by sector.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        func run() throws {
            try analysis.run(global) { store, filter, suppression in
                try HandoffAnalysis(store, filter: filter)
                    .output(suppression: suppression, order: global.format == .table ? .worstFirst : .bySector)
            }
        }
    }

    struct Journeys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "journeys",
            abstract: "Journeys, open count, median and p90 duration, sectors, steps and obstacles per journey.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: "Group by type.")
        var by: JourneyAnalysis.Grouping?

        func run() throws {
            try analysis.run(global) { store, filter, suppression in
                try JourneyAnalysis(store, filter: filter, by: by).output(suppression: suppression)
            }
        }
    }

    struct ActivityVsEffect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "activity-vs-effect",
            abstract: "Per journey type: steps done against measured change — effect, not activity.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: ArgumentHelp("Only this measure (default: every measure with observations).", valueName: "measure"))
        var measure: String?

        func run() throws {
            try analysis.run(global) { store, filter, suppression in
                try ActivityEffectAnalysis(store, filter: filter, measure: measure).output(suppression: suppression)
            }
        }
    }
}
