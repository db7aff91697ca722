-- The figures of `tracker analyze rules` (its top 20), in plain SQL: live
-- obstacles of live journeys that cite a rule, per rule; the sectors of its
-- obstacles `;`-joined alphabetically, its first and last `logged_at`.
WITH live AS (
    SELECT o.id, o.rule_ref, o.journey_id, o.delay_days, o.staff_hours, o.logged_at,
           o.status IN ('open', 'escalated') AS is_open
      FROM obstacles o JOIN journeys j ON j.id = o.journey_id
     WHERE o.voided_at IS NULL AND j.voided_at IS NULL AND o.rule_ref IS NOT NULL),
ranked AS (
    SELECT rule_ref, delay_days,
           row_number() OVER (PARTITION BY rule_ref ORDER BY delay_days) AS r,
           count(*) OVER (PARTITION BY rule_ref) AS n
      FROM live WHERE delay_days IS NOT NULL),
medians AS (
    SELECT rule_ref, CASE WHEN n % 2 = 1 THEN max(CASE WHEN r = (n + 1) / 2 THEN delay_days END)
                          ELSE (max(CASE WHEN r = n / 2 THEN delay_days END)
                                + max(CASE WHEN r = n / 2 + 1 THEN delay_days END)) / 2.0 END AS median
      FROM ranked GROUP BY rule_ref),
sectors AS (
    SELECT rule_ref, group_concat(sector_id, ';') AS sectors FROM (
        SELECT DISTINCT l.rule_ref, s.sector_id
          FROM live l JOIN obstacle_sectors s ON s.obstacle_id = l.id
         ORDER BY l.rule_ref, s.sector_id)
     GROUP BY rule_ref)
SELECT l.rule_ref, count(DISTINCT l.journey_id) AS journeys, count(*) AS obstacles,
       total(l.delay_days) AS delay_days_total, m.median AS delay_days_median,
       total(l.staff_hours) AS staff_hours_total, sum(l.is_open) AS open, s.sectors,
       min(l.logged_at) AS first_seen, max(l.logged_at) AS last_seen
  FROM live l LEFT JOIN medians m ON m.rule_ref = l.rule_ref LEFT JOIN sectors s ON s.rule_ref = l.rule_ref
 GROUP BY l.rule_ref
 ORDER BY delay_days_total DESC, journeys DESC, l.rule_ref
 LIMIT 20;
