import ArgumentParser
import Tracker

extension TrackerCommand {
    /// Prints the man page, made from the command definitions themselves,
    /// so that `docs/man/tracker.1` never drifts from the binary (a test
    /// compares the two).
    struct ManPage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "man-page", abstract: "Print the man page (roff) of this binary.", shouldDisplay: false)

        func run() throws {
            Console.out(TrackerCommand.manPage)
        }
    }

    static var manPage: String {
        var page = """
            .TH TRACKER 1 "" "\(roff(TrackerVersion.description))" "User Commands"
            .SH NAME
            tracker \\- \(roff(configuration.abstract))
            .SH SYNOPSIS
            .B tracker
            [\\-\\-db PATH] [\\-\\-actor NAME] [\\-\\-format table|json|csv|ndjson] [\\-\\-wide] COMMAND ...
            .SH DESCRIPTION

            """
        page += literal(configuration.discussion) + ".SH COMMANDS\n"
        func visit(_ command: any ParsableCommand.Type, path: [String]) {
            for subcommand in command.configuration.subcommands where subcommand.configuration.shouldDisplay {
                let name = path + [subcommand.configuration.commandName ?? ""]
                page += ".SS \"\(roff(name.joined(separator: " ")))\"\n"
                page += literal(TrackerCommand.helpMessage(for: subcommand, columns: 80))
                visit(subcommand, path: name)
            }
        }
        visit(TrackerCommand.self, path: ["tracker"])
        page += """
            .SH EXIT STATUS
            0 ok, 64 usage, 65 bad data, 66 unknown name or missing input, 73 cannot create, 74 I/O error,
            75 busy after two minutes waiting for another process's write, 78 schema newer than this binary.
            .SH ENVIRONMENT
            TRACKER_DB, TRACKER_ACTOR, TRACKER_PSEUDONYM_KEY, XDG_DATA_HOME, COLUMNS, TZ.

            """
        return page
    }

    /// Text as one roff line: backslashes and leading dots made literal.
    private static func roff(_ text: String) -> String {
        var text = text.split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "\\e")
        text = text.split(separator: "-", omittingEmptySubsequences: false).joined(separator: "\\-")
        if text.hasPrefix(".") || text.hasPrefix("'") { text = "\\&" + text }
        return text
    }

    /// A block printed as it is, line by line.
    private static func literal(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { roff(String($0)) }
        return ".nf\n" + lines.joined(separator: "\n") + "\n.fi\n"
    }
}
