import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tracker

@main
struct TrackerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracker",
        abstract: "A cross-sector case tracker: citizen journeys, the obstacles they meet, and the effect they have.",
        discussion: """
            Caseworkers log journeys, steps and obstacles; analysts ask the same SQLite file what \
            holds journeys back and what works.

            Global options, before or after the command words: --db PATH (default $TRACKER_DB, else \
            $XDG_DATA_HOME/tracker/tracker.sqlite), --actor NAME (default $TRACKER_ACTOR, else $USER), \
            --format table|json|csv|ndjson, --wide, --lang en|da (default $TRACKER_LANG, else en).

            Examples:
              tracker journey open --cpr 010190-1234 --type sick_leave --ref J-1
              tracker step log J-1 --sector psychiatry --kind assessment --at yesterday
              tracker today

            Shell completions: tracker --generate-completion-script bash
            """,
        version: TrackerVersion.description,
        subcommands: [
            Init.self, Migrate.self, SectorGroup.self, JourneyGroup.self, StepGroup.self, ObstacleGroup.self,
            MeasureGroup.self, Observe.self, ObservationGroup.self, NoteGroup.self, History.self, FollowUpGroup.self,
            Today.self, CitizenGroup.self, Audit.self, RuleGroup.self, Effect.self, Analyze.self, SQL.self, Report.self,
            Import.self, Export.self, Copy.self, Demo.self, Backup.self, Check.self, AdminGroup.self, ManPage.self,
        ]
    )

    /// Parses, runs, and turns every failure into `error: ...` on stderr and
    /// its sysexits code. Global options may stand before the command words.
    static func main() {
        let arguments = GlobalArguments.movedAfterCommandWords(Array(CommandLine.arguments.dropFirst()))
        do {
            Console.language = try Language.resolve(explicit: GlobalArguments.language(in: arguments))
        } catch let error as any UserFacingError {
            Console.fail(error)
        } catch {
            exit(withError: error)
        }
        if let unknown = CommandSuggestion.unknownCommand(in: arguments, root: TrackerCommand.self) {
            Console.fail(unknown)
        }
        if FileSystem.isTerminal(2) {
            TrackerStore.onLongWait = { Console.message("waiting for another write to the database to finish (an import, perhaps)") }
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            try Console.finish()
        } catch let error as any UserFacingError {
            Console.fail(error)
        } catch {
            exit(withError: error)
        }
    }
}
