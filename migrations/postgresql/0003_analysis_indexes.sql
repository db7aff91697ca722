-- Lets the handoff analysis read every step in journey order (by `at`, then
-- id) with its sector from the index alone (an index-only scan), without a
-- table lookup per step.
CREATE INDEX steps_journey_order_sector ON steps (journey_id, at, id, sector_id);
