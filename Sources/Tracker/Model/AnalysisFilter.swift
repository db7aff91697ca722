/// Which journeys an analysis looks at: those opened between two days, both
/// included, and of one type. All their steps, obstacles and observations
/// count, whenever those happened.
public struct AnalysisFilter: Sendable, Equatable {
    /// First day of the window (`YYYY-MM-DD`), nil for no lower bound.
    public let from: String?
    /// Last day of the window (`YYYY-MM-DD`), nil for no upper bound.
    public let to: String?
    /// Only journeys of this type.
    public let type: String?

    /// Every journey in the file.
    public static let all = AnalysisFilter(validatedFrom: nil, to: nil, type: nil)

    /// Reads the `--from`, `--to` and `--type` values as a user typed them. A
    /// date that cannot be read, or a window that ends before it starts, is
    /// bad data (exit 65).
    public init(from: String? = nil, to: String? = nil, type: String? = nil) throws {
        let fromDay = try from.map { try Self.day($0, option: "--from") }
        let toDay = try to.map { try Self.day($0, option: "--to") }
        if let fromDay, let toDay, fromDay > toDay {
            throw TrackerError.badData("the window --from \(fromDay) --to \(toDay) ends before it starts",
                                       hint: "give --from a day on or before --to")
        }
        if let type, type.isEmpty {
            throw TrackerError.badData("--type is empty", hint: "name a journey type, e.g. --type sick_leave")
        }
        self.init(validatedFrom: fromDay, to: toDay, type: type)
    }

    private init(validatedFrom from: String?, to: String?, type: String?) {
        self.from = from
        self.to = to
        self.type = type
    }

    /// True when the filter keeps every journey.
    public var isEmpty: Bool { from == nil && to == nil && type == nil }

    /// The day of a date or date-time a user typed, in UTC.
    static func day(_ text: String, option: String) throws -> String {
        String(try Validate.dateOption(text, option: option).prefix(10))
    }

    static func nextDay(after day: String) -> String {
        let days = Int64(Timestamp.days(day) ?? 0) + 1
        let next = Timestamp.civilDate(fromDays: days)
        return Timestamp.formatDate(year: next.year, month: next.month, day: next.day)
    }
}
