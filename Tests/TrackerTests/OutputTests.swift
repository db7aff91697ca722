import Testing
@testable import Tracker

@Suite("Output formats")
struct OutputTests {
    let table = ResultTable(columns: ["id", "name", "share", "sectors", "missing"], rows: [
        [.integer(1), .text("Jobcenter, \"Roskilde\"\nsyd"), .real(0.25), .list(["a", "b"]), .null],
        [.integer(22), .text("æøå"), .real(12), .list([]), .bool(true)],
    ])

    @Test("JSON is an array of objects with typed values")
    func json() {
        #expect(table.rendered(as: .json) == """
            [
            {"id":1,"name":"Jobcenter, \\"Roskilde\\"\\nsyd","share":0.25,"sectors":["a","b"],"missing":null},
            {"id":22,"name":"æøå","share":12,"sectors":[],"missing":true}
            ]

            """)
        #expect(ResultTable(columns: ["a"]).rendered(as: .json) == "[]\n")
    }

    @Test("CSV follows RFC 4180 with a header and CRLF line ends")
    func csv() {
        #expect(table.rendered(as: .csv) ==
            "id,name,share,sectors,missing\r\n1,\"Jobcenter, \"\"Roskilde\"\"\nsyd\",0.25,a;b,\r\n22,æøå,12,,true\r\n")
    }

    @Test("NDJSON is one object a line")
    func ndjson() {
        let lines = table.rendered(as: .ndjson).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1] == "{\"id\":22,\"name\":\"æøå\",\"share\":12,\"sectors\":[],\"missing\":true}")
    }

    @Test("the terminal table aligns columns, numbers to the right")
    func terminalTable() {
        let text = ResultTable(columns: ["key", "n"], rows: [[.text("a"), .integer(5)], [.text("longer"), .integer(123)]])
            .rendered(as: .table)
        #expect(text == "key       n\n------  ---\na         5\nlonger  123\n")
    }

    @Test("non-finite numbers become null, never NaN, in JSON")
    func nonFinite() {
        #expect(JSONText.value(.real(.nan)) == "null")
        #expect(JSONText.value(.real(.infinity)) == "null")
        #expect(JSONText.string("\u{1}") == "\"\\u0001\"")
    }

    @Test("numbers print without Foundation, shortest and fixed")
    func numbers() {
        #expect(NumberText.shortest(3) == "3")
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.fixed(2.345, decimals: 2) == "2.35" || NumberText.fixed(2.345, decimals: 2) == "2.34")
        #expect(NumberText.fixed(-0.5, decimals: 1) == "-0.5")
        #expect(NumberText.fixed(1.05, decimals: 0) == "1")
    }

    @Test("one formatter for every table: counts whole, days to one decimal, means to two, shares as percent, p-values")
    func tableNumbers() {
        #expect(NumberText.forTable(12) == "12")
        #expect(NumberText.forTable(4.164306919387988, column: "mean_change") == "4.16")
        #expect(NumberText.forTable(0.0123, column: "ci_low") == "0.01")
        #expect(NumberText.forTable(1.157401129603386e-05, column: "gap_days") == "0")
        #expect(NumberText.forTable(267.5, column: "delay_days_median") == "267.5")
        #expect(NumberText.forTable(12.04, column: "silent_days") == "12")
        #expect(NumberText.forTable(0.6547, column: "share_improved") == "65.5%")
        #expect(NumberText.forTable(0.0004, column: "p") == "<0.001")
        #expect(NumberText.forTable(0.01234, column: "logrank_p") == "0.0123")
        #expect(NumberText.forTable(0.5, column: "q") == "0.5")
        let table = ResultTable(columns: ["share_improved", "days_open"], rows: [[.integer(1), .real(3.25)]])
        let row = table.rendered(as: .table).split(separator: "\n")[2].split(separator: " ")
        #expect(row.first == "100.0%" && (row.last == "3.3" || row.last == "3.2"))
    }

    @Test("the terminal table fits its width: the widest text is cut with …, numbers and dates never")
    func fitsWidth() {
        let table = ResultTable(columns: ["id", "at", "note"], rows: [
            [.integer(1), .text("2026-03-01T09:30:00Z"), .text(String(repeating: "long note ", count: 20))],
        ])
        let lines = table.rendered(as: .table, maxWidth: 60).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines[2].contains("2026-03-01T09:30:00Z") && lines[2].hasSuffix("…"))
        #expect(table.rendered(as: .table).split(separator: "\n")[2].count > 200, "no width: every cell whole")
    }
}
