/// Writes the database as an OCEL 2.0 object-centric event log, as JSON,
/// XML or SQLite (chosen by the file's extension).
///
/// Objects: `citizen`, `journey`, `sector`, `obstacle`, `measure`. Events:
/// one per step (type = the step kind), per obstacle status change (type
/// `obstacle_<status>`) and per observation (type `observation`), each
/// related to its objects with a qualifier. Objects relate to objects too:
/// a journey to its citizen, an obstacle to its journey and sectors.
/// Free text (titles, notes, descriptions) is left out.
public struct OCELExport {
    public enum Form: String, Sendable, CaseIterable {
        case json, xml, sqlite

        /// The form a file name asks for, nil when its extension is none of them.
        public static func detect(path: String) -> Form? {
            let lowered = path.lowercased()
            if lowered.hasSuffix(".json") || lowered.hasSuffix(".jsonocel") { return .json }
            if lowered.hasSuffix(".xml") || lowered.hasSuffix(".xmlocel") { return .xml }
            if lowered.hasSuffix(".sqlite") || lowered.hasSuffix(".sqlite3") || lowered.hasSuffix(".db") { return .sqlite }
            return nil
        }
    }

    public struct Report: Sendable {
        public let objects: Int
        public let events: Int
        public let eventObjectRelations: Int
        public let objectObjectRelations: Int
    }

    private let store: TrackerStore

    public init(store: TrackerStore) {
        self.store = store
    }

    /// Writes the log to a new file at `path`, mode 0600 (it holds case
    /// data). The file must not exist; the caller removes an old one first.
    public func write(to path: String, form: Form) throws -> Report {
        try FileSystem.createPrivateFile(path)
        do {
            switch form {
            case .json:
                let output = try FileOutput(creating: path, mode: 0o600)
                return try walk(into: OCELJSONSink(output: output))
            case .xml:
                let output = try FileOutput(creating: path, mode: 0o600)
                return try walk(into: OCELXMLSink(output: output))
            case .sqlite:
                return try walk(into: OCELSQLiteSink(path: path))
            }
        } catch {
            FileSystem.remove(path)
            FileSystem.remove(path + "-journal")
            throw error
        }
    }

    // MARK: The object-centric view

    static let objectTypes: [OCELType] = [
        OCELType(name: "sector", attributes: [("name", .string), ("level", .string)]),
        OCELType(name: "measure", attributes: [("name", .string), ("dimension", .string), ("unit", .string), ("direction", .string)]),
        OCELType(name: "citizen", attributes: [("birth_year", .integer)]),
        OCELType(name: "journey", attributes: [("ref", .string), ("type", .string), ("status", .string), ("outcome", .string),
                                               ("opened_at", .time), ("closed_at", .time)]),
        OCELType(name: "obstacle", attributes: [("category", .string), ("rule_ref", .string), ("severity", .integer),
                                                ("delay_days", .float), ("staff_hours", .float), ("status", .string)]),
    ]

    static let eventTypes: [OCELType] =
        StepKind.allCases.map { OCELType(name: $0.rawValue, attributes: [("ended_at", .time)]) }
        + ObstacleStatus.allCases.map { OCELType(name: "obstacle_" + $0.rawValue, attributes: []) }
        + [OCELType(name: "observation", attributes: [("phase", .string), ("value", .float)])]

    private static let sectorList = SQLFragments.obstacleSectors(of: "o")

