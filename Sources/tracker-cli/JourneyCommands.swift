import ArgumentParser
import Tracker

extension TrackerCommand {
    struct JourneyGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "journey",
            abstract: "Open, list, show and close citizen journeys.",
            subcommands: [Open.self, List.self, Show.self, Close.self, Amend.self, Reopen.self, Note.self, Assign.self,
                          Reassign.self, FollowUp.self,
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
            let others = try store.openJourneys(citizen: citizenID, type: type)
            let id = try store.openJourney(NewJourney(citizenID: citizenID, type: type, ref: ref, title: title, goal: goal,
                                                      owner: owner, openedAt: opened))
            let journey = try store.journey(String(id))
            Console.written("journey \(journey.label) opened (id \(id)): \(journey.type), owner \(journey.owner ?? "none")",
                            try store.writtenRow(.journey, id: id), as: global.format)
            if !others.isEmpty {
                Console.message("warning: the citizen has an open \(type) journey already: "
                                + others.map { "\($0.label) (opened \($0.openedAt))" }.joined(separator: ", "))
            }
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
        @OptionGroup var limit: ListingLimit
        @Flag(name: .customLong("include-voided"), help: "Voided journeys too, marked in a voided column.")
        var includeVoided = false
        @Flag(help: "Only my journeys (owner = the actor).") var mine = false
        @Option(help: "Only this citizen's journeys (the reference they were opened with).") var citizen: String?
        @Option(help: "Only this citizen's journeys, by CPR number (never stored).") var cpr: String?
        @Option(help: "A piece of the ref, title, goal or a note, in any case.") var search: String?
        @Flag(help: "Only journeys with a follow-up due by --as-of.") var due = false

        func validate() throws {
            if mine && owner != nil { throw ValidationError("give --mine or --owner, not both") }
            if citizen != nil && cpr != nil { throw ValidationError("give --citizen or --cpr, not both") }
        }

        func run() throws {
            let store = try global.openStore(.readOnly)
            var listing = JourneyListing(status: status, type: type, sector: sector, owner: mine ? try global.actorName() : owner,
                                         stalledDays: try NumberArgument.double(stalled, field: "stalled"), asOf: asOf,
                                         limit: try limit.queryLimit(),
                                         includeVoided: includeVoided)
            if citizen != nil || cpr != nil { listing.citizen = try store.citizenID(reference: citizen, cpr: cpr) }
            listing.search = search
            listing.due = due
            let table = try listing.run(in: store)
            // The terminal shows what a caseworker scans for (the pseudonym
            // and the close are in --wide and the machine formats).
            let shown = global.format == .table && !global.wide
                ? table.selecting(["id", "ref", "type", "status", "owner", "opened_at", "last_step_at", "silent_days", "voided"])
                : table
            Console.print(shown, as: global.format, rowLimit: limit.rowLimit)
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
                Console.out(timeline.text(maxWidth: Console.tableWidth, in: Console.language))
            } else if global.format == .json {
                // One journey is one object, not an array of one.
                Console.out(JSONText.object(timeline.table.records[0]) + "\n")
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
            let store = try global.openStore()
            let journey = try store.closeJourney(journey, outcome: outcome, closedAt: closed)
            Console.written("journey \(journey.label) closed: \(outcome.rawValue), \(journey.closedAt ?? "")",
                            try store.writtenRow(.journey, id: journey.id), as: global.format)
        }
    }
}

extension TrackerCommand.JourneyGroup {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign", abstract: "Hand a journey to another caseworker.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Option(help: "The caseworker who owns it from now on.") var to: String
        @Option(help: "Why, for its history (default: \"handed over to OWNER\").") var note: String?

