-- `tracker import steps.csv --kind steps`, minus the validation: the CSV
-- into a staging table with .import, then the steps written from it, their
-- journeys found by ref, in one transaction. Run in the folder of the CSV.
CREATE TEMP TABLE staging (journey_ref, sector, kind, unit, at, ended_at, note);
.import --csv --skip 1 --schema temp steps.csv staging
BEGIN IMMEDIATE;
INSERT INTO steps (journey_id, sector_id, kind, unit, at, ended_at, note)
SELECT j.id, s.sector, s.kind, nullif(s.unit, ''), s.at, nullif(s.ended_at, ''), nullif(s.note, '')
  FROM temp.staging s JOIN journeys j ON j.ref = s.journey_ref ORDER BY s.rowid;
COMMIT;
