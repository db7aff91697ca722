/// A cohort expression that cannot be read.
public struct CohortSyntaxError: UserFacingError, Equatable {
    public let expression: String
    public let reason: String
    /// 1-based character position where reading failed.
    public let position: Int

    public var kind: FailureKind { .badData }
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
    struct Parser {
        private let text: String
        private let characters: [Character]
        private var position = 0
        /// Parentheses and `not`s open around the current term.
        private var depth = 0
        private var terms = 0

        /// Deeper nesting, or more terms, than any cohort needs: refused as a
        /// syntax error rather than risking the stack on a hostile argument.
        static let maximumDepth = 64
        static let maximumTerms = 1_000

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
            if consumeKeyword("not") {
                try enter()
                defer { depth -= 1 }
                return .not(try parseNot())
            }
            return try parsePrimary()
        }

        private mutating func enter() throws {
            depth += 1
            guard depth <= Self.maximumDepth else {
                throw failure("nested deeper than \(Self.maximumDepth) levels of parentheses and `not`")
            }
        }

        private mutating func parsePrimary() throws -> Node {
            skipSpaces()
            guard position < characters.count else { throw failure("expected a term, got the end") }
            if characters[position] == "(" {
                try enter()
                defer { depth -= 1 }
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
            terms += 1
            guard terms <= Self.maximumTerms else { throw failure("more than \(Self.maximumTerms) terms") }
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
