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

    static let outcomes = ["achieved", "partial", "not_achieved", "withdrawn", JourneySelection.openOutcome]

    /// Parses `text`; a syntax error is bad data (exit 65) and says where.
    public init(_ text: String) throws {
        var parser = Parser(text)
        self.text = text
        self.root = try parser.parseExpression()
    }

    /// The label of the journeys the expression leaves out: `not (EXPR)`.
    public var complementText: String { "not (\(text))" }

    /// Which journeys of the selection match, by position. Names the database
    /// does not know (sector, category, type) are exit 66.
    func matches(in selection: JourneySelection, _ db: Database) throws -> [Bool] {
        try validate(root, db)
        var sectorCounts: [Int]?
        func evaluate(_ node: Node) throws -> [Bool] {
            switch node {
            case .obstacle(let category):
                return try mask(selection.positions(
                    "SELECT journey_id FROM obstacles WHERE category_id = ?", [category], db), selection)
            case .rule(let rule):
                return try mask(selection.positions(
                    "SELECT journey_id FROM obstacles WHERE rule_ref = ?", [rule], db), selection)
            case .sector(let sector):
                return try mask(selection.positions(
                    "SELECT DISTINCT journey_id FROM steps WHERE sector_id = ?", [sector], db), selection)
            case .type(let type):
                return selection.types.map { $0 == type }
            case .outcome(let outcome):
                return selection.outcomes.map { $0 == outcome }
            case .sectorCount(let comparison, let bound):
                if sectorCounts == nil { sectorCounts = try selection.distinctSectorCounts(db) }
                return sectorCounts!.map { comparison.holds($0, bound) }
            case .not(let inner):
                return try evaluate(inner).map { !$0 }
            case .and(let left, let right):
                let leftMatches = try evaluate(left)
                return try zip(leftMatches, evaluate(right)).map { $0 && $1 }
            case .or(let left, let right):
                let leftMatches = try evaluate(left)
                return try zip(leftMatches, evaluate(right)).map { $0 || $1 }
            }
        }
        return try evaluate(root)
    }

    private func mask(_ positions: [Int], _ selection: JourneySelection) -> [Bool] {
        var result = [Bool](repeating: false, count: selection.count)
        for position in positions { result[position] = true }
        return result
    }

    private func validate(_ node: Node, _ db: Database) throws {
        switch node {
        case .obstacle(let category): try Catalog.requireCategory(category, db)
        case .sector(let sector): try Catalog.requireSector(sector, db)
        case .type(let type): try Catalog.requireType(type, db)
        case .rule, .outcome, .sectorCount: break
        case .not(let inner): try validate(inner, db)
        case .and(let left, let right), .or(let left, let right):
            try validate(left, db)
            try validate(right, db)
        }
    }
}

/// A cohort expression that cannot be read.
public struct CohortSyntaxError: UserFacingError, Equatable {
    public let expression: String
    public let reason: String
    /// 1-based character position where reading failed.
    public let position: Int

    public var exitCode: TrackerError.Code { .badData }
    public var description: String {
        "cannot read the cohort expression `\(expression)`: \(reason) at character \(position)"
    }
    public var hint: String? {
        "write e.g. `obstacle:regulation and not sector:psychiatry`, `rule:\"LAB § 30\"` or `sectors>=3`; "
            + "terms are obstacle:, rule:, sector:, type:, outcome: and sectors>=N"
    }
}

