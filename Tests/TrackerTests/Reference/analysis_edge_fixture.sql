-- Small groups and degenerate cases for AnalysisReferenceTests and
-- analysis_reference.py; as-of day 2026-06-30.
--   solo:   one journey (n = 1: no SD, no CI)
--   pair:   two journeys with the same WHO-5 change (zero variance)
--   quiet:  four open journeys, only baselines (all censored, n = 0 measured)
--   tied:   six closed journeys with tied durations (30, 30, 30, 60, 60, 90)
-- public_cost is lower-is-better: a fall is an improvement.
INSERT INTO citizens (id, created_at) VALUES ('e1', '2026-01-01');
INSERT INTO journeys (id, ref, citizen_id, type, opened_at, closed_at, status, outcome) VALUES
    (1, 'E-1', 'e1', 'solo', '2026-01-01', '2026-02-15', 'closed', 'achieved'),
    (2, 'E-2', 'e1', 'pair', '2026-01-01', '2026-03-02', 'closed', 'partial'),
    (3, 'E-3', 'e1', 'pair', '2026-01-10', '2026-03-11', 'closed', 'achieved'),
    (4, 'E-4', 'e1', 'quiet', '2026-02-01', NULL, 'open', NULL),
    (5, 'E-5', 'e1', 'quiet', '2026-02-15', NULL, 'open', NULL),
    (6, 'E-6', 'e1', 'quiet', '2026-03-01', NULL, 'open', NULL),
    (7, 'E-7', 'e1', 'quiet', '2026-03-01', NULL, 'open', NULL),
    (8, 'E-8', 'e1', 'tied', '2026-01-01', '2026-01-31', 'closed', 'achieved'),
    (9, 'E-9', 'e1', 'tied', '2026-01-05', '2026-02-04', 'closed', 'not_achieved'),
    (10, 'E-10', 'e1', 'tied', '2026-01-09', '2026-02-08', 'closed', 'achieved'),
    (11, 'E-11', 'e1', 'tied', '2026-01-01', '2026-03-02', 'closed', 'withdrawn'),
    (12, 'E-12', 'e1', 'tied', '2026-01-02', '2026-03-03', 'closed', 'achieved'),
    (13, 'E-13', 'e1', 'tied', '2026-01-03', '2026-04-03', 'closed', 'partial');
INSERT INTO steps (id, journey_id, sector_id, kind, at) VALUES
    (1, 1, 'employment', 'referral', '2026-01-01'),
    (2, 1, 'psychiatry', 'assessment', '2026-01-10'),
    (3, 2, 'employment', 'referral', '2026-01-01'),
    (4, 3, 'employment', 'referral', '2026-01-10'),
    (5, 3, 'housing', 'meeting', '2026-01-20'),
    (6, 4, 'social_adults', 'referral', '2026-02-01'),
    (7, 8, 'employment', 'referral', '2026-01-01'),
    (8, 8, 'psychiatry', 'assessment', '2026-01-05'),
    (9, 8, 'employment', 'meeting', '2026-01-09'),
    (10, 9, 'employment', 'referral', '2026-01-05'),
    (11, 10, 'employment', 'referral', '2026-01-09'),
    (12, 11, 'employment', 'referral', '2026-01-01'),
    (13, 12, 'employment', 'referral', '2026-01-02'),
    (14, 13, 'employment', 'referral', '2026-01-03');
INSERT INTO obstacles (id, journey_id, category_id, rule_ref, description, delay_days, status, logged_at) VALUES
    (1, 1, 'regulation', 'LAB § 30', 'waiting for a statement', 10, 'open', '2026-01-05'),
    (2, 8, 'regulation', 'LAB § 30', 'waiting again', NULL, 'resolved', '2026-01-06');
INSERT INTO obstacle_sectors (obstacle_id, sector_id) VALUES
    (1, 'employment'), (1, 'psychiatry'), (2, 'psychiatry'), (2, 'employment');
INSERT INTO observations (journey_id, measure_id, phase, value, observed_at) VALUES
    (1, 'who5', 'baseline', 40, '2026-01-02'), (1, 'who5', 'followup', 52, '2026-02-10'),
    (1, 'public_cost', 'baseline', 10000, '2026-01-02'), (1, 'public_cost', 'followup', 9000, '2026-02-10'),
    (2, 'who5', 'baseline', 30, '2026-01-02'), (2, 'who5', 'followup', 35, '2026-03-01'),
    (2, 'public_cost', 'baseline', 12000, '2026-01-02'), (2, 'public_cost', 'followup', 11000, '2026-03-01'),
    (3, 'who5', 'baseline', 44, '2026-01-11'), (3, 'who5', 'followup', 49, '2026-03-10'),
    (3, 'public_cost', 'baseline', 12000, '2026-01-11'), (3, 'public_cost', 'followup', 12500, '2026-03-10'),
    (4, 'who5', 'baseline', 50, '2026-02-02'),
    (5, 'who5', 'baseline', 55, '2026-02-16'),
    (6, 'who5', 'baseline', 60, '2026-03-02'),
    (7, 'who5', 'baseline', 65, '2026-03-02'),
    (8, 'who5', 'baseline', 40, '2026-01-02'), (8, 'who5', 'followup', 41, '2026-01-30'),
    (9, 'who5', 'baseline', 40, '2026-01-06'), (9, 'who5', 'followup', 42, '2026-02-03'),
    (10, 'who5', 'baseline', 40, '2026-01-10'), (10, 'who5', 'followup', 43, '2026-02-07'),
    (11, 'who5', 'baseline', 40, '2026-01-02'), (11, 'who5', 'followup', 44, '2026-03-01'),
    (12, 'who5', 'baseline', 40, '2026-01-03'), (12, 'who5', 'followup', 45, '2026-03-02'),
    (13, 'who5', 'baseline', 40, '2026-01-04'), (13, 'who5', 'followup', 46, '2026-04-02');
