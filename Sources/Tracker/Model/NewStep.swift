/// A dated event of a journey in one sector.
public struct NewStep: Sendable {
    public var sector: String
    public var kind: StepKind
    public var unit: String?
    public var at: String?
    public var endedAt: String?
    public var note: String?

    public init(sector: String, kind: StepKind, unit: String? = nil, at: String? = nil, endedAt: String? = nil, note: String? = nil) {
        self.sector = sector
        self.kind = kind
        self.unit = unit
        self.at = at
        self.endedAt = endedAt
        self.note = note
    }
}
