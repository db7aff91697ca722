/// Reads a CSV or NDJSON file of journeys, steps, obstacles or observations
/// into the database: all rows or none.
///
/// Every row goes through the same validation as the caseworker commands
/// (`TrackerStore.validated(...)`) and is inserted by the same code, inside
/// one `BEGIN IMMEDIATE` transaction with cached statements. Rows are not
/// audited one by one: one `imported` entry records the file, the kind and
/// the row count. Bad rows are collected (the first 50 kept, all counted),
/// and one bad row rolls back everything; so does a dry run.
public final class Importer {
    public struct Options: Sendable {
        public var kind: ExchangeKind
        public var format: InputFormat
        public var dryRun: Bool
        public var maximumReportedProblems: Int

        public init(kind: ExchangeKind, format: InputFormat, dryRun: Bool = false, maximumReportedProblems: Int = 50) {
            self.kind = kind
            self.format = format
            self.dryRun = dryRun
            self.maximumReportedProblems = maximumReportedProblems
        }
    }

    /// What an import did, or would have done.
    public struct Report: Sendable {
        public let kind: ExchangeKind
        public let path: String
        /// Data rows read.
        public let rows: Int
        /// Rows written: 0 after a dry run or any problem.
        public let written: Int
        public let newCitizens: Int
        /// The first problems, in file order.
        public let problems: [ImportProblem]
        /// All problems, including those not kept.
        public let problemCount: Int
        public let dryRun: Bool
        public let seconds: Double

        public var succeeded: Bool { problemCount == 0 }
    }

    /// How far an import has got, for a progress display.
    public struct Progress: Sendable {
        public let rows: Int
        public let bytesRead: Int
        public let totalBytes: Int?
        public let seconds: Double
    }

    private let store: TrackerStore
    private let options: Options
    private let path: String
    private var problems: ImportProblemLog
    private let now = Timestamp.now()
    private var lastJourney: (reference: String, journey: Journey)?

    public init(store: TrackerStore, path: String, options: Options) {
        self.store = store
        self.path = path
        self.options = options
        self.problems = ImportProblemLog(limit: options.maximumReportedProblems)
    }

    private struct RollBack: Error {}

    /// Runs the import. Problems in the data are in the report; a file that
    /// cannot be opened or read throws.
    public func run(progress: ((Progress) -> Void)? = nil) throws -> Report {
        let started = ContinuousClock.now
        let input = try ByteReader(path: path)
        let totalBytes = FileSystem.size(path)
        var source: any ImportSource
        do {
            switch options.format {
            case .csv: source = try CSVImportSource(reader: CSVReader(reader: input), kind: options.kind)
            case .ndjson: source = NDJSONImportSource(reader: NDJSONReader(reader: input), kind: options.kind)
            }
        } catch let error as ImportHeaderError {
            error.problems.forEach { problems.add($0) }
            return report(rows: 0, written: 0, newCitizens: 0, started: started)
        } catch let error as CSVError {
            problems.add(ImportProblem(error))
            return report(rows: 0, written: 0, newCitizens: 0, started: started)
        }

        var rows = 0
        var written = 0
        var newCitizens = 0
        var firstID: Int64?
        var lastID: Int64?
        var lastProgress = started
        do {
            try store.inTransaction(.immediate) {
                let citizensBefore = try citizenCount()
                try store.rebuildingFacts(.newRows(of: options.kind.rawValue)) {
                    try store.withoutAuditingEachChange {
                        while true {
                            let row: ImportRow?
                            do {
                                row = try source.next()
                            } catch let error as CSVError {
                                problems.add(ImportProblem(error))
                                break
                            } catch let error as JSONError {
                                problems.add(ImportProblem(line: error.line, reason: "byte \(error.column): \(error.reasonText)"))
                                break
                            }
                            guard let row else { break }
                            rows += 1
                            if let id = try importRow(row, source: source) {
                                written += 1
                                if firstID == nil { firstID = id }
                                lastID = id
                            }
                            if let progress, rows & 1023 == 0 {
                                let now = ContinuousClock.now
                                if now - lastProgress >= .milliseconds(100) {
                                    lastProgress = now
                                    progress(Progress(rows: rows, bytesRead: input.position, totalBytes: totalBytes,
                                                      seconds: Self.seconds(now - started)))
                                }
                            }
                        }
                    }
                }
                newCitizens = try citizenCount() - citizensBefore
                if problems.count > 0 || options.dryRun { throw RollBack() }
                try store.audit(action: "imported", entity: options.kind.entity, entityID: nil, detail: [
                    "file": .text(path), "kind": .text(options.kind.rawValue), "format": .text(options.format.rawValue),
                    "rows": .int(written), "first_id": .optional(firstID.map(Int.init)), "last_id": .optional(lastID.map(Int.init)),
                    "new_citizens": .int(newCitizens),
                ])
            }
        } catch is RollBack {
            written = 0
        }
        if let progress {
            progress(Progress(rows: rows, bytesRead: input.position, totalBytes: totalBytes,
                              seconds: Self.seconds(ContinuousClock.now - started)))
        }
        return report(rows: rows, written: written, newCitizens: newCitizens, started: started)
    }

