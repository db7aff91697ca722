import Testing
@testable import Tracker

@Suite("Timestamps")
struct TimestampTests {
    @Test("dates and instants normalize to UTC text", arguments: [
        ("2026-03-01", "2026-03-01"),
        ("2026-03-01T09:30:00Z", "2026-03-01T09:30:00Z"),
        ("2026-03-01T09:30", "2026-03-01T09:30:00Z"),
        ("2026-03-01 09:30:15.250Z", "2026-03-01T09:30:15Z"),
        ("2026-03-01T01:30:00+02:00", "2026-02-28T23:30:00Z"),
        ("2024-02-29T23:00:00-0130", "2024-03-01T00:30:00Z"),
    ])
    func normalizes(input: String, expected: String) {
        #expect(Timestamp.normalize(input) == expected)
    }

    @Test("impossible or malformed dates are refused", arguments: [
        "2026-02-29", "2026-13-01", "2026-1-01", "01-03-2026", "2026-03-01T25:00", "2026-03-01Tnoon", "", "2026-03-01Z1",
    ])
    func refuses(input: String) {
        #expect(Timestamp.normalize(input) == nil)
    }

    @Test("days since the epoch agree with SQLite's julianday")
    func daysAgreeWithSQLite() throws {
        let db = try Database(path: ":memory:")
        for text in ["1970-01-01", "2026-03-01", "2026-03-01T12:00:00Z", "1899-12-31", "2100-02-28T23:59:59Z"] {
            let sqlite = try db.value("SELECT julianday(?) - 2440587.5", [text]).real!
            #expect(abs(Timestamp.days(text)! - sqlite) < 1e-6, "\(text)")
        }
    }

    @Test("now is a well-formed UTC instant")
    func now() {
        let now = Timestamp.now()
        #expect(Timestamp.normalize(now) == now)
        #expect(now.hasSuffix("Z"))
    }
}
