import ArgumentParser
import Tracker

extension JourneyStatus: ExpressibleByArgument {}
extension Outcome: ExpressibleByArgument {}
extension StepKind: ExpressibleByArgument {}
extension ObstacleStatus: ExpressibleByArgument {}
extension Phase: ExpressibleByArgument {}
extension SectorLevel: ExpressibleByArgument {}
extension Dimension: ExpressibleByArgument {}
extension Direction: ExpressibleByArgument {}

/// Numbers arrive as text and are checked by the library, so a malformed
/// number is bad data (exit 65) like any other malformed value, not a
/// usage error.
enum NumberArgument {
    static func double(_ text: String?, field: String) throws -> Double? {
        guard let text else { return nil }
        return try Validate.number(text, field: field)
    }
}
