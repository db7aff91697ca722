import Foundation
import Testing
@testable import Tracker

@Suite("import")
struct ImporterTests {
    @Test("CSV with a BOM, CRLF and quoted commas, quotes and line breaks is stored exactly")
    func csvEdgeCases() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
            "ref,citizen,type,title,goal,opened_at\r\n"
            + "J-1,c-1,sick_leave,\"Back, to \"\"work\"\"\r\nsoon\",\"Work, 37 h\",2025-01-02\r\n"
            + "J-2,c-2,youth,Plain,,2025-02-01T09:30:00+02:00\r\n").utf8)
        let report = try importBytes(bytes, named: "j.csv", kind: .journeys, into: store, directory: directory)
        #expect(report.succeeded, "\(report.problems)")
        #expect(report.written == 2)
        #expect(try dump("SELECT ref, title, goal, opened_at, status FROM journeys ORDER BY id", store.db) == [
            "text(\"J-1\")|text(\"Back, to \\\"work\\\"\\r\\nsoon\")|text(\"Work, 37 h\")|text(\"2025-01-02\")|text(\"open\")",
            "text(\"J-2\")|text(\"Plain\")|null|text(\"2025-02-01T07:30:00Z\")|text(\"open\")",
        ])
    }

    @Test("header columns may come in any order and optional ones may be absent")
    func headerOrder() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let report = try importText("at,kind,sector,journey_ref\n2025-01-05,referral,general_practice,J-1\n",
                                    named: "s.csv", kind: .steps, into: store, directory: directory)
        #expect(report.succeeded, "\(report.problems)")
        #expect(try dump("SELECT journey_id, sector_id, kind, at, unit FROM steps", store.db)
                == ["integer(1)|text(\"general_practice\")|text(\"referral\")|text(\"2025-01-05\")|null"])
    }

    @Test("rows get ids in file order; closed_at makes a journey closed; citizens are created on first sight")
    func idsAndStatus() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        #expect(try dump("SELECT id, ref, citizen_id, status, outcome FROM journeys ORDER BY id", store.db) == [
            "integer(1)|text(\"J-1\")|text(\"c-1\")|text(\"open\")|null",
            "integer(2)|text(\"J-2\")|text(\"c-2\")|text(\"closed\")|text(\"achieved\")",
        ])
        #expect(try count("citizens", in: store) == 2)
    }

    @Test("NDJSON takes JSON numbers and nulls, and sectors as an array or a ;-joined string; duplicates collapse")
    func ndjson() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let report = try importText("""
            {"journey_ref":"J-1","category":"regulation","sectors":["hospital","employment","hospital"],"description":"Waiting for the assessment","severity":3,"delay_days":14.5,"staff_hours":null,"logged_at":"2025-01-10","status":"resolved","resolved_at":"2025-02-01","resolution":"Shared after consent","rule_ref":"Sygedagpengeloven § 7"}

            {"journey_ref":"J-2","category":"data_sharing","sectors":"employment; psychiatry","description":"No access","severity":"4","logged_at":"2025-03-01"}

            """, named: "o.ndjson", kind: .obstacles, into: store, directory: directory)
        #expect(report.succeeded, "\(report.problems)")
        #expect(try dump("SELECT id, severity, delay_days, staff_hours, status, resolved_at, rule_ref FROM obstacles ORDER BY id", store.db) == [
            "integer(1)|integer(3)|real(14.5)|null|text(\"resolved\")|text(\"2025-02-01\")|text(\"Sygedagpengeloven § 7\")",
            "integer(2)|integer(4)|null|null|text(\"open\")|null|null",
        ])
        #expect(try dump("SELECT obstacle_id, sector_id FROM obstacle_sectors ORDER BY 1, 2", store.db) == [
            "integer(1)|text(\"employment\")", "integer(1)|text(\"hospital\")",
            "integer(2)|text(\"employment\")", "integer(2)|text(\"psychiatry\")",
        ])
        // The imported state keeps its history: open at logging, then resolved.
        #expect(try dump("SELECT obstacle_id, status, at FROM obstacle_status_history ORDER BY id", store.db) == [
            "integer(1)|text(\"open\")|text(\"2025-01-10\")", "integer(1)|text(\"resolved\")|text(\"2025-02-01\")",
            "integer(2)|text(\"open\")|text(\"2025-03-01\")",
        ])
    }

    @Test("every bad row is reported with its line, column and reason, and nothing is written")
    func badRows() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let auditBefore = try count("audit_log", in: store)
        let report = try importText("""
            journey_ref,sector,kind,unit,at,ended_at,note
            J-1,general_practice,referral,,2025-01-03,,"a note
            over two lines"
            J-1,employment,assessment,,2025-13-01,,
            J-9,employment,meeting,,2025-02-01,,
            J-1,nowhere,meeting,,2025-02-01,,
            J-1,employment,meeting,,2025-02-01,,cpr 010190-1234 in a note
            J-1,employment
            J-1,employment,dancing,,2025-02-01,,
            J-1,employment,meeting,,2024-12-01,,

            """, named: "s.csv", kind: .steps, into: store, directory: directory)
        #expect(!report.succeeded)
        #expect(report.written == 0)
        #expect(report.rows == 8)
        let found = report.problems.map { "\($0.line):\($0.column.map(String.init) ?? "-"):\($0.field ?? "-")" }
        #expect(found == ["4:5:at", "5:1:journey_ref", "6:2:sector", "7:7:note", "8:-:-", "9:3:kind", "10:5:at"])
        #expect(report.problems[3].reason.contains("CPR"))
        #expect(!report.problems[3].description.contains("010190"))
        #expect(report.problems[4].reason.contains("2 fields"))
        #expect(try count("steps", in: store) == 0)
        #expect(try count("audit_log", in: store) == auditBefore)
    }

    @Test("invalid UTF-8 is reported with its line and column, and nothing is written")
    func invalidUTF8() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let bytes = Array("journey_ref,sector,kind,note\nJ-1,employment,meeting,fine\nJ-1,employment,meeting,caf".utf8)
            + [0xC3, 0x28] + Array("\n".utf8)
        let report = try importBytes(bytes, named: "s.csv", kind: .steps, into: store, directory: directory)
        #expect(report.problems.map(\.line) == [3])
        #expect(report.problems.first?.column == 4)
        #expect(report.problems.first?.reason.contains("UTF-8") == true)
        #expect(try count("steps", in: store) == 0)
    }

    @Test("an unknown or missing header column makes the file bad at line 1")
    func badHeader() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let report = try importText("ref,citizen,type,colour\nJ-1,c,t,red\n", named: "j.csv", kind: .journeys,
                                    into: store, directory: directory)
        #expect(report.problems == [ImportProblem(line: 1, column: 4, field: "colour", reason: report.problems[0].reason)])
        let missing = try importText("ref,citizen\nJ-1,c\n", named: "j2.csv", kind: .journeys, into: store, directory: directory)
        #expect(missing.problems.map(\.field) == ["type"])
        #expect(try count("journeys", in: store) == 0)
    }

    @Test("the first 50 problems are kept and the rest counted")
    func manyProblems() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        var text = "journey_ref,measure,phase,value\n"
        for _ in 0..<120 { text += "J-1,who5,baseline,lots\n" }
        let report = try importText(text, named: "b.csv", kind: .observations, into: store, directory: directory)
        #expect(report.problems.count == 50)
        #expect(report.problemCount == 120)
        #expect(report.problems.last?.line == 51)
    }

    @Test("a dry run checks every row and writes nothing, the audit log included")
    func dryRun() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let auditBefore = try count("audit_log", in: store)
        let report = try importText("journey_ref,measure,phase,value,observed_at\nJ-1,who5,baseline,44,2025-01-03\n",
                                    named: "b.csv", kind: .observations, into: store, directory: directory, dryRun: true)
        #expect(report.succeeded && report.rows == 1 && report.written == 0)
        #expect(try count("observations", in: store) == 0)
        #expect(try count("audit_log", in: store) == auditBefore)
    }

    @Test("one imported audit entry records the file, the kind and the row count")
    func auditEntry() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let rows = try store.db.rows("SELECT action, entity, detail FROM audit_log WHERE action = 'imported'")
        #expect(rows.count == 1)
        let detail = try JSONSerialization.jsonObject(with: Data((rows[0][2].text ?? "").utf8)) as! [String: Any]
        #expect(rows[0][1].text == "journey")
        #expect(detail["rows"] as? Int == 2)
        #expect(detail["kind"] as? String == "journeys")
        #expect((detail["file"] as? String)?.hasSuffix("seed-journeys.csv") == true)
        #expect(try count("audit_log WHERE action = 'created'", in: store) == 0)
    }

    @Test("a cpr column is turned into the keyed pseudonym and never stored")
    func cprColumn() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let report = try importText("ref,cpr,type\nJ-1,010190-1234,sick_leave\nJ-2,0101901234,youth\nJ-3,320190-1234,youth\n",
                                    named: "j.csv", kind: .journeys, into: store, directory: directory)
        #expect(report.problems.map(\.line) == [4])
        #expect(report.problems.first?.field == "cpr")
        let fixed = try importText("ref,cpr,type\nJ-1,010190-1234,sick_leave\nJ-2,0101901234,youth\n",
                                   named: "j2.csv", kind: .journeys, into: store, directory: directory)
        #expect(fixed.succeeded && fixed.newCitizens == 1)
        let citizens = try dump("SELECT DISTINCT citizen_id FROM journeys", store.db)
        #expect(citizens == ["text(\"\(try store.pseudonymizer().pseudonym(forCPR: "0101901234"))\")"])
        let everything = try dump("SELECT * FROM journeys", store.db) + dump("SELECT * FROM citizens", store.db)
            + dump("SELECT * FROM audit_log", store.db)
        #expect(!everything.joined().contains("0101901234") && !everything.joined().contains("010190-1234"))
    }

    @Test("an unknown sector, category, measure or journey in a row is a bad row")
    func unknownNames() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let observations = try importText("journey_ref,measure,phase,value\nJ-1,height,baseline,1\nJ-7,who5,baseline,1\n",
                                          named: "b.csv", kind: .observations, into: store, directory: directory)
        #expect(observations.problems.map(\.field) == ["measure", "journey_ref"])
        let obstacles = try importText("journey_ref,category,sectors,description\nJ-1,weather,employment,x\nJ-1,other,employment;mars,x\n",
                                       named: "o.csv", kind: .obstacles, into: store, directory: directory)
        #expect(obstacles.problems.map(\.field) == ["category", "sectors"])
    }

    @Test("NDJSON errors name the physical line; blank lines count")
    func ndjsonLines() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try seedJourneys(store, directory: directory)
        let report = try importText("""
            {"journey_ref":"J-1","measure":"who5","phase":"baseline","value":40}

            {"journey_ref":"J-1","measure":"who5","phase":"baseline","value":true}
            {"journey_ref":"J-1","measure":"who5","phase":"baseline","value":40,"colour":"red"}
            {"journey_ref":"J-1","measure":"who5","phase":"baseline","value":40,

            """, named: "b.jsonl", kind: .observations, into: store, directory: directory)
        #expect(report.problems.map(\.line) == [3, 4, 5])
        #expect(report.problems.map(\.field) == ["value", "colour", nil])
        #expect(try count("observations", in: store) == 0)
    }
}
