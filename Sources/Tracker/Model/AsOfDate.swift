/// The moment an analysis looks back from (`--as-of`, by default today in
/// UTC). Journeys opened after it are left out, a close or a step after it
/// has not happened yet, and open time is measured up to it.
public struct AsOfDate: Sendable, Equatable {
    /// The stored form: a day (`2026-03-01`) or an instant.
    public let text: String
    /// The largest stored date that still lies on or before as-of: for a day,
    /// the whole day counts, so `2026-03-01T15:00:00Z` is not after
    /// `--as-of 2026-03-01`.
    public let inclusiveBound: String

    /// Reads an `--as-of` value; nil means today. A value that is not a date
    /// is bad data (exit 65).
    public init(_ text: String? = nil) throws {
        guard let text else {
            self.init(normalized: Timestamp.today())
            return
        }
        self.init(normalized: try Validate.dateOption(text, option: "--as-of"))
    }

    private init(normalized: String) {
        text = normalized
        inclusiveBound = normalized.count == 10 ? normalized + "T23:59:59Z" : normalized
    }

    /// The as-of moment in SQLite's `julianday` days: a day counts from its
    /// midnight, like every other date in the file. The text is always in a
    /// stored form, which `Timestamp.julianDay` reads exactly as SQLite does.
    var julianDay: Double {
        var text = text
        return text.withUTF8 { Timestamp.julianDay(UnsafeRawBufferPointer($0)) } ?? 0
    }
}
