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
            holds journeys back and what works. Shell completions: tracker --generate-completion-script bash
            """,
        subcommands: [
            Init.self, Migrate.self, SectorGroup.self, JourneyGroup.self, StepGroup.self, ObstacleGroup.self,
            MeasureGroup.self, Observe.self, ObservationGroup.self, NoteGroup.self, History.self, FollowUpGroup.self,
            Today.self, CitizenGroup.self, Audit.self, Effect.self, Analyze.self, SQL.self, Report.self,
            Import.self, Export.self, Demo.self, Backup.self, Check.self,
        ]
    )

    /// Parses, runs, and turns every failure into `error: ...` on stderr and
    /// its sysexits code. Global options may stand before the command words.
    static func main() {
        let arguments = GlobalArguments.movedAfterCommandWords(Array(CommandLine.arguments.dropFirst()))
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
