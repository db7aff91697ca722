-- `tracker import journeys.csv --kind journeys`, minus the validation: the
-- CSV into a staging table with the sqlite3 shell's .import, then the
-- citizens and journeys written from it in one transaction (the kept facts'
-- triggers fire as they do for the tracker). Run in the folder of the CSV.
CREATE TEMP TABLE staging (ref, citizen, type, title, goal, owner, opened_at, closed_at, outcome);
.import --csv --skip 1 --schema temp journeys.csv staging
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO citizens (id, created_at)
SELECT citizen, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM temp.staging ORDER BY rowid;
INSERT INTO journeys (ref, citizen_id, type, title, goal, owner, opened_at, closed_at, status, outcome)
SELECT nullif(ref, ''), citizen, type, nullif(title, ''), nullif(goal, ''), nullif(owner, ''), opened_at,
       nullif(closed_at, ''), CASE WHEN closed_at = '' THEN 'open' ELSE 'closed' END, nullif(outcome, '')
  FROM temp.staging ORDER BY rowid;
COMMIT;
