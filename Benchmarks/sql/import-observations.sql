-- `tracker import observations.csv --kind observations`, minus the
-- validation: the CSV into a staging table with .import, then the
-- observations written from it, their journeys found by ref, in one
-- transaction. Run in the folder of the CSV.
CREATE TEMP TABLE staging (journey_ref, measure, phase, value, observed_at);
.import --csv --skip 1 --schema temp observations.csv staging
BEGIN IMMEDIATE;
INSERT INTO observations (journey_id, measure_id, phase, value, observed_at)
SELECT j.id, s.measure, s.phase, CAST(s.value AS REAL), s.observed_at
  FROM temp.staging s JOIN journeys j ON j.ref = s.journey_ref ORDER BY s.rowid;
COMMIT;
