/// Reads a CSV or NDJSON file of journeys, steps, obstacles or observations
/// into the database: all rows or none.
///
/// Every row goes through the same validation as the caseworker commands
/// (`TrackerStore.validated(...)`). The import works in two phases, so that
/// caseworkers keep working while a long file is read:
/// - checking: the file is read and every row checked against the database
///   as it stands, in a read transaction that blocks no one; good rows wait
///   in temporary tables (`ImportStaging`), bad ones are collected (the first
///   50 kept, all counted). A bad row or a dry run ends the import here,
///   before the write lock is ever taken.
/// - writing: one `BEGIN IMMEDIATE` transaction checks again what others
///   may have changed meanwhile (a journey closed, voided or amended, a ref
///   taken), then writes all rows with `INSERT … SELECT`, the kept facts of
///   the journeys touched, and one `imported` audit entry for the file.
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
    private let staging: ImportStaging
    private var problems: ImportProblemLog
    private let now = Timestamp.now()
    private var lastJourney: (reference: String, journey: Journey)?
    private var lookup = JourneyLookup()
    /// Called after the rows are checked and before the write lock is
    /// taken: tests change the database there, as another caseworker might.
    var afterCheckingForTesting: (() throws -> Void)?

    public init(store: TrackerStore, path: String, options: Options) {
        self.store = store
        self.path = path
        self.options = options
        self.staging = ImportStaging(kind: options.kind)
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

        try staging.create(on: store)
        defer { try? staging.drop(on: store) }
        var rows = 0
        var staged = 0
        var newCitizens = 0
        var lastProgress = started
        try store.inTransaction(.deferred) {
            var chunk: [ImportRow] = []
            var endOfInput = false
            while !endOfInput {
                // A run of rows is read first, so that the journeys it
                // names are looked up in one query.
                chunk.removeAll(keepingCapacity: true)
                var unreadable: ImportProblem?
                while chunk.count < JourneyLookup.batch {
                    do {
                        guard let row = try source.next() else { endOfInput = true; break }
                        chunk.append(row)
                    } catch let error as CSVError {
                        unreadable = ImportProblem(error)
                    } catch let error as JSONError {
                        unreadable = ImportProblem(line: error.line, reason: "byte \(error.column): \(error.reasonText)")
                    }
                    if unreadable != nil { endOfInput = true; break }
                }
                try lookup.prefetch(chunk.compactMap { try? $0.text(options.kind == .journeys ? "ref" : "journey_ref") },
                                    on: store)
                for row in chunk {
                    rows += 1
                    if try stageRow(row, source: source, seq: staged) { staged += 1 }
                }
                if let unreadable { problems.add(unreadable) }
                if let progress {
                    let now = ContinuousClock.now
                    if now - lastProgress >= .milliseconds(100) {
                        lastProgress = now
                        progress(Progress(rows: rows, bytesRead: input.position, totalBytes: totalBytes,
                                          seconds: Self.seconds(now - started)))
                    }
                }
            }
            try staging.flush(on: store)
            try staging.analyze(on: store)
            newCitizens = try staging.newCitizens(on: store)
        }
        if let progress {
            progress(Progress(rows: rows, bytesRead: input.position, totalBytes: totalBytes,
                              seconds: Self.seconds(ContinuousClock.now - started)))
        }
        guard problems.count == 0, !options.dryRun else {
            return report(rows: rows, written: 0, newCitizens: newCitizens, started: started)
        }

        try afterCheckingForTesting?()
        do {
            try store.inTransaction(.immediate) {
                try checkChangesSinceChecking(source: source)
                if problems.count > 0 { throw RollBack() }
                let first = try store.rebuildingFacts(.newRows(of: staging.table, journeys: staging.journeysTouched,
                                                               placing: staging.stepsToPlace)) { first in
                    try store.execute("SAVEPOINT import_write")
                    do {
                        newCitizens = try staging.write(first: first, now: now, on: store)
                        try store.execute("RELEASE import_write")
                    } catch let error where Database.constraintMessage(error) != nil {
                        try store.execute("ROLLBACK TO import_write")
                        try store.execute("RELEASE import_write")
                        let refused = try staging.firstRefusedRow(first: first, now: now, on: store)
                        problems.add(ImportProblem(line: refused?.line ?? 0, reason: "the row breaks a rule of the database: "
                                                   + (refused?.message ?? Database.constraintMessage(error) ?? "")))
                        throw RollBack()
                    }
                    return first
                }
                try store.audit(action: "imported", entity: options.kind.entity, entityID: nil, detail: [
                    "file": .text(path), "kind": .text(options.kind.rawValue), "format": .text(options.format.rawValue),
                    "rows": .int(staged), "first_id": .optional(staged > 0 ? Int(first) : nil),
                    "last_id": .optional(staged > 0 ? Int(first) + staged - 1 : nil), "new_citizens": .int(newCitizens),
                ])
            }
        } catch is RollBack {
            return report(rows: rows, written: 0, newCitizens: newCitizens, started: started)
        }
        return report(rows: rows, written: staged, newCitizens: newCitizens, started: started)
    }

    /// Under the write lock: the rows whose journey someone changed while
    /// the file was checked are checked again against the journey as it is
    /// now, and journeys whose ref was taken meanwhile are refused.
    private func checkChangesSinceChecking(source: any ImportSource) throws {
        for taken in try staging.takenRefs(on: store) {
            problems.add(ImportProblem(line: taken.line, column: source.position(of: "ref"), field: "ref",
                                       reason: "a journey with ref '\(taken.ref)' was opened while the file was checked"))
        }
        guard let bound = staging.journeyBound else { return }
        for id in try staging.changedJourneys(on: store) {
            guard let journey = try store.journey(id: id) else { continue }
            for row in try staging.boundedDates(of: id, on: store) {
                do {
                    try checkBounds(row.date, of: journey, column: bound.column, refusedAfterClose: bound.refusedAfterClose)
                } catch let error as FieldError {
                    problems.add(ImportProblem(line: row.line, column: source.position(of: error.field), field: error.field,
                                               reason: error.reason + " (the journey changed while the file was checked)"))
                }
            }
        }
    }

    /// What a row's journey demands of it: that it is live, and the row's
    /// date within the journey.
    private func checkBounds(_ date: String, of journey: Journey, column: String, refusedAfterClose: Bool) throws {
        try store.requireLive(journey)
        try Validate.notBeforeOpening(date, of: journey, field: column)
        if refusedAfterClose { try Validate.notAfterClose(date, of: journey, field: column) }
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

    /// Checks one row and stages it; false when it is bad (and reported).
    private func stageRow(_ row: ImportRow, source: any ImportSource, seq: Int) throws -> Bool {
        guard row.problems.isEmpty else {
            row.problems.forEach { problems.add($0) }
            return false
        }
        do {
            for name in options.kind.requiredColumns where !row.isPresent(name) {
                throw FieldError(field: name, "is required and cannot be empty")
            }
            var sectors: [String] = []
            let values: [DatabaseValue]
            switch options.kind {
            case .journeys: values = try checkedJourney(row)
            case .steps: values = try checkedStep(row)
            case .obstacles: (values, sectors) = try checkedObstacle(row)
            case .observations: values = try checkedObservation(row)
            }
            try staging.stage(seq: seq, line: row.line, values, sectors: sectors, on: store)
            return true
        } catch let error as FieldError {
            problems.add(ImportProblem(line: row.line, column: source.position(of: error.field),
                                       field: error.field, reason: error.reason))
        } catch let error as TrackerError where error.kind == .badData || error.kind == .notFound || error.kind == .usage {
            problems.add(ImportProblem(line: row.line, reason: error.message))
        }
        return false
    }

    private func checkedJourney(_ row: ImportRow) throws -> [DatabaseValue] {
        let reference = try row.text("citizen")
        let cpr = try row.text("cpr")
        if reference != nil && cpr != nil {
            throw FieldError(field: "cpr", "give either citizen or cpr, not both")
        }
        if reference == nil && cpr == nil {
            throw FieldError(field: "citizen", "is required (or a cpr instead)")
        }
        let citizen = try store.citizenID(reference: reference, cpr: cpr)
        let new = NewJourney(
            citizenID: citizen, type: try row.requiredText("type"), ref: try row.text("ref"), title: try row.text("title"),
            goal: try row.text("goal"), owner: try row.text("owner"), openedAt: try row.text("opened_at"),
            closedAt: try row.text("closed_at"), outcome: try row.choice("outcome", as: Outcome.self))
        let journey = try store.validated(new, now: now)
        if let ref = journey.ref, try lookup.exists(ref: ref, on: store) || staging.hasStagedRef(ref, on: store) {
            throw FieldError(field: "ref", "a journey with ref '\(ref)' exists already")
        }
        return [journey.ref.databaseValue, .text(journey.citizenID), .text(journey.type), journey.title.databaseValue,
                journey.goal.databaseValue, journey.owner.databaseValue, journey.openedAt.databaseValue,
                journey.closedAt.databaseValue, .text(journey.closedAt == nil ? "open" : "closed"),
                journey.outcome?.rawValue.databaseValue ?? .null]
    }

    /// The journey a row names, which must be live; steps of one journey
    /// usually come together, so the last one is kept.
    private func journey(of row: ImportRow) throws -> Journey {
        let reference = try row.requiredText("journey_ref")
        if let lastJourney, lastJourney.reference == reference { return lastJourney.journey }
        let journey = try lookup.journey(reference, field: "journey_ref", on: store)
        try store.requireLive(journey)
        try staging.noteJourney(journey, on: store)
        lastJourney = (reference, journey)
        return journey
    }

    private func checkedStep(_ row: ImportRow) throws -> [DatabaseValue] {
        let journey = try journey(of: row)
        let step = try store.validated(NewStep(
            sector: try row.requiredText("sector"), kind: try row.choice("kind", as: StepKind.self)!, unit: try row.text("unit"),
            at: try row.text("at"), endedAt: try row.text("ended_at"), note: try row.text("note")), journey: journey, now: now)
        return [.integer(journey.id), .text(step.sector), .text(step.kind.rawValue), step.unit.databaseValue,
                step.at.databaseValue, step.endedAt.databaseValue, step.note.databaseValue]
    }

    private func checkedObstacle(_ row: ImportRow) throws -> ([DatabaseValue], sectors: [String]) {
        let journey = try journey(of: row)
        let obstacle = try store.validated(NewObstacle(
            category: try row.requiredText("category"), sectors: try row.list("sectors"),
            description: try row.requiredText("description"), ruleRef: try row.text("rule_ref"),
            severity: try row.integer("severity"), delayDays: try row.number("delay_days"),
            staffHours: try row.number("staff_hours"), loggedAt: try row.text("logged_at"),
            status: try row.choice("status", as: ObstacleStatus.self) ?? .open,
            resolvedAt: try row.text("resolved_at"), resolution: try row.text("resolution")), journey: journey, now: now)
        return ([.integer(journey.id), .text(obstacle.category), obstacle.ruleRef.databaseValue, .text(obstacle.description),
                 obstacle.severity.databaseValue, obstacle.delayDays.databaseValue, obstacle.staffHours.databaseValue,
                 .text(obstacle.status.rawValue), obstacle.loggedAt.databaseValue, .text(store.actor),
                 obstacle.resolvedAt.databaseValue, obstacle.resolution.databaseValue], obstacle.sectors)
    }

    private func checkedObservation(_ row: ImportRow) throws -> [DatabaseValue] {
        let journey = try journey(of: row)
        let observation = try store.validated(NewObservation(
            measure: try row.requiredText("measure"), phase: try row.choice("phase", as: Phase.self)!,
            value: try row.number("value")!, observedAt: try row.text("observed_at")), journey: journey, now: now)
        return [.integer(journey.id), .text(observation.measure), .text(observation.phase.rawValue), .real(observation.value),
                observation.observedAt.databaseValue]
    }
}

extension ImportProblem {
    init(_ error: CSVError) {
        self.init(line: error.line, column: error.column, reason: error.reasonText)
    }
}
