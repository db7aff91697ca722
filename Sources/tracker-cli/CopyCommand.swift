import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy a whole database to a new one, on either engine: every row with its id, the audit log and the history.",
            discussion: """
                tracker copy --to TARGET copies the --db database into TARGET; tracker copy --from SOURCE copies \
                SOURCE into the --db database. A target is new: a SQLite path where no file is, or a PostgreSQL \
                database with no tables (exit 73 otherwise). Moves a municipality from one file to a shared server, \
                or takes a server's data home as a file. The pseudonym key is not copied: keep it with the backups.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The new database to copy into (a path, a postgresql:// URI or a conninfo).", valueName: "target"))
        var to: String?

        @Option(help: ArgumentHelp("The database to copy from, into --db.", valueName: "source"))
        var from: String?

        func validate() throws {
            guard (to == nil) != (from == nil) else {
                throw ValidationError("give either --to TARGET or --from SOURCE")
            }
        }

        func run() throws {
            let here = try global.databasePath()
            let report = try DatabaseCopy.copy(from: from ?? here, to: to ?? here)
            let rows = report.rows.reduce(0) { $0 + $1.count }
            Console.message("copied \(report.source) to \(report.target): \(rows) rows in \(report.rows.count) tables")
        }
    }
}
