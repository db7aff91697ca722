/// The closed sets of the domain. Their raw values are stored in the
/// database and typed on the command line, so they are part of the interface.

public enum JourneyStatus: String, Sendable, CaseIterable {
    case open, closed
}

public enum Outcome: String, Sendable, CaseIterable {
    case achieved, partial
    case notAchieved = "not_achieved"
    case withdrawn
}

public enum StepKind: String, Sendable, CaseIterable {
    case referral, assessment, meeting, decision, service, handover, waiting, other
}

public enum ObstacleStatus: String, Sendable, CaseIterable {
    case open, escalated, resolved, accepted

    /// Still holding the journey back: open or escalated.
    public var isUnresolved: Bool { self == .open || self == .escalated }
}

public enum Phase: String, Sendable, CaseIterable {
    case baseline, interim, followup
}

public enum SectorLevel: String, Sendable, CaseIterable {
    case municipal, regional, state, `private`, civil
}

public enum Dimension: String, Sendable, CaseIterable {
    case human, economic, societal
}

public enum Direction: String, Sendable, CaseIterable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The accepted values, for error messages and help.
    public static var valueList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a value of the set, or explains which values are accepted.
    public static func parse(_ text: String, field: String) throws -> Self {
        guard let value = Self(rawValue: text) else {
            throw FieldError(field: field, "'\(text)' is not one of: \(valueList)")
        }
        return value
    }
}
