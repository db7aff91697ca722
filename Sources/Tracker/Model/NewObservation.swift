/// A measured value of an effect indicator.
public struct NewObservation: Sendable {
    public var measure: String
    public var phase: Phase
    public var value: Double
    public var observedAt: String?

    public init(measure: String, phase: Phase, value: Double, observedAt: String? = nil) {
        self.measure = measure
        self.phase = phase
        self.value = value
        self.observedAt = observedAt
    }
}
