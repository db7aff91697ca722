import ArgumentParser
import Tracker

extension TrackerCommand {
    struct JourneyGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "journey",
            abstract: "Open, list, show and close citizen journeys.",
            subcommands: [Open.self, List.self, Show.self, Close.self, Amend.self, Reopen.self, Note.self,
                          VoidRow<JourneyRows>.self, RestoreRow<JourneyRows>.self])
    }
}

extension TrackerCommand.JourneyGroup {
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Open a journey for a citizen, named by an opaque reference or a CPR number (never stored).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "An opaque reference to the citizen.") var citizen: String?
        @Option(help: "The citizen's CPR number: turned into a keyed pseudonym, never stored.") var cpr: String?
        @Option(help: "The journey type, a slug (e.g. sick_leave).") var type: String
        @Option(help: "The external case number.") var ref: String?
        @Option(help: "A short title.") var title: String?
        @Option(help: "The citizen's own goal.") var goal: String?
        @Option(help: "The caseworker who owns the journey.") var owner: String?
        @Option(help: "When it opened (default: now).") var opened: String?

        func run() throws {
            let store = try global.openStore()
            let citizenID = try store.citizenID(reference: citizen, cpr: cpr)
            let id = try store.openJourney(NewJourney(citizenID: citizenID, type: type, ref: ref, title: title, goal: goal,
                                                      owner: owner, openedAt: opened))
            let journey = try store.journey(String(id))
            Console.message("opened journey \(journey.label) (id \(id))")
            Console.print(ResultTable(columns: ["id", "ref", "citizen", "type", "opened_at"], rows: [[
                .integer(id), .optional(journey.ref), .text(journey.citizenID), .text(journey.type), .text(journey.openedAt),
            ]]), as: global.format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List journeys; with --stalled, the open ones gone quiet, longest silence first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "open or closed.") var status: JourneyStatus?
        @Option(help: "Only this journey type.") var type: String?
        @Option(help: "Only journeys with a step in this sector.") var sector: String?
        @Option(help: "Only this owner's journeys.") var owner: String?
        @Option(parsing: .unconditional, help: "Open journeys with no step for more than DAYS days.") var stalled: String?
        @Option(name: .customLong("as-of"), help: "The day silence is measured to (default: today).") var asOf: String?
        @Option(help: "At most this many rows.") var limit: String?
        @Flag(name: .customLong("include-voided"), help: "Voided journeys too, marked in a voided column.")
        var includeVoided = false

        func run() throws {
            let store = try global.openStore(.readOnly)
            let listing = JourneyListing(status: status, type: type, sector: sector, owner: owner,
                                         stalledDays: try NumberArgument.double(stalled, field: "stalled"), asOf: asOf,
                                         limit: try limit.map { try Validate.wholeNumber($0, option: "--limit", minimum: 1) },
                                         includeVoided: includeVoided)
            Console.print(try listing.run(in: store), as: global.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a journey's timeline: steps, obstacles and observations in time order. The view is audited.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String

        func run() throws {
            let timeline = try global.openStore().timeline(of: journey)
            if global.format == .table {
                Console.out(timeline.text)
            } else {
                Console.print(timeline.table, as: global.format)
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a journey with its outcome.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Option(help: "achieved, partial, not_achieved or withdrawn.") var outcome: Outcome
        @Option(help: "When it closed (default: now).") var closed: String?

        func run() throws {
            let journey = try global.openStore().closeJourney(journey, outcome: outcome, closedAt: closed)
            Console.message("closed journey \(journey.label): \(outcome.rawValue)")
            Console.print(ResultTable(columns: ["id", "ref", "status", "outcome", "opened_at", "closed_at"], rows: [[
                .integer(journey.id), .optional(journey.ref), .text(journey.status.rawValue),
                .optional(journey.outcome?.rawValue), .text(journey.openedAt), .optional(journey.closedAt),
            ]]), as: global.format)
        }
    }
}
