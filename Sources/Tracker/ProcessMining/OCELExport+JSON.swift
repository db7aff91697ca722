/// OCEL 2.0 JSON: `objectTypes`, `eventTypes`, `objects`, `events`, written
/// as the walk goes.
final class OCELJSONSink: OCELSink {
    private let output: FileOutput
    private var objectTypes: [String: OCELType] = [:]
    private var eventTypes: [String: OCELType] = [:]
    private var isFirst = true

    init(output: FileOutput) {
        self.output = output
    }

    func begin(objectTypes: [OCELType], eventTypes: [OCELType]) throws {
        for type in objectTypes { self.objectTypes[type.name] = type }
        for type in eventTypes { self.eventTypes[type.name] = type }
        func declare(_ types: [OCELType]) -> String {
            types.map { type in
                "{\"name\":\(JSONText.string(type.name)),\"attributes\":["
                    + type.attributes.map { "{\"name\":\(JSONText.string($0.name)),\"type\":\"\($0.type.rawValue)\"}" }
                        .joined(separator: ",")
                    + "]}"
            }.joined(separator: ",\n")
        }
        output.write("{\"objectTypes\":[\n\(declare(objectTypes))\n],\n\"eventTypes\":[\n\(declare(eventTypes))\n],\n\"objects\":[\n")
    }

    private func value(_ value: OutputValue, type: OCELType.AttributeType) -> String {
        if type == .time, case .text(let text) = value { return JSONText.string(OCELExport.time(text)) }
        return JSONText.value(value)
    }

    private func relationships(_ relationships: [(objectID: String, qualifier: String)]) -> String {
        "\"relationships\":[" + relationships.map {
            "{\"objectId\":\(JSONText.string($0.objectID)),\"qualifier\":\(JSONText.string($0.qualifier))}"
        }.joined(separator: ",") + "]"
    }

    func object(_ object: OCELObject) throws {
        let type = objectTypes[object.type]!
        var attributes: [String] = []
        for (index, attribute) in type.attributes.enumerated() where object.attributes[index] != .null {
            attributes.append("{\"name\":\(JSONText.string(attribute.name)),\"time\":\"\(OCELExport.epoch)\",\"value\":"
                              + value(object.attributes[index], type: attribute.type) + "}")
        }
        output.write((isFirst ? "" : ",\n") + "{\"id\":\(JSONText.string(object.id)),\"type\":\(JSONText.string(object.type)),"
                     + "\"attributes\":[" + attributes.joined(separator: ",") + "]," + relationships(object.relationships) + "}")
        isFirst = false
    }

    func beginEvents() throws {
        output.write("\n],\n\"events\":[\n")
        isFirst = true
    }

    func event(_ event: OCELEvent) throws {
        let type = eventTypes[event.type]!
        var attributes: [String] = []
        for (index, attribute) in type.attributes.enumerated() where event.attributes[index] != .null {
            attributes.append("{\"name\":\(JSONText.string(attribute.name)),\"value\":"
                              + value(event.attributes[index], type: attribute.type) + "}")
        }
        output.write((isFirst ? "" : ",\n") + "{\"id\":\(JSONText.string(event.id)),\"type\":\(JSONText.string(event.type)),"
                     + "\"time\":\"\(OCELExport.time(event.time))\",\"attributes\":[" + attributes.joined(separator: ",") + "],"
                     + relationships(event.relationships) + "}")
        isFirst = false
    }

    func finish() throws {
        output.write("\n]}\n")
        try output.flush()
    }
}
