import Testing
@testable import Tracker

@Suite("Cohort expressions")
struct CohortExpressionTests {
    typealias Node = CohortExpression.Node

    @Test("not binds tighter than and, and tighter than or")
    func precedence() throws {
        let expression = try CohortExpression("not obstacle:regulation and sector:psychiatry or type:youth")
        #expect(expression.root == .or(.and(.not(.obstacle("regulation")), .sector("psychiatry")), .type("youth")))
    }

    @Test("parentheses group, keywords are case-insensitive, and runs left to right")
    func parentheses() throws {
        let expression = try CohortExpression("NOT (outcome:achieved OR outcome:partial) and sectors>=3 and type:x")
        #expect(expression.root == .and(.and(.not(.or(.outcome("achieved"), .outcome("partial"))),
                                             .sectorCount(.atLeast, 3)), .type("x")))
        #expect(try CohortExpression("(sector:housing)").root == .sector("housing"))
        #expect(try CohortExpression("not(sector:housing)").root == .not(.sector("housing")))
    }

    @Test("a quoted value may hold spaces, §, parentheses and doubled quotes")
    func quotedValues() throws {
        #expect(try CohortExpression("rule:\"LAB § 30\"").root == .rule("LAB § 30"))
        #expect(try CohortExpression("rule:'Lov (2019) ''ny'''").root == .rule("Lov (2019) 'ny'"))
        #expect(try CohortExpression("rule:LAB§30 and sector:employment").root
                == .and(.rule("LAB§30"), .sector("employment")))
    }

    @Test("sectors takes >=, >, <=, < and = with or without spaces")
    func sectorCounts() throws {
        #expect(try CohortExpression("sectors>=2").root == .sectorCount(.atLeast, 2))
        #expect(try CohortExpression("sectors > 2").root == .sectorCount(.more, 2))
        #expect(try CohortExpression("sectors<=1").root == .sectorCount(.atMost, 1))
        #expect(try CohortExpression("sectors=4").root == .sectorCount(.equal, 4))
    }

    @Test("the text is echoed as given and the complement is not (EXPR)")
    func echo() throws {
        let expression = try CohortExpression("obstacle:regulation  or rule:\"LAB § 30\"")
        #expect(expression.text == "obstacle:regulation  or rule:\"LAB § 30\"")
        #expect(expression.complementText == "not (obstacle:regulation  or rule:\"LAB § 30\")")
    }

    @Test("syntax errors say what and where, and are bad data (65)", arguments: [
        ("", "the expression is empty"),
        ("obstacle:regulation and", "expected a term, got the end"),
        ("(sector:housing", "expected `)`"),
        ("sector:housing)", "a `)` without its `(`"),
        ("colour:red", "unknown term `colour:`"),
        ("regulation", "unknown term `regulation`"),
        ("outcome:great", "unknown outcome `great`"),
        ("rule:\"LAB § 30", "a quote that is never closed"),
        ("sectors>=many", "expected a whole number after `sectors>=`"),
        ("sector:", "no value after `sector:`"),
        ("sector:housing sector:hospital", "expected `and`, `or` or the end"),
        ("and sector:housing", "expected a term before `and`"),
    ])
    func syntaxErrors(text: String, reason: String) throws {
        let error = try #require(throws: CohortSyntaxError.self) { try CohortExpression(text) }
        #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        #expect(error.kind == .badData)
        #expect(error.description.contains("at character"))
        #expect(FailureKind(error) == .badData)
    }

    @Test("the error names the character where reading stopped")
    func errorPosition() throws {
        let error = try #require(throws: CohortSyntaxError.self) { try CohortExpression("sector:housing and colour:x") }
        #expect(error.position == 20)
    }

    @Test("nesting and length are bounded: 64 levels parse, deeper or longer is a syntax error, never a crash")
    func bounded() throws {
        let limit = 64
        let deepest = String(repeating: "(", count: limit) + "type:x" + String(repeating: ")", count: limit)
        #expect(try CohortExpression(deepest).root == .type("x"))
        let nots = String(repeating: "not ", count: limit) + "type:x"
        #expect(try CohortExpression(nots).root != .type("x"))
        // 60,000 levels of parentheses overflowed the stack before the bound.
        for text in [String(repeating: "(", count: 60_000) + "type:x" + String(repeating: ")", count: 60_000),
                     String(repeating: "not ", count: limit + 1) + "type:x",
                     "(" + String(repeating: "not ", count: limit) + "type:x)"] {
            let error = try #require(throws: CohortSyntaxError.self) { try CohortExpression(text) }
            #expect(error.reason.hasPrefix("nested deeper than 64 levels"), "\(error.reason)")
        }
        let many = Array(repeating: "type:x", count: 1_001).joined(separator: " or ")
        let error = try #require(throws: CohortSyntaxError.self) { try CohortExpression(many) }
        #expect(error.reason == "more than 1000 terms")
        #expect(try CohortExpression(Array(repeating: "type:x", count: 1_000).joined(separator: " or ")).text.count > 0)
    }
}
