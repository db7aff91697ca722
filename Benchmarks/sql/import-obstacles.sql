-- `tracker import obstacles.csv --kind obstacles`, minus the validation: the
-- CSV into a staging table with .import, then the obstacles, their sectors
-- (the `;`-separated list split) and their status history written from it
-- in one transaction. Run in the folder of the CSV.
CREATE TEMP TABLE staging (journey_ref, category, sectors, rule_ref, severity, delay_days, staff_hours,
                           description, logged_at, status, resolved_at, resolution);
.import --csv --skip 1 --schema temp obstacles.csv staging
BEGIN IMMEDIATE;
CREATE TEMP TABLE numbered AS
SELECT s.rowid + (SELECT coalesce(max(id), 0) FROM obstacles) AS id, s.*, j.id AS journey_id
  FROM temp.staging s JOIN journeys j ON j.ref = s.journey_ref;
INSERT INTO obstacles (id, journey_id, category_id, rule_ref, description, severity, delay_days, staff_hours,
                       status, logged_at, logged_by, resolved_at, resolution)
SELECT id, journey_id, category, nullif(rule_ref, ''), description, CAST(nullif(severity, '') AS INTEGER),
       CAST(nullif(delay_days, '') AS REAL), CAST(nullif(staff_hours, '') AS REAL), status, logged_at, 'bench',
       nullif(resolved_at, ''), nullif(resolution, '')
  FROM temp.numbered ORDER BY id;
INSERT INTO obstacle_sectors (obstacle_id, sector_id)
SELECT n.id, e.value FROM temp.numbered n, json_each('["' || replace(n.sectors, ';', '","') || '"]') e
 ORDER BY n.id, e.key;
INSERT INTO obstacle_status_history (obstacle_id, status, at, actor, note)
SELECT id, status, at, 'bench', note FROM (
    SELECT id, 0 AS step, 'open' AS status, logged_at AS at, NULL AS note FROM temp.numbered
    UNION ALL
    SELECT id, 1, status, coalesce(nullif(resolved_at, ''), logged_at), nullif(resolution, '')
      FROM temp.numbered WHERE status <> 'open')
 ORDER BY id, step;
COMMIT;
