/// OCEL 2.0 XML: `<log>` with object and event types, then objects and
/// events, each with `<attributes>` and `<objects>` relationships.
final class OCELXMLSink: OCELSink {
    private let output: FileOutput
    private var objectTypes: [String: OCELType] = [:]
    private var eventTypes: [String: OCELType] = [:]

    init(output: FileOutput) {
        self.output = output
    }

    func begin(objectTypes: [OCELType], eventTypes: [OCELType]) throws {
        for type in objectTypes { self.objectTypes[type.name] = type }
        for type in eventTypes { self.eventTypes[type.name] = type }
        func declare(_ types: [OCELType], element: String) -> String {
            types.map { type in
                "    <\(element) name=\"\(XMLText.escaped(type.name))\">\n      <attributes>\n"
                    + type.attributes.map { "        <attribute name=\"\($0.name)\" type=\"\($0.type.rawValue)\"/>\n" }.joined()
                    + "      </attributes>\n    </\(element)>\n"
            }.joined()
        }
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log>\n  <object-types>\n"
                     + declare(objectTypes, element: "object-type") + "  </object-types>\n  <event-types>\n"
                     + declare(eventTypes, element: "event-type") + "  </event-types>\n  <objects>\n")
    }

    private func text(_ value: OutputValue, type: OCELType.AttributeType) -> String {
        if type == .time, case .text(let text) = value { return OCELExport.time(text) }
        return XMLText.escaped(value.plainText)
    }

    private func relationships(_ relationships: [(objectID: String, qualifier: String)]) -> String {
        guard !relationships.isEmpty else { return "" }
        return "      <objects>\n" + relationships.map {
            "        <relationship object-id=\"\(XMLText.escaped($0.objectID))\" qualifier=\"\(XMLText.escaped($0.qualifier))\"/>\n"
        }.joined() + "      </objects>\n"
    }

    func object(_ object: OCELObject) throws {
        let type = objectTypes[object.type]!
        var xml = "    <object id=\"\(XMLText.escaped(object.id))\" type=\"\(XMLText.escaped(object.type))\">\n      <attributes>\n"
        for (index, attribute) in type.attributes.enumerated() where object.attributes[index] != .null {
            xml += "        <attribute name=\"\(attribute.name)\" time=\"\(OCELExport.epoch)\">"
                + text(object.attributes[index], type: attribute.type) + "</attribute>\n"
        }
        xml += "      </attributes>\n" + relationships(object.relationships) + "    </object>\n"
        output.write(xml)
    }

    func beginEvents() throws {
        output.write("  </objects>\n  <events>\n")
    }

    func event(_ event: OCELEvent) throws {
        let type = eventTypes[event.type]!
        var xml = "    <event id=\"\(XMLText.escaped(event.id))\" type=\"\(XMLText.escaped(event.type))\" "
            + "time=\"\(OCELExport.time(event.time))\">\n      <attributes>\n"
        for (index, attribute) in type.attributes.enumerated() where event.attributes[index] != .null {
            xml += "        <attribute name=\"\(attribute.name)\">" + text(event.attributes[index], type: attribute.type) + "</attribute>\n"
        }
        xml += "      </attributes>\n" + relationships(event.relationships) + "    </event>\n"
        output.write(xml)
    }

    func finish() throws {
        output.write("  </events>\n</log>\n")
        try output.flush()
    }
}
