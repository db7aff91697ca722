-- Per step, the facts of its place in its journey's live steps (by `at`,
-- then id): the sector of the live step before it and the days since that
-- step (`julianday(at)` minus the previous step's). Null for the first live
-- step and for a voided step. The handoffs then read only the steps that
-- change sector, from the partial index below, instead of every step in
-- journey order with its date (`voided_at` is a column of the index too,
-- so that the scan's `voided_at IS NULL` is answered from the index alone). Kept by the triggers below on every write;
-- they stand down in a bulk load, which recomputes the facts once;
-- `tracker check` compares them.
ALTER TABLE steps ADD COLUMN previous_sector_id text COLLATE "C";
ALTER TABLE steps ADD COLUMN gap_days double precision;

UPDATE steps AS s
   SET previous_sector_id = w.previous_sector_id, gap_days = w.gap_days
  FROM (SELECT id, lag(sector_id) OVER journey_order AS previous_sector_id,
               public.julianday(at) - public.julianday(lag(at) OVER journey_order) AS gap_days
          FROM steps WHERE voided_at IS NULL
        WINDOW journey_order AS (PARTITION BY journey_id ORDER BY at, id)) AS w
 WHERE s.id = w.id AND w.previous_sector_id IS NOT NULL;

CREATE INDEX steps_handoffs ON steps (journey_id, previous_sector_id, sector_id, gap_days, voided_at)
    WHERE voided_at IS NULL AND previous_sector_id <> sector_id;

-- Places again the steps of journey `journey` from (at, id) `after_at`,
-- `after_id` on (every step when they are null).
CREATE FUNCTION journey_facts_place_steps(journey bigint, after_at text, after_id bigint) RETURNS void
LANGUAGE sql AS $$
    UPDATE steps AS s
       SET (previous_sector_id, gap_days) = (
               SELECT p.sector_id, public.julianday(s.at) - public.julianday(p.at) FROM steps p
                WHERE s.voided_at IS NULL AND p.journey_id = s.journey_id AND p.voided_at IS NULL
                  AND (p.at < s.at OR (p.at = s.at AND p.id < s.id))
                ORDER BY p.at DESC, p.id DESC LIMIT 1)
     WHERE s.journey_id = journey
       AND (after_at IS NULL OR s.at > after_at OR (s.at = after_at AND s.id >= after_id));
$$;

-- A new step changes only itself and the live steps after it. Writers of
-- one journey's steps take turns on its facts row first: a step placed
-- while another writer's step of the same journey is not yet committed
-- would miss it (each statement sees what was committed when it began).
CREATE FUNCTION journey_facts_step_order_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM journey_facts WHERE journey_id = NEW.journey_id FOR UPDATE;
    PERFORM journey_facts_place_steps(NEW.journey_id, NEW.at, NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_facts_step_order_on_insert AFTER INSERT ON steps
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_step_order_on_insert();

-- A correction of the date, sector or journey, a void or restore, a
-- removal: every step of the journeys involved placed again.
CREATE FUNCTION journey_facts_step_order_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM journey_facts WHERE journey_id IN (OLD.journey_id, (CASE WHEN TG_OP = 'UPDATE' THEN NEW.journey_id END))
      ORDER BY journey_id FOR UPDATE;
    PERFORM journey_facts_place_steps(OLD.journey_id, NULL, NULL);
    IF TG_OP = 'UPDATE' AND NEW.journey_id <> OLD.journey_id THEN
        PERFORM journey_facts_place_steps(NEW.journey_id, NULL, NULL);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_facts_step_order_on_update AFTER UPDATE OF journey_id, at, sector_id, voided_at ON steps
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_step_order_on_change();
CREATE TRIGGER journey_facts_step_order_on_delete AFTER DELETE ON steps
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_step_order_on_change();
