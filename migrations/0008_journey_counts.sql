-- Two more facts kept per journey, for `analyze journeys`, activity against
-- effect and cohorts by number of sectors: the distinct sectors of its live
-- steps and the number of its live obstacles. They are what a scan of
-- every step and obstacle would count, so an analysis reads one row per
-- journey instead of every step. Kept by the triggers below on every write;
-- a bulk load drops them (their names begin with journey_facts_) and
-- recomputes the facts once; `tracker check` compares them.
ALTER TABLE journey_facts ADD COLUMN sector_count INTEGER NOT NULL DEFAULT 0 CHECK (sector_count >= 0);
ALTER TABLE journey_facts ADD COLUMN obstacle_count INTEGER NOT NULL DEFAULT 0 CHECK (obstacle_count >= 0);

UPDATE journey_facts
   SET sector_count = (SELECT count(DISTINCT s.sector_id) FROM steps s
                        WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL),
       obstacle_count = (SELECT count(*) FROM obstacles o
                          WHERE o.journey_id = journey_facts.journey_id AND o.voided_at IS NULL);

-- A new live step adds a sector when its journey had no live step there.
CREATE TRIGGER journey_facts_sectors_on_step_insert AFTER INSERT ON steps WHEN NEW.voided_at IS NULL BEGIN
    UPDATE journey_facts
       SET sector_count = sector_count + NOT EXISTS (
               SELECT 1 FROM steps s WHERE s.journey_id = NEW.journey_id AND s.voided_at IS NULL
                                       AND s.sector_id = NEW.sector_id AND s.id <> NEW.id)
     WHERE journey_id = NEW.journey_id;
END;

-- A correction, void, restore or removal: the journeys involved recounted.
CREATE TRIGGER journey_facts_sectors_on_step_update AFTER UPDATE OF journey_id, sector_id, voided_at ON steps BEGIN
    UPDATE journey_facts
       SET sector_count = (SELECT count(DISTINCT s.sector_id) FROM steps s
                            WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL)
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
END;

CREATE TRIGGER journey_facts_sectors_on_step_delete AFTER DELETE ON steps BEGIN
    UPDATE journey_facts
       SET sector_count = (SELECT count(DISTINCT s.sector_id) FROM steps s
                            WHERE s.journey_id = journey_facts.journey_id AND s.voided_at IS NULL)
     WHERE journey_id = OLD.journey_id;
END;

CREATE TRIGGER journey_facts_count_on_obstacle_insert AFTER INSERT ON obstacles WHEN NEW.voided_at IS NULL BEGIN
    UPDATE journey_facts SET obstacle_count = obstacle_count + 1 WHERE journey_id = NEW.journey_id;
END;

CREATE TRIGGER journey_facts_count_on_obstacle_update AFTER UPDATE OF journey_id, voided_at ON obstacles BEGIN
    UPDATE journey_facts
       SET obstacle_count = (SELECT count(*) FROM obstacles o
                              WHERE o.journey_id = journey_facts.journey_id AND o.voided_at IS NULL)
     WHERE journey_id IN (OLD.journey_id, NEW.journey_id);
END;

CREATE TRIGGER journey_facts_count_on_obstacle_delete AFTER DELETE ON obstacles BEGIN
    UPDATE journey_facts
       SET obstacle_count = (SELECT count(*) FROM obstacles o
                              WHERE o.journey_id = journey_facts.journey_id AND o.voided_at IS NULL)
     WHERE journey_id = OLD.journey_id;
END;
