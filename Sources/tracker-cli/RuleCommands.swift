import ArgumentParser
import Tracker

extension ChallengeStatus: ExpressibleByArgument {}
extension ChallengeOutcome: ExpressibleByArgument {}

extension TrackerCommand {
    struct RuleGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rule",
            abstract: "Challenge a rule before the authority that owns it, with the evidence, and record the answer.",
            subcommands: [Challenge.self, Respond.self, List.self, Show.self])
    }
}

extension TrackerCommand.RuleGroup {
    struct Challenge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "challenge",
            abstract: "File a challenge of a rule; its evidence (the rule's `analyze rules` row as of the submission) is frozen.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule, as the obstacles name it, e.g. \"Sygedagpengeloven § 13\".") var rule: String
        @Option(help: ArgumentHelp("The authority asked, e.g. a ministry or agency.", valueName: "authority")) var to: String
        @Option(help: ArgumentHelp("The day the challenge was submitted.", valueName: "date")) var submitted: String
        @Option(help: ArgumentHelp("What was asked for: an exemption, a change.", valueName: "text")) var request: String?
        @Option(name: .customLong("case-ref"), help: ArgumentHelp("The authority's case number.", valueName: "ref"))
        var caseRef: String?

        func run() throws {
            let store = try global.openStore()
            let challenge = try store.fileChallenge(NewRuleChallenge(
                ruleRef: rule, authority: to, submittedAt: submitted, request: request, caseRef: caseRef))
            Console.written("challenge \(challenge.id) filed: \(challenge.ruleRef) before \(challenge.authority), "
                            + "submitted \(challenge.submittedAt)", challenge.details, as: global.format)
        }
    }

    struct Respond: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "respond", abstract: "Record the authority's answer to a challenge (once).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The challenge's id.") var challenge: String
        @Option(help: "granted, partial, refused or withdrawn.") var outcome: ChallengeOutcome
        @Option(help: ArgumentHelp("The day of the answer.", valueName: "date")) var at: String
        @Option(help: ArgumentHelp("For a grant: the day it takes effect (on or after the answer).", valueName: "date"))
        var effective: String?
        @Option(help: ArgumentHelp("What the answer says.", valueName: "text")) var note: String?

        func run() throws {
            let store = try global.openStore()
            let answered = try store.respond(to: challenge, ChallengeResponse(
                outcome: outcome, at: at, effectiveFrom: effective, note: note))
            Console.written("challenge \(answered.id) \(answered.status.rawValue) on \(answered.respondedAt ?? "")"
                            + (answered.effectiveFrom.map { ", in effect from \($0)" } ?? ""), answered.details, as: global.format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the challenges, newest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "pending, granted, partial, refused or withdrawn.") var status: ChallengeStatus?
        @Option(help: "Only this rule.") var rule: String?

        func run() throws {
            let store = try global.openStore(.readOnly)
            Console.print(RuleChallenge.list(try store.challenges(status: status, rule: rule)), as: global.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "One challenge: the request, the answer, and the evidence it was filed with.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The challenge's id.") var challenge: String

        func run() throws {
            let store = try global.openStore(.readOnly)
            let found = try store.challenge(challenge)
            switch global.format {
            case .table: Console.print(found.figures, as: .table)
            case .json: Console.out(JSONText.object(found.details.records[0]) + "\n")
            case .csv, .ndjson: Console.print(found.details, as: global.format)
            }
        }
    }
}

extension TrackerCommand.Analyze {
    struct RuleChange: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rule-change",
            abstract: "Did a rule's obstacles fall after it changed? Monthly series, segmented regression, delay before and after.",
            discussion: """
                The change is --at, else the effective day of the rule's latest granted or partial challenge. \
                Level and slope change come from a segmented regression of the monthly counts with Newey–West \
                standard errors; the delay per obstacle after against before from Welch's test. Only months that \
                have ended count after the change.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule, as the obstacles name it.") var rule: String
        @Option(help: ArgumentHelp("The day the rule changed (default: the latest grant's effective day).", valueName: "date"))
        var at: String?
        @Option(help: ArgumentHelp("Months on each side (default \(RuleChangeAnalysis.defaultMonths)).", valueName: "n"))
        var months: String?

        func run() throws {
            let count = try months.map { try Validate.wholeNumber($0, option: "--months", minimum: 2) }
                ?? RuleChangeAnalysis.defaultMonths
            let store = try global.openStore(.readOnly)
            let analysis = try RuleChangeAnalysis(store, rule: rule, at: at, months: count)
            switch global.format {
            case .table:
                Console.print(analysis.summary(), as: .table)
                Console.out("\n")
                Console.print(analysis.chart(), as: .table)
            default:
                Console.print(analysis.output(), as: global.format)
            }
        }
    }
}
