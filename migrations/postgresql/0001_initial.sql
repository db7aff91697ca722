-- Schema v1 of tracker, PostgreSQL mirror of migrations/0001_initial.sql:
-- the same tables, columns (in the same order), views, indexes and
-- constraints. Forward only: never edit once shipped; add a new numbered
-- file instead. Dates are ISO 8601 text in UTC (`2026-03-01` or
-- `2026-03-01T09:30:00Z`), stored as text exactly as in SQLite, so text
-- order is time order. Every text column is COLLATE "C": comparisons,
-- ORDER BY, min/max and the slug checks then work byte by byte, as SQLite's
-- BINARY collation does, whatever the database's default collation is.
-- Flags and integers are bigint (0/1 flags stay integers, not boolean).

-- SQLite's functions that the checks, views and triggers use, rebuilt so
-- that they return exactly what SQLite returns.

-- sqlite_julianday_general(text) is SQLite's julianday() for any text its
-- date parser reads: `YYYY-MM-DD`, optionally followed by spaces and/or
-- `T`, `HH:MM[:SS[.fff]]`, optional spaces, and `Z` or `±HH:MM`; a bare
-- `HH:MM...` (on 2000-01-01); or a number, taken as a Julian day. It
-- computes SQLite's integer milliseconds the way SQLite does (day fields
-- are only checked against 1-31, so `2026-02-30` is 2026-03-02; hour 24 is
-- allowed) and divides them by 86,400,000, so the double is bit-identical
-- to SQLite's. NULL for any other text. `now` raises an error: SQLite
-- refuses it in a CHECK, and an immutable function cannot read the clock.
CREATE FUNCTION public.sqlite_julianday_general(t text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    sp constant text := '[ \t\n\v\f\r]';
    m text[];
    y int; mo int; d int; hh int := 0; mi int := 0; ss int := 0;
    frac text; tzh int := 0; tzm int := 0; tz int := 0;
    fraction double precision := 0.0; scale double precision := 1.0;
    seconds double precision;
    a int; b int; x1 int; x2 int;
    ms bigint;
    r numeric;
    s text COLLATE "C" := t;
BEGIN
    -- A bare time is the time on 2000-01-01, as SQLite assumes.
    IF s ~ '^[0-9]{2}:' THEN
        s := '2000-01-01 ' || s;
    END IF;
    m := regexp_match(s,
        '^(-?)([0-9]{4})-([0-9]{2})-([0-9]{2})[ \t\n\v\f\rT]*'
        || '(?:([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?' || sp || '*'
        || '(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))?' || sp || '*)?$');
    IF m IS NULL THEN
        IF lower(s) = 'now' THEN
            RAISE EXCEPTION 'julianday(''now'') is not supported: the current time is not immutable'
                USING ERRCODE = 'invalid_datetime_format';
        END IF;
        -- A number is a Julian day (SQLite's sqlite3AtoF grammar).
        IF s ~ ('^' || sp || '*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?' || sp || '*$') THEN
            r := s::numeric;
            IF r >= 0 AND r < 5373484.5 THEN
                ms := trunc(r::double precision * 86400000.0 + 0.5)::bigint;
                RETURN ms::double precision / 86400000.0;
            END IF;
        END IF;
        RETURN NULL;
    END IF;
    y := m[2]::int; mo := m[3]::int; d := m[4]::int;
    IF m[1] = '-' THEN y := -y; END IF;
    IF mo < 1 OR mo > 12 OR d < 1 OR d > 31 OR y < -4713 THEN
        RETURN NULL;
    END IF;
    IF m[5] IS NOT NULL THEN
        hh := m[5]::int; mi := m[6]::int;
        IF hh > 24 OR mi > 59 THEN RETURN NULL; END IF;
        IF m[7] IS NOT NULL THEN
            ss := m[7]::int;
            IF ss > 59 THEN RETURN NULL; END IF;
        END IF;
        frac := m[8];
        IF m[9] IS NOT NULL THEN
            tzh := m[10]::int; tzm := m[11]::int;
            IF tzh > 14 OR tzm > 59 THEN RETURN NULL; END IF;
            tz := tzh * 60 + tzm;
            IF m[9] = '-' THEN tz := -tz; END IF;
        END IF;
    END IF;
    -- Meeus, as SQLite's computeJD, in the same integer arithmetic.
    IF mo <= 2 THEN y := y - 1; mo := mo + 12; END IF;
    a := y / 100;
    b := 2 - a + a / 4;
    x1 := 36525 * (y + 4716) / 100;
    x2 := 306001 * (mo + 1) / 10000;
    ms := (x1 + x2 + d + b)::bigint * 86400000 - 131716800000;
    IF m[5] IS NOT NULL THEN
        -- Fractional seconds accumulated digit by digit in doubles, as SQLite.
        IF frac IS NOT NULL THEN
            FOR i IN 1 .. length(frac) LOOP
                fraction := fraction * 10.0 + (ascii(substr(frac, i, 1)) - 48);
                scale := scale * 10.0;
            END LOOP;
            fraction := fraction / scale;
        END IF;
        seconds := ss + fraction;
        ms := ms + hh * 3600000 + mi * 60000 + trunc(seconds * 1000.0 + 0.5)::bigint - tz * 60000::bigint;
    END IF;
    IF ms < 0 OR ms > 464269060799999 THEN
        RETURN NULL;
    END IF;
    RETURN ms::double precision / 86400000.0;
END
$$;

-- The entry point. The two stored forms, which are nearly every call, are
-- computed inline (the planner inlines this SQL function into queries):
-- make_date's proleptic Gregorian day count equals SQLite's Meeus formula,
-- and day 1 plus (day - 1) days is linear in the day as SQLite is. Any
-- other text, and the years before 0001 that make_date lacks, go to the
-- general parser above.
CREATE FUNCTION public.julianday(t text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN (t COLLATE "C") ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z)?$'
         AND (t COLLATE "C") >= '0001'
    THEN ((make_date(substr(t, 1, 4)::int, substr(t, 6, 2)::int, 1) - date '1970-01-01' + substr(t, 9, 2)::int)::bigint
              * 86400000
          -- Julian day 2440587.5 (1970-01-01) in milliseconds, less the day 1
          + 210866673600000
          + CASE WHEN length(t) = 20
                 THEN substr(t, 12, 2)::int * 3600000 + substr(t, 15, 2)::int * 60000 + substr(t, 18, 2)::int * 1000
                 ELSE 0 END
         )::double precision / 86400000.0
    ELSE public.sqlite_julianday_general(t)
END
$$;

-- SQLite's functions that the tool's own queries call (they are written once
-- for both engines), as PostgreSQL functions of the same name and meaning.

-- group_concat(x, separator): the values joined in the order they come,
-- NULLs left out, NULL when there are none.
CREATE FUNCTION public.sqlite_group_concat_step(state text, value text, separator text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN state WHEN state IS NULL THEN value ELSE state || separator || value END
$$;
CREATE AGGREGATE public.group_concat(text, text) (SFUNC = public.sqlite_group_concat_step, STYPE = text);
CREATE FUNCTION public.sqlite_group_concat_step(state text, value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN state WHEN state IS NULL THEN value ELSE state || ',' || value END
$$;
CREATE AGGREGATE public.group_concat(text) (SFUNC = public.sqlite_group_concat_step, STYPE = text);

-- total(x): the sum as a real number, 0.0 over no rows.
CREATE FUNCTION public.sqlite_total_step(state double precision, value double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT state + coalesce(value, 0) $$;
CREATE AGGREGATE public.total(double precision) (SFUNC = public.sqlite_total_step, STYPE = double precision, INITCOND = '0');

-- max(a, b, …) and min(a, b, …) of two or three values: NULL when any is
-- NULL, as in SQLite; for numbers (integers widen to reals) and for text
-- (the ISO dates).
CREATE FUNCTION public.max(a double precision, b double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END $$;
CREATE FUNCTION public.max(a double precision, b double precision, c double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE greatest(a, b, c) END $$;
CREATE FUNCTION public.max(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END $$;
CREATE FUNCTION public.max(a bigint, b bigint, c bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE greatest(a, b, c) END $$;
CREATE FUNCTION public.max(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END $$;
CREATE FUNCTION public.max(a text, b text, c text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE greatest(a, b, c) END $$;
CREATE FUNCTION public.min(a double precision, b double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END $$;
CREATE FUNCTION public.min(a double precision, b double precision, c double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE least(a, b, c) END $$;
CREATE FUNCTION public.min(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END $$;
CREATE FUNCTION public.min(a bigint, b bigint, c bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE least(a, b, c) END $$;
CREATE FUNCTION public.min(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END $$;
CREATE FUNCTION public.min(a text, b text, c text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE least(a, b, c) END $$;

-- instr(haystack, needle): the 1-based position of needle, 0 when absent.
CREATE FUNCTION public.instr(haystack text, needle text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos(haystack, needle) $$;

-- round(x, digits) of a real number, as SQLite rounds it (half away from zero).
CREATE FUNCTION public.round(x double precision, digits integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT round(x::numeric, digits)::double precision $$;

-- ifnull(a, b): coalesce of two.
CREATE FUNCTION public.ifnull(a anyelement, b anyelement) RETURNS anyelement
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(a, b) $$;

-- sum(condition): SQLite counts true comparisons as 1.
CREATE FUNCTION public.sqlite_sum_bool_step(state bigint, value boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN value IS NULL THEN state ELSE coalesce(state, 0) + value::int END $$;
CREATE AGGREGATE public.sum(boolean) (SFUNC = public.sqlite_sum_bool_step, STYPE = bigint);

-- json_valid(text): 1 if the text is well-formed JSON, else 0 (NULL for
-- NULL), as SQLite's. PARALLEL RESTRICTED: its exception block is a
-- subtransaction, which a parallel worker cannot start.
CREATE FUNCTION public.json_valid(t text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL RESTRICTED AS $$
BEGIN
    PERFORM t::json;
    RETURN 1;
EXCEPTION
    WHEN invalid_text_representation OR untranslatable_character OR statement_too_complex THEN
        RETURN 0;
END
$$;

-- Refuses a row change on an append-only table; the trigger passes the
-- message, which is SQLite's RAISE(ABORT, ...) text.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TABLE sectors (
    id    text COLLATE "C" PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]*$'),
    name  text COLLATE "C" NOT NULL CHECK (length(name) > 0),
    level text COLLATE "C" NOT NULL CHECK (level IN ('municipal', 'regional', 'state', 'private', 'civil')),
    kle   text COLLATE "C"
);

-- A pseudonymous person. `id` is an opaque reference or a keyed pseudonym
-- of a CPR number; the number itself is never stored.
CREATE TABLE citizens (
    id         text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
    birth_year bigint CHECK (birth_year BETWEEN 1850 AND 2200),
    created_at text COLLATE "C" NOT NULL
);

-- One citizen's cross-sector course (borgerforløb).
CREATE TABLE journeys (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ref        text COLLATE "C" UNIQUE,
    citizen_id text COLLATE "C" NOT NULL REFERENCES citizens (id),
    type       text COLLATE "C" NOT NULL CHECK (type ~ '^[a-z][a-z0-9_]*$'),
    title      text COLLATE "C",
    goal       text COLLATE "C",
    owner      text COLLATE "C",
    opened_at  text COLLATE "C" NOT NULL CHECK (julianday(opened_at) IS NOT NULL),
    closed_at  text COLLATE "C" CHECK (closed_at IS NULL OR julianday(closed_at) >= julianday(opened_at)),
    status     text COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    outcome    text COLLATE "C" CHECK (outcome IN ('achieved', 'partial', 'not_achieved', 'withdrawn')),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (outcome IS NULL OR status = 'closed')
);
CREATE INDEX journeys_citizen ON journeys (citizen_id);
CREATE INDEX journeys_status_type ON journeys (status, type);
CREATE INDEX journeys_type_opened ON journeys (type, opened_at);
CREATE INDEX journeys_opened ON journeys (opened_at);
CREATE INDEX journeys_owner ON journeys (owner, status) WHERE owner IS NOT NULL;

-- A dated event of a journey in one sector.
CREATE TABLE steps (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    journey_id bigint NOT NULL REFERENCES journeys (id),
    sector_id  text COLLATE "C" NOT NULL REFERENCES sectors (id),
    kind       text COLLATE "C" NOT NULL CHECK (kind IN ('referral', 'assessment', 'meeting', 'decision',
                                                         'service', 'handover', 'waiting', 'other')),
    unit       text COLLATE "C",
    at         text COLLATE "C" NOT NULL CHECK (julianday(at) IS NOT NULL),
    ended_at   text COLLATE "C" CHECK (ended_at IS NULL OR julianday(ended_at) >= julianday(at)),
    note       text COLLATE "C"
);
CREATE INDEX steps_journey_at ON steps (journey_id, at, id);
CREATE INDEX steps_sector ON steps (sector_id, journey_id);

CREATE TABLE obstacle_categories (
    id          text COLLATE "C" PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]*$'),
    name        text COLLATE "C" NOT NULL,
    description text COLLATE "C" NOT NULL
);

-- A barrier a journey met, between one or more sectors.
CREATE TABLE obstacles (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    journey_id  bigint NOT NULL REFERENCES journeys (id),
    category_id text COLLATE "C" NOT NULL REFERENCES obstacle_categories (id),
    rule_ref    text COLLATE "C" CHECK (rule_ref IS NULL OR length(rule_ref) > 0),
    description text COLLATE "C" NOT NULL,
    severity    bigint CHECK (severity BETWEEN 1 AND 5),
    delay_days  double precision CHECK (delay_days >= 0),
    staff_hours double precision CHECK (staff_hours >= 0),
    status      text COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'resolved', 'accepted')),
    logged_at   text COLLATE "C" NOT NULL CHECK (julianday(logged_at) IS NOT NULL),
    logged_by   text COLLATE "C",
    resolved_at text COLLATE "C" CHECK (resolved_at IS NULL OR julianday(resolved_at) IS NOT NULL),
    resolution  text COLLATE "C"
);
CREATE INDEX obstacles_journey ON obstacles (journey_id);
CREATE INDEX obstacles_category ON obstacles (category_id);
CREATE INDEX obstacles_rule ON obstacles (rule_ref) WHERE rule_ref IS NOT NULL;
CREATE INDEX obstacles_status ON obstacles (status);
CREATE INDEX obstacles_logged ON obstacles (logged_at);

-- The sectors an obstacle arose between (SQLite: WITHOUT ROWID).
CREATE TABLE obstacle_sectors (
    obstacle_id bigint NOT NULL REFERENCES obstacles (id) ON DELETE CASCADE,
    sector_id   text COLLATE "C" NOT NULL REFERENCES sectors (id),
    PRIMARY KEY (obstacle_id, sector_id)
);
CREATE INDEX obstacle_sectors_sector ON obstacle_sectors (sector_id, obstacle_id);

-- Every status an obstacle has entered, when and by whom; the first row is
-- `open` at `logged_at`. Time in a state runs to the next row, so time
-- spent in each state is computable, reopenings included.
CREATE TABLE obstacle_status_history (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    obstacle_id bigint NOT NULL REFERENCES obstacles (id) ON DELETE CASCADE,
    status      text COLLATE "C" NOT NULL CHECK (status IN ('open', 'escalated', 'resolved', 'accepted')),
    at          text COLLATE "C" NOT NULL CHECK (julianday(at) IS NOT NULL),
    actor       text COLLATE "C",
    note        text COLLATE "C"
);
CREATE INDEX obstacle_status_history_obstacle ON obstacle_status_history (obstacle_id, at, id);

-- An effect indicator.
CREATE TABLE measures (
    id        text COLLATE "C" PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]*$'),
    name      text COLLATE "C" NOT NULL CHECK (length(name) > 0),
    dimension text COLLATE "C" NOT NULL CHECK (dimension IN ('human', 'economic', 'societal')),
    unit      text COLLATE "C" NOT NULL,
    direction text COLLATE "C" NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better'))
);

CREATE TABLE observations (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    journey_id  bigint NOT NULL REFERENCES journeys (id),
    measure_id  text COLLATE "C" NOT NULL REFERENCES measures (id),
    phase       text COLLATE "C" NOT NULL CHECK (phase IN ('baseline', 'interim', 'followup')),
    value       double precision NOT NULL,
    observed_at text COLLATE "C" NOT NULL CHECK (julianday(observed_at) IS NOT NULL)
);
CREATE INDEX observations_journey_measure ON observations (journey_id, measure_id, phase, observed_at, id);
CREATE INDEX observations_measure ON observations (measure_id, journey_id);

-- Append-only record of every change and of every read of a journey's
-- timeline. The triggers below refuse UPDATE and DELETE (and TRUNCATE,
-- which SQLite does not have and which skips row triggers).
CREATE TABLE audit_log (
    id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at        text COLLATE "C" NOT NULL,
    actor     text COLLATE "C" NOT NULL,
    action    text COLLATE "C" NOT NULL,
    entity    text COLLATE "C" NOT NULL,
    entity_id text COLLATE "C",
    detail    text COLLATE "C" CHECK (detail IS NULL OR json_valid(detail) = 1)
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change('audit_log is append-only: rows cannot be changed');

CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change('audit_log is append-only: rows cannot be deleted');

CREATE TRIGGER audit_log_refuses_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change('audit_log is append-only: rows cannot be deleted');

-- Stable analyst views: these names and columns are an interface.

-- One row per journey, with its duration (closed journeys) and counts.
CREATE VIEW v_journeys AS
SELECT
    j.id,
    j.ref,
    j.citizen_id,
    j.type,
    j.title,
    j.owner,
    j.status,
    j.outcome,
    j.opened_at,
    j.closed_at,
    julianday(j.closed_at) - julianday(j.opened_at) AS duration_days,
    (SELECT count(*) FROM steps s WHERE s.journey_id = j.id) AS step_count,
    (SELECT count(DISTINCT s.sector_id) FROM steps s WHERE s.journey_id = j.id) AS sector_count,
    (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id) AS obstacle_count,
    (SELECT count(*) FROM obstacles o
      WHERE o.journey_id = j.id AND o.status IN ('open', 'escalated')) AS open_obstacle_count,
    (SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id) AS last_step_at
FROM journeys j;

-- One row per obstacle, with its sectors `;`-joined in alphabetical order.
CREATE VIEW v_obstacles AS
SELECT
    o.id,
    o.journey_id,
    j.ref AS journey_ref,
    j.type AS journey_type,
    o.category_id,
    o.rule_ref,
    o.description,
    o.severity,
    o.delay_days,
    o.staff_hours,
    o.status,
    o.logged_at,
    o.logged_by,
    o.resolved_at,
    o.resolution,
    (SELECT string_agg(os.sector_id, ';' ORDER BY os.sector_id) FROM obstacle_sectors os
      WHERE os.obstacle_id = o.id) AS sectors,
    (SELECT count(*) FROM obstacle_sectors os WHERE os.obstacle_id = o.id) AS sector_count
FROM obstacles o
JOIN journeys j ON j.id = o.journey_id;

-- Consecutive steps of a journey (by `at`, then id) in different sectors.
CREATE VIEW v_transitions AS
WITH ordered AS (
    SELECT
        s.journey_id,
        s.id AS step_id,
        s.sector_id,
        s.at,
        lag(s.id) OVER journey_order AS previous_step_id,
        lag(s.sector_id) OVER journey_order AS previous_sector_id,
        lag(s.at) OVER journey_order AS previous_at
    FROM steps s
    WINDOW journey_order AS (PARTITION BY s.journey_id ORDER BY s.at, s.id)
)
SELECT
    journey_id,
    previous_step_id AS from_step_id,
    step_id AS to_step_id,
    previous_sector_id AS from_sector,
    sector_id AS to_sector,
    previous_at AS from_at,
    at AS to_at,
    julianday(at) - julianday(previous_at) AS gap_days
FROM ordered
WHERE previous_sector_id IS NOT NULL AND previous_sector_id <> sector_id;

-- Per journey and measure with any observation: the first baseline, the last
-- follow-up, the change, and whether it improved given the measure's
-- direction (0 or 1, as in SQLite; NULL without both ends).
CREATE VIEW v_effects AS
WITH pairs AS (
    SELECT DISTINCT journey_id, measure_id FROM observations
), ends AS (
    SELECT
        p.journey_id,
        p.measure_id,
        (SELECT b.value FROM observations b
          WHERE b.journey_id = p.journey_id AND b.measure_id = p.measure_id AND b.phase = 'baseline'
          ORDER BY b.observed_at, b.id LIMIT 1) AS baseline,
        (SELECT b.observed_at FROM observations b
          WHERE b.journey_id = p.journey_id AND b.measure_id = p.measure_id AND b.phase = 'baseline'
          ORDER BY b.observed_at, b.id LIMIT 1) AS baseline_at,
        (SELECT f.value FROM observations f
          WHERE f.journey_id = p.journey_id AND f.measure_id = p.measure_id AND f.phase = 'followup'
          ORDER BY f.observed_at DESC, f.id DESC LIMIT 1) AS followup,
        (SELECT f.observed_at FROM observations f
          WHERE f.journey_id = p.journey_id AND f.measure_id = p.measure_id AND f.phase = 'followup'
          ORDER BY f.observed_at DESC, f.id DESC LIMIT 1) AS followup_at
    FROM pairs p
)
SELECT
    e.journey_id,
    e.measure_id,
    m.dimension,
    m.direction,
    e.baseline,
    e.baseline_at,
    e.followup,
    e.followup_at,
    e.followup - e.baseline AS change,
    CASE
        WHEN e.baseline IS NULL OR e.followup IS NULL THEN NULL
        WHEN m.direction = 'higher_is_better' THEN (e.followup > e.baseline)::integer
        ELSE (e.followup < e.baseline)::integer
    END AS improved
FROM ends e
JOIN measures m ON m.id = e.measure_id;
