import ArgumentParser
import Tracker

extension TrackerCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export rows (CSV, JSON, NDJSON to stdout), an XES event log, or an OCEL 2.0 log.",
            discussion: """
                --kind K writes journeys, steps, obstacles or observations in the global --format (csv by default) \
                with the import's columns, so the output imports into another database. --anonymize drops refs, \
                owners, citizens and free text, keeps internal ids, writes dates as YYYY-MM, leaves out journey \
                types with fewer than --min-cell journeys and keeps a rule reference only when that many journeys share it.
                --all DIR writes every table of the people's work (citizens, journeys, steps, obstacles with their \
                history, observations, notes, follow-ups, changes) as CSV with a manifest.json of counts and \
                SHA-256 checksums; `tracker import DIR` reads it into an empty database, losing nothing.
                --xes FILE writes an IEEE 1849 XES log (one trace per journey). --ocel FILE writes OCEL 2.0: JSON for \
                .json, XML for .xml, SQLite for .sqlite. Files are created with mode 0600; an existing one is \
                refused unless --force.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Rows to write to stdout: journeys, steps, obstacles or observations.")
        var kind: ExchangeKind?

        @Flag(help: "No refs, owners, citizens or free text; dates as months; small groups left out.")
        var anonymize = false

        @Option(name: .customLong("min-cell"),
                help: ArgumentHelp("With --anonymize: the smallest group of journeys shown (default 5).", valueName: "k"))
        var minCell: String?

        @Option(help: ArgumentHelp("Write every table to this new directory, with a manifest.", valueName: "dir"))
        var all: String?

        @Option(help: ArgumentHelp("Write an XES event log to this file.", valueName: "file"))
        var xes: String?

        @Option(help: ArgumentHelp("Write an OCEL 2.0 log to this file (.json, .xml or .sqlite).", valueName: "file"))
        var ocel: String?

        @Flag(name: .customLong("include-voided"), help: "With --kind: voided rows too, marked in a voided column.")
        var includeVoided = false

        @Flag(help: "Replace an existing --xes or --ocel file.")
        var force = false

        func validate() throws {
            let chosen = [kind != nil, xes != nil, ocel != nil, all != nil].filter { $0 }.count
            guard chosen == 1 else { throw ValidationError("give exactly one of --kind, --all, --xes or --ocel") }
            if anonymize && kind == nil { throw ValidationError("--anonymize goes with --kind") }
            if includeVoided && (kind == nil || anonymize) {
                throw ValidationError("--include-voided goes with --kind, and never with --anonymize")
            }
            if let ocel, OCELExport.Form.detect(path: ocel) == nil {
                throw ValidationError("--ocel FILE must end in .json, .xml or .sqlite")
            }
        }

        func run() throws {
            let suppression = try minCell.map(SmallCellSuppression.init) ?? .reportDefault
            let store = try global.openStore(.readOnly)
            if let all {
                let report = try DatabaseExport.export(store, to: all)
                Console.message("exported \(report.files.reduce(0) { $0 + $1.rows }) rows of \(report.files.count) tables to \(all)")
                return
            }
            if let kind {
                let report = try Exporter(store: store).export(
                    kind, format: global.format, anonymization: anonymize ? .init(minimumCell: suppression.minimum) : nil,
                    includeVoided: includeVoided, dialect: Console.csvDialect,
                    to: Console.standardOutput)
                if anonymize && report.suppressedGroups > 0 {
                    Console.message("suppressed \(report.suppressedGroups) journey type\(report.suppressedGroups == 1 ? "" : "s") "
                        + "with fewer than \(suppression.minimum) journeys (\(report.suppressedJourneys) journeys left out)")
                }
                Console.message("exported \(report.rows) \(kind.rawValue)")
            } else if let xes {
                try FileSystem.prepareOutput(xes, replacing: force)
                do {
                    let output = try FileOutput(creating: xes, mode: 0o600, exclusive: true)
                    let report = try XESWriter(store: store).write(to: output)
                    Console.message("wrote \(xes): \(report.traces) traces, \(report.events) events")
                } catch {
                    FileSystem.remove(xes)
                    throw error
                }
            } else if let ocel {
                try FileSystem.prepareOutput(ocel, replacing: force)
                let report = try OCELExport(store: store).write(to: ocel, form: OCELExport.Form.detect(path: ocel)!)
                Console.message("wrote \(ocel): \(report.objects) objects, \(report.events) events, "
                    + "\(report.eventObjectRelations) event-object and \(report.objectObjectRelations) object-object relations")
            }
        }
    }
}
