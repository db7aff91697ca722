-- Per step, the facts of its place in its journey's live steps (by `at`,
-- then id): the sector of the live step before it and the days since that
-- step (`julianday(at)` minus the previous step's). Null for the first live
-- step and for a voided step. The handoffs then read only the steps that
-- change sector, from the partial index below, instead of every step in
-- journey order with its date (`voided_at` is a column of the index too,
-- so that the scan's `voided_at IS NULL` is answered from the index alone). Kept by the triggers below on every write
-- (their names begin with journey_facts_, so a bulk load drops them and
-- recomputes once, as for the journeys' facts); `tracker check` compares them.
ALTER TABLE steps ADD COLUMN previous_sector_id TEXT;
ALTER TABLE steps ADD COLUMN gap_days REAL;

UPDATE steps AS s
   SET previous_sector_id = w.previous_sector_id, gap_days = w.gap_days
  FROM (SELECT id, lag(sector_id) OVER journey_order AS previous_sector_id,
               julianday(at) - julianday(lag(at) OVER journey_order) AS gap_days
          FROM steps WHERE voided_at IS NULL
        WINDOW journey_order AS (PARTITION BY journey_id ORDER BY at, id)) AS w
 WHERE s.id = w.id AND w.previous_sector_id IS NOT NULL;

CREATE INDEX steps_handoffs ON steps (journey_id, previous_sector_id, sector_id, gap_days, voided_at)
    WHERE voided_at IS NULL AND previous_sector_id <> sector_id;

-- A new step changes only itself and the live steps after it.
CREATE TRIGGER journey_facts_step_order_on_insert AFTER INSERT ON steps BEGIN
    UPDATE steps
       SET (previous_sector_id, gap_days) = (
               SELECT p.sector_id, julianday(steps.at) - julianday(p.at) FROM steps p
                WHERE steps.voided_at IS NULL AND p.journey_id = steps.journey_id AND p.voided_at IS NULL
                  AND (p.at < steps.at OR (p.at = steps.at AND p.id < steps.id))
                ORDER BY p.at DESC, p.id DESC LIMIT 1)
     WHERE journey_id = NEW.journey_id AND (at > NEW.at OR (at = NEW.at AND id >= NEW.id));
END;

-- A correction of the date, sector or journey, a void or restore, a
-- removal: every step of the journeys involved placed again.
CREATE TRIGGER journey_facts_step_order_on_update AFTER UPDATE OF journey_id, at, sector_id, voided_at ON steps BEGIN
    UPDATE steps
       SET (previous_sector_id, gap_days) = (
               SELECT p.sector_id, julianday(steps.at) - julianday(p.at) FROM steps p
                WHERE steps.voided_at IS NULL AND p.journey_id = steps.journey_id AND p.voided_at IS NULL
                  AND (p.at < steps.at OR (p.at = steps.at AND p.id < steps.id))
                ORDER BY p.at DESC, p.id DESC LIMIT 1)
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
END;

CREATE TRIGGER journey_facts_step_order_on_delete AFTER DELETE ON steps BEGIN
    UPDATE steps
       SET (previous_sector_id, gap_days) = (
               SELECT p.sector_id, julianday(steps.at) - julianday(p.at) FROM steps p
                WHERE steps.voided_at IS NULL AND p.journey_id = steps.journey_id AND p.voided_at IS NULL
                  AND (p.at < steps.at OR (p.at = steps.at AND p.id < steps.id))
                ORDER BY p.at DESC, p.id DESC LIMIT 1)
     WHERE journey_id = OLD.journey_id;
END;
