-- The observations in journey order with their values: the first baseline
-- and the last follow-up of each journey and measure are the first and the
-- last of their run in this order, so an effect analysis reads them from
-- the index alone, a range of journeys at a time, with no second lookup.
DROP INDEX observations_journey_measure;
CREATE INDEX observations_journey_measure ON observations (journey_id, measure_id, phase, observed_at, id, voided_at, value);
