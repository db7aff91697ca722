-- The figures of `tracker analyze journeys --by type`, in plain SQL: per
-- type of live journey, how many and how many open, the median and 90th
-- percentile of the duration of the closed ones (linear between closest
-- ranks), and the mean number of sectors, live steps and live obstacles.
WITH live AS (
    SELECT j.id, j.type, j.closed_at IS NOT NULL AS closed,
           julianday(j.closed_at) - julianday(j.opened_at) AS duration
      FROM journeys j WHERE j.voided_at IS NULL),
counts AS (
    SELECT l.id,
           (SELECT count(DISTINCT s.sector_id) FROM steps s WHERE s.journey_id = l.id AND s.voided_at IS NULL) AS sectors,
           (SELECT count(*) FROM steps s WHERE s.journey_id = l.id AND s.voided_at IS NULL) AS steps,
           (SELECT count(*) FROM obstacles o WHERE o.journey_id = l.id AND o.voided_at IS NULL) AS obstacles
      FROM live l),
ranked AS (
    SELECT type, duration,
           row_number() OVER (PARTITION BY type ORDER BY duration) - 1 AS r,
           count(*) OVER (PARTITION BY type) AS n
      FROM live WHERE closed),
quantiles AS (
    -- Type 7: the value at position (n − 1)·p, between the ranks around it.
    SELECT type,
           max(CASE WHEN r = CAST((n - 1) * 0.5 AS INTEGER) THEN duration END)
             + ((n - 1) * 0.5 - CAST((n - 1) * 0.5 AS INTEGER))
             * (coalesce(max(CASE WHEN r = CAST((n - 1) * 0.5 AS INTEGER) + 1 THEN duration END),
                         max(CASE WHEN r = CAST((n - 1) * 0.5 AS INTEGER) THEN duration END))
                - max(CASE WHEN r = CAST((n - 1) * 0.5 AS INTEGER) THEN duration END)) AS median,
           max(CASE WHEN r = CAST((n - 1) * 0.9 AS INTEGER) THEN duration END)
             + ((n - 1) * 0.9 - CAST((n - 1) * 0.9 AS INTEGER))
             * (coalesce(max(CASE WHEN r = CAST((n - 1) * 0.9 AS INTEGER) + 1 THEN duration END),
                         max(CASE WHEN r = CAST((n - 1) * 0.9 AS INTEGER) THEN duration END))
                - max(CASE WHEN r = CAST((n - 1) * 0.9 AS INTEGER) THEN duration END)) AS p90
      FROM ranked GROUP BY type)
SELECT l.type AS "group", count(*) AS journeys, sum(NOT l.closed) AS open,
       q.median AS duration_days_median, q.p90 AS duration_days_p90,
       avg(c.sectors) AS sectors_mean, avg(c.steps) AS steps_mean, avg(c.obstacles) AS obstacles_mean
  FROM live l JOIN counts c ON c.id = l.id LEFT JOIN quantiles q ON q.type = l.type
 GROUP BY l.type
 ORDER BY l.type;
