import Testing
@testable import Tracker

@Suite("The shared SQL in PostgreSQL's words")
struct PostgresDialectTests {
    @Test("parameters ? and ?N become $n, outside literals and comments")
    func parameters() {
        let plain = PostgresDialect.translate("SELECT * FROM t WHERE a = ? AND b = ? AND c = '?' -- why?\n AND d = ?")
        #expect(plain.sql == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = '?' -- why?\n AND d = $3")
        #expect(plain.parameterCount == 3)
        let numbered = PostgresDialect.translate("SELECT ?2, ?1 + seq, ?2 FROM x")
        #expect(numbered.sql == "SELECT $2, $1 + seq, $2 FROM x")
        #expect(numbered.parameterCount == 2)
        #expect(PostgresDialect.translate("SELECT 'it''s ?' || \"a?\" /* ? */").parameterCount == 0)
    }

    @Test("IS and IS NOT compare null-safely as in SQLite; IS NULL stays")
    func nullSafeComparison() {
        #expect(PostgresDialect.translate("WHERE j.closed_at IS NOT i.closed_at").sql
                == "WHERE j.closed_at IS DISTINCT FROM i.closed_at")
        #expect(PostgresDialect.translate("WHERE a IS ?").sql == "WHERE a IS NOT DISTINCT FROM $1")
        #expect(PostgresDialect.translate("WHERE a IS NULL AND b IS NOT NULL AND c IS NOT DISTINCT FROM d").sql
                == "WHERE a IS NULL AND b IS NOT NULL AND c IS NOT DISTINCT FROM d")
        // A word that merely ends in "is" is left alone.
        #expect(PostgresDialect.translate("SELECT axis FROM this").sql == "SELECT axis FROM this")
    }

    @Test("INSERT OR IGNORE, and the main. and temp. prefixes")
    func insertOrIgnore() {
        #expect(PostgresDialect.translate("INSERT OR IGNORE INTO main.citizens (id) VALUES (?);").sql
                == "INSERT INTO citizens (id) VALUES ($1) ON CONFLICT DO NOTHING")
        #expect(PostgresDialect.translate("SELECT seq FROM temp.import_rows").sql == "SELECT seq FROM import_rows")
        #expect(PostgresDialect.translate("CREATE TEMP TABLE x (a)").sql == "CREATE TEMP TABLE x (a)")
    }

    @Test("a --db names PostgreSQL by URI or conninfo; file paths stay files")
    func locations() {
        #expect(PostgresLocation.isPostgres("postgresql://kim@db.example/tracker"))
        #expect(PostgresLocation.isPostgres("postgres://db/tracker"))
        #expect(PostgresLocation.isPostgres("service=tracker"))
        #expect(PostgresLocation.isPostgres("host=/tmp/pg dbname=tracker"))
        #expect(!PostgresLocation.isPostgres("/data/tracker.sqlite"))
        #expect(!PostgresLocation.isPostgres("a=b.sqlite"))
        #expect(PostgresLocation.displayName(of: "postgresql://kim:secret@db/tracker?sslmode=verify-full&password=x")
                == "postgresql://kim@db/tracker?sslmode=verify-full&password=…")
        #expect(PostgresLocation.displayName(of: "host=db password=secret dbname=t") == "host=db password=… dbname=t")
    }
}

@Suite("Subqueries in FROM get the name PostgreSQL demands")
struct PostgresSubqueryNameTests {
    @Test("an unnamed subquery in FROM or JOIN is named; a named one, or one in IN (…), is left alone")
    func names() {
        #expect(PostgresDialect.translate("SELECT max(x) FROM (SELECT 1 AS x) WHERE 1").sql
                == "SELECT max(x) FROM (SELECT 1 AS x) AS subquery_1 WHERE 1")
        #expect(PostgresDialect.translate("SELECT * FROM (SELECT 1) s").sql == "SELECT * FROM (SELECT 1) s")
        #expect(PostgresDialect.translate("SELECT * FROM (SELECT 1) AS s").sql == "SELECT * FROM (SELECT 1) AS s")
        #expect(PostgresDialect.translate("SELECT (SELECT max(a) FROM (SELECT 2 AS a))").sql
                == "SELECT (SELECT max(a) FROM (SELECT 2 AS a) AS subquery_1)")
        #expect(PostgresDialect.translate("SELECT 1 WHERE x IN (SELECT y FROM t)").sql == "SELECT 1 WHERE x IN (SELECT y FROM t)")
        #expect(PostgresDialect.translate("SELECT * FROM a JOIN (SELECT 1 AS k) ON k = 1").sql
                == "SELECT * FROM a JOIN (SELECT 1 AS k) AS subquery_1 ON k = 1")
    }
}

@Suite("SQLite's CROSS JOIN … ON in PostgreSQL")
struct PostgresCrossJoinTests {
    @Test("CROSS JOIN with ON becomes JOIN; a real CROSS JOIN stays")
    func crossJoin() {
        #expect(PostgresDialect.translate("FROM a k CROSS JOIN journeys j ON j.id = k.id CROSS JOIN b ON b.x = 1").sql
                == "FROM a k JOIN journeys j ON j.id = k.id JOIN b ON b.x = 1")
        #expect(PostgresDialect.translate("FROM a CROSS JOIN b WHERE 1").sql == "FROM a CROSS JOIN b WHERE 1")
    }
}

@Suite("SQLite's index hints in PostgreSQL")
struct PostgresIndexHintTests {
    @Test("a unary plus before a column goes; an addition stays")
    func unaryPlus() {
        #expect(PostgresDialect.translate("WHERE +j.opened_at <= ? AND +x = 1").sql == "WHERE j.opened_at <= $1 AND x = 1")
        #expect(PostgresDialect.translate("SELECT a +b, ?1 + seq").sql == "SELECT a +b, $1 + seq")
    }
}
