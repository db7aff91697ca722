import Testing
@testable import Tracker

@Suite("Read sessions", .serialized)
struct ReadSessionTests {
    /// A demo file large enough that the analyses read on several connections.
    private static func largeStore(_ directory: TemporaryDirectory) throws -> String {
        let path = directory.file("large.sqlite")
        _ = try DemoGenerator.create(at: path, options: .init(journeys: AnalysisData.parallelThreshold + 2_000, seed: 11),
                                     actor: "test")
        return path
    }

    @Test("an analysis on several connections reads one state while a caseworker commits between their first reads")
    func commitsDuringAnalysis() throws {
        let directory = TemporaryDirectory()
        let path = try Self.largeStore(directory)
        let analyst = try TrackerStore.open(path: path, access: .readOnly, actor: "analyst")
        let caseworker = try TrackerStore.open(path: path, access: .readWrite, actor: "caseworker")
        #expect(try analyst.reading { $0.canRunInParallel }, "the analysis must use more than one connection")

        // An open journey with a handoff A → B: an obstacle between A and B
        // counts on that handoff; a new step makes a handoff of its own.
        let handoff = try #require(try ReadSession(caseworker.db).row("""
            SELECT j.ref, a.sector_id, b.sector_id, (SELECT max(at) FROM steps WHERE journey_id = j.id)
              FROM journeys j JOIN steps a ON a.journey_id = j.id JOIN steps b ON b.journey_id = j.id
             WHERE j.status = 'open' AND b.id = (SELECT min(id) FROM steps s WHERE s.journey_id = j.id AND s.id > a.id)
               AND a.sector_id <> b.sector_id AND b.sector_id <> 'tax'
             ORDER BY j.id LIMIT 1
            """))
        let (ref, from, to, lastStep) = (handoff[0].text!, handoff[1].text!, handoff[2].text!, handoff[3].text!)
        let before = try HandoffAnalysis(analyst)

        nonisolated(unsafe) var commits = 0
        analyst.betweenFirstReadsForTesting = {
            commits += 1
            // The steps are read on the first connection, the obstacles on
            // another: a mix of states would count the obstacle on A → B
            // without the new handoff, which neither state has.
            _ = try! caseworker.logObstacle(journey: ref, NewObstacle(
                category: "coordination", sectors: [from, to], description: "no shared plan", delayDays: 3))
            _ = try! caseworker.logStep(journey: ref, NewStep(sector: "tax", kind: .meeting, at: lastStep))
        }
        let during = try HandoffAnalysis(analyst)
        analyst.betweenFirstReadsForTesting = nil
        let after = try HandoffAnalysis(analyst)

        #expect(commits == 1)
        #expect(during.rows == after.rows)
        #expect(before.rows != after.rows)
        let pair = { (analysis: HandoffAnalysis) in analysis.rows.first { $0.fromSector == from && $0.toSector == to } }
        #expect(pair(after)!.obstacles == pair(before)!.obstacles + 1)
    }

    @Test("a read session over an in-memory database runs its work in turn on the one connection")
    func inMemoryRunsInTurn() throws {
        let db = try migratedMemoryDatabase()
        let session = ReadSession(db)
        #expect(!session.canRunInParallel)
        let (first, second) = try session.both({ try $0.value("SELECT 1") }, { try $0.value("SELECT 2").integer })
        #expect(first == .integer(1) && second == 2)
    }

    @Test("the connections of a session are all at one state: each sees the newest audit entry")
    func alignedStates() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("small.sqlite")
        _ = try TrackerStore.initialize(path: path, actor: "test")
        let writer = try TrackerStore.open(path: path, access: .readWrite, actor: "test")
        let reader = try TrackerStore.open(path: path, access: .readOnly, actor: "test")
        nonisolated(unsafe) var fired = false
        reader.betweenFirstReadsForTesting = {
            fired = true
            try! writer.addSector(id: "harbour", name: "Harbour", level: .municipal)
        }
        let (main, spare) = try reader.reading { session in
            try session.both({ try $0.value(TrackerStore.stateQuery) }, { try $0.value(TrackerStore.stateQuery).integer })
        }
        reader.betweenFirstReadsForTesting = nil
        let newest = try ReadSession(writer.db).value(TrackerStore.stateQuery)
        #expect(fired)
        #expect(main == newest && spare == newest.integer)
    }

    @Test("scans read in two halves at once give every analysis exactly what one pass gives, voided rows and filters included")
    func halvesAgreeWithOnePass() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("halves.sqlite")
        _ = try DemoGenerator.create(at: path, options: .init(journeys: 600, seed: 5), actor: "test")
        let store = try TrackerStore.open(path: path, access: .readWrite, actor: "test")
        // Voided rows on both sides of every middle: each half skips its own.
        for (entity, table) in [(CorrectableEntity.journey, "journeys"), (.step, "steps"), (.obstacle, "obstacles")] {
            let ids = try ReadSession(store.db).rows("SELECT id FROM \(table) WHERE voided_at IS NULL ORDER BY id")
                .compactMap { $0[0].integer }
            for id in [ids[3], ids[ids.count / 2], ids[ids.count / 2 + 1], ids[ids.count - 4]] {
                try store.void(entity, id: id, reason: "entered twice")
            }
        }
        func outputs(_ db: ReadSession) throws -> [String] {
            var texts: [String] = []
            for filter in [AnalysisFilter.all, try AnalysisFilter(from: "2023-01-01", to: "2025-06-30")] {
                texts.append(try HandoffAnalysis(db, filter: filter).output().table.rendered(as: .json))
                texts.append(try JourneyAnalysis(db, filter: filter, by: .type).output().table.rendered(as: .json))
                for grouping in ObstacleAnalysis.Grouping.allCases {
                    texts.append(try ObstacleAnalysis(db, filter: filter, by: grouping).output().table.rendered(as: .json))
                }
                texts.append(try RuleAnalysis(db, filter: filter, top: nil).output().table.rendered(as: .json))
                texts.append(try SurvivalAnalysis(db, filter: filter, by: .type, asOf: AsOfDate("2026-06-30"))
                    .output().table.rendered(as: .json))
                texts.append(try EffectSummary(db, filter: filter, by: .type).output().table.rendered(as: .json))
                texts.append(try ActivityEffectAnalysis(db, filter: filter).output().table.rendered(as: .json))
            }
            texts.append(try Report(db, asOf: AsOfDate("2026-06-30")).rendered(as: .json))
            return texts
        }
        let (onePass, halves, split) = try store.reading { session in
            var halved = session
            halved.halvesFrom = 1
            return (try outputs(session), try outputs(halved), halved.canRunInParallel)
        }
        #expect(split, "the halves must be read on two connections")
        #expect(onePass.count == halves.count)
        for (whole, halved) in zip(onePass, halves) { #expect(whole == halved) }
        #expect(onePass.contains { $0.contains("\"from_sector\"") }, "the handoffs must not be empty")
        // Alone, the handoffs read only the obstacles' journeys and sectors;
        // from the whole read of the obstacles the report shares they agree.
        try store.reading { session in
            let data = try AnalysisData(session, filter: .all)
            #expect(try data.obstacles(.withSectors).reading == .withSectors)
            let shared = try HandoffAnalysis(data).rows
            #expect(!shared.isEmpty && shared.contains { $0.obstacles > 0 })
            #expect(try shared == HandoffAnalysis(session).rows)
        }
    }
}