        func run() throws {
            let store = try global.openStore()
            let written = try store.assign(journey: journey, to: to, note: note)
            Console.message("journey \(try store.journey(journey).label) handed over to \(to)")
            Console.print(written, as: global.format)
        }
    }

    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reassign",
            abstract: "Hand every open journey of one caseworker to another, in one transaction.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The caseworker whose open journeys move.") var from: String
        @Option(help: "The caseworker who takes them.") var to: String
        @Option(help: "Only journeys of this type.") var type: String?
        @Flag(name: .customLong("dry-run"), help: "List what would move; write nothing.") var dryRun = false

        func run() throws {
            let store = try global.openStore()
            let moved = try store.reassign(from: from, to: to, type: type, dryRun: dryRun)
            let count = moved.rows.count == 1 ? "1 journey" : "\(moved.rows.count) journeys"
            Console.message(dryRun ? "would hand \(count) from \(from) to \(to) (nothing written)"
                                   : "handed \(count) from \(from) to \(to)")
            Console.print(moved, as: global.format)
        }
    }

    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow-up", abstract: "Promise something to do on a journey by a day.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Option(help: "The day it is due (may lie in the future).") var due: String
        @Option(help: "What to do.") var what: String

        func run() throws {
            let store = try global.openStore()
            let id = try store.addFollowUp(journey: journey, due: due, what: what)
            Console.written("follow-up \(id) on journey \(try store.journey(journey).label), due \(due)",
                            try store.writtenFollowUp(id), as: global.format)
        }
    }
}

extension TrackerCommand {
    struct FollowUpGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow-up", abstract: "List and complete follow-ups.", subcommands: [Done.self, List.self])
    }

    struct Today: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "today",
            abstract: "A caseworker's morning: follow-ups due, stalled journeys, open obstacles, missing measurements.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Whose work (default: the actor).") var owner: String?
        @Option(name: .customLong("as-of"), help: "The day (default: today).") var asOf: String?
        @Option(parsing: .unconditional, help: "Days without a step that make a journey stalled (default 30).")
        var stalled: String?

        func run() throws {
            let days = try NumberArgument.double(stalled, field: "stalled") ?? Tracker.Today.defaultStalledDays
            let today = try global.openStore(.readOnly).today(owner: owner, asOf: asOf, stalledDays: days)
            Console.out(today.rendered(as: global.format, maxWidth: Console.tableWidth, in: Console.language))
        }
    }

    struct CitizenGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "citizen", abstract: "Find a citizen's journeys.", subcommands: [Show.self])
    }
}

extension TrackerCommand.CitizenGroup {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "A citizen's journeys, newest first. The look is audited.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The citizen's reference.") var citizen: String?
        @Option(help: "The citizen's CPR number (never stored).") var cpr: String?

        func validate() throws {
            guard (citizen == nil) != (cpr == nil) else { throw ValidationError("give a citizen reference or --cpr") }
        }

        func run() throws {
            let store = try global.openStore()
            Console.print(try store.citizenJourneys(store.citizenID(reference: citizen, cpr: cpr)), as: global.format)
        }
    }
}

extension TrackerCommand.FollowUpGroup {
    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a follow-up done.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The follow-up's id.") var id: String
        @Option(help: "What came of it.") var note: String?

        func run() throws {
            guard let number = Int64(id.trimming([" "])), number > 0 else {
                throw TrackerError.badData("\(id) is not the id of a follow-up", hint: "`tracker follow-up list` shows them")
            }
            try global.openStore().completeFollowUp(number, note: note)
            Console.message("follow-up \(number) done")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Open follow-ups, oldest due first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this owner's journeys.") var owner: String?
        @Flag(help: "Only my journeys (owner = the actor).") var mine = false
        @Option(name: .customLong("due-by"), help: "Only those due by this day.") var dueBy: String?

        func validate() throws {
            if mine && owner != nil { throw ValidationError("give --mine or --owner, not both") }
        }

        func run() throws {
            let store = try global.openStore(.readOnly)
            Console.print(try store.followUps(owner: mine ? try global.actorName() : owner, dueBy: dueBy), as: global.format,
                          rowLimit: Console.listingRows)
        }
    }
}
