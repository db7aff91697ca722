import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the hot columns of million-row scans without making a Swift string
/// per row: sector ids become small integers (interned once by their
/// bytes), stored dates become day numbers parsed straight from the bytes.
struct ColumnReader {
    private(set) var names: [String] = []
    private var bytes: [[UInt8]] = []
    private var byHash: [UInt64: [Int]] = [:]
    /// The last number returned: consecutive rows often repeat a value.
    private var last = -1

    /// Starts with `names` known, in that order (their numbers are their
    /// positions).
    init(known names: [String] = []) {
        for name in names { _ = number(of: name) }
    }

    /// The number of the text in column `index` of the current row.
    mutating func number(_ statement: Statement, _ index: Int32) -> Int {
        guard let pointer = sqlite3_column_text(statement.handle, index) else { return number(of: "") }
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        let text = UnsafeRawBufferPointer(start: pointer, count: count)
        if last >= 0 && equal(last, text) { return last }
        // A handful of names (sectors) are found faster by comparing than by hashing.
        if bytes.count <= 32 {
            for candidate in bytes.indices where equal(candidate, text) {
                last = candidate
                return candidate
            }
        }
        let hash = Self.hash(text)
        if let candidates = byHash[hash] {
            for candidate in candidates where equal(candidate, text) {
                last = candidate
                return candidate
            }
        }
        last = add(String(decoding: text, as: UTF8.self), hash: hash)
        return last
    }

    private func equal(_ number: Int, _ text: UnsafeRawBufferPointer) -> Bool {
        let known = bytes[number]
        guard known.count == text.count else { return false }
        guard let base = text.baseAddress, !known.isEmpty else { return true }
        return known.withUnsafeBytes { memcmp($0.baseAddress!, base, text.count) == 0 }
    }

    /// The number of `name`, adding it when new.
    mutating func number(of name: String) -> Int {
        let hash = name.utf8.withContiguousStorageIfAvailable { Self.hash(UnsafeRawBufferPointer($0)) }
            ?? Self.hash(Array(name.utf8))
        if let candidates = byHash[hash], let found = candidates.first(where: { names[$0] == name }) { return found }
        return add(name, hash: hash)
    }

    private mutating func add(_ name: String, hash: UInt64) -> Int {
        names.append(name)
        bytes.append(Array(name.utf8))
        byHash[hash, default: []].append(names.count - 1)
        return names.count - 1
    }

    /// FNV-1a.
    private static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return hash
    }

    /// Days since 1970-01-01 (fractional for instants) of the stored date in
    /// column `index`: the two stored forms (`YYYY-MM-DD`,
    /// `YYYY-MM-DDTHH:MM:SSZ`) are parsed in place, anything else through
    /// `Timestamp.days`. Differences equal those of SQLite's `julianday`.
    static func days(_ statement: Statement, _ index: Int32) -> Double {
        guard let pointer = sqlite3_column_text(statement.handle, index) else { return .nan }
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        let bytes = UnsafeBufferPointer(start: pointer, count: count)
        func digits(_ start: Int, _ width: Int) -> Int? {
            var value = 0
            for offset in start..<start + width {
                let byte = bytes[offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        if count == 10 || (count == 20 && bytes[10] == 84 && bytes[19] == 90 && bytes[13] == 58 && bytes[16] == 58),
           bytes[4] == 45, bytes[7] == 45,
           let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
           month >= 1, month <= 12, day >= 1, day <= Timestamp.daysInMonth(year, month) {
            let date = Double(Timestamp.daysFromCivil(year: year, month: month, day: day))
            guard count == 20 else { return date }
            if let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
               hour < 24, minute < 60, second < 60 {
                return date + Double(hour * 3600 + minute * 60 + second) / 86_400
            }
        }
        return Timestamp.days(statement.text(index)) ?? .nan
    }
}
