import ArgumentParser
import Tracker

extension CorrectableEntity: ExpressibleByArgument {}

/// Names the kind of row a `void` or `restore` subcommand acts on, so one
/// definition serves every group.
protocol CorrectedRows {
    static var entity: CorrectableEntity { get }
}

enum JourneyRows: CorrectedRows { static var entity: CorrectableEntity { .journey } }
enum StepRows: CorrectedRows { static var entity: CorrectableEntity { .step } }
enum ObstacleRows: CorrectedRows { static var entity: CorrectableEntity { .obstacle } }
enum ObservationRows: CorrectedRows { static var entity: CorrectableEntity { .observation } }
enum NoteRows: CorrectedRows { static var entity: CorrectableEntity { .note } }

/// The row a correction names: a journey by ref or id, any other row by id.
struct RowReference: ParsableArguments {
    @Argument(help: ArgumentHelp("The row's id (a journey: its ref or id).", valueName: "id")) var id: String
    @Option(help: "Why: kept with the change in its history (required).") var reason: String

    func rowID(_ entity: CorrectableEntity, in store: TrackerStore) throws -> Int64 {
        try Self.rowID(id, entity, in: store)
    }

    /// A journey by ref or id, any other row by its whole-number id.
    static func rowID(_ text: String, _ entity: CorrectableEntity, in store: TrackerStore) throws -> Int64 {
        if entity == .journey { return try store.journey(text).id }
        guard let number = Int64(text.trimming([" "])), number > 0 else {
            throw TrackerError.badData("\(text) is not the id of a \(entity.noun)",
                                       hint: "ids are whole numbers; `tracker journey show JOURNEY` lists them")
        }
        return number
    }
}

extension Console {
    /// A correction's one line on stderr, and the fields it changed on stdout.
    static func printCorrection(_ written: ResultTable, _ verb: String, _ entity: CorrectableEntity, _ id: Int64,
                                as format: OutputFormat) {
        let fields = written.rows.compactMap { $0[2].plainText.isEmpty ? nil : $0[2].plainText }
        message("\(verb) \(entity.noun) \(id)" + (verb == "amended" ? ": " + fields.joined(separator: ", ") : ""))
        print(written, as: format)
    }
}

struct VoidRow<Rows: CorrectedRows>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "void",
            abstract: "Take a \(Rows.entity.noun) out of every listing, analysis, view and export; it is kept, with its history.")
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var row: RowReference

    func run() throws {
        let store = try global.openStore()
        let id = try row.rowID(Rows.entity, in: store)
        Console.printCorrection(try store.void(Rows.entity, id: id, reason: row.reason), "voided", Rows.entity, id,
                                as: global.format)
    }
}

struct RestoreRow<Rows: CorrectedRows>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "restore", abstract: "Undo the void of a \(Rows.entity.noun).")
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var row: RowReference

    func run() throws {
        let store = try global.openStore()
        let id = try row.rowID(Rows.entity, in: store)
        Console.printCorrection(try store.restore(Rows.entity, id: id, reason: row.reason), "restored", Rows.entity, id,
                                as: global.format)
    }
}

extension TrackerCommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Every change of one row: field, old and new value, reason, actor and time.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "journey, step, obstacle, observation or note.") var entity: CorrectableEntity
        @Argument(help: ArgumentHelp("The row's id (a journey: its ref or id).", valueName: "id")) var id: String

        func run() throws {
            let store = try global.openStore(.readOnly)
            Console.print(try store.history(entity, id: RowReference.rowID(id, entity, in: store)), as: global.format)
        }
    }

    struct ObservationGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "observation", abstract: "Correct, void or restore a recorded observation.",
            subcommands: [Amend.self, VoidRow<ObservationRows>.self, RestoreRow<ObservationRows>.self])
    }

    struct NoteGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note", abstract: "Void or restore a journey's note.",
            subcommands: [VoidRow<NoteRows>.self, RestoreRow<NoteRows>.self])
    }
}

extension TrackerCommand.ObservationGroup {
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "amend", abstract: "Correct an observation's value, phase or date.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var row: RowReference
        @Option(parsing: .unconditional, help: "The right value.") var value: String?
        @Option(help: "baseline, interim or followup.") var phase: Phase?
        @Option(help: "When it was measured.") var at: String?

        func run() throws {
            let store = try global.openStore()
            let id = try row.rowID(.observation, in: store)
            let amendment = ObservationAmendment(value: try NumberArgument.double(value, field: "value"), phase: phase,
                                                 observedAt: at)
            Console.printCorrection(try store.amendObservation(id, amendment, reason: row.reason), "amended", .observation, id,
                                    as: global.format)
        }
    }
}

