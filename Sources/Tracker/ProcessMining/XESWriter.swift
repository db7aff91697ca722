/// Writes an IEEE 1849 (XES) event log: one trace per journey, named by its
/// ref (else its id), with one event per step (`concept:name` = the step
/// kind, `org:group` = the sector) and one per obstacle status change
/// (`concept:name` = `obstacle <status>`, `org:group` = its sectors), in time
/// order. Streams: one journey's events in memory at a time.
public struct XESWriter {
    public struct Report: Sendable {
        public let traces: Int
        public let events: Int
    }

    private let store: TrackerStore

    public init(store: TrackerStore) {
        self.store = store
    }

    private struct Event {
        let at: String
        let name: String
        let group: String
        var attributes: [(key: String, value: String)] = []
    }

    public func write(to output: FileOutput) throws -> Report {
        try store.inTransaction(.deferred) {
            output.write("""
                <?xml version="1.0" encoding="UTF-8"?>
                <log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
                  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
                  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
                  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
                  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
                  <global scope="trace">
                    <string key="concept:name" value="__INVALID__"/>
                  </global>
                  <global scope="event">
                    <string key="concept:name" value="__INVALID__"/>
                    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
                    <string key="lifecycle:transition" value="complete"/>
                    <string key="org:group" value="__INVALID__"/>
                  </global>
                  <classifier name="Activity" keys="concept:name"/>
                  <classifier name="Activity and sector" keys="concept:name org:group"/>
                  <string key="concept:name" value="tracker journeys"/>

                """)
            let journeys = try store.prepare("""
                SELECT id, coalesce(ref, CAST(id AS TEXT)), type, status, outcome, opened_at, closed_at FROM journeys
                 WHERE voided_at IS NULL ORDER BY id
                """)
            let steps = try store.prepare("""
                SELECT journey_id, kind, sector_id, at, id FROM steps
                 WHERE voided_at IS NULL AND journey_id NOT IN (SELECT id FROM journeys WHERE voided_at IS NOT NULL)
                 ORDER BY journey_id, at, id
                """)
            let changes = try store.prepare("""
                SELECT o.journey_id, h.status, h.at, o.id, o.category_id, o.rule_ref,
                       \(SQLFragments.obstacleSectors(of: "o"))
                FROM obstacle_status_history h JOIN obstacles o ON o.id = h.obstacle_id
                WHERE o.voided_at IS NULL AND o.journey_id NOT IN (SELECT id FROM journeys WHERE voided_at IS NOT NULL)
                ORDER BY o.journey_id, h.at, h.id
                """)
            var hasStep = try steps.advance()
            var hasChange = try changes.advance()
            var traces = 0, events = 0
            var stepEvents: [Event] = [], changeEvents: [Event] = []
            while try journeys.advance() {
                let journeyID = journeys.int64(0)
                stepEvents.removeAll(keepingCapacity: true)
                changeEvents.removeAll(keepingCapacity: true)
                while hasStep && steps.int64(0) < journeyID { hasStep = try steps.advance() }
                while hasStep && steps.int64(0) == journeyID {
                    stepEvents.append(Event(at: steps.text(3), name: steps.text(1), group: steps.text(2),
                                            attributes: [("step_id", String(steps.int64(4)))]))
                    hasStep = try steps.advance()
                }
                while hasChange && changes.int64(0) < journeyID { hasChange = try changes.advance() }
                while hasChange && changes.int64(0) == journeyID {
                    var attributes = [("obstacle_id", String(changes.int64(3))), ("category", changes.text(4))]
                    if !changes.isNull(5) { attributes.append(("rule_ref", changes.text(5))) }
                    changeEvents.append(Event(at: changes.text(2), name: "obstacle " + changes.text(1), group: changes.text(6),
                                              attributes: attributes))
                    hasChange = try changes.advance()
                }
                var text = "  <trace>\n    <string key=\"concept:name\" value=\"\(XMLText.escaped(journeys.text(1)))\"/>\n"
                text += "    <string key=\"type\" value=\"\(XMLText.escaped(journeys.text(2)))\"/>\n"
                text += "    <string key=\"status\" value=\"\(journeys.text(3))\"/>\n"
                if !journeys.isNull(4) { text += "    <string key=\"outcome\" value=\"\(journeys.text(4))\"/>\n" }
                text += "    <date key=\"opened_at\" value=\"\(XMLText.dateTime(journeys.text(5)))\"/>\n"
                if !journeys.isNull(6) { text += "    <date key=\"closed_at\" value=\"\(XMLText.dateTime(journeys.text(6)))\"/>\n" }
                output.write(text)
                // Merge the two time-ordered lists; a step comes first on a tie.
                var stepIndex = 0, changeIndex = 0
                while stepIndex < stepEvents.count || changeIndex < changeEvents.count {
                    let takeStep = changeIndex == changeEvents.count
                        || (stepIndex < stepEvents.count && stepEvents[stepIndex].at <= changeEvents[changeIndex].at)
                    let event = takeStep ? stepEvents[stepIndex] : changeEvents[changeIndex]
                    if takeStep { stepIndex += 1 } else { changeIndex += 1 }
                    output.write(Self.eventXML(event))
                    events += 1
                }
                output.write("  </trace>\n")
                traces += 1
            }
            output.write("</log>\n")
            try output.flush()
            return Report(traces: traces, events: events)
        }
    }

    private static func eventXML(_ event: Event) -> String {
        var text = "    <event>\n"
        text += "      <string key=\"concept:name\" value=\"\(XMLText.escaped(event.name))\"/>\n"
        text += "      <date key=\"time:timestamp\" value=\"\(XMLText.dateTime(event.at))\"/>\n"
        text += "      <string key=\"lifecycle:transition\" value=\"complete\"/>\n"
        text += "      <string key=\"org:group\" value=\"\(XMLText.escaped(event.group))\"/>\n"
        for (key, value) in event.attributes {
            text += "      <string key=\"\(key)\" value=\"\(XMLText.escaped(value))\"/>\n"
        }
        return text + "    </event>\n"
    }
}
