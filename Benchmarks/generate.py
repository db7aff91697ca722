#!/usr/bin/env python3
"""Fills an initialised tracker database with synthetic journeys, for timing
the analyses by hand (see analysis.sh). Not a demo: the data is random, only
its shape is realistic (about 10 steps, 3 obstacles and 4 observations a
journey).

    python3 Benchmarks/generate.py DB [--journeys N] [--seed S]
"""
import argparse
import datetime as dt
import random
import sqlite3

TYPES = ["sick_leave", "youth", "rehabilitation", "complex_needs", "job_training"]
KINDS = ["referral", "assessment", "meeting", "decision", "service", "handover", "waiting", "other"]
CATEGORIES = ["regulation", "documentation", "governance_conflict", "data_sharing",
              "mandate", "coordination", "other"]
CATEGORY_WEIGHTS = [30, 25, 12, 15, 8, 25, 5]
RULES = [f"Lov {n} § {p}" for n in ("LAB", "Serviceloven", "Sygedagpengeloven", "Sundhedsloven",
                                     "Aktivloven", "Forvaltningsloven")
         for p in (7, 13, 30, 52, 85, 101)]
STATUSES = ["open", "escalated", "resolved", "accepted"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--journeys", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA synchronous = OFF")
    sectors = [row[0] for row in db.execute("SELECT id FROM sectors ORDER BY id")]
    start = dt.date(2016, 1, 1)
    as_of = dt.date(2026, 1, 1)
    citizens, journeys, steps, obstacles, obstacle_sectors, observations = [], [], [], [], [], []
    step_id = obstacle_id = observation_id = 0
    for journey_id in range(1, args.journeys + 1):
        citizen = f"p{journey_id:07d}"
        citizens.append((citizen, 1940 + rng.randrange(70), "2016-01-01"))
        kind = rng.choice(TYPES)
        opened = start + dt.timedelta(days=rng.randrange((as_of - start).days - 30))
        duration = int(rng.expovariate(1 / 200)) + 1
        closed = opened + dt.timedelta(days=duration)
        is_closed = closed < as_of and rng.random() < 0.85
        outcome = rng.choices(["achieved", "partial", "not_achieved", "withdrawn"], [45, 25, 20, 10])[0] if is_closed else None
        journeys.append((journey_id, f"J-{journey_id}", citizen, kind, opened.isoformat(),
                         closed.isoformat() if is_closed else None, "closed" if is_closed else "open", outcome,
                         f"caseworker{rng.randrange(200)}"))
        own = rng.sample(sectors, rng.randint(2, 5))
        span = max(duration if is_closed else (as_of - opened).days, 1)
        times = sorted(rng.randrange(span) for _ in range(rng.randint(4, 16)))
        for offset in times:
            step_id += 1
            at = opened + dt.timedelta(days=offset)
            steps.append((step_id, journey_id, rng.choice(own), rng.choice(KINDS), at.isoformat()))
        for _ in range(rng.choice([0, 1, 2, 3, 3, 4, 5, 6])):
            obstacle_id += 1
            category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
            rule = rng.choice(RULES) if rng.random() < 0.6 else None
            delay = round(rng.expovariate(1 / 20), 1) if rng.random() < 0.8 else None
            hours = round(rng.expovariate(1 / 4), 1) if rng.random() < 0.5 else None
            status = rng.choices(STATUSES, [20, 10, 55, 15])[0]
            logged = opened + dt.timedelta(days=rng.randrange(span))
            obstacles.append((obstacle_id, journey_id, category, rule, "synthetic obstacle", rng.randint(1, 5),
                              delay, hours, status, logged.isoformat()))
            for sector in rng.sample(own, min(len(own), rng.choice([1, 2, 2, 3]))):
                obstacle_sectors.append((obstacle_id, sector))
        for measure, centre, spread in (("who5", 45, 15), ("public_cost", 14000, 4000), ("work_hours", 10, 8)):
            if rng.random() < 0.75:
                observation_id += 1
                observations.append((observation_id, journey_id, measure, "baseline",
                                     round(rng.gauss(centre, spread), 1), opened.isoformat()))
                if rng.random() < 0.6:
                    observation_id += 1
                    observations.append((observation_id, journey_id, measure, "followup",
                                         round(rng.gauss(centre * 1.05, spread), 1),
                                         (opened + dt.timedelta(days=span)).isoformat()))
    with db:
        db.executemany("INSERT INTO citizens (id, birth_year, created_at) VALUES (?, ?, ?)", citizens)
        db.executemany("INSERT INTO journeys (id, ref, citizen_id, type, opened_at, closed_at, status, outcome, owner)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", journeys)
        db.executemany("INSERT INTO steps (id, journey_id, sector_id, kind, at) VALUES (?, ?, ?, ?, ?)", steps)
        db.executemany("INSERT INTO obstacles (id, journey_id, category_id, rule_ref, description, severity,"
                       " delay_days, staff_hours, status, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", obstacles)
        db.executemany("INSERT INTO obstacle_sectors (obstacle_id, sector_id) VALUES (?, ?)", obstacle_sectors)
        db.executemany("INSERT INTO observations (id, journey_id, measure_id, phase, value, observed_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", observations)
    db.commit()
    print(f"{len(journeys)} journeys, {len(steps)} steps, {len(obstacles)} obstacles, "
          f"{len(obstacle_sectors)} obstacle sectors, {len(observations)} observations")


if __name__ == "__main__":
    main()
