import ArgumentParser
import Tracker

extension TrackerCommand {
    struct StepGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "step", abstract: "Log the steps of a journey.", subcommands: [Log.self, Amend.self, VoidRow<StepRows>.self, RestoreRow<StepRows>.self])
    }
}

extension TrackerCommand.StepGroup {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log", abstract: "Log a dated step of a journey in a sector.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The journey's ref or id.") var journey: String
        @Option(help: "The sector it happened in.") var sector: String
        @Option(help: "referral, assessment, meeting, decision, service, handover, waiting or other.") var kind: StepKind
        @Option(help: "The unit, e.g. \"Jobcenter Roskilde\".") var unit: String?
        @Option(help: "When it happened (default: now).") var at: String?
        @Option(name: .customLong("ended"), help: "When it ended, for steps that last.") var endedAt: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let store = try global.openStore()
            let id = try store.logStep(journey: journey, NewStep(sector: sector, kind: kind, unit: unit, at: at,
                                                                 endedAt: endedAt, note: note))
            let row = try store.writtenRow(.step, id: id)
            Console.written("step \(id) logged on \(try store.journey(journey).label): \(sector), \(kind.rawValue), "
                            + (row.records[0].first { $0.key == "at" }?.value.plainText ?? ""), row, as: global.format)
        }
    }
}
