import ArgumentParser
import Tracker

extension ExchangeKind: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}

extension TrackerCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import journeys, steps, obstacles or observations from CSV or NDJSON: all rows or none.",
            discussion: """
                Columns (header row; NDJSON uses the same keys):
                  journeys:     ref,citizen,type,title,goal,owner,opened_at,closed_at,outcome (cpr may stand instead of citizen)
                  steps:        journey_ref,sector,kind,unit,at,ended_at,note
                  obstacles:    journey_ref,category,sectors,rule_ref,severity,delay_days,staff_hours,description,
                                logged_at,status,resolved_at,resolution (sectors ;-separated, or a JSON array)
                  observations: journey_ref,measure,phase,value,observed_at
                Every row is checked as the caseworker commands check it; one bad row and nothing is written \
                (exit 65, each bad row listed with its line and column).
                A directory written by `export --all` is read whole into an empty database, ids and history \
                included, after its manifest's schema and checksums are checked.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The file to read (.csv, or .ndjson/.jsonl for NDJSON), or a directory of `export --all`.",
                                     valueName: "file"))
        var file: String

        @Option(help: "What the rows are: journeys, steps, obstacles or observations.")
        var kind: ExchangeKind?

        @Option(name: .customLong("input-format"), help: "csv or ndjson (default: from the file's extension).")
        var inputFormat: InputFormat?

        @Flag(name: .customLong("dry-run"), help: "Check every row and report; write nothing.")
        var dryRun = false

        func run() throws {
            if DatabaseExport.isExport(file) {
                guard kind == nil, inputFormat == nil, !dryRun else {
                    throw ValidationError("a directory of `export --all` is imported whole: no --kind, --input-format or --dry-run")
                }
                let store = try global.openStore()
                let report = try DatabaseExport.importAll(from: file, into: store)
                Console.message("imported \(report.files.reduce(0) { $0 + $1.rows }) rows of \(report.files.count) tables from \(file)")
                return
            }
            guard let kind else { throw ValidationError("Missing expected argument '--kind <kind>'") }
            let store = try TrackerStore.open(path: global.databasePath(), access: .readWrite, actor: try global.actorName(),
                                              applyPending: !dryRun)
            let options = Importer.Options(kind: kind, format: inputFormat ?? InputFormat.detect(path: file), dryRun: dryRun)
            let bar = FileSystem.isTerminal(2) ? ProgressBar(unit: "rows") : nil
            let report = try Importer(store: store, path: file, options: options).run(progress: bar.map { bar in
                { bar.show(count: $0.rows, done: $0.bytesRead, total: $0.totalBytes, seconds: $0.seconds) }
            })
            bar?.clear()
            guard report.succeeded else {
                for problem in report.problems { Console.message("\(file): \(problem)") }
                if report.problemCount > report.problems.count {
                    Console.message("... and \(report.problemCount - report.problems.count) more bad rows")
                }
                throw TrackerError.badData(
                    "\(report.problemCount) bad row\(report.problemCount == 1 ? "" : "s") in \(file); nothing was imported",
                    hint: "fix the rows listed above and import the file again (--dry-run checks without writing)")
            }
            let rate = report.seconds > 0 ? Int(Double(report.rows) / report.seconds) : report.rows
            let citizens = kind == .journeys ? ", \(report.newCitizens) new citizens" : ""
            if dryRun {
                Console.message("dry run: all \(report.rows) \(kind.rawValue) in \(file) are valid\(citizens); nothing was written")
            } else {
                Console.message("imported \(report.written) \(kind.rawValue) from \(file)\(citizens) "
                    + "in \(NumberText.fixed(report.seconds, decimals: 1)) s (\(rate) rows/s)")
            }
        }
    }
}
