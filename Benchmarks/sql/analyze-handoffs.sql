-- The figures of `tracker analyze handoffs`, in plain SQL: consecutive live
-- steps of a live journey (by `at`, then id) in different sectors, per pair
-- of sectors: how many, the median gap in days, and the live obstacles with
-- two sectors or more, both of the pair among them, on the journeys that
-- made the handoff (each journey counted once).
WITH ordered AS (
    SELECT s.journey_id, s.sector_id, s.at,
           lag(s.sector_id) OVER w AS previous_sector, lag(s.at) OVER w AS previous_at
      FROM steps s JOIN journeys j ON j.id = s.journey_id AND j.voided_at IS NULL
     WHERE s.voided_at IS NULL
    WINDOW w AS (PARTITION BY s.journey_id ORDER BY s.at, s.id)),
handoffs AS (
    SELECT journey_id, previous_sector AS from_sector, sector_id AS to_sector,
           julianday(at) - julianday(previous_at) AS gap
      FROM ordered WHERE previous_sector IS NOT NULL AND previous_sector <> sector_id),
ranked AS (
    SELECT from_sector, to_sector, gap,
           row_number() OVER (PARTITION BY from_sector, to_sector ORDER BY gap) AS r,
           count(*) OVER (PARTITION BY from_sector, to_sector) AS n
      FROM handoffs),
medians AS (
    SELECT from_sector, to_sector,
           CASE WHEN n % 2 = 1 THEN max(CASE WHEN r = (n + 1) / 2 THEN gap END)
                ELSE (max(CASE WHEN r = n / 2 THEN gap END) + max(CASE WHEN r = n / 2 + 1 THEN gap END)) / 2.0 END AS median
      FROM ranked GROUP BY from_sector, to_sector),
pairs AS (SELECT DISTINCT from_sector, to_sector, journey_id FROM handoffs),
shared AS (
    SELECT o.id, o.journey_id FROM obstacles o
     WHERE o.voided_at IS NULL AND (SELECT count(*) FROM obstacle_sectors x WHERE x.obstacle_id = o.id) >= 2),
counted AS (
    SELECT p.from_sector, p.to_sector, count(*) AS obstacles
      FROM pairs p JOIN shared o ON o.journey_id = p.journey_id
      JOIN obstacle_sectors a ON a.obstacle_id = o.id AND a.sector_id = p.from_sector
      JOIN obstacle_sectors b ON b.obstacle_id = o.id AND b.sector_id = p.to_sector
     GROUP BY p.from_sector, p.to_sector)
SELECT h.from_sector, h.to_sector, count(*) AS transitions, m.median AS gap_days_median,
       coalesce(c.obstacles, 0) AS obstacles
  FROM handoffs h
  LEFT JOIN medians m ON m.from_sector = h.from_sector AND m.to_sector = h.to_sector
  LEFT JOIN counted c ON c.from_sector = h.from_sector AND c.to_sector = h.to_sector
 GROUP BY h.from_sector, h.to_sector
 ORDER BY h.from_sector, h.to_sector;