    private func report(rows: Int, written: Int, newCitizens: Int, started: ContinuousClock.Instant) -> Report {
        Report(kind: options.kind, path: path, rows: rows, written: written, newCitizens: newCitizens,
               problems: problems.kept, problemCount: problems.count, dryRun: options.dryRun,
               seconds: Self.seconds(ContinuousClock.now - started))
    }

    private func citizenCount() throws -> Int {
        Int(try store.value("SELECT count(*) FROM citizens").integer ?? 0)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Checks and inserts one row; nil when it is bad (and reported).
    private func importRow(_ row: ImportRow, source: any ImportSource) throws -> Int64? {
        guard row.problems.isEmpty else {
            row.problems.forEach { problems.add($0) }
            return nil
        }
        do {
            for name in options.kind.requiredColumns where !row.isPresent(name) {
                throw FieldError(field: name, "is required and cannot be empty")
            }
            switch options.kind {
            case .journeys: return try importJourney(row)
            case .steps: return try importStep(row)
            case .obstacles: return try importObstacle(row)
            case .observations: return try importObservation(row)
            }
        } catch let error as FieldError {
            problems.add(ImportProblem(line: row.line, column: source.position(of: error.field),
                                       field: error.field, reason: error.reason))
        } catch let error as DatabaseError where error.isConstraint {
            problems.add(ImportProblem(line: row.line, reason: "the row breaks a rule of the database: \(error.sqliteMessage)"))
        } catch let error as TrackerError where error.kind == .badData || error.kind == .notFound || error.kind == .usage {
            problems.add(ImportProblem(line: row.line, reason: error.message))
        }
        return nil
    }

    private func importJourney(_ row: ImportRow) throws -> Int64 {
        let reference = try row.text("citizen")
        let cpr = try row.text("cpr")
        if reference != nil && cpr != nil {
            throw FieldError(field: "cpr", "give either citizen or cpr, not both")
        }
        if reference == nil && cpr == nil {
            throw FieldError(field: "citizen", "is required (or a cpr instead)")
        }
        let citizen = try store.citizenID(reference: reference, cpr: cpr)
        let journey = NewJourney(
            citizenID: citizen, type: try row.requiredText("type"), ref: try row.text("ref"), title: try row.text("title"),
            goal: try row.text("goal"), owner: try row.text("owner"), openedAt: try row.text("opened_at"),
            closedAt: try row.text("closed_at"), outcome: try row.choice("outcome", as: Outcome.self))
        let checked = try store.validated(journey, now: now)
        return try store.insertJourney(checked, now: now)
    }

    /// The journey a row names; steps of one journey usually come together,
    /// so the last one is kept.
    private func journey(of row: ImportRow) throws -> Journey {
        let reference = try row.requiredText("journey_ref")
        if let lastJourney, lastJourney.reference == reference { return lastJourney.journey }
        let journey = try store.journey(reference, field: "journey_ref")
        lastJourney = (reference, journey)
        return journey
    }

    private func importStep(_ row: ImportRow) throws -> Int64 {
        let journey = try journey(of: row)
        let step = NewStep(
            sector: try row.requiredText("sector"), kind: try row.choice("kind", as: StepKind.self)!, unit: try row.text("unit"),
            at: try row.text("at"), endedAt: try row.text("ended_at"), note: try row.text("note"))
        let checked = try store.validated(step, journey: journey, now: now)
        return try store.insertStep(checked, journeyID: journey.id)
    }

    private func importObstacle(_ row: ImportRow) throws -> Int64 {
        let journey = try journey(of: row)
        let obstacle = NewObstacle(
            category: try row.requiredText("category"), sectors: try row.list("sectors"),
            description: try row.requiredText("description"), ruleRef: try row.text("rule_ref"),
            severity: try row.integer("severity"), delayDays: try row.number("delay_days"),
            staffHours: try row.number("staff_hours"), loggedAt: try row.text("logged_at"),
            status: try row.choice("status", as: ObstacleStatus.self) ?? .open,
            resolvedAt: try row.text("resolved_at"), resolution: try row.text("resolution"))
        let checked = try store.validated(obstacle, journey: journey, now: now)
        return try store.insertObstacle(checked, journeyID: journey.id)
    }

    private func importObservation(_ row: ImportRow) throws -> Int64 {
        let journey = try journey(of: row)
        let observation = NewObservation(
            measure: try row.requiredText("measure"), phase: try row.choice("phase", as: Phase.self)!,
            value: try row.number("value")!, observedAt: try row.text("observed_at"))
        let checked = try store.validated(observation, journey: journey, now: now)
        return try store.insertObservation(checked, journeyID: journey.id)
    }
}

extension ImportProblem {
    init(_ error: CSVError) {
        self.init(line: error.line, column: error.column, reason: error.reasonText)
    }
}
