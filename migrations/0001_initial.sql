-- Schema v1 of tracker. Forward only: never edit once shipped; add a new
-- numbered file instead. Dates are ISO 8601 text in UTC (`2026-03-01` or
-- `2026-03-01T09:30:00Z`), so text order is time order.

CREATE TABLE sectors (
    id    TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*' AND id NOT GLOB '*[^a-z0-9_]*'),
    name  TEXT NOT NULL CHECK (length(name) > 0),
    level TEXT NOT NULL CHECK (level IN ('municipal', 'regional', 'state', 'private', 'civil')),
    kle   TEXT
) STRICT;

-- A pseudonymous person. `id` is an opaque reference or a keyed pseudonym
-- of a CPR number; the number itself is never stored.
CREATE TABLE citizens (
    id         TEXT PRIMARY KEY CHECK (length(id) > 0),
    birth_year INTEGER CHECK (birth_year BETWEEN 1850 AND 2200),
    created_at TEXT NOT NULL
) STRICT;

-- One citizen's cross-sector course (borgerforløb).
CREATE TABLE journeys (
    id         INTEGER PRIMARY KEY,
    ref        TEXT UNIQUE,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    type       TEXT NOT NULL CHECK (type GLOB '[a-z]*' AND type NOT GLOB '*[^a-z0-9_]*'),
    title      TEXT,
    goal       TEXT,
    owner      TEXT,
    opened_at  TEXT NOT NULL CHECK (julianday(opened_at) IS NOT NULL),
    closed_at  TEXT CHECK (closed_at IS NULL OR julianday(closed_at) >= julianday(opened_at)),
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    outcome    TEXT CHECK (outcome IN ('achieved', 'partial', 'not_achieved', 'withdrawn')),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (outcome IS NULL OR status = 'closed')
) STRICT;
CREATE INDEX journeys_citizen ON journeys (citizen_id);
CREATE INDEX journeys_status_type ON journeys (status, type);
CREATE INDEX journeys_type_opened ON journeys (type, opened_at);
CREATE INDEX journeys_opened ON journeys (opened_at);
CREATE INDEX journeys_owner ON journeys (owner, status) WHERE owner IS NOT NULL;

-- A dated event of a journey in one sector.
CREATE TABLE steps (
    id         INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys (id),
    sector_id  TEXT NOT NULL REFERENCES sectors (id),
    kind       TEXT NOT NULL CHECK (kind IN ('referral', 'assessment', 'meeting', 'decision',
                                             'service', 'handover', 'waiting', 'other')),
    unit       TEXT,
    at         TEXT NOT NULL CHECK (julianday(at) IS NOT NULL),
    ended_at   TEXT CHECK (ended_at IS NULL OR julianday(ended_at) >= julianday(at)),
    note       TEXT
) STRICT;
CREATE INDEX steps_journey_at ON steps (journey_id, at, id);
CREATE INDEX steps_sector ON steps (sector_id, journey_id);

CREATE TABLE obstacle_categories (
    id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*' AND id NOT GLOB '*[^a-z0-9_]*'),
    name        TEXT NOT NULL,
    description TEXT NOT NULL
) STRICT;

-- A barrier a journey met, between one or more sectors.
CREATE TABLE obstacles (
    id          INTEGER PRIMARY KEY,
    journey_id  INTEGER NOT NULL REFERENCES journeys (id),
    category_id TEXT NOT NULL REFERENCES obstacle_categories (id),
    rule_ref    TEXT CHECK (rule_ref IS NULL OR length(rule_ref) > 0),
    description TEXT NOT NULL,
    severity    INTEGER CHECK (severity BETWEEN 1 AND 5),
    delay_days  REAL CHECK (delay_days >= 0),
    staff_hours REAL CHECK (staff_hours >= 0),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'resolved', 'accepted')),
    logged_at   TEXT NOT NULL CHECK (julianday(logged_at) IS NOT NULL),
    logged_by   TEXT,
    resolved_at TEXT CHECK (resolved_at IS NULL OR julianday(resolved_at) IS NOT NULL),
    resolution  TEXT
) STRICT;
CREATE INDEX obstacles_journey ON obstacles (journey_id);
CREATE INDEX obstacles_category ON obstacles (category_id);
CREATE INDEX obstacles_rule ON obstacles (rule_ref) WHERE rule_ref IS NOT NULL;
CREATE INDEX obstacles_status ON obstacles (status);
CREATE INDEX obstacles_logged ON obstacles (logged_at);

CREATE TABLE obstacle_sectors (
    obstacle_id INTEGER NOT NULL REFERENCES obstacles (id) ON DELETE CASCADE,
    sector_id   TEXT NOT NULL REFERENCES sectors (id),
    PRIMARY KEY (obstacle_id, sector_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX obstacle_sectors_sector ON obstacle_sectors (sector_id, obstacle_id);

-- Every status an obstacle has entered, with when and by whom: the first row
-- is `open` at `logged_at`. Time in a state runs to the next row, so time
-- spent open, escalated or resolved is computable, reopenings included.
CREATE TABLE obstacle_status_history (
    id          INTEGER PRIMARY KEY,
    obstacle_id INTEGER NOT NULL REFERENCES obstacles (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'resolved', 'accepted')),
    at          TEXT NOT NULL CHECK (julianday(at) IS NOT NULL),
    actor       TEXT,
    note        TEXT
) STRICT;
CREATE INDEX obstacle_status_history_obstacle ON obstacle_status_history (obstacle_id, at, id);

-- An effect indicator.
CREATE TABLE measures (
    id        TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*' AND id NOT GLOB '*[^a-z0-9_]*'),
    name      TEXT NOT NULL CHECK (length(name) > 0),
    dimension TEXT NOT NULL CHECK (dimension IN ('human', 'economic', 'societal')),
    unit      TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better'))
) STRICT;

CREATE TABLE observations (
    id          INTEGER PRIMARY KEY,
    journey_id  INTEGER NOT NULL REFERENCES journeys (id),
    measure_id  TEXT NOT NULL REFERENCES measures (id),
    phase       TEXT NOT NULL CHECK (phase IN ('baseline', 'interim', 'followup')),
    value       REAL NOT NULL,
    observed_at TEXT NOT NULL CHECK (julianday(observed_at) IS NOT NULL)
) STRICT;
CREATE INDEX observations_journey_measure ON observations (journey_id, measure_id, phase, observed_at, id);
CREATE INDEX observations_measure ON observations (measure_id, journey_id);

-- Append-only record of every change and of every read of a journey's
-- timeline. The triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    detail    TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;

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
    (SELECT group_concat(sector_id, ';') FROM
        (SELECT os.sector_id FROM obstacle_sectors os
          WHERE os.obstacle_id = o.id ORDER BY os.sector_id)) AS sectors,
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
-- follow-up, the change, and whether it improved given the measure's direction.
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
        WHEN m.direction = 'higher_is_better' THEN e.followup > e.baseline
        ELSE e.followup < e.baseline
    END AS improved
FROM ends e
JOIN measures m ON m.id = e.measure_id;