    private func walk(into sink: some OCELSink) throws -> Report {
        try store.inTransaction(.deferred) {
            try sink.begin(objectTypes: Self.objectTypes, eventTypes: Self.eventTypes)
            var objects = 0, events = 0, eventRelations = 0, objectRelations = 0
            func emit(_ object: OCELObject) throws {
                try sink.object(object)
                objects += 1
                objectRelations += object.relationships.count
            }
            func emit(_ event: OCELEvent) throws {
                try sink.event(event)
                events += 1
                eventRelations += event.relationships.count
            }
            let db = store

            let sectors = try db.prepare("SELECT id, name, level FROM sectors ORDER BY id")
            while try sectors.advance() {
                try emit(OCELObject(id: "sector:" + sectors.text(0), type: "sector",
                                    attributes: [.text(sectors.text(1)), .text(sectors.text(2))]))
            }
            let measures = try db.prepare("SELECT id, name, dimension, unit, direction FROM measures ORDER BY id")
            while try measures.advance() {
                try emit(OCELObject(id: "measure:" + measures.text(0), type: "measure",
                                    attributes: (1...4).map { .text(measures.text($0)) }))
            }
            let citizens = try db.prepare("SELECT id, birth_year FROM citizens ORDER BY id")
            while try citizens.advance() {
                try emit(OCELObject(id: "citizen:" + citizens.text(0), type: "citizen",
                                    attributes: [OutputValue(citizens.column(1))]))
            }
            let journeys = try db.prepare("""
                SELECT id, ref, citizen_id, type, status, outcome, opened_at, closed_at FROM journeys
                 WHERE voided_at IS NULL ORDER BY id
                """)
            while try journeys.advance() {
                try emit(OCELObject(
                    id: "journey:" + String(journeys.int64(0)), type: "journey",
                    attributes: [OutputValue(journeys.column(1)), .text(journeys.text(3)), .text(journeys.text(4)),
                                 OutputValue(journeys.column(5)), .text(journeys.text(6)), OutputValue(journeys.column(7))],
                    relationships: [("citizen:" + journeys.text(2), "citizen")]))
            }
            let obstacles = try db.prepare("""
                SELECT o.id, o.journey_id, o.category_id, o.rule_ref, o.severity, o.delay_days, o.staff_hours, o.status,
                       \(Self.sectorList)
                FROM obstacles o JOIN journeys j ON j.id = o.journey_id
                WHERE o.voided_at IS NULL AND j.voided_at IS NULL ORDER BY o.id
                """)
            while try obstacles.advance() {
                var relationships = [("journey:" + String(obstacles.int64(1)), "journey")]
                for sector in obstacles.text(8).split(separator: ";") {
                    relationships.append(("sector:" + sector, "between"))
                }
                try emit(OCELObject(
                    id: "obstacle:" + String(obstacles.int64(0)), type: "obstacle",
                    attributes: [.text(obstacles.text(2)), OutputValue(obstacles.column(3)), OutputValue(obstacles.column(4)),
                                 OutputValue(obstacles.column(5)), OutputValue(obstacles.column(6)), .text(obstacles.text(7))],
                    relationships: relationships))
            }

            try sink.beginEvents()
            let steps = try db.prepare("""
                SELECT s.id, s.kind, s.at, s.ended_at, s.journey_id, s.sector_id, j.citizen_id
                FROM steps s JOIN journeys j ON j.id = s.journey_id
                WHERE s.voided_at IS NULL AND j.voided_at IS NULL ORDER BY s.id
                """)
            while try steps.advance() {
                try emit(OCELEvent(
                    id: "step:" + String(steps.int64(0)), type: steps.text(1), time: steps.text(2),
                    attributes: [OutputValue(steps.column(3))],
                    relationships: [("journey:" + String(steps.int64(4)), "journey"), ("sector:" + steps.text(5), "sector"),
                                    ("citizen:" + steps.text(6), "citizen")]))
            }
            let changes = try db.prepare("""
                SELECT h.id, h.status, h.at, o.id, o.journey_id, j.citizen_id, \(Self.sectorList)
                FROM obstacle_status_history h JOIN obstacles o ON o.id = h.obstacle_id JOIN journeys j ON j.id = o.journey_id
                WHERE o.voided_at IS NULL AND j.voided_at IS NULL
                ORDER BY h.id
                """)
            while try changes.advance() {
                var relationships = [("obstacle:" + String(changes.int64(3)), "obstacle"),
                                     ("journey:" + String(changes.int64(4)), "journey"),
                                     ("citizen:" + changes.text(5), "citizen")]
                for sector in changes.text(6).split(separator: ";") {
                    relationships.append(("sector:" + sector, "between"))
                }
                try emit(OCELEvent(id: "obstacle-change:" + String(changes.int64(0)), type: "obstacle_" + changes.text(1),
                                   time: changes.text(2), attributes: [], relationships: relationships))
            }
            let observations = try db.prepare("""
                SELECT b.id, b.phase, b.value, b.observed_at, b.journey_id, b.measure_id, j.citizen_id
                FROM observations b JOIN journeys j ON j.id = b.journey_id
                WHERE b.voided_at IS NULL AND j.voided_at IS NULL ORDER BY b.id
                """)
            while try observations.advance() {
                try emit(OCELEvent(
                    id: "observation:" + String(observations.int64(0)), type: "observation", time: observations.text(3),
                    attributes: [.text(observations.text(1)), .real(observations.double(2))],
                    relationships: [("journey:" + String(observations.int64(4)), "journey"),
                                    ("measure:" + observations.text(5), "measure"),
                                    ("citizen:" + observations.text(6), "citizen")]))
            }
            try sink.finish()
            return Report(objects: objects, events: events, eventObjectRelations: eventRelations,
                          objectObjectRelations: objectRelations)
        }
    }

    /// An OCEL timestamp: ISO 8601 in UTC, `2026-03-01T09:30:00Z`.
    static func time(_ stored: String) -> String {
        let instant = Timestamp.normalize(stored) ?? stored
        return instant.utf8.count == 10 ? instant + "T00:00:00Z" : instant
    }

    /// Static attribute values carry the epoch as their time (OCEL 2.0's
    /// convention for "always had this value").
    static let epoch = "1970-01-01T00:00:00Z"
}

/// An object or event type with its attributes, in a fixed order that the
/// values of `OCELObject` and `OCELEvent` follow.
struct OCELType {
    enum AttributeType: String {
        case string, integer, float, time
    }

    let name: String
    let attributes: [(name: String, type: AttributeType)]

    /// The name used in SQLite table names: `journey` → `Journey`,
    /// `obstacle_open` → `ObstacleOpen`.
    var tableSuffix: String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

struct OCELObject {
    let id: String
    let type: String
    /// In the order of the type's attributes; null when the object has none.
    let attributes: [OutputValue]
    var relationships: [(objectID: String, qualifier: String)] = []
}

struct OCELEvent {
    let id: String
    let type: String
    /// A stored date or instant.
    let time: String
    let attributes: [OutputValue]
    let relationships: [(objectID: String, qualifier: String)]
}

/// Where the export walk sends the log: objects first, then events.
protocol OCELSink {
    func begin(objectTypes: [OCELType], eventTypes: [OCELType]) throws
    func object(_ object: OCELObject) throws
    func beginEvents() throws
    func event(_ event: OCELEvent) throws
    func finish() throws
}

extension OCELSink {
    func attributeType(_ typeName: String, in types: [OCELType]) -> OCELType {
        types.first { $0.name == typeName }!
    }
}
