/// What the analyses read from one database for one selection of journeys,
/// each part loaded at most once: the report runs six analyses over the
/// same steps and obstacles, and reads each table once.
final class AnalysisData {
    let db: ReadSession
    let filter: AnalysisFilter
    let selection: JourneySelection
    /// One numbering of sector ids shared by the step and obstacle scans.
    var sectors: ColumnReader
    private var stepScan: StepScan?
    private var obstacleScan: ObstacleScan?

    /// With `asOf`, journeys opened after it are left out and a close after
    /// it counts as still open (the report); their steps, obstacles and
    /// observations all count. `reading` is what the selection reads of
    /// each journey.
    convenience init(_ db: ReadSession, filter: AnalysisFilter, asOf: AsOfDate? = nil,
                     reading: JourneySelection.Reading = .attributes) throws {
        try filter.validate(in: db)
        try self.init(db, filter: filter, selection: JourneySelection(db, filter: filter, asOf: asOf, reading: reading))
    }

    /// Over a selection already read for `filter` (the report's two halves
    /// share one).
    init(_ db: ReadSession, filter: AnalysisFilter, selection: JourneySelection) throws {
        self.db = db
        self.filter = filter
        self.selection = selection
        self.sectors = ColumnReader(known: try Catalog.sectorIDs(db))
    }

    /// Every step of the selected journeys, in journey order, read once.
    func steps() throws -> StepScan {
        if let stepScan { return stepScan }
        let scan = try StepScan(selection, db, sectors: &sectors)
        stepScan = scan
        return scan
    }

    /// Below this many journeys (or ids) a scan is read in one piece.
    static let parallelThreshold = 10_000

    /// Every obstacle of the selected journeys, read once as `reading`
    /// says (a second read adds what a later one needs).
    func obstacles(_ reading: ObstacleScan.Reading = .withSectors) throws -> ObstacleScan {
        if let obstacleScan, obstacleScan.reading.covers(reading) { return obstacleScan }
        let scan = try ObstacleScan(selection, db, sectors: &sectors, reading: reading)
        obstacleScan = scan
        return scan
    }
}
