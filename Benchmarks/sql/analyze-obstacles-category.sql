-- The figures of `tracker analyze obstacles --by category`, in plain SQL:
-- live obstacles of live journeys, per category; the median delay is the
-- middle value (the mean of the two middle ones for an even count).
WITH live AS (
    SELECT o.category_id AS key, o.journey_id, o.delay_days, o.status IN ('open', 'escalated') AS is_open
      FROM obstacles o JOIN journeys j ON j.id = o.journey_id
     WHERE o.voided_at IS NULL AND j.voided_at IS NULL),
ranked AS (
    SELECT key, delay_days,
           row_number() OVER (PARTITION BY key ORDER BY delay_days) AS r,
           count(*) OVER (PARTITION BY key) AS n
      FROM live WHERE delay_days IS NOT NULL),
medians AS (
    SELECT key, CASE WHEN n % 2 = 1 THEN max(CASE WHEN r = (n + 1) / 2 THEN delay_days END)
                     ELSE (max(CASE WHEN r = n / 2 THEN delay_days END)
                           + max(CASE WHEN r = n / 2 + 1 THEN delay_days END)) / 2.0 END AS median
      FROM ranked GROUP BY key)
SELECT l.key, count(*) AS obstacles, count(DISTINCT l.journey_id) AS journeys,
       total(l.delay_days) AS delay_days_total, m.median AS delay_days_median, sum(l.is_open) AS open
  FROM live l LEFT JOIN medians m ON m.key = l.key
 GROUP BY l.key
 ORDER BY delay_days_total DESC, obstacles DESC, l.key;
