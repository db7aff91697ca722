-- A journey's obstacles with what its kept facts count of them (live ones,
-- and those open or escalated), from the index alone. On a server this is
-- also the index the planner takes for them when an import has just written
-- the obstacles and their statistics do not know it yet: with only
-- `(journey_id)` it took the covering `obstacles_analysis`, whose journey
-- column is its second, and read that whole index once per journey.
DROP INDEX obstacles_journey;
CREATE INDEX obstacles_journey ON obstacles (journey_id, voided_at, status);
