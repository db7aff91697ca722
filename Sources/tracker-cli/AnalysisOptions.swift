import ArgumentParser
import Tracker

extension EffectSummary.Grouping: ExpressibleByArgument {}
extension SurvivalAnalysis.Event: ExpressibleByArgument {}
extension HazardAnalysis.Strata: ExpressibleByArgument {}
extension ObstacleAnalysis.Grouping: ExpressibleByArgument {}
extension JourneyAnalysis.Grouping: ExpressibleByArgument {}

/// The selection and privacy options every analysis command shares. Values
/// are read as text and checked by the library, so a malformed date or
/// number is bad data (exit 65), not a usage error.
struct AnalysisOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only journeys opened on or after this day.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Only journeys opened on or before this day.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only journeys of this type.", valueName: "type"))
    var type: String?

    @Option(name: .customLong("min-cell"),
            help: ArgumentHelp("Hide groups with fewer journeys than this (default 0: hide none).", valueName: "k"))
    var minCell: String?

    func filter() throws -> AnalysisFilter {
        try AnalysisFilter(from: from, to: to, type: type)
    }

    func suppression(default fallback: SmallCellSuppression = .off) throws -> SmallCellSuppression {
        try minCell.map(SmallCellSuppression.init) ?? fallback
    }
}

extension AnalysisOptions {
    /// The body every analysis command shares: the options are read first
    /// (a malformed value is refused before the database is opened), the
    /// database is opened read-only, and the analysis's table is printed.
    func run(_ global: GlobalOptions,
             _ analyse: (TrackerStore, AnalysisFilter, SmallCellSuppression) throws -> AnalysisOutput) throws {
        let filter = try filter()
        let suppression = try suppression()
        let store = try global.openStore(.readOnly)
        Console.print(try analyse(store, filter, suppression), as: global.format)
    }
}

extension Console {
    /// Prints an analysis's table, and on stderr how many groups it hid.
    static func print(_ output: AnalysisOutput, as format: OutputFormat) {
        if let note = output.suppressionNote { message(note) }
        print(output.table, as: format)
    }
}
