/// One pass over the live steps that change sector, in journey order, from
/// the partial index `steps_handoffs` of the facts each step keeps of the
/// step before it (its sector and the days since it; migration 0011): the
/// handoffs between sectors. (Steps and sectors per journey are kept facts
/// too: `JourneySelection.keptCounts`.)
struct StepScan {
    /// Each handoff (from, to), by sector number, with the gap of every
    /// transition and the journeys that made it (ascending, once each).
    let handoffs: [(from: Int, to: Int)]
    let gaps: [[Double]]
    let journeys: [[Int32]]

    /// Reads the steps; a large selection in two halves of journeys at once,
    /// each on its own connection (no transition crosses a journey, so none
    /// crosses the halves).
    init(_ selection: JourneySelection, _ db: ReadSession, sectors: inout ColumnReader) throws {
        let known = sectors
        let parts = try selection.inHalves(db) { db, range, _ in
            var sectors = known
            let part = try Part(selection, db, range: range, sectors: &sectors)
            return (part, sectors)
        }
        // Halves that met sectors beyond the catalog could number them
        // apart: then the steps are read again in one pass.
        if parts.count > 1, parts.contains(where: { $0.1.names.count != known.names.count }) {
            let whole = try Part(selection, db, range: .all, sectors: &sectors)
            self.init(whole)
            return
        }
        sectors = parts[parts.count - 1].1
        var joined = parts[0].0
        for (part, _) in parts.dropFirst() { joined.append(part) }
        self.init(joined)
    }

    private init(_ part: Part) {
        handoffs = part.handoffs
        gaps = part.gaps
        journeys = part.journeys
    }

    /// The steps of the journeys in one range of ids.
    private struct Part: Sendable {
        var handoffs: [(from: Int, to: Int)] = []
        var gaps: [[Double]] = []
        var journeys: [[Int32]] = []

        init(_ selection: JourneySelection, _ db: ReadSession, range: IDRange, sectors: inout ColumnReader) throws {
            // A slot per handoff, found through a table indexed by the two sector
            // numbers (a dictionary past 256 sectors): no hashing per step.
            var pairSlots = [Int32](repeating: -1, count: 256 * 256)
            var slotOfPair: [Int: Int] = [:]

            let bounds = range.condition("journey_id")
            let statement = try db.cachedStatement("""
                SELECT journey_id, previous_sector_id, sector_id, gap_days FROM steps
                 WHERE voided_at IS NULL AND previous_sector_id <> sector_id\(bounds.sql) ORDER BY journey_id
                """)
            try statement.bind(values: bounds.arguments)
            var previousJourney: Int64 = -1
            var journey: Int?
            while try statement.advance() {
                let journeyID = statement.int64(0)
                if journeyID != previousJourney {
                    previousJourney = journeyID
                    journey = selection.index(of: journeyID)
                }
                guard let journey else { continue }
                let previousSector = sectors.number(statement, 1)
                let sector = sectors.number(statement, 2)
                let slot: Int
                let small = previousSector < 256 && sector < 256
                if small, pairSlots[previousSector << 8 | sector] >= 0 {
                    slot = Int(pairSlots[previousSector << 8 | sector])
                } else if !small, let known = slotOfPair[previousSector << 20 | sector] {
                    slot = known
                } else {
                    slot = handoffs.count
                    if small {
                        pairSlots[previousSector << 8 | sector] = Int32(slot)
                    } else {
                        slotOfPair[previousSector << 20 | sector] = slot
                    }
                    handoffs.append((previousSector, sector))
                    gaps.append([])
                    journeys.append([])
                }
                gaps[slot].append(statement.double(3))
                if journeys[slot].last != Int32(journey) { journeys[slot].append(Int32(journey)) }
            }
        }

        /// Adds the steps of a later range of journeys: its handoffs after
        /// this part's (its journeys all come later, so each handoff's
        /// journeys stay ascending).
        mutating func append(_ later: Part) {
            for (slot, handoff) in later.handoffs.enumerated() {
                if let mine = handoffs.firstIndex(where: { $0 == handoff }) {
                    gaps[mine] += later.gaps[slot]
                    journeys[mine] += later.journeys[slot]
                } else {
                    handoffs.append(handoff)
                    gaps.append(later.gaps[slot])
                    journeys.append(later.journeys[slot])
                }
            }
        }
    }
}
