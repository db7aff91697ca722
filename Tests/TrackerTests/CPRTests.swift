import Testing
@testable import Tracker

@Suite("CPR numbers")
struct CPRTests {
    @Test("both written forms normalize to ten digits")
    func normalizesBothForms() throws {
        #expect(try CPR.normalize("010190-1234") == "0101901234")
        #expect(try CPR.normalize("0101901234") == "0101901234")
        #expect(try CPR.normalize("  010190-1234\t") == "0101901234")
    }

    @Test("no modulus-11 check: a number failing it is still accepted")
    func noModulus11() throws {
        // Weighted sum with 4,3,2,7,6,5,4,3,2,1 is 84, and 84 mod 11 = 7.
        #expect(try CPR.normalize("0101901234") == "0101901234")
    }

    @Test("badly formed input is rejected as wrongFormat", arguments: [
        "010190123", "01019012345", "010190--1234", "01019-01234", "0101901234-", "010190 1234",
        "O10190-1234", "010190–1234", "١٠١٩٠١٢٣٤", "abc", "-0101901234",
    ])
    func wrongFormat(text: String) {
        #expect(throws: CPRError.wrongFormat) { _ = try CPR.normalize(text) }
    }

    @Test("empty input is its own error")
    func emptyInput() {
        #expect(throws: CPRError.empty) { _ = try CPR.normalize("") }
        #expect(throws: CPRError.empty) { _ = try CPR.normalize("   ") }
    }

    @Test("an impossible date is rejected", arguments: [
        "3213901234",  // day 32
        "0013901234",  // day 0
        "0100901234",  // month 0
        "0113901234",  // month 13
        "310490-1234",  // 31 April
        "290223-1234",  // 1923 is not a leap year
        "290223-4234",  // 2023 is not a leap year
        "290200-1234",  // 1900 is not a leap year
        "290258-5234",  // 1858 is not a leap year
        "290237-9234",  // 1937 is not a leap year
    ])
    func invalidDate(text: String) {
        #expect(throws: CPRError.invalidDate) { _ = try CPR.normalize(text) }
    }

    @Test("29 February is accepted in the leap years the seventh digit selects", arguments: [
        "290224-1234",  // 1924
        "290200-4234",  // 2000
        "290296-5234",  // 1896
        "290256-5234",  // 2056
        "290236-9234",  // 2036
        "290240-4234",  // 1940
    ])
    func leapDays(text: String) throws {
        #expect(try CPR.normalize(text).count == 10)
    }

    @Test("the century follows the official seventh-digit rule")
    func centuryRule() {
        #expect(CPR.birthYear(twoDigitYear: 99, seventhDigit: 0) == 1999)
        #expect(CPR.birthYear(twoDigitYear: 5, seventhDigit: 3) == 1905)
        #expect(CPR.birthYear(twoDigitYear: 36, seventhDigit: 4) == 2036)
        #expect(CPR.birthYear(twoDigitYear: 37, seventhDigit: 4) == 1937)
        #expect(CPR.birthYear(twoDigitYear: 36, seventhDigit: 9) == 2036)
        #expect(CPR.birthYear(twoDigitYear: 37, seventhDigit: 9) == 1937)
        #expect(CPR.birthYear(twoDigitYear: 57, seventhDigit: 5) == 2057)
        #expect(CPR.birthYear(twoDigitYear: 58, seventhDigit: 8) == 1858)
        #expect(CPR.birthYear(twoDigitYear: 0, seventhDigit: 6) == 2000)
    }

    @Test("error messages never contain the number")
    func errorsDoNotEchoNumber() {
        for text in ["3213901234", "01019012345", "290223-1234"] {
            let error = #expect(throws: CPRError.self) { _ = try CPR.normalize(text) }
            #expect(error?.description.contains(text) == false)
            #expect(error?.description.contains(where: \.isNumber) == false)
        }
    }

    // MARK: Guard

    @Test("CPR-shaped text is detected", arguments: [
        "010190-1234",
        "0101901234",
        "Borgeren (0101901234) ringede i dag",
        "Sag om Åse Ærø, cpr 010190-1234, æøå 😀",
        "cpr:0101901234.",
        "010190 1234",
        "010190\u{2013}1234",  // en dash, as word processors write it
        "010190\u{2011}1234",  // non-breaking hyphen
        "010190\u{00A0}1234",  // no-break space
        "290224-1234",
        "290200-4234",
        "noter 123 45 og 0101901234",
        "2902231234 og 0101901234",  // first invalid, second valid
    ])
    func guardFindsCPR(text: String) {
        #expect(CPRGuard.containsCPR(text))
    }

    @Test("text without a CPR number passes", arguments: [
        "",
        "Ingen personnumre her, kun æøå og 😀",
        "3213901234",  // day 32
        "2902231234",  // 29 February 1923
        "290223-1234",  // 29 February 1923
        "290223-4234",  // 29 February 2023
        "01019012345",  // eleven digits
        "10101901234",  // eleven digits
        "1010190-1234",  // seven digits before the hyphen
        "010190-12345",  // five digits after
        "+45 12 34 56 78",  // phone number
        "+4512345678",
        "Sag 2024-0001",
        "0101-901234",
        "010190--1234",
        "01.01.90-1234",
        "010190_1234",
    ])
    func guardPassesOtherText(text: String) {
        #expect(!CPRGuard.containsCPR(text))
    }

    @Test("the guard scans long text")
    func guardOnLongText() {
        let filler = String(repeating: "Lorem ipsum 12345 æøå 2024-01-31 ", count: 20_000)
        #expect(!CPRGuard.containsCPR(filler))
        #expect(CPRGuard.containsCPR(filler + "010190-1234"))
    }
}
