import ArgumentParser
import Tracker

extension TrackerCommand {
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Run one read-only SQL query on the database file.",
            discussion: """
                The file is opened read-only; a statement that writes, ATTACH, DETACH or a pragma that changes \
                a setting is refused (exit 65). The tables and the v_journeys, v_obstacles, v_transitions and \
                v_effects views are described in the README.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The query, e.g. \"SELECT type, count(*) FROM journeys GROUP BY type\".", valueName: "sql"))
        var query: String

        func run() throws {
            let store = try global.openStore(.readOnly)
            let sql = try ReadOnlySQL(query, in: store)
            let output = Console.standardOutput
            var writer = RowWriter(format: global.format, columns: sql.columns) { output.write($0) }
            try sql.forEachRow { writer.write($0) }
            writer.finish()
        }
    }
}
