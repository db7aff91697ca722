/// A barrier a journey met, as a caseworker logs it (or an import row holds).
public struct NewObstacle: Sendable {
    public var category: String
    public var sectors: [String]
    public var description: String
    public var ruleRef: String?
    public var severity: Int?
    public var delayDays: Double?
    public var staffHours: Double?
    public var loggedAt: String?
    /// Imports may carry the obstacle's later state too.
    public var status: ObstacleStatus
    public var resolvedAt: String?
    public var resolution: String?

    public init(category: String, sectors: [String], description: String, ruleRef: String? = nil, severity: Int? = nil,
                delayDays: Double? = nil, staffHours: Double? = nil, loggedAt: String? = nil,
                status: ObstacleStatus = .open, resolvedAt: String? = nil, resolution: String? = nil) {
        self.category = category
        self.sectors = sectors
        self.description = description
        self.ruleRef = ruleRef
        self.severity = severity
        self.delayDays = delayDays
        self.staffHours = staffHours
        self.loggedAt = loggedAt
        self.status = status
        self.resolvedAt = resolvedAt
        self.resolution = resolution
    }
}
