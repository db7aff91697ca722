/// The kinds of recorded row a caseworker can correct, void and restore.
public enum CorrectableEntity: String, Sendable, CaseIterable {
    case journey, step, obstacle, observation, note

    /// What people call one, in messages.
    public var noun: String { rawValue }
}

/// A change to a step. A field left nil keeps its value; an empty text
/// clears an optional one.
public struct StepAmendment: Sendable {
    public var sector: String?
    public var kind: StepKind?
    public var unit: String?
    public var at: String?
    public var endedAt: String?
    public var note: String?

    public init(sector: String? = nil, kind: StepKind? = nil, unit: String? = nil, at: String? = nil,
                endedAt: String? = nil, note: String? = nil) {
        self.sector = sector
        self.kind = kind
        self.unit = unit
        self.at = at
        self.endedAt = endedAt
        self.note = note
    }
}

/// A change to an obstacle; `sectors`, when given, replaces them all.
public struct ObstacleAmendment: Sendable {
    public var category: String?
    public var sectors: [String]?
    public var ruleRef: String?
    public var description: String?
    public var severity: Int?
    public var delayDays: Double?
    public var staffHours: Double?
    public var loggedAt: String?

    public init(category: String? = nil, sectors: [String]? = nil, ruleRef: String? = nil, description: String? = nil,
                severity: Int? = nil, delayDays: Double? = nil, staffHours: Double? = nil, loggedAt: String? = nil) {
        self.category = category
        self.sectors = sectors
        self.ruleRef = ruleRef
        self.description = description
        self.severity = severity
        self.delayDays = delayDays
        self.staffHours = staffHours
        self.loggedAt = loggedAt
    }
}

/// A change to an observation.
public struct ObservationAmendment: Sendable {
    public var value: Double?
    public var phase: Phase?
    public var observedAt: String?

    public init(value: Double? = nil, phase: Phase? = nil, observedAt: String? = nil) {
        self.value = value
        self.phase = phase
        self.observedAt = observedAt
    }
}

/// A change to a journey's own fields; `citizenID` is the citizen's
/// reference or pseudonym, as `journey open` takes it.
public struct JourneyAmendment: Sendable {
    public var type: String?
    public var ref: String?
    public var title: String?
    public var goal: String?
    public var openedAt: String?
    public var citizenID: String?

    public init(type: String? = nil, ref: String? = nil, title: String? = nil, goal: String? = nil,
                openedAt: String? = nil, citizenID: String? = nil) {
        self.type = type
        self.ref = ref
        self.title = title
        self.goal = goal
        self.openedAt = openedAt
        self.citizenID = citizenID
    }
}
