import Foundation
import Testing
@testable import Tracker

@Suite("Schema v1")
struct SchemaTests {
    @Test("the default sectors, obstacle categories and measures are seeded")
    func seeds() throws {
        let db = try migratedMemoryDatabase()
        let sectors = try db.rows("SELECT id, level FROM sectors ORDER BY id").map { "\($0[0].text!):\($0[1].text!)" }
        #expect(sectors == [
            "benefits_agency:state", "children_families:municipal", "elder_care:municipal",
            "employment:municipal", "general_practice:regional", "hospital:regional", "housing:municipal",
            "municipal_health:municipal", "police_prison:state", "primary_school:municipal",
            "psychiatry:regional", "social_adults:municipal", "tax:state", "upper_secondary:state",
        ])
        let categories = try db.rows("SELECT id FROM obstacle_categories ORDER BY id").map { $0[0].text! }
        #expect(categories == ["coordination", "data_sharing", "documentation", "governance_conflict",
                               "mandate", "other", "regulation"])
        #expect(try db.rows("SELECT count(*) FROM obstacle_categories WHERE length(description) < 10")[0][0] == .integer(0))
        let measures = try db.rows("SELECT id, dimension, direction FROM measures ORDER BY id")
            .map { "\($0[0].text!):\($0[1].text!):\($0[2].text!)" }
        #expect(measures == ["public_cost:economic:lower_is_better", "who5:human:higher_is_better",
                             "work_hours:societal:higher_is_better"])
    }

    @Test("every table is STRICT")
    func strictTables() throws {
        let db = try migratedMemoryDatabase()
        let tables = try db.rows("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
        #expect(tables.count >= 11)
        for table in tables {
            #expect(table[1] == .integer(1), "\(table[0].text ?? "?") is not STRICT")
        }
    }

    @Test("the audit log refuses UPDATE and DELETE")
    func auditLogIsAppendOnly() throws {
        let db = try migratedMemoryDatabase()
        try db.execute("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ('2026-01-01', 'a', 'created', 'journey', '1', '{}')")
        let update = try #require(throws: DatabaseError.self) { try db.execute("UPDATE audit_log SET actor = 'b'") }
        #expect(update.message.contains("append-only"))
        let delete = try #require(throws: DatabaseError.self) { try db.execute("DELETE FROM audit_log") }
        #expect(delete.message.contains("append-only"))
        #expect(try db.value("SELECT actor FROM audit_log") == .text("a"))
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO audit_log (at, actor, action, entity, detail) VALUES ('x', 'a', 'b', 'c', 'not json')")
        }
    }

    @Test("foreign keys and checks refuse impossible rows")
    func constraints() throws {
        let db = try migratedMemoryDatabase()
        try db.execute("INSERT INTO citizens (id, created_at) VALUES ('c1', '2026-01-01')")
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO journeys (citizen_id, type, opened_at) VALUES ('nobody', 't', '2026-01-01')")
        }
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO journeys (citizen_id, type, opened_at, status) VALUES ('c1', 't', '2026-01-01', 'closed')")
        }
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO journeys (citizen_id, type, opened_at) VALUES ('c1', 't', 'yesterday')")
        }
        try db.execute("INSERT INTO journeys (citizen_id, type, opened_at) VALUES ('c1', 't', '2026-01-01')")
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO steps (journey_id, sector_id, kind, at) VALUES (1, 'atlantis', 'meeting', '2026-01-02')")
        }
        #expect(throws: DatabaseError.self) {
            try db.execute("INSERT INTO obstacles (journey_id, category_id, description, severity, logged_at) VALUES (1, 'regulation', 'x', 6, '2026-01-02')")
        }
    }

    /// One journey: employment → employment → psychiatry → employment, an
    /// obstacle between employment and psychiatry, WHO-5 and public cost.
    static func fixture() throws -> Database {
        let db = try migratedMemoryDatabase()
        try db.execute("""
            INSERT INTO citizens (id, created_at) VALUES ('c1', '2026-01-01');
            INSERT INTO journeys (id, ref, citizen_id, type, opened_at, closed_at, status, outcome)
                VALUES (1, 'J-1', 'c1', 'sick_leave', '2026-01-01', '2026-03-02', 'closed', 'achieved');
            INSERT INTO journeys (id, ref, citizen_id, type, opened_at) VALUES (2, 'J-2', 'c1', 'youth', '2026-02-01');
            INSERT INTO steps (id, journey_id, sector_id, kind, at) VALUES
                (1, 1, 'employment', 'referral', '2026-01-01'),
                (2, 1, 'employment', 'meeting', '2026-01-05'),
                (3, 1, 'psychiatry', 'assessment', '2026-01-15T12:00:00Z'),
                (4, 1, 'employment', 'decision', '2026-02-01');
            INSERT INTO obstacles (id, journey_id, category_id, rule_ref, description, delay_days, status, logged_at)
                VALUES (1, 1, 'regulation', 'LAB § 30', 'waiting for statement', 14, 'open', '2026-01-10');
            INSERT INTO obstacle_sectors VALUES (1, 'psychiatry'), (1, 'employment');
            INSERT INTO observations (journey_id, measure_id, phase, value, observed_at) VALUES
                (1, 'who5', 'baseline', 40, '2026-01-02'),
                (1, 'who5', 'baseline', 30, '2026-01-03'),
                (1, 'who5', 'followup', 52, '2026-02-20'),
                (1, 'who5', 'followup', 60, '2026-03-01'),
                (1, 'public_cost', 'baseline', 12000, '2026-01-02'),
                (1, 'public_cost', 'followup', 15000, '2026-03-01'),
                (2, 'who5', 'baseline', 50, '2026-02-01');
            """)
        return db
    }

    @Test("v_transitions lists consecutive steps in different sectors with the gap")
    func transitionsView() throws {
        let db = try Self.fixture()
        let rows = try db.rows("SELECT from_sector, to_sector, gap_days, from_step_id, to_step_id FROM v_transitions ORDER BY to_step_id")
        #expect(rows.count == 2)
        #expect(rows[0][0] == .text("employment") && rows[0][1] == .text("psychiatry"))
        #expect(rows[0][2] == .real(10.5))
        #expect(rows[0][3] == .integer(2) && rows[0][4] == .integer(3))
        #expect(rows[1][0] == .text("psychiatry") && rows[1][1] == .text("employment"))
        #expect(rows[1][2] == .real(16.5))
    }

    @Test("v_effects takes the first baseline and the last follow-up, with the measure's direction")
    func effectsView() throws {
        let db = try Self.fixture()
        let who5 = try #require(try db.row("SELECT baseline, followup, change, improved FROM v_effects WHERE journey_id = 1 AND measure_id = 'who5'"))
        #expect(who5[0] == .real(40) && who5[1] == .real(60) && who5[2] == .real(20) && who5[3] == .integer(1))
        let cost = try #require(try db.row("SELECT change, improved FROM v_effects WHERE journey_id = 1 AND measure_id = 'public_cost'"))
        #expect(cost[0] == .real(3000) && cost[1] == .integer(0))
        let partial = try #require(try db.row("SELECT baseline, followup, change, improved FROM v_effects WHERE journey_id = 2"))
        #expect(partial[0] == .real(50) && partial[1] == .null && partial[2] == .null && partial[3] == .null)
    }

    @Test("v_journeys counts steps, sectors and obstacles and gives the duration")
    func journeysView() throws {
        let db = try Self.fixture()
        let row = try #require(try db.row("SELECT duration_days, step_count, sector_count, obstacle_count, open_obstacle_count, last_step_at FROM v_journeys WHERE id = 1"))
        #expect(row[0] == .real(60) && row[1] == .integer(4) && row[2] == .integer(2))
        #expect(row[3] == .integer(1) && row[4] == .integer(1) && row[5] == .text("2026-02-01"))
        let open = try #require(try db.row("SELECT duration_days, step_count FROM v_journeys WHERE id = 2"))
        #expect(open[0] == .null && open[1] == .integer(0))
    }

    @Test("v_obstacles joins an obstacle's sectors in alphabetical order")
    func obstaclesView() throws {
        let db = try Self.fixture()
        let row = try #require(try db.row("SELECT sectors, sector_count, journey_ref, rule_ref FROM v_obstacles WHERE id = 1"))
        #expect(row[0] == .text("employment;psychiatry"))
        #expect(row[1] == .integer(2) && row[2] == .text("J-1") && row[3] == .text("LAB § 30"))
    }
}
