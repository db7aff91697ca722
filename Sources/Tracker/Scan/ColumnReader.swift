#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the hot columns of million-row scans without making a Swift string
/// per row: text values (sector ids, categories, rules) become small
/// numbers, interned once by their bytes in an open-addressing table;
/// stored dates become day numbers parsed straight from the bytes.
struct ColumnReader {
    private(set) var names: [String] = []
    private var bytes: [[UInt8]] = []
    /// Slots hold a name's number, -1 when empty; the capacity is a power
    /// of two at least twice the number of names.
    private var slots = [Int32](repeating: -1, count: 64)
    /// The last number returned: consecutive rows often repeat a value.
    private var last = -1

    /// Starts with `names` known, in that order (their numbers are their
    /// positions).
    init(known names: [String] = []) {
        for name in names { _ = number(of: name) }
    }

    /// The number of the text in column `index` of the current row.
    mutating func number(_ statement: Statement, _ index: Int32) -> Int {
        let text = statement.textBytes(index)
        if last >= 0 && equal(last, text) { return last }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(text)) & mask
        while slots[slot] >= 0 {
            let candidate = Int(slots[slot])
            if equal(candidate, text) {
                last = candidate
                return candidate
            }
            slot = (slot + 1) & mask
        }
        last = add(Array(text))
        return last
    }

    /// The number of `name`, adding it when new.
    mutating func number(of name: String) -> Int {
        let text = Array(name.utf8)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(text)) & mask
        while slots[slot] >= 0 {
            if bytes[Int(slots[slot])] == text { return Int(slots[slot]) }
            slot = (slot + 1) & mask
        }
        return add(text)
    }

    private mutating func add(_ text: [UInt8]) -> Int {
        let number = names.count
        names.append(String(decoding: text, as: UTF8.self))
        bytes.append(text)
        if names.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (known, knownBytes) in bytes.enumerated() { insert(known, knownBytes) }
        } else {
            insert(number, text)
        }
        return number
    }

    private mutating func insert(_ number: Int, _ text: [UInt8]) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(text)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(number)
    }

    /// The first byte of the text in column `index`; 0 when empty or null.
    static func firstByte(_ statement: Statement, _ index: Int32) -> UInt8 {
        let text = statement.textBytes(index)
        return text.isEmpty ? 0 : text[0]
    }

    private func equal(_ number: Int, _ text: UnsafeRawBufferPointer) -> Bool {
        bytes[number].withUnsafeBytes { known in
            known.count == text.count && (text.isEmpty || memcmp(known.baseAddress!, text.baseAddress!, text.count) == 0)
        }
    }

    /// A cheap hash of the length and the first and last eight bytes: ids
    /// differ early or late, and a collision only costs a comparison.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        if bytes.count >= 8 {
            hash ^= bytes.loadUnaligned(as: UInt64.self) &* 0xC2B2_AE3D_27D4_EB4F
            hash ^= bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) &* 0x1656_67B1_9E37_79F9
        } else {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        }
        return hash ^ (hash >> 29)
    }

    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Days since 1970-01-01 (fractional for instants) of the stored date in
    /// column `index`: the stored forms are parsed in place, anything else
    /// through `Timestamp.days`. Differences equal those of SQLite's `julianday`.
    static func days(_ statement: Statement, _ index: Int32) -> Double {
        if let date = Timestamp.storedDate(statement.textBytes(index)) {
            return Double(date.day) + Double(date.second) / 86_400
        }
        return Timestamp.days(statement.text(index)) ?? .nan
    }

    /// SQLite's `julianday` of the stored date in column `index`, computed
    /// the same way (whole milliseconds over 86,400,000) for the two stored
    /// forms; nil for any other text, which `julianday` itself must read.
    static func julianDay(_ statement: Statement, _ index: Int32) -> Double? {
        Timestamp.julianDay(statement.textBytes(index))
    }

    /// The first seven bytes of the text in column `index` (`YYYY-MM` of a
    /// stored date) as one number, for grouping by month without strings.
    static func monthKey(_ statement: Statement, _ index: Int32) -> Int {
        let text = statement.textBytes(index)
        var key = 0
        for offset in 0..<min(7, text.count) { key = key << 8 | Int(text[offset]) }
        return key
    }

    /// The text `monthKey` packed.
    static func monthText(_ key: Int) -> String {
        var bytes: [UInt8] = []
        var rest = key
        while rest > 0 {
            bytes.append(UInt8(rest & 0xFF))
            rest >>= 8
        }
        return String(decoding: bytes.reversed(), as: UTF8.self)
    }

    /// Whether the text in column `index` sorts before (or after) `other`,
    /// bytewise as SQLite compares text, without making a string.
    static func compare(_ statement: Statement, _ index: Int32, _ other: [UInt8]) -> Int32 {
        let text = statement.textBytes(index)
        guard let pointer = text.baseAddress else { return -1 }
        let shared = min(text.count, other.count)
        let order = other.withUnsafeBytes { shared == 0 ? 0 : memcmp(pointer, $0.baseAddress!, shared) }
        if order != 0 { return order }
        return text.count == other.count ? 0 : (text.count < other.count ? -1 : 1)
    }

    static func rawBytes(_ statement: Statement, _ index: Int32) -> [UInt8] {
        Array(statement.textBytes(index))
    }
}
