-- Two more facts kept per journey, for `analyze journeys`, activity against
-- effect and cohorts by number of sectors: the distinct sectors of its live
-- steps and the number of its live obstacles. They are what a scan of
-- every step and obstacle would count, so an analysis reads one row per
-- journey instead of every step. Kept by the triggers below on every write;
-- they stand down in a bulk load, which recomputes the facts once;
-- `tracker check` compares them.
ALTER TABLE journey_facts ADD COLUMN sector_count bigint NOT NULL DEFAULT 0 CHECK (sector_count >= 0);
ALTER TABLE journey_facts ADD COLUMN obstacle_count bigint NOT NULL DEFAULT 0 CHECK (obstacle_count >= 0);

UPDATE journey_facts
   SET sector_count = (SELECT count(DISTINCT s.sector_id) FROM steps s
                        WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL),
       obstacle_count = (SELECT count(*) FROM obstacles o
                          WHERE o.journey_id = journey_facts.journey_id AND o.voided_at IS NULL);

-- A new live step adds a sector when its journey had no live step there.
CREATE FUNCTION journey_facts_sectors_on_step_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journey_facts
       SET sector_count = sector_count + (NOT EXISTS (
               SELECT 1 FROM steps s WHERE s.journey_id = NEW.journey_id AND s.voided_at IS NULL
                                       AND s.sector_id = NEW.sector_id AND s.id <> NEW.id))::integer
     WHERE journey_id = NEW.journey_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_facts_sectors_on_step_insert AFTER INSERT ON steps
    FOR EACH ROW WHEN (NEW.voided_at IS NULL AND current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_sectors_on_step_insert();

-- A correction, void, restore or removal: the journeys involved recounted.
CREATE FUNCTION journey_facts_sectors_on_step_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journey_facts
       SET sector_count = (SELECT count(DISTINCT s.sector_id) FROM steps s
                            WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL)
     WHERE journey_id IN (OLD.journey_id, (CASE WHEN TG_OP = 'UPDATE' THEN NEW.journey_id END));
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_facts_sectors_on_step_update AFTER UPDATE OF journey_id, sector_id, voided_at ON steps
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_sectors_on_step_change();
CREATE TRIGGER journey_facts_sectors_on_step_delete AFTER DELETE ON steps
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_sectors_on_step_change();

CREATE FUNCTION journey_facts_count_on_obstacle_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journey_facts SET obstacle_count = obstacle_count + 1 WHERE journey_id = NEW.journey_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_facts_count_on_obstacle_insert AFTER INSERT ON obstacles
    FOR EACH ROW WHEN (NEW.voided_at IS NULL AND current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_count_on_obstacle_insert();

CREATE FUNCTION journey_facts_count_on_obstacle_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE journey_facts
       SET obstacle_count = (SELECT count(*) FROM obstacles o
                              WHERE o.journey_id = journey_facts.journey_id AND o.voided_at IS NULL)
     WHERE journey_id IN (OLD.journey_id, (CASE WHEN TG_OP = 'UPDATE' THEN NEW.journey_id END));
    RETURN NULL;
END
$$;
CREATE TRIGGER journey_facts_count_on_obstacle_update AFTER UPDATE OF journey_id, voided_at ON obstacles
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_count_on_obstacle_change();
CREATE TRIGGER journey_facts_count_on_obstacle_delete AFTER DELETE ON obstacles
    FOR EACH ROW WHEN (current_setting('tracker.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION journey_facts_count_on_obstacle_change();
