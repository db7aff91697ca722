/// One citizen's cross-sector course, as read from the database.
public struct Journey: Sendable, Equatable {
    public let id: Int64
    public let ref: String?
    public let citizenID: String
    public let type: String
    public let title: String?
    public let goal: String?
    public let owner: String?
    public let openedAt: String
    public let closedAt: String?
    public let status: JourneyStatus
    public let outcome: Outcome?
    /// When the journey was voided; nil while it counts.
    public let voidedAt: String?

    /// How the journey is named to people: its ref, else `#id`.
    public var label: String { ref ?? "#\(id)" }
}

/// What a caseworker gives to open a journey (or an import row holds).
public struct NewJourney: Sendable {
    public var citizenID: String
    public var type: String
    public var ref: String?
    public var title: String?
    public var goal: String?
    public var owner: String?
    public var openedAt: String?
    public var closedAt: String?
    public var outcome: Outcome?

    public init(citizenID: String, type: String, ref: String? = nil, title: String? = nil, goal: String? = nil,
                owner: String? = nil, openedAt: String? = nil, closedAt: String? = nil, outcome: Outcome? = nil) {
        self.citizenID = citizenID
        self.type = type
        self.ref = ref
        self.title = title
        self.goal = goal
        self.owner = owner
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.outcome = outcome
    }
}
