import ArgumentParser
import Tracker

extension TrackerCommand {
    struct AdminGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "admin",
            abstract: "Administer a shared PostgreSQL database.",
            subcommands: [Roles.self])

        struct Roles: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "roles",
                abstract: "Create the roles tracker_caseworker, tracker_analyst and tracker_admin with their grants.",
                discussion: """
                    Idempotent: run it again after a migration to cover new tables. Caseworkers read and write \
                    but never change audit_log or changes; analysts read every column except refs, citizen \
                    references and free text, and write nothing; admins may do everything. Give people a role \
                    with GRANT tracker_caseworker TO name. PostgreSQL only.
                    """)

            @OptionGroup var global: GlobalOptions

            @Flag(help: "Print the statements; change nothing.")
            var dryRun = false

            func run() throws {
                let store = try global.openStore(dryRun ? .readOnly : .readWrite)
                let statements = dryRun ? try store.roleStatements() : try store.createRoles()
                if dryRun {
                    for statement in statements { Console.out(statement + ";\n") }
                } else {
                    Console.message("made the roles \(TrackerRoles.caseworker), \(TrackerRoles.analyst) and \(TrackerRoles.admin): \(statements.count) statements")
                }
            }
        }
    }
}
