/// Where a challenge of a rule stands: pending until the authority answers,
/// once.
public enum ChallengeStatus: String, Sendable, CaseIterable {
    case pending, granted, partial, refused, withdrawn
}

/// The authority's answer to a challenge (or the municipality's withdrawal).
public enum ChallengeOutcome: String, Sendable, CaseIterable {
    case granted, partial, refused, withdrawn

    /// Whether the answer changes the rule from a day on: only a grant does.
    public var takesEffect: Bool { self == .granted || self == .partial }
}

/// A rule challenged before the authority that owns it (udfordringsret,
/// frikommuneforsøg): with the evidence the municipality had when it asked,
/// and the answer.
public struct RuleChallenge: Sendable, Equatable {
    public let id: Int64
    public let ruleRef: String
    public let authority: String
    public let submittedAt: String
    public let request: String?
    public let caseRef: String?
    /// The rule's `analyze rules` row as of the submission day, as JSON.
    public let evidence: String
    public let status: ChallengeStatus
    public let respondedAt: String?
    public let effectiveFrom: String?
    public let note: String?
    /// Who filed it.
    public let actor: String

    static let columns = "id, rule_ref, authority, submitted_at, request, case_ref, evidence, status, responded_at, effective_from, note, actor"

    init(row: Row) {
        id = row[0].integer ?? 0
        ruleRef = row[1].text ?? ""
        authority = row[2].text ?? ""
        submittedAt = row[3].text ?? ""
        request = row[4].text
        caseRef = row[5].text
        evidence = row[6].text ?? "{}"
        status = ChallengeStatus(rawValue: row[7].text ?? "") ?? .pending
        respondedAt = row[8].text
        effectiveFrom = row[9].text
        note = row[10].text
        actor = row[11].text ?? ""
    }
}

/// A challenge to file: what `rule challenge` reads.
public struct NewRuleChallenge: Sendable {
    public var ruleRef: String
    public var authority: String
    public var submittedAt: String
    public var request: String?
    public var caseRef: String?

    public init(ruleRef: String, authority: String, submittedAt: String, request: String? = nil, caseRef: String? = nil) {
        self.ruleRef = ruleRef
        self.authority = authority
        self.submittedAt = submittedAt
        self.request = request
        self.caseRef = caseRef
    }
}

/// An answer to record: what `rule respond` reads.
public struct ChallengeResponse: Sendable {
    public var outcome: ChallengeOutcome
    public var at: String
    public var effectiveFrom: String?
    public var note: String?

    public init(outcome: ChallengeOutcome, at: String, effectiveFrom: String? = nil, note: String? = nil) {
        self.outcome = outcome
        self.at = at
        self.effectiveFrom = effectiveFrom
        self.note = note
    }
}
