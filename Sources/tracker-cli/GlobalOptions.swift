import ArgumentParser
import Tracker

extension OutputFormat: ExpressibleByArgument {}

/// The options every command accepts, before or after its command words.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $TRACKER_DB, else $XDG_DATA_HOME/tracker/tracker.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is acting, for the audit log (default: $TRACKER_ACTOR, else $USER).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Output format: table, json, csv or ndjson.", valueName: "format"))
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp("Language of headings, messages and the report: en or da (default: $TRACKER_LANG, else en).", valueName: "language"))
    var lang: String?

    @Flag(name: .long, help: "Print table cells whole instead of fitting the terminal.")
    var wide = false

    @Flag(name: .long, help: "With --format csv: a byte order mark, ; between fields and a decimal comma, for Danish Excel.")
    var excel = false

    func validate() throws {
        if wide { Console.isWide = true }
        if excel {
            guard format == .csv || format == .table else {
                throw ValidationError("--excel shapes CSV output: give --format csv (or export --kind, which writes CSV)")
            }
            Console.csvDialect = .excel
        }
    }

    func databasePath() throws -> String {
        try DatabaseLocation.resolve(explicit: db)
    }

    /// Who acts. A command that writes needs one; one that only reads
    /// records nothing and goes on without.
    func actorName(_ access: TrackerStore.Access = .readWrite) throws -> String {
        if PostgresLocation.isPostgres(try databasePath()) {
            // The server knows who is acting: the role of the session.
            guard actor == nil else {
                throw TrackerError.usage("--actor is refused on PostgreSQL: the actor is the role you connect as",
                                         hint: "connect as yourself (user= in the conninfo, or $PGUSER)")
            }
            return ""
        }
        return access == .readWrite ? try DatabaseLocation.requiredActor(explicit: actor)
                             : DatabaseLocation.actor(explicit: actor) ?? ""
    }

    func openStore(_ access: TrackerStore.Access = .readWrite) throws -> TrackerStore {
        try TrackerStore.open(path: databasePath(), access: access, actor: actorName(access))
    }
}

/// The global options of a command where `--actor` means something else
/// (`tracker audit --actor A` filters by actor).
struct ReadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $TRACKER_DB, else $XDG_DATA_HOME/tracker/tracker.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Output format: table, json, csv or ndjson.", valueName: "format"))
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp("Language of headings, messages and the report: en or da (default: $TRACKER_LANG, else en).", valueName: "language"))
    var lang: String?

    @Flag(name: .long, help: "Print table cells whole instead of fitting the terminal.")
    var wide = false

    func validate() throws {
        if wide { Console.isWide = true }
    }

    func openStore(_ access: TrackerStore.Access = .readOnly) throws -> TrackerStore {
        try TrackerStore.open(path: DatabaseLocation.resolve(explicit: db), access: access,
                              actor: DatabaseLocation.actor(explicit: nil) ?? "")
    }
}
