import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "A one-page overview: journeys, obstacles, rules, handoffs, effect, stalled journeys.",
            discussion: """
                Groups of fewer than --min-cell journeys (default 5) are suppressed. With --html the same \
                report is written as one HTML page with inline SVG charts, for a browser or a mail.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Look back from this day (default: today).", valueName: "date"))
        var asOf: String?

        @Option(help: ArgumentHelp("Days without a step that make a journey stalled (default 30).", valueName: "days"))
        var stalled: String?

        @Option(help: ArgumentHelp("Write the report as one self-contained HTML page with charts to this file (mode 0600), or to standard output with -.",
                                   valueName: "file"))
        var html: String?

        @Flag(help: "Replace an existing --html file.")
        var force = false

        func run() throws {
            // An existing page is refused before the report is computed.
            if let html, html != "-", !force { try FileSystem.prepareOutput(html, replacing: false) }
            let asOfDate = try AsOfDate(asOf)
            let filter = try analysis.filter()
            let suppression = try analysis.suppression(default: .reportDefault)
            let stalledDays = try stalled.map { Double(try Validate.wholeNumber($0, option: "--stalled")) }
                ?? Tracker.Report.defaultStalledDays
            let store = try global.openStore(.readOnly)
            let report = try Tracker.Report(store, filter: filter, asOf: asOfDate, suppression: suppression,
                                            stalledDays: stalledDays)
            if report.suppressedGroups > 0 {
                Console.message("\(report.suppressedGroups) groups with fewer than \(suppression.minimum) journeys suppressed")
            }
            if html == "-" {
                Console.out(report.html(in: Console.language))
            } else if let html {
                let page = report.html(in: Console.language)
                try FileSystem.prepareOutput(html, replacing: force)
                let file = try FileOutput(creating: html, mode: 0o600, exclusive: true)
                file.write(page)
                try file.flush()
                Console.message("wrote \(html)")
            } else {
                Console.out(report.rendered(as: global.format, in: Console.language))
            }
        }
    }
}
