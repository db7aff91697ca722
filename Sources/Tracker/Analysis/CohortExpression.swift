/// A set of journeys described in a small language:
///
///     obstacle:CATEGORY   a journey that met an obstacle of that category
///     rule:REF            ... an obstacle citing that rule (`rule:"LAB § 30"`)
///     sector:S            a journey with a step in that sector
///     type:T              a journey of that type
///     outcome:O           closed with that outcome (`open` for open journeys)
///     sectors>=N          steps in at least N distinct sectors (also >, <=, <, =)
///
/// combined with `not` (binding tightest), `and`, `or` and parentheses. An
/// obstacle counts whatever its status. Values are matched by binding them
/// as SQL parameters; no SQL is ever built from the expression's text.
public struct CohortExpression: Sendable, Equatable {
    public indirect enum Node: Sendable, Equatable {
        case obstacle(String)
        case rule(String)
        case sector(String)
        case type(String)
        case outcome(String)
        case sectorCount(Comparison, Int)
        case not(Node)
        case and(Node, Node)
        case or(Node, Node)
    }

    public enum Comparison: String, Sendable, Equatable {
        case atLeast = ">="
        case atMost = "<="
        case more = ">"
        case fewer = "<"
        case equal = "="

        func holds(_ value: Int, _ bound: Int) -> Bool {
            switch self {
            case .atLeast: value >= bound
            case .atMost: value <= bound
            case .more: value > bound
            case .fewer: value < bound
            case .equal: value == bound
            }
        }
    }

    /// The expression as given, echoed in output.
    public let text: String
    public let root: Node

    /// The outcomes a term may name: those of a closed journey, and `open`.
    static let outcomes = Outcome.allCases.map(\.rawValue) + ["open"]

    /// Parses `text`; a syntax error is bad data (exit 65) and says where.
    public init(_ text: String) throws {
        var parser = Parser(text)
        self.text = text
        self.root = try parser.parseExpression()
    }

    /// The label of the journeys the expression leaves out: `not (EXPR)`.
    public var complementText: String { "not (\(text))" }
}
