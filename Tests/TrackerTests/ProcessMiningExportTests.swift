import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Tracker

/// Collects the elements of an XML document and fails on malformed XML.
final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text: [String: String] = [:]
    private var currentAttributeName: String?

    static func parse(_ path: String) throws -> XMLCollector {
        let collector = XMLCollector()
        let parser = XMLParser(contentsOf: URL(fileURLWithPath: path))!
        parser.delegate = collector
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return collector
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
    }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }
}

@Suite("XES and OCEL 2.0 exports")
struct ProcessMiningExportTests {
    @Test("XES has one trace per journey named by its ref and one event per step and obstacle status change")
    func xes() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        let path = directory.file("log.xes")
        let output = try FileOutput(creating: path)
        let report = try XESWriter(store: store).write(to: output)
        let xml = try XMLCollector.parse(path)
        let journeys = try count("journeys", in: store)
        let events = try count("steps", in: store) + count("obstacle_status_history", in: store)
        #expect(report.traces == journeys && report.events == events)
        #expect(xml.count("trace") == journeys)
        #expect(xml.count("event") == events)
        let extensions = Set(xml.elements.filter { $0.name == "extension" }.compactMap { $0.attributes["prefix"] })
        #expect(extensions == ["concept", "time", "lifecycle", "org"])
        let traceNames = Set(xml.elements.compactMap { $0.name == "string" && $0.attributes["key"] == "concept:name"
                                                      ? $0.attributes["value"] : nil })
        let firstRef = try store.db.value("SELECT ref FROM journeys WHERE id = 1").text!
        #expect(traceNames.contains(firstRef))
        #expect(traceNames.contains("obstacle open") && traceNames.contains("referral"))
        let timestamps = xml.elements.filter { $0.attributes["key"] == "time:timestamp" }.compactMap { $0.attributes["value"] }
        #expect(timestamps.count == events + 1)
        #expect(timestamps.allSatisfy { $0.count == 29 && $0.hasSuffix("+00:00") })
    }

    @Test("XML text escapes markup, keeps line breaks and drops characters XML cannot hold")
    func xmlText() {
        #expect(XMLText.escaped("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(XMLText.escaped("one\ntwo\u{1}") == "one&#10;two\u{FFFD}")
        #expect(XMLText.escaped("Sundhedsloven § 140") == "Sundhedsloven § 140")
        #expect(XMLText.dateTime("2026-03-01") == "2026-03-01T00:00:00.000+00:00")
        #expect(XMLText.dateTime("2026-03-01T09:30:00Z") == "2026-03-01T09:30:00.000+00:00")
    }

    @Test("OCEL 2.0 JSON reads back with every object type, event type and relation target")
    func ocelJSON() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        let path = directory.file("log.json")
        let report = try OCELExport(store: store).write(to: path, form: .json)
        #expect(FileSystem.permissions(path) == 0o600)
        let log = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: path)!) as! [String: Any]
        let objects = log["objects"] as! [[String: Any]]
        let events = log["events"] as! [[String: Any]]
        #expect(objects.count == report.objects && events.count == report.events)
        #expect(Set((log["objectTypes"] as! [[String: Any]]).map { $0["name"] as! String })
                == ["citizen", "journey", "sector", "obstacle", "measure"])
        #expect(Set(objects.map { $0["type"] as! String }) == ["citizen", "journey", "sector", "obstacle", "measure"])
        let expectedEvents = try count("steps", in: store) + count("obstacle_status_history", in: store) + count("observations", in: store)
        #expect(events.count == expectedEvents)
        let ids = Set(objects.map { $0["id"] as! String })
        let targets = events.flatMap { ($0["relationships"] as! [[String: Any]]).map { $0["objectId"] as! String } }
            + objects.flatMap { ($0["relationships"] as! [[String: Any]]).map { $0["objectId"] as! String } }
        #expect(targets.allSatisfy(ids.contains))
        #expect(Set(events.map { $0["type"] as! String }).isSuperset(of: ["referral", "obstacle_open", "observation"]))
        let observation = events.first { $0["type"] as? String == "observation" }!
        let qualifiers = Set((observation["relationships"] as! [[String: Any]]).map { $0["qualifier"] as! String })
        #expect(qualifiers == ["journey", "measure", "citizen"])
    }

    @Test("OCEL 2.0 XML is well-formed with one element per object and event")
    func ocelXML() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        let path = directory.file("log.xml")
        let report = try OCELExport(store: store).write(to: path, form: .xml)
        let xml = try XMLCollector.parse(path)
        #expect(xml.count("object") == report.objects)
        #expect(xml.count("event") == report.events)
        #expect(xml.count("relationship") == report.eventObjectRelations + report.objectObjectRelations)
        #expect(xml.count("object-type") == 5)
    }

    @Test("OCEL 2.0 SQLite has the specification's tables with primary and foreign keys, and passes foreign_key_check")
    func ocelSQLite() throws {
        let directory = TemporaryDirectory()
        let store = try demoStore(in: directory)
        let path = directory.file("log.sqlite")
        let report = try OCELExport(store: store).write(to: path, form: .sqlite)
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.rows("PRAGMA foreign_key_check").isEmpty)
        #expect(try db.value("SELECT count(*) FROM event").integer == Int64(report.events))
        #expect(try db.value("SELECT count(*) FROM object").integer == Int64(report.objects))
        #expect(try db.value("SELECT count(*) FROM event_object").integer == Int64(report.eventObjectRelations))
        // The checks of pm4py's OCEL 2.0 relational validator, restated.
        let tables = Set(try db.rows("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0[0].text })
        #expect(tables.isSuperset(of: ["event", "object", "event_object", "object_object", "event_map_type", "object_map_type"]))
        for row in try db.rows("SELECT ocel_type_map FROM object_map_type") {
            let table = "object_" + row[0].text!
            #expect(tables.contains(table))
            let columns = try db.rows("SELECT name, type FROM pragma_table_info(?)", [table])
            #expect(columns.contains { $0[0].text == "ocel_time" && $0[1].text == "TIMESTAMP" })
            #expect(try db.value("SELECT count(*) FROM pragma_foreign_key_list(?) WHERE \"table\" = 'object' AND \"from\" = 'ocel_id'", [table]).integer == 1)
        }
        for row in try db.rows("SELECT ocel_type_map FROM event_map_type") {
            let table = "event_" + row[0].text!
            #expect(try db.value("SELECT sum(pk) FROM pragma_table_info(?) WHERE name = 'ocel_id'", [table]).integer == 1)
            #expect(try db.value("SELECT count(*) FROM pragma_foreign_key_list(?) WHERE \"table\" = 'event' AND \"from\" = 'ocel_id'", [table]).integer == 1)
        }
        // Besides the type tables only object_object and object_map_type match object_%.
        #expect(try db.value("""
            SELECT count(*) FROM sqlite_master WHERE type = 'table' AND tbl_name LIKE 'object_%'
              AND tbl_name NOT IN (SELECT 'object_' || ocel_type_map FROM object_map_type)
            """).integer == 2)
        #expect(try db.value("SELECT count(*) FROM pragma_table_info('event_object') WHERE pk > 0").integer == 3)
        #expect(try db.value("SELECT count(*) FROM pragma_table_info('object_object') WHERE pk > 0").integer == 3)
        #expect(try db.value("SELECT count(*) FROM pragma_foreign_key_list('event') WHERE \"table\" = 'event_map_type'").integer == 1)
    }
}
