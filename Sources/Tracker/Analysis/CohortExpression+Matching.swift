/// Which journeys of a selection a cohort expression matches.
extension CohortExpression {
    /// Which journeys of the selection match, by position. Names the database
    /// does not know (sector, category, type) are exit 66.
    func matches(in selection: JourneySelection, _ db: ReadSession) throws -> [Bool] {
        try validate(db)
        var sectorCounts: [Int32]?
        func evaluate(_ node: Node) throws -> [Bool] {
            switch node {
            case .obstacle(let category):
                return try mask(selection.positions(
                    JourneySelection.journeysWithObstacleOf, [category], db), selection)
            case .rule(let rule):
                return try mask(selection.positions(
                    JourneySelection.journeysWithObstacleCiting, [rule], db), selection)
            case .sector(let sector):
                return try mask(selection.positions(
                    JourneySelection.journeysWithStepIn, [sector], db), selection)
            case .type(let type):
                return selection.types.map { $0 == type }
            case .outcome(let outcome):
                return selection.outcomes.map { $0 == outcome }
            case .sectorCount(let comparison, let bound):
                if sectorCounts == nil { sectorCounts = try selection.keptCounts(db).sectors }
                return sectorCounts!.map { comparison.holds(Int($0), bound) }
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

    /// Names the database does not know (sector, category, type) are exit 66.
    func validate(_ db: ReadSession) throws { try validate(root, db) }

    private func validate(_ node: Node, _ db: ReadSession) throws {
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

/// A cohort expression as a condition a server evaluates.
extension CohortExpression {
    /// The expression as an SQL condition on the journeys table aliased
    /// `alias`, with its arguments in order: the same journeys `matches`
    /// finds in a selection read as of `asOf` (an outcome as of then).
    /// Names the database does not know are exit 66.
    func condition(alias j: String, asOf: AsOfDate?, _ db: ReadSession) throws -> (sql: String, arguments: [DatabaseValue]) {
        try validate(db)
        var arguments: [DatabaseValue] = []
        func bind(_ value: String) -> String {
            arguments.append(.text(value))
            return "?"
        }
        func exists(_ table: String, _ column: String, _ value: String) -> String {
            "EXISTS (SELECT 1 FROM \(table) x WHERE x.journey_id = \(j).id AND x.\(column) = \(bind(value)) AND x.voided_at IS NULL)"
        }
        func sql(_ node: Node) -> String {
            switch node {
            case .obstacle(let category): return exists("obstacles", "category_id", category)
            case .rule(let rule): return exists("obstacles", "rule_ref", rule)
            case .sector(let sector): return exists("steps", "sector_id", sector)
            case .type(let type): return "\(j).type = \(bind(type))"
            case .outcome(let outcome):
                let closed = asOf.map { "\(j).closed_at <= \(bind($0.inclusiveBound))" } ?? "\(j).closed_at IS NOT NULL"
                return """
                    (CASE WHEN \(closed) THEN coalesce(\(j).outcome, '\(JourneySelection.unknownOutcome)')
                          ELSE '\(JourneySelection.openOutcome)' END) = \(bind(outcome))
                    """
            case .sectorCount(let comparison, let bound):
                arguments.append(.integer(Int64(bound)))
                return "coalesce((SELECT f.sector_count FROM journey_facts f WHERE f.journey_id = \(j).id), 0) \(comparison.rawValue) ?"
            case .not(let inner): return "NOT (\(sql(inner)))"
            case .and(let left, let right): return "(\(sql(left)) AND \(sql(right)))"
            case .or(let left, let right): return "(\(sql(left)) OR \(sql(right)))"
            }
        }
        let text = sql(root)
        return (text, arguments)
    }
}
