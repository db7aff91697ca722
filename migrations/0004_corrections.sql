-- Corrections with history, voids, notes and follow-ups. A public record is
-- never silently edited: every change of a recorded field is a row of
-- `changes` (append-only, like `audit_log`), and a mistaken row is voided,
-- never deleted. Voided rows, and every row of a voided journey, leave the
-- analyst views.

CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL CHECK (entity IN ('journey', 'step', 'obstacle', 'observation', 'note', 'follow_up')),
    entity_id INTEGER NOT NULL,
    field     TEXT NOT NULL,
    old_value ANY,
    new_value ANY,
    reason    TEXT NOT NULL CHECK (length(reason) > 0)
) STRICT;
CREATE INDEX changes_entity ON changes (entity, entity_id, id);

CREATE TRIGGER changes_refuses_update BEFORE UPDATE ON changes
BEGIN
    SELECT RAISE(ABORT, 'changes is append-only: rows cannot be changed');
END;

CREATE TRIGGER changes_refuses_delete BEFORE DELETE ON changes
BEGIN
    SELECT RAISE(ABORT, 'changes is append-only: rows cannot be deleted');
END;

ALTER TABLE journeys ADD COLUMN voided_at TEXT CHECK (voided_at IS NULL OR julianday(voided_at) IS NOT NULL);
ALTER TABLE journeys ADD COLUMN voided_by TEXT;
ALTER TABLE journeys ADD COLUMN void_reason TEXT;
ALTER TABLE steps ADD COLUMN voided_at TEXT CHECK (voided_at IS NULL OR julianday(voided_at) IS NOT NULL);
ALTER TABLE steps ADD COLUMN voided_by TEXT;
ALTER TABLE steps ADD COLUMN void_reason TEXT;
ALTER TABLE obstacles ADD COLUMN voided_at TEXT CHECK (voided_at IS NULL OR julianday(voided_at) IS NOT NULL);
ALTER TABLE obstacles ADD COLUMN voided_by TEXT;
ALTER TABLE obstacles ADD COLUMN void_reason TEXT;
ALTER TABLE observations ADD COLUMN voided_at TEXT CHECK (voided_at IS NULL OR julianday(voided_at) IS NOT NULL);
ALTER TABLE observations ADD COLUMN voided_by TEXT;
ALTER TABLE observations ADD COLUMN void_reason TEXT;

-- The few voided rows of each table, so that a scan in id order skips them
-- without reading a column per row, and pays nothing while none is voided.
CREATE INDEX journeys_voided ON journeys (id) WHERE voided_at IS NOT NULL;
CREATE INDEX obstacles_voided ON obstacles (id) WHERE voided_at IS NOT NULL;
CREATE INDEX observations_voided ON observations (id) WHERE voided_at IS NOT NULL;

-- The handoff scan reads the live steps in journey order from this index
-- alone; it replaces the full index of 0003, which no query needs any more.
DROP INDEX steps_journey_order_sector;
CREATE INDEX steps_live_journey_order ON steps (journey_id, at, id, sector_id) WHERE voided_at IS NULL;
-- Journeys with a live step in a sector, from the index alone.
DROP INDEX steps_sector;
CREATE INDEX steps_sector ON steps (sector_id, journey_id) WHERE voided_at IS NULL;

-- The effect view filters live observations from its index alone.
DROP INDEX observations_journey_measure;
CREATE INDEX observations_journey_measure ON observations (journey_id, measure_id, phase, observed_at, id, voided_at);

-- A caseworker's free-text note on a journey, shown in its timeline.
CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    journey_id  INTEGER NOT NULL REFERENCES journeys (id),
    at          TEXT NOT NULL CHECK (julianday(at) IS NOT NULL),
    actor       TEXT NOT NULL,
    text        TEXT NOT NULL CHECK (length(text) > 0),
    voided_at   TEXT CHECK (voided_at IS NULL OR julianday(voided_at) IS NOT NULL),
    voided_by   TEXT,
    void_reason TEXT
) STRICT;
CREATE INDEX notes_journey ON notes (journey_id, at, id);

-- Something to do on a journey by a day; done once, with who and when.
CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys (id),
    due        TEXT NOT NULL CHECK (julianday(due) IS NOT NULL),
    what       TEXT NOT NULL CHECK (length(what) > 0),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    done_at    TEXT CHECK (done_at IS NULL OR julianday(done_at) IS NOT NULL),
    done_by    TEXT,
    note       TEXT,
    CHECK ((done_at IS NULL) = (done_by IS NULL))
) STRICT;
CREATE INDEX follow_ups_open_due ON follow_ups (due, journey_id) WHERE done_at IS NULL;
CREATE INDEX follow_ups_journey ON follow_ups (journey_id);

-- The analyst views, as in 0001, over live rows only: a voided row, and
-- every step, obstacle and observation of a voided journey, leave them.
DROP VIEW v_journeys;
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
    (SELECT count(*) FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL) AS step_count,
    (SELECT count(DISTINCT s.sector_id) FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL) AS sector_count,
    (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id AND o.voided_at IS NULL) AS obstacle_count,
    (SELECT count(*) FROM obstacles o
      WHERE o.journey_id = j.id AND o.voided_at IS NULL AND o.status IN ('open', 'escalated')) AS open_obstacle_count,
    (SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id AND s.voided_at IS NULL) AS last_step_at
FROM journeys j
WHERE j.voided_at IS NULL;

DROP VIEW v_obstacles;
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
JOIN journeys j ON j.id = o.journey_id
WHERE o.voided_at IS NULL AND j.voided_at IS NULL;

DROP VIEW v_transitions;
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
    JOIN journeys j ON j.id = s.journey_id AND j.voided_at IS NULL
    WHERE s.voided_at IS NULL
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

DROP VIEW v_effects;
CREATE VIEW v_effects AS
WITH pairs AS (
    SELECT DISTINCT o.journey_id, o.measure_id FROM observations o
    JOIN journeys j ON j.id = o.journey_id AND j.voided_at IS NULL
    WHERE o.voided_at IS NULL
), ends AS (
    SELECT
        p.journey_id,
        p.measure_id,
        (SELECT b.value FROM observations b
          WHERE b.journey_id = p.journey_id AND b.measure_id = p.measure_id AND b.phase = 'baseline'
            AND b.voided_at IS NULL
          ORDER BY b.observed_at, b.id LIMIT 1) AS baseline,
        (SELECT b.observed_at FROM observations b
          WHERE b.journey_id = p.journey_id AND b.measure_id = p.measure_id AND b.phase = 'baseline'
            AND b.voided_at IS NULL
          ORDER BY b.observed_at, b.id LIMIT 1) AS baseline_at,
        (SELECT f.value FROM observations f
          WHERE f.journey_id = p.journey_id AND f.measure_id = p.measure_id AND f.phase = 'followup'
            AND f.voided_at IS NULL
          ORDER BY f.observed_at DESC, f.id DESC LIMIT 1) AS followup,
        (SELECT f.observed_at FROM observations f
          WHERE f.journey_id = p.journey_id AND f.measure_id = p.measure_id AND f.phase = 'followup'
            AND f.voided_at IS NULL
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
