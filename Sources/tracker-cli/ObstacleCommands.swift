import ArgumentParser
import Tracker

extension TrackerCommand {
    struct ObstacleGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "obstacle",
            abstract: "Log obstacles the moment they are met, and follow them to resolution.",
            subcommands: [Log.self, Resolve.self, Escalate.self, Accept.self, Reopen.self, Amend.self, VoidRow<ObstacleRows>.self,
                          RestoreRow<ObstacleRows>.self, List.self, Show.self])
    }
}

extension TrackerCommand.ObstacleGroup {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log", abstract: "Log an obstacle a journey met, between one or more sectors.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Option(help: "regulation, documentation, governance_conflict, data_sharing, mandate, coordination or other.")
        var category: String
        @Option(help: "A sector involved; repeat for each.") var sector: [String] = []
        @Option(help: "What happened.") var description: String
        @Option(help: "The rule behind it, e.g. \"Sygedagpengeloven § 13\".") var rule: String?
        @Option(parsing: .unconditional, help: "1 (minor) to 5 (blocking).") var severity: String?
        @Option(name: .customLong("delay-days"), parsing: .unconditional, help: "Estimated delay in days.") var delayDays: String?
        @Option(parsing: .unconditional, help: "Staff hours spent on it.") var hours: String?
        @Option(help: "When it was met (default: now).") var at: String?

        func validate() throws {
            guard !sector.isEmpty else { throw ValidationError("Missing expected argument '--sector <sector>'") }
        }

        func run() throws {
            let store = try global.openStore()
            let obstacle = NewObstacle(
                category: category, sectors: sector, description: description, ruleRef: rule,
                severity: try severity.map { try Validate.wholeNumber($0, option: "--severity", minimum: nil) },
                delayDays: try NumberArgument.double(delayDays, field: "delay_days"),
                staffHours: try NumberArgument.double(hours, field: "staff_hours"), loggedAt: at)
            let id = try store.logObstacle(journey: journey, obstacle)
            let row = try store.writtenRow(.obstacle, id: id)
            Console.written("obstacle \(id) logged on \(try store.journey(journey).label): \(category) between "
                            + Set(sector).sorted().joined(separator: " and "), row, as: global.format)
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Mark an obstacle resolved.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.resolve) }
    }

    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "escalate", abstract: "Escalate an open obstacle.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.escalate) }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept an obstacle as it is: closed without a fix.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.accept) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a resolved or accepted obstacle.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.reopen) }
    }

    struct StatusChange: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The obstacle's id.") var id: String
        @Option(help: "Why: what was done or decided.") var note: String
        @Option(help: "When (default: now).") var at: String?

        func apply(_ transition: ObstacleTransition) throws {
            guard let obstacleID = Int64(id) else {
                throw FieldError(field: "obstacle", "'\(id)' is not an obstacle id (a whole number)")
            }
            try global.openStore().changeObstacle(obstacleID, transition, note: note, at: at)
            Console.message("obstacle \(obstacleID): \(transition.target.rawValue)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List obstacles.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "open, escalated, resolved or accepted.") var status: ObstacleStatus?
        @Option(help: "Only this category.") var category: String?
        @Option(help: "Only obstacles involving this sector.") var sector: String?
        @Option(help: "Only this rule reference.") var rule: String?
        @Option(help: "Only this journey (ref or id).") var journey: String?
        @OptionGroup var limit: ListingLimit
        @Flag(name: .customLong("include-voided"), help: "Voided obstacles too, marked in a voided column.")
        var includeVoided = false

        func run() throws {
            let store = try global.openStore(.readOnly)
            let listing = ObstacleListing(status: status, category: category, sector: sector, rule: rule, journey: journey,
                                          limit: try limit.queryLimit(),
                                          includeVoided: includeVoided)
            let table = try listing.run(in: store)
            // The terminal shows what a caseworker scans for; --wide and the
            // machine formats carry every column.
            let shown = global.format == .table && !global.wide
                ? table.selecting(["id", "journey_ref", "category", "sectors", "status", "logged_at", "delay_days",
                                   "description", "voided"])
                : table
            Console.print(shown, as: global.format, rowLimit: limit.rowLimit)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an obstacle with its status history and time in each status.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The obstacle's id.") var id: String

        func run() throws {
            guard let obstacleID = Int64(id) else {
                throw FieldError(field: "obstacle", "'\(id)' is not an obstacle id (a whole number)")
            }
            let detail = try global.openStore(.readOnly).obstacle(obstacleID)
            let table = detail.table
            if global.format == .table {
                var fields = ResultTable(columns: ["field", "value"])
                for (name, value) in zip(table.columns, table.rows[0]) where name != "history" && name != "changes" {
                    // Each value formatted as its own column would be.
                    if case .real(let number) = value {
                        fields.append([.text(name), .text(NumberText.forTable(number, column: name))])
                    } else {
                        fields.append([.text(name), .text(value.plainText)])
                    }
                }
                Console.out(fields.headed(in: Console.language).rendered(as: .table) + "\n")
                var history = ResultTable(columns: ["status", "at", "actor", "days", "note"])
                for change in detail.history {
                    history.append([.text(change.status.rawValue), .text(change.at), .optional(change.actor),
                                    .real(change.days), .optional(change.note)])
                }
                Console.out(history.headed(in: Console.language).rendered(as: .table, maxWidth: Console.tableWidth))
                if !detail.changes.rows.isEmpty {
                    Console.out("\n" + Console.language.message("Changes:") + "\n" + detail.changes.headed(in: Console.language).rendered(as: .table, maxWidth: Console.tableWidth))
                }
            } else if global.format == .json {
                Console.out(JSONText.object(table.records[0]) + "\n")
            } else {
                Console.print(table, as: global.format)
            }
        }
    }
}
