-- Facts about each journey kept at write time, so the work queues need not
-- read every step of every open journey: whether it is open, its owner, its
-- live steps, its last step, the day it went quiet (its last step, else its
-- opening) as a julianday, the day it closed, its open obstacles and its
-- baseline and follow-up observations, indexed in the orders the stalled
-- queue and a caseworker's morning read them. Triggers keep them in the transaction of every write:
-- commands, corrections and voids, imports and the demo alike; `tracker
-- check` recomputes them and reports any difference.

CREATE TABLE journey_facts (
    journey_id   INTEGER PRIMARY KEY,
    -- Not closed and not voided.
    is_open      INTEGER NOT NULL CHECK (is_open IN (0, 1)),
    -- Live (not voided) steps.
    step_count   INTEGER NOT NULL CHECK (step_count >= 0),
    -- max(at) of the live steps; NULL without one.
    last_step_at TEXT,
    -- julianday(coalesce(last_step_at, opened_at)).
    quiet_day    REAL NOT NULL,
    owner        TEXT,
    -- julianday(closed_at) of a closed journey that is not voided; else NULL.
    closed_day   REAL,
    -- Live obstacles with status open or escalated.
    open_obstacles INTEGER NOT NULL CHECK (open_obstacles >= 0),
    -- Live observations in the baseline and in the follow-up phase.
    baselines    INTEGER NOT NULL CHECK (baselines >= 0),
    followups    INTEGER NOT NULL CHECK (followups >= 0)
) STRICT;

CREATE INDEX journey_facts_quiet_open ON journey_facts (quiet_day, journey_id) WHERE is_open = 1;
CREATE INDEX journey_facts_owner_quiet ON journey_facts (owner, quiet_day, journey_id) WHERE is_open = 1;
CREATE INDEX journey_facts_owner_obstacles ON journey_facts (owner, journey_id) WHERE open_obstacles > 0;
CREATE INDEX journey_facts_owner_no_baseline ON journey_facts (owner, journey_id) WHERE is_open = 1 AND baselines = 0;
CREATE INDEX journey_facts_owner_closed ON journey_facts (owner, closed_day) WHERE closed_day IS NOT NULL;

-- The latest date written anywhere the queues look (an opening, a close, a
-- step, an obstacle, an observation). Facts describe the file as it is now, which is the file as of any
-- day on or after this one; an earlier as-of reads the rows themselves. It
-- only moves forward: a correction to an earlier date leaves it, which costs
-- nothing but the fast path for as-of days between the two.
CREATE TABLE fact_horizon (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    latest TEXT NOT NULL
) STRICT;

INSERT INTO fact_horizon (id, latest)
SELECT 1, coalesce(max(latest), '') FROM (
    SELECT max(opened_at) AS latest FROM journeys
    UNION ALL SELECT max(closed_at) FROM journeys
    UNION ALL SELECT max(at) FROM steps
    UNION ALL SELECT max(logged_at) FROM obstacles
    UNION ALL SELECT max(observed_at) FROM observations);

INSERT INTO journey_facts (journey_id, is_open, step_count, last_step_at, quiet_day, owner, closed_day,
                           open_obstacles, baselines, followups)
SELECT j.id, j.closed_at IS NULL AND j.voided_at IS NULL, coalesce(s.steps, 0), s.last_step_at,
       julianday(coalesce(s.last_step_at, j.opened_at)), j.owner,
       CASE WHEN j.closed_at IS NOT NULL AND j.voided_at IS NULL THEN julianday(j.closed_at) END,
       (SELECT count(*) FROM obstacles o WHERE o.journey_id = j.id AND o.voided_at IS NULL
                                          AND o.status IN ('open', 'escalated')),
       (SELECT count(*) FROM observations b WHERE b.journey_id = j.id AND b.voided_at IS NULL AND b.phase = 'baseline'),
       (SELECT count(*) FROM observations b WHERE b.journey_id = j.id AND b.voided_at IS NULL AND b.phase = 'followup')
  FROM journeys j
  LEFT JOIN (SELECT journey_id, count(*) AS steps, max(at) AS last_step_at
               FROM steps WHERE voided_at IS NULL GROUP BY journey_id) s ON s.journey_id = j.id;

CREATE TRIGGER journey_facts_on_journey_insert AFTER INSERT ON journeys BEGIN
    INSERT INTO journey_facts (journey_id, is_open, step_count, last_step_at, quiet_day, owner, closed_day,
                               open_obstacles, baselines, followups)
    VALUES (NEW.id, NEW.closed_at IS NULL AND NEW.voided_at IS NULL, 0, NULL, julianday(NEW.opened_at), NEW.owner,
            CASE WHEN NEW.closed_at IS NOT NULL AND NEW.voided_at IS NULL THEN julianday(NEW.closed_at) END, 0, 0, 0);
    UPDATE fact_horizon SET latest = max(latest, NEW.opened_at, coalesce(NEW.closed_at, '')) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_journey_update AFTER UPDATE OF opened_at, closed_at, voided_at, owner ON journeys BEGIN
    UPDATE journey_facts
       SET is_open = NEW.closed_at IS NULL AND NEW.voided_at IS NULL,
           quiet_day = julianday(coalesce(last_step_at, NEW.opened_at)),
           owner = NEW.owner,
           closed_day = CASE WHEN NEW.closed_at IS NOT NULL AND NEW.voided_at IS NULL THEN julianday(NEW.closed_at) END
     WHERE journey_id = NEW.id;
    UPDATE fact_horizon SET latest = max(latest, NEW.opened_at, coalesce(NEW.closed_at, '')) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_journey_delete AFTER DELETE ON journeys BEGIN
    DELETE FROM journey_facts WHERE journey_id = OLD.id;
