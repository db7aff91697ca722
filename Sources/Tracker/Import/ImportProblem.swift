/// One bad row (or bad header) of an import: where, and what is wrong.
/// Never quotes a whole row: it may hold personal data.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// The physical line of the file (the CSV header is line 1).
    public let line: Int
    /// The column's position in the CSV header, when known.
    public let column: Int?
    /// The column's name, when the problem is in one field.
    public let field: String?
    public let reason: String

    public init(line: Int, column: Int? = nil, field: String? = nil, reason: String) {
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    /// For example `line 7, column 5 (at): '2026-13-01' is not a date`.
    public var description: String {
        var text = "line \(line)"
        if let column { text += ", column \(column)" }
        if let field { text += " (\(field))" }
        return text + ": " + reason
    }
}

/// The problems of one import: the first few kept to show, all counted.
struct ImportProblemLog {
    let limit: Int
    private(set) var kept: [ImportProblem] = []
    private(set) var count = 0

    init(limit: Int) { self.limit = limit }

    mutating func add(_ problem: ImportProblem) {
        count += 1
        if kept.count < limit { kept.append(problem) }
    }
}