extension TrackerCommand.StepGroup {
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "amend", abstract: "Correct a step's fields.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var row: RowReference
        @Option(help: "The sector it happened in.") var sector: String?
        @Option(help: "referral, assessment, meeting, decision, service, handover, waiting or other.") var kind: StepKind?
        @Option(help: "The unit (\"\" clears it).") var unit: String?
        @Option(help: "When it happened.") var at: String?
        @Option(name: .customLong("ended"), help: "When it ended (\"\" clears it).") var endedAt: String?
        @Option(help: "The note (\"\" clears it).") var note: String?

        func run() throws {
            let store = try global.openStore()
            let id = try row.rowID(.step, in: store)
            let amendment = StepAmendment(sector: sector, kind: kind, unit: unit, at: at, endedAt: endedAt, note: note)
            Console.printCorrection(try store.amendStep(id, amendment, reason: row.reason), "amended", .step, id,
                                    as: global.format)
        }
    }
}

extension TrackerCommand.ObstacleGroup {
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "amend", abstract: "Correct an obstacle's fields.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var row: RowReference
        @Option(help: "The category.") var category: String?
        @Option(help: "A sector involved; repeat for each (replaces them all).") var sector: [String] = []
        @Option(help: "The rule behind it (\"\" clears it).") var rule: String?
        @Option(help: "What happened.") var description: String?
        @Option(parsing: .unconditional, help: "1 (minor) to 5 (blocking).") var severity: String?
        @Option(name: .customLong("delay-days"), parsing: .unconditional, help: "Estimated delay in days.") var delayDays: String?
        @Option(parsing: .unconditional, help: "Staff hours spent on it.") var hours: String?
        @Option(help: "When it was met.") var at: String?

        func run() throws {
            let store = try global.openStore()
            let id = try row.rowID(.obstacle, in: store)
            let amendment = ObstacleAmendment(
                category: category, sectors: sector.isEmpty ? nil : sector, ruleRef: rule, description: description,
                severity: try severity.map { try Validate.wholeNumber($0, option: "--severity", minimum: nil) },
                delayDays: try NumberArgument.double(delayDays, field: "delay_days"),
                staffHours: try NumberArgument.double(hours, field: "staff_hours"), loggedAt: at)
            Console.printCorrection(try store.amendObstacle(id, amendment, reason: row.reason), "amended", .obstacle, id,
                                    as: global.format)
        }
    }
}

extension TrackerCommand.JourneyGroup {
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "amend", abstract: "Correct a journey's own fields.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var row: RowReference
        @Option(help: "The journey type.") var type: String?
        @Option(help: "The external case number (\"\" clears it).") var ref: String?
        @Option(help: "The title (\"\" clears it).") var title: String?
        @Option(help: "The citizen's own goal (\"\" clears it).") var goal: String?
        @Option(help: "When it opened.") var opened: String?
        @Option(help: "Another citizen reference, when the journey was opened for the wrong person.") var citizen: String?
        @Option(help: "The right citizen's CPR number: turned into its pseudonym, never stored.") var cpr: String?

        func run() throws {
            let store = try global.openStore()
            let citizenID = citizen == nil && cpr == nil ? nil : try store.citizenID(reference: citizen, cpr: cpr)
            let journey = try store.journey(row.id)
            let amendment = JourneyAmendment(type: type, ref: ref, title: title, goal: goal, openedAt: opened,
                                             citizenID: citizenID)
            Console.printCorrection(try store.amendJourney(row.id, amendment, reason: row.reason), "amended", .journey,
                                    journey.id, as: global.format)
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen", abstract: "Open a closed journey again; its outcome and close stay in its history.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var row: RowReference

        func run() throws {
            let store = try global.openStore()
            let journey = try store.reopenJourney(row.id, reason: row.reason)
            Console.message("reopened journey \(journey.label)")
            Console.print(try store.history(.journey, id: journey.id), as: global.format)
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to a journey's timeline.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Argument(help: "The note.") var text: String
        @Option(help: "When (default: now).") var at: String?

        func run() throws {
            let store = try global.openStore()
            let id = try store.addNote(journey: journey, text: text, at: at)
            Console.written("note \(id) on journey \(try store.journey(journey).label)", try store.writtenRow(.note, id: id),
                            as: global.format)
        }
    }
}
