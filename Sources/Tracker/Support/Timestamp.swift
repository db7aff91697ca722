#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dates and times as the tracker stores them: ISO 8601 text in UTC, either
/// a day (`2026-03-01`) or an instant to the second (`2026-03-01T09:30:00Z`).
/// Both sort correctly as text, which the indexes and views rely on.
public enum Timestamp {
    /// The current instant, to the second, in UTC.
    public static func now() -> String {
        format(secondsSinceEpoch: Int64(time(nil)))
    }

    /// Today's date in UTC.
    public static func today() -> String {
        String(now().prefix(10))
    }

    public static func format(secondsSinceEpoch seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(fromDays: days)
        return formatDate(year: year, month: month, day: day) + "T"
            + pad(Int(secondOfDay / 3600), 2) + ":" + pad(Int(secondOfDay % 3600 / 60), 2) + ":"
            + pad(Int(secondOfDay % 60), 2) + "Z"
    }

    static func formatDate(year: Int, month: Int, day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Parses a user's date or date-time and returns the stored form. Accepts
    /// `YYYY-MM-DD`, `today` and `yesterday` (local days), and
    /// `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, an offset (`+02:00`, `+0200`)
    /// or nothing: then it is local time (`$TZ`, else the system's zone),
    /// stored in UTC. A space may stand for `T`. Returns nil for anything
    /// else, including impossible dates.
    public static func normalize(_ text: String) -> String? {
        // Most values (every row of an export, say) are already stored forms.
        if isStored(text) { return text }
        switch text.lowercased() {
        case "today": return localDay(offset: 0)
        case "yesterday": return localDay(offset: -1)
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              year >= 1800, year <= 2200, month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        if index == bytes.count { return formatDate(year: year, month: month, day: day) }
        guard expect(84) || expect(32) || expect(116) else { return nil }
        guard let hour = number(2), expect(58), let minute = number(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if expect(58) {
            guard let value = number(2), value < 60 else { return nil }
            second = value
            if expect(46) || expect(44) {
                let start = index
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
                guard index > start else { return nil }
            }
        }
        var offsetMinutes: Int?
        if index < bytes.count {
            if expect(90) || expect(122) {
                offsetMinutes = 0
            } else if bytes[index] == 43 || bytes[index] == 45 {
                let sign = bytes[index] == 45 ? -1 : 1
                index += 1
                guard let offsetHours = number(2), offsetHours < 24 else { return nil }
                _ = expect(58)
                guard let offsetMinute = number(2), offsetMinute < 60 else { return nil }
                offsetMinutes = sign * (offsetHours * 60 + offsetMinute)
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        guard let offsetMinutes else {
            return format(secondsSinceEpoch: localSeconds(year: year, month: month, day: day, hour: hour, minute: minute,
                                                          second: second))
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        return format(secondsSinceEpoch: seconds)
    }

    /// Seconds since the epoch of a wall-clock time in the local zone.
    private static func localSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_isdst = -1
        return Int64(mktime(&parts))
    }

    /// The local day `offset` days from today, as `YYYY-MM-DD`.
    static func localDay(offset: Int64) -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let days = daysFromCivil(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
        let (year, month, day) = civilDate(fromDays: days + offset)
        return formatDate(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (fractional for instants) of a stored value, as
    /// SQLite's `julianday(x) - 2440587.5`. Nil when the text is not one.
    public static func days(_ stored: String) -> Double? {
        if let date = storedDate(of: stored) { return Double(date.day) + Double(date.second) / 86_400 }
        guard var normalized = normalize(stored) else { return nil }
        return normalized.withUTF8 { bytes in
            storedDate(UnsafeRawBufferPointer(bytes)).map { Double($0.day) + Double($0.second) / 86_400 }
        }
    }

    /// Whether `text` is one of the two stored forms, a valid date.
    static func isStored(_ text: String) -> Bool {
        storedDate(of: text) != nil
    }

    /// `storedDate` of a string's bytes (read in place when the string is
    /// native), within the years `normalize` accepts.
    private static func storedDate(of text: String) -> (day: Int64, second: Int, year: Int)? {
        let count = text.utf8.count
        guard count == 10 || count == 20 else { return nil }
        let date = text.utf8.withContiguousStorageIfAvailable { storedDate(UnsafeRawBufferPointer($0)) }
            ?? Array(text.utf8).withUnsafeBytes { storedDate($0) }
        guard let date, date.year >= 1800, date.year <= 2200 else { return nil }
        return date
    }

    /// The two stored forms (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ`) read
    /// straight from their bytes: the day since 1970-01-01, the second of
    /// that day, and the year. Nil for any other text. Scans call this on a
    /// column's bytes in place, without making a string per row.
    static func storedDate(_ bytes: UnsafeRawBufferPointer) -> (day: Int64, second: Int, year: Int)? {
        let count = bytes.count
        func digits(_ start: Int, _ width: Int) -> Int? {
            var value = 0
            for offset in start..<start + width {
                let byte = bytes[offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard count == 10 || (count == 20 && bytes[10] == 84 && bytes[19] == 90 && bytes[13] == 58 && bytes[16] == 58),
              bytes[4] == 45, bytes[7] == 45,
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        var second = 0
        if count == 20 {
            guard let hour = digits(11, 2), let minute = digits(14, 2), let seconds = digits(17, 2),
                  hour < 24, minute < 60, seconds < 60 else { return nil }
            second = hour * 3600 + minute * 60 + seconds
        }
        return (daysFromCivil(year: year, month: month, day: day), second, year)
    }

    /// SQLite's `julianday` of a stored date, computed the same way (whole
    /// milliseconds over 86,400,000); nil for any other text, which
    /// `julianday` itself must read.
    static func julianDay(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard let date = storedDate(bytes), date.year >= 1600 else { return nil }
        // Julian day 2440587.5 is 1970-01-01 00:00.
        let milliseconds = (2 * date.day + 4_881_175) * 43_200_000 + Int64(date.second) * 1000
        return Double(milliseconds) / 86_400_000.0
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
