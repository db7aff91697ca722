/// A sector or service area a step happens in or an obstacle arises between.
public struct Sector: Sendable, Equatable {
    public let id: String
    public let name: String
    public let level: String
    public let kle: String?
}