END;

-- A new live step only moves its journey forward: counted in place.
CREATE TRIGGER journey_facts_on_step_insert AFTER INSERT ON steps WHEN NEW.voided_at IS NULL BEGIN
    UPDATE journey_facts
       SET step_count = step_count + 1,
           last_step_at = CASE WHEN last_step_at IS NULL OR NEW.at > last_step_at THEN NEW.at ELSE last_step_at END,
           quiet_day = julianday(CASE WHEN last_step_at IS NULL OR NEW.at > last_step_at THEN NEW.at ELSE last_step_at END)
     WHERE journey_id = NEW.journey_id;
    UPDATE fact_horizon SET latest = max(latest, NEW.at) WHERE id = 1;
END;

-- A correction, void, restore or removal: the journeys involved recounted.
CREATE TRIGGER journey_facts_on_step_update AFTER UPDATE OF journey_id, at, voided_at ON steps BEGIN
    UPDATE journey_facts
       SET step_count = (SELECT count(*) FROM steps s
                          WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL),
           last_step_at = (SELECT max(s.at) FROM steps s
                            WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL)
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
    UPDATE journey_facts
       SET quiet_day = julianday(coalesce(last_step_at,
                                          (SELECT j.opened_at FROM journeys j WHERE j.id = journey_facts.journey_id)))
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
    UPDATE fact_horizon SET latest = max(latest, NEW.at) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_step_delete AFTER DELETE ON steps BEGIN
    UPDATE journey_facts
       SET step_count = (SELECT count(*) FROM steps s
                          WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL),
           last_step_at = (SELECT max(s.at) FROM steps s
                            WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL)
     WHERE journey_id = OLD.journey_id;
    UPDATE journey_facts
       SET quiet_day = julianday(coalesce(last_step_at,
                                          (SELECT j.opened_at FROM journeys j WHERE j.id = journey_facts.journey_id)))
     WHERE journey_id = OLD.journey_id;
END;

-- Obstacles: a new live one counted in place; any other change recounted.
CREATE TRIGGER journey_facts_on_obstacle_insert AFTER INSERT ON obstacles WHEN NEW.voided_at IS NULL BEGIN
    UPDATE journey_facts SET open_obstacles = open_obstacles + (NEW.status IN ('open', 'escalated'))
     WHERE journey_id = NEW.journey_id;
    UPDATE fact_horizon SET latest = max(latest, NEW.logged_at) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_obstacle_update AFTER UPDATE OF journey_id, status, voided_at, logged_at ON obstacles BEGIN
    UPDATE journey_facts
       SET open_obstacles = (SELECT count(*) FROM obstacles o WHERE o.journey_id = journey_facts.journey_id
                                AND o.voided_at IS NULL AND o.status IN ('open', 'escalated'))
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
    UPDATE fact_horizon SET latest = max(latest, NEW.logged_at) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_obstacle_delete AFTER DELETE ON obstacles BEGIN
    UPDATE journey_facts
       SET open_obstacles = (SELECT count(*) FROM obstacles o WHERE o.journey_id = journey_facts.journey_id
                                AND o.voided_at IS NULL AND o.status IN ('open', 'escalated'))
     WHERE journey_id = OLD.journey_id;
END;

-- Observations: the same for baselines and follow-ups.
CREATE TRIGGER journey_facts_on_observation_insert AFTER INSERT ON observations WHEN NEW.voided_at IS NULL BEGIN
    UPDATE journey_facts SET baselines = baselines + (NEW.phase = 'baseline'),
                             followups = followups + (NEW.phase = 'followup')
     WHERE journey_id = NEW.journey_id;
    UPDATE fact_horizon SET latest = max(latest, NEW.observed_at) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_observation_update AFTER UPDATE OF journey_id, phase, voided_at, observed_at ON observations BEGIN
    UPDATE journey_facts
       SET baselines = (SELECT count(*) FROM observations b WHERE b.journey_id = journey_facts.journey_id
                           AND b.voided_at IS NULL AND b.phase = 'baseline'),
           followups = (SELECT count(*) FROM observations b WHERE b.journey_id = journey_facts.journey_id
                           AND b.voided_at IS NULL AND b.phase = 'followup')
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
    UPDATE fact_horizon SET latest = max(latest, NEW.observed_at) WHERE id = 1;
END;

CREATE TRIGGER journey_facts_on_observation_delete AFTER DELETE ON observations BEGIN
    UPDATE journey_facts
       SET baselines = (SELECT count(*) FROM observations b WHERE b.journey_id = journey_facts.journey_id
                           AND b.voided_at IS NULL AND b.phase = 'baseline'),
           followups = (SELECT count(*) FROM observations b WHERE b.journey_id = journey_facts.journey_id
                           AND b.voided_at IS NULL AND b.phase = 'followup')
     WHERE journey_id = OLD.journey_id;
END;
