import ArgumentParser
import Tracker

/// `--limit` of a listing: at most N rows; 0 for all. Without it the
/// terminal table stops at 100 rows and says how many more there are.
struct ListingLimit: ParsableArguments {
    @Option(help: ArgumentHelp("At most this many rows; 0 for all (the terminal table otherwise stops at 100).",
                               valueName: "n"))
    var limit: String?

    /// The limit the query takes; nil for every row.
    func queryLimit() throws -> Int? {
        guard let limit else { return nil }
        let count = try Validate.wholeNumber(limit, option: "--limit", minimum: 0)
        return count == 0 ? nil : count
    }

    /// Where the terminal table stops: only when no `--limit` was given.
    var rowLimit: Int? { limit == nil ? Console.listingRows : nil }
}
