import ArgumentParser
import Tracker

extension TrackerCommand {
    struct MeasureGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "measure", abstract: "The effect measures observations are recorded on.",
            subcommands: [List.self, Add.self])
    }

    struct Observe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "observe",
            abstract: "Record a measured value on a journey: at baseline, interim or follow-up.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Option(help: "The measure, e.g. who5.") var measure: String
        @Option(help: "baseline, interim or followup.") var phase: Phase
        @Option(parsing: .unconditional, help: "The measured value (may be negative).") var value: String
        @Option(help: "When it was measured (default: now).") var at: String?

        func run() throws {
            let store = try global.openStore()
            let number = try Validate.number(value, field: "value")
            let id = try store.observe(journey: journey, NewObservation(measure: measure, phase: phase, value: number, observedAt: at))
            Console.written("observation \(id) recorded on \(try store.journey(journey).label): \(measure) \(phase.rawValue) "
                            + NumberText.shortest(number), try store.writtenRow(.observation, id: id), as: global.format)
        }
    }

    struct SectorGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sector", abstract: "The sectors and service areas journeys cross.",
            subcommands: [SectorList.self, SectorAdd.self])
    }

    struct SectorList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sectors.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            var table = ResultTable(columns: ["id", "name", "level", "kle"])
            for sector in try global.openStore(.readOnly).sectors() {
                table.append([.text(sector.id), .text(sector.name), .text(sector.level), .optional(sector.kle)])
            }
            Console.print(table, as: global.format)
        }
    }

    struct SectorAdd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a sector.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The sector's id, a slug (e.g. addiction_care).") var id: String
        @Option(help: "Its name.") var name: String
        @Option(help: "municipal, regional, state, private or civil.") var level: SectorLevel
        @Option(help: "Its KLE code, if any.") var kle: String?

        func run() throws {
            try global.openStore().addSector(id: id, name: name, level: level, kle: kle)
            Console.message("added sector \(id)")
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Read the audit log: every change and every view of a journey.",
            discussion: "Here --actor filters the entries by who acted; reading the log is not itself a change.")
        @OptionGroup var global: ReadOptions
        @Option(help: "Only this entity (journey, step, obstacle, observation, sector, measure, schema, import).") var entity: String?
        @Option(help: "Only this entity id.") var id: String?
        @Option(help: "Only entries by this actor.") var actor: String?
        @Option(help: "Only this action (created, closed, viewed, resolved, ...).") var action: String?
        @Option(help: "Only the most recent N entries.") var limit: String?

        func run() throws {
            let listing = AuditListing(entity: entity, entityID: id, actor: actor, action: action,
                                       limit: try limit.map { try Validate.wholeNumber($0, option: "--limit", minimum: 1) })
            Console.print(try listing.run(in: global.openStore(.readOnly)), as: global.format,
                          rowLimit: limit == nil ? Console.listingRows : nil)
        }
    }
}

extension TrackerCommand.MeasureGroup {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the measures.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            var table = ResultTable(columns: ["id", "name", "dimension", "unit", "direction"])
            for measure in try global.openStore(.readOnly).measures() {
                table.append([.text(measure.id), .text(measure.name), .text(measure.dimension.rawValue),
                              .text(measure.unit), .text(measure.direction.rawValue)])
            }
            Console.print(table, as: global.format)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an effect measure.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The measure's id, a slug.") var id: String
        @Option(help: "Its name.") var name: String
        @Option(help: "human, economic or societal.") var dimension: Dimension
        @Option(help: "Its unit.") var unit: String
        @Option(help: "higher_is_better or lower_is_better.") var direction: Direction

        func run() throws {
            try global.openStore().addMeasure(id: id, name: name, dimension: dimension, unit: unit, direction: direction)
            Console.message("added measure \(id)")
        }
    }
}
