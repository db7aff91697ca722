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

    /// Refuses a type that no journey has: a misspelt `--type` would otherwise
    /// give an empty analysis that looks like a finding (exit 66).
    func validate(in db: ReadSession) throws {
        guard let type else { return }
        guard try db.row("SELECT 1 FROM journeys WHERE type = ? LIMIT 1", [type]) != nil else {
            let known = try db.rows("SELECT DISTINCT type FROM journeys ORDER BY type").compactMap { $0[0].text }
            throw TrackerError.notFound(
                "no journey has the type `\(type)`",
                hint: known.isEmpty ? "the database holds no journeys yet"
                    : "the types in the database are: " + known.joined(separator: ", "))
        }
    }

    /// The SQL condition on the journeys table (aliased `alias`), with its
    /// arguments in order. The text is fixed by this type; values are bound.
    func condition(alias: String) -> (sql: String, arguments: [DatabaseValue]) {
        var parts: [String] = []
        var arguments: [DatabaseValue] = []
        if let from {
            parts.append("\(alias).opened_at >= ?")
            arguments.append(.text(from))
        }
        if let to {
            // Both days included: a journey opened at any time on `to` counts.
            parts.append("\(alias).opened_at < ?")
            arguments.append(.text(Self.nextDay(after: to)))
        }
        if let type {
            parts.append("\(alias).type = ?")
            arguments.append(.text(type))
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }

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
