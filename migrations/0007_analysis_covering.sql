-- Lets the analyses read what they need of every live journey and obstacle
-- (in id order) and step (in journey order) from an index alone,
-- without the rows' free text, refs and citizen references: on a million
-- journeys each read takes about half the time it takes from the table.
-- `voided_at` is a column too, so that a scan's `voided_at IS NULL` is
-- answered by the index as well.
CREATE INDEX journeys_analysis ON journeys (id, type, outcome, opened_at, closed_at, voided_at)
    WHERE voided_at IS NULL;
CREATE INDEX obstacles_analysis ON obstacles (id, journey_id, category_id, rule_ref, logged_at, delay_days,
                                              staff_hours, status, voided_at)
    WHERE voided_at IS NULL;
DROP INDEX steps_live_journey_order;
CREATE INDEX steps_live_journey_order ON steps (journey_id, at, id, sector_id, voided_at) WHERE voided_at IS NULL;
