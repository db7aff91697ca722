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
