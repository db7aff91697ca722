import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or upgrade the database and seed the default sectors, obstacle categories and measures.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let path = try global.databasePath()
            let report = try TrackerStore.initialize(path: path, actor: try global.actorName())
            if report.created {
                Console.message("created \(path) (schema \(report.appliedMigrations.last ?? "?"))")
                if let keyFile = report.createdKeyFile {
                    Console.message("created the pseudonym key \(keyFile): keep it with your backups, apart from the database")
                }
            } else if report.appliedMigrations.isEmpty {
                Console.message("\(path) is up to date; nothing changed")
            } else {
                Console.message("upgraded \(path): applied \(report.appliedMigrations.joined(separator: ", "))")
            }
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply pending schema migrations, or list them with --status.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "List every migration and whether it is applied; change nothing.")
        var status = false

        func run() throws {
            let path = try global.databasePath()
            if status {
                let store = try TrackerStore.open(path: path, access: .readOnly, actor: try global.actorName(.readOnly), applyPending: false)
                var table = ResultTable(columns: ["name", "state", "applied_at", "checksum"])
                for migration in try store.migrationStatus() {
                    table.append([.text(migration.name), .text(migration.state.rawValue),
                                  .optional(migration.appliedAt), .text(migration.checksum)])
                }
                Console.print(table, as: global.format)
            } else {
                let store = try TrackerStore.open(path: path, access: .readWrite, actor: try global.actorName(), applyPending: false)
                let applied = try store.applyPendingMigrations()
                Console.message(applied.isEmpty ? "nothing to migrate" : "applied \(applied.joined(separator: ", "))")
            }
        }
    }
}
