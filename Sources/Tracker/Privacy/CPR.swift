/// The Danish personal identification number (CPR-nummer): DDMMYY-SSSS.
///
/// Only the date is checked. The modulus-11 check is deliberately not
/// applied: since 2007 numbers are issued that do not pass it.
public enum CPR {
    /// Checks a CPR number and returns its ten digits without a hyphen.
    ///
    /// Accepts `DDMMYY-SSSS` or `DDMMYYSSSS`; spaces and tabs around the
    /// number are ignored (they creep in from spreadsheets). DDMMYY must be
    /// a real date in the century chosen by the seventh digit (see
    /// `birthYear(twoDigitYear:seventhDigit:)`).
    /// - Throws: `CPRError`, whose message does not contain the number.
    public static func normalize(_ text: String) throws(CPRError) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(10)
        var sawContent = false
        var hyphenOffset: Int?
        var trailingBlank = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if sawContent { trailingBlank = true }
                continue
            }
            // Nothing but blanks may follow the trailing blanks.
            if trailingBlank { throw .wrongFormat }
            sawContent = true
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard digits.count < 10 else { throw .wrongFormat }
                digits.append(byte - UInt8(ascii: "0"))
            } else if byte == UInt8(ascii: "-") && hyphenOffset == nil && digits.count == 6 {
                hyphenOffset = digits.count
            } else {
                throw .wrongFormat
            }
        }
        guard sawContent else { throw .empty }
        guard digits.count == 10 else { throw .wrongFormat }
        let isRealDate = isValidBirthDate(
            day: Int(digits[0]) * 10 + Int(digits[1]),
            month: Int(digits[2]) * 10 + Int(digits[3]),
            twoDigitYear: Int(digits[4]) * 10 + Int(digits[5]),
            seventhDigit: Int(digits[6])
        )
        guard isRealDate else { throw .invalidDate }
        return String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// The four-digit birth year, by the CPR office's rule on the seventh digit:
    /// - 0–3: 1900–1999;
    /// - 4 and 9: 2000–2036 when YY ≤ 36, else 1937–1999;
    /// - 5–8: 2000–2057 when YY ≤ 57, else 1858–1899.
    ///
    /// - Precondition: `twoDigitYear` is 0–99 and `seventhDigit` is 0–9.
    public static func birthYear(twoDigitYear: Int, seventhDigit: Int) -> Int {
        precondition((0...99).contains(twoDigitYear) && (0...9).contains(seventhDigit), "not a CPR digit")
        switch seventhDigit {
        case 0...3:
            return 1900 + twoDigitYear
        case 4, 9:
            return twoDigitYear <= 36 ? 2000 + twoDigitYear : 1900 + twoDigitYear
        default:
            return twoDigitYear <= 57 ? 2000 + twoDigitYear : 1800 + twoDigitYear
        }
    }

    /// Whether DDMMYY is a real date in the century `seventhDigit` selects.
    /// Out-of-range arguments (a year above 99, a seventh digit above 9) give false.
    public static func isValidBirthDate(day: Int, month: Int, twoDigitYear: Int, seventhDigit: Int) -> Bool {
        guard (1...12).contains(month), day >= 1,
              (0...99).contains(twoDigitYear), (0...9).contains(seventhDigit)
        else { return false }
        let year = birthYear(twoDigitYear: twoDigitYear, seventhDigit: seventhDigit)
        return day <= daysIn(month: month, year: year)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let isLeapYear = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeapYear ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}
