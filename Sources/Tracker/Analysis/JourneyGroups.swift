/// Splits a selection into labelled groups of journey positions. A journey
/// may sit in several groups (every sector it has a step in); groups with no
/// journey do not appear. Labels come in alphabetical order.
enum JourneyGroups {
    static func byType(_ selection: JourneySelection) -> [(label: String, members: [Int])] {
        byLabel(selection.types)
    }

    /// Open journeys under `open`, closed ones under their outcome.
    static func byOutcome(_ selection: JourneySelection) -> [(label: String, members: [Int])] {
        byLabel(selection.outcomes)
    }

    static func bySector(_ selection: JourneySelection, _ db: ReadSession) throws -> [(label: String, members: [Int])] {
        try selection.sectorMembers(db).map { ($0.sector, $0.members) }
    }

    static func byCategory(_ selection: JourneySelection, _ db: ReadSession) throws -> [(label: String, members: [Int])] {
        try selection.categoryMembers(db).map { ($0.category, $0.members) }
    }

    /// The whole selection as one unnamed group.
    static func all(_ selection: JourneySelection) -> [(label: String, members: [Int])] {
        [("", Array(selection.indices))]
    }

    private static func byLabel(_ labels: [String]) -> [(label: String, members: [Int])] {
        var members: [String: [Int]] = [:]
        for (index, label) in labels.enumerated() { members[label, default: []].append(index) }
        return members.keys.sorted().map { ($0, members[$0]!) }
    }
}