extension CohortExpression {
    /// Recursive descent over the characters: `or` of `and`s of `not`s.
    fileprivate struct Parser {
        private let text: String
        private let characters: [Character]
        private var position = 0

        init(_ text: String) {
            self.text = text
            self.characters = Array(text)
        }

        mutating func parseExpression() throws -> Node {
            skipSpaces()
            guard position < characters.count else { throw failure("the expression is empty") }
            let node = try parseOr()
            skipSpaces()
            guard position == characters.count else {
                throw failure(characters[position] == ")" ? "a `)` without its `(`" : "expected `and`, `or` or the end")
            }
            return node
        }

        private mutating func parseOr() throws -> Node {
            var node = try parseAnd()
            while consumeKeyword("or") { node = .or(node, try parseAnd()) }
            return node
        }

        private mutating func parseAnd() throws -> Node {
            var node = try parseNot()
            while consumeKeyword("and") { node = .and(node, try parseNot()) }
            return node
        }

        private mutating func parseNot() throws -> Node {
            if consumeKeyword("not") { return .not(try parseNot()) }
            return try parsePrimary()
        }

        private mutating func parsePrimary() throws -> Node {
            skipSpaces()
            guard position < characters.count else { throw failure("expected a term, got the end") }
            if characters[position] == "(" {
                position += 1
                let node = try parseOr()
                skipSpaces()
                guard position < characters.count, characters[position] == ")" else {
                    throw failure("expected `)`")
                }
                position += 1
                return node
            }
            return try parseTerm()
        }

        private mutating func parseTerm() throws -> Node {
            let start = position
            let name = readWord().lowercased()
            guard !name.isEmpty else {
                throw failure(characters[position] == ")" ? "expected a term before `)`" : "expected a term")
            }
            if ["and", "or", "not"].contains(name) {
                position = start
                throw failure("expected a term before `\(name)`")
            }
            if position < characters.count, characters[position] == ":" {
                position += 1
                let value = try readValue(after: name)
                switch name {
                case "obstacle": return .obstacle(value)
                case "rule": return .rule(value)
                case "sector": return .sector(value)
                case "type": return .type(value)
                case "outcome":
                    guard CohortExpression.outcomes.contains(value) else {
                        throw failure("unknown outcome `\(value)` (the outcomes are "
                                      + CohortExpression.outcomes.joined(separator: ", ") + ")")
                    }
                    return .outcome(value)
                default:
                    position = start
                    throw failure("unknown term `\(name):`")
                }
            }
            if name == "sectors" {
                skipSpaces()
                guard let comparison = readComparison() else { throw failure("expected `>=N` after `sectors`") }
                skipSpaces()
                let digitsStart = position
                while position < characters.count, characters[position].isASCII, characters[position].isNumber {
                    position += 1
                }
                guard position > digitsStart, let bound = Int(String(characters[digitsStart..<position])) else {
                    throw failure("expected a whole number after `sectors\(comparison.rawValue)`")
                }
                return .sectorCount(comparison, bound)
            }
            position = start
            throw failure("unknown term `\(name)`")
        }

        private mutating func readWord() -> String {
            let start = position
            while position < characters.count,
                  characters[position].isLetter || characters[position] == "_" || characters[position].isNumber {
                position += 1
            }
            return String(characters[start..<position])
        }

        /// A bare value runs to the next space or parenthesis; a quoted one
        /// (`"..."` or `'...'`, the quote doubled inside) may hold anything.
        private mutating func readValue(after name: String) throws -> String {
            guard position < characters.count, !characters[position].isWhitespace,
                  characters[position] != "(", characters[position] != ")" else {
                throw failure("no value after `\(name):`")
            }
            let quote = characters[position]
            if quote == "\"" || quote == "'" {
                let opening = position
                position += 1
                var value = ""
                while true {
                    guard position < characters.count else {
                        position = opening
                        throw failure("a quote that is never closed")
                    }
                    if characters[position] == quote {
                        if position + 1 < characters.count, characters[position + 1] == quote {
                            value.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    value.append(characters[position])
                    position += 1
                }
                guard !value.isEmpty else { throw failure("an empty value after `\(name):`") }
                return value
            }
            let start = position
            while position < characters.count, !characters[position].isWhitespace,
                  characters[position] != "(", characters[position] != ")" {
                position += 1
            }
            return String(characters[start..<position])
        }

        private mutating func readComparison() -> Comparison? {
            for candidate in [">=", "<=", "==", ">", "<", "="] {
                let end = position + candidate.count
                if end <= characters.count, String(characters[position..<end]) == candidate {
                    position = end
                    return candidate == "==" ? .equal : Comparison(rawValue: candidate)
                }
            }
            return nil
        }

        /// Consumes `keyword` when it stands next as a whole word.
        private mutating func consumeKeyword(_ keyword: String) -> Bool {
            skipSpaces()
            let end = position + keyword.count
            guard end <= characters.count,
                  String(characters[position..<end]).lowercased() == keyword else { return false }
            if end < characters.count {
                let next = characters[end]
                guard next.isWhitespace || next == "(" || next == ")" else { return false }
            }
            position = end
            return true
        }

        private mutating func skipSpaces() {
            while position < characters.count, characters[position].isWhitespace { position += 1 }
        }

        private func failure(_ reason: String) -> CohortSyntaxError {
            CohortSyntaxError(expression: text, reason: reason, position: min(position, characters.count) + 1)
        }
    }
}
