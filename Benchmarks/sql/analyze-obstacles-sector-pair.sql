-- The figures of `tracker analyze obstacles --by sector-pair`, in plain SQL:
-- each unordered pair of distinct sectors of a live obstacle counts once,
-- keyed `a|b` alphabetically; an obstacle with one sector counts under it.
WITH live AS (
    SELECT o.id, o.journey_id, o.delay_days, o.status IN ('open', 'escalated') AS is_open
      FROM obstacles o JOIN journeys j ON j.id = o.journey_id
     WHERE o.voided_at IS NULL AND j.voided_at IS NULL),
keyed AS (
    SELECT a.sector_id || '|' || b.sector_id AS key, l.*
      FROM live l
      JOIN obstacle_sectors a ON a.obstacle_id = l.id
      JOIN obstacle_sectors b ON b.obstacle_id = l.id AND a.sector_id < b.sector_id
    UNION ALL
    SELECT min(s.sector_id) AS key, l.*
      FROM live l JOIN obstacle_sectors s ON s.obstacle_id = l.id
     GROUP BY l.id HAVING count(*) = 1),
ranked AS (
    SELECT key, delay_days,
           row_number() OVER (PARTITION BY key ORDER BY delay_days) AS r,
           count(*) OVER (PARTITION BY key) AS n
      FROM keyed WHERE delay_days IS NOT NULL),
medians AS (
    SELECT key, CASE WHEN n % 2 = 1 THEN max(CASE WHEN r = (n + 1) / 2 THEN delay_days END)
                     ELSE (max(CASE WHEN r = n / 2 THEN delay_days END)
                           + max(CASE WHEN r = n / 2 + 1 THEN delay_days END)) / 2.0 END AS median
      FROM ranked GROUP BY key)
SELECT k.key, count(*) AS obstacles, count(DISTINCT k.journey_id) AS journeys,
       total(k.delay_days) AS delay_days_total, m.median AS delay_days_median, sum(k.is_open) AS open
  FROM keyed k LEFT JOIN medians m ON m.key = k.key
 GROUP BY k.key
 ORDER BY delay_days_total DESC, obstacles DESC, k.key;
