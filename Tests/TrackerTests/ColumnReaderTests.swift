import Testing
@testable import Tracker

@Suite("Column reader for large scans")
struct ColumnReaderTests {
    @Test("texts get stable numbers, known names first, beyond the first table size too")
    func interning() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x TEXT); WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199) "
                       + "INSERT INTO t SELECT 'name_' || (i % 100) FROM n")
        var reader = ColumnReader(known: ["name_7", "zeta"])
        let statement = try db.prepare("SELECT x FROM t")
        var numbers: [Int] = []
        while try statement.advance() { numbers.append(reader.number(statement, 0)) }
        #expect(reader.names.count == 101)
        #expect(numbers[7] == 0 && numbers[107] == 0)
        #expect(Array(numbers[0..<100]) == Array(numbers[100..<200]))
        #expect(Set(numbers).count == 100)
        for (index, number) in numbers.enumerated() { #expect(reader.names[number] == "name_\(index % 100)") }
        #expect(reader.number(of: "zeta") == 1)
    }

    @Test("stored dates become days whose differences equal julianday's", arguments: [
        "2026-03-01", "2026-03-01T09:30:00Z", "2024-02-29T23:59:59Z", "1970-01-01", "2026-03-01T09:30:00.250Z",
        "2026-03-01 09:30", "2026-03-01T11:30:00+02:00",
    ])
    func days(text: String) throws {
        let db = try Database(path: ":memory:")
        let statement = try db.prepare("SELECT ?1, julianday(?1) - julianday('1970-01-01')")
        try statement.bind([text])
        #expect(try statement.advance())
        let days = ColumnReader.days(statement, 0)
        // Sub-second parts are dropped by Timestamp, as they are in stored values.
        #expect(abs(days - statement.double(1)) < 0.5 / 86_400, "\(text): \(days) against \(statement.double(1))")
    }

    @Test("julian days of the stored forms equal SQLite's julianday exactly", arguments: [
        "2026-03-01", "2026-03-01T09:30:00Z", "2024-02-29T23:59:59Z", "1970-01-01", "1600-03-01", "2199-12-31T00:00:01Z",
        "2026-01-05T00:00:00Z",
    ])
    func julianDays(text: String) throws {
        let db = try Database(path: ":memory:")
        let statement = try db.prepare("SELECT ?1, julianday(?1)")
        try statement.bind([text])
        #expect(try statement.advance())
        #expect(ColumnReader.julianDay(statement, 0) == statement.double(1), "\(text)")
    }

    @Test("forms other than the two stored ones are left to SQLite", arguments: [
        "2026-03-01 09:30", "2026-03-01T09:30:00.250Z", "2026-02-30", "yesterday", "",
    ])
    func otherForms(text: String) throws {
        let db = try Database(path: ":memory:")
        let statement = try db.prepare("SELECT ?1")
        try statement.bind([text])
        #expect(try statement.advance())
        #expect(ColumnReader.julianDay(statement, 0) == nil)
    }

    @Test("month keys pack YYYY-MM and unpack to the same text")
    func months() throws {
        let db = try Database(path: ":memory:")
        let statement = try db.prepare("SELECT '2026-03-01T09:30:00Z', '2025-12-31'")
        #expect(try statement.advance())
        let march = ColumnReader.monthKey(statement, 0), december = ColumnReader.monthKey(statement, 1)
        #expect(ColumnReader.monthText(march) == "2026-03" && ColumnReader.monthText(december) == "2025-12")
        #expect(december < march)
    }
}
