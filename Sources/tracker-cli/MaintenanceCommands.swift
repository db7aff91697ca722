import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database consistently while others write (mode 0600).",
            discussion: "The pseudonym key (DBFILE.key) is not in the copy: back it up separately and keep it apart.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new backup file.", valueName: "file"))
        var file: String

        @Flag(help: "Replace an existing file.")
        var force = false

        func run() throws {
            let path = try global.databasePath()
            if FileSystem.exists(file), !force {
                throw TrackerError.cannotCreate("\(file) exists already", hint: "choose a new file name, or pass --force to replace it")
            }
            let store = try TrackerStore.open(path: path, access: .readOnly, actor: try global.actorName(.readOnly))
            let report = try store.backup(to: file, replacing: force)
            Console.message("backed up \(path) to \(report.path) (\(report.bytes) bytes); "
                + "the pseudonym key \(store.keyFilePath) is not in the copy: keep its own backup")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the database's integrity, foreign keys and domain rules; exit 65 listing what is wrong.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore(.readOnly)
            let findings = try store.check()
            guard !findings.isEmpty else {
                Console.message("\(store.path): no problems found (integrity, foreign keys, obstacle sectors and history, audit log and changes, voids, kept facts)")
                return
            }
            var table = ResultTable(columns: ["check", "table", "rowid", "detail"])
            for finding in findings {
                table.append([.text(finding.check), .optional(finding.table), finding.rowID.map(OutputValue.integer) ?? .null,
                              .text(finding.detail)])
            }
            Console.print(table, as: global.format)
            throw TrackerError.badData("\(findings.count) problem\(findings.count == 1 ? "" : "s") found in \(store.path)",
                                       hint: "restore from a backup, or repair the rows listed")
        }
    }
}
