/// An effect indicator: what is measured, in which unit, and which way is better.
public struct Measure: Sendable, Equatable {
    public let id: String
    public let name: String
    public let dimension: Dimension
    public let unit: String
    public let direction: Direction

    /// Whether a rise is an improvement.
    public var higherIsBetter: Bool { direction == .higherIsBetter }
}
