import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Create a database of realistic synthetic journeys to try the tracker on.",
            discussion: """
                Writes ./tracker-demo.sqlite unless --db is given; never the configured database, whatever \
                $TRACKER_DB says. An earlier demo file is replaced; any other existing file is refused (exit 73). \
                The same --seed gives the same data. With --db naming a PostgreSQL database, that database \
                must be new (no tables): a server database is never replaced.
                """)

        static let defaultPath = "./tracker-demo.sqlite"

        @OptionGroup var global: GlobalOptions

        @Option(help: "How many journeys to generate.")
        var journeys = 2_000

        @Option(help: "The seed of the data: the same seed gives the same data.")
        var seed: UInt64 = 1

        func validate() throws {
            guard journeys >= 1 && journeys <= 10_000_000 else { throw ValidationError("--journeys must be between 1 and 10000000") }
        }

        func run() throws {
            // Only an explicit --db: the environment's database is never the demo's.
            let path = global.db.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultPath
            let generated = try DemoGenerator.create(at: path, options: .init(journeys: journeys, seed: seed), actor: DatabaseLocation.actor(explicit: global.actor) ?? "demo")
            Console.message("\(generated.replacedEarlierDemo ? "replaced the earlier demo in" : "wrote") \(path): "
                + "\(generated.journeys) journeys (\(generated.openJourneys) still open), \(generated.citizens) citizens, "
                + "\(generated.steps) steps, \(generated.obstacles) obstacles, \(generated.observations) observations "
                + "in \(NumberText.fixed(generated.seconds, decimals: 2)) s (seed \(seed))")
            Console.message("try: tracker --db \(path) journey list --stalled 90")
            let store = try TrackerStore.open(path: path, access: .readOnly, actor: try global.actorName(.readOnly))
            let report = try Tracker.Report(store, asOf: AsOfDate())
            Console.out("\n" + report.rendered(as: global.format, in: Console.language))
        }
    }
}
