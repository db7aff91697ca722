#!/usr/bin/env python3
"""Writes analysis_fixture.sql: the fixed data the analysis tests and
analysis_reference.py both read. Run once; the output is committed, so the
tests do not depend on Python's random module staying the same.

    python3 make_analysis_fixture.py > analysis_fixture.sql

Deliberately awkward: tied durations, steps on the same day in different
sectors (order by id), repeated baselines and follow-ups on the same day
(first baseline: lowest id; last follow-up: highest id), interim values
that must be ignored, missing delays, obstacles with one to three sectors,
journeys opened after or closed after the as-of day 2026-06-30, instants
as well as days.
"""
import datetime as dt
import random

rng = random.Random(20260630)
SECTORS = ["employment", "psychiatry", "social_adults", "hospital", "benefits_agency", "housing"]
TYPES = ["sick_leave", "youth", "rehabilitation"]
CATEGORIES = ["regulation", "documentation", "data_sharing", "coordination", "mandate"]
RULES = ["LAB § 30", "Serviceloven § 85", "Sygedagpengeloven § 13", "Sundhedsloven § 119", None, None]
OUTCOMES = ["achieved", "achieved", "partial", "not_achieved", "withdrawn"]
STATUSES = ["open", "escalated", "resolved", "resolved", "accepted"]
DURATIONS = [20, 35, 35, 50, 64, 64, 64, 80, 95, 120, 150, 200]
KINDS = ["referral", "assessment", "meeting", "decision", "service", "handover", "waiting"]


def day(date, instant=False):
    return date.isoformat() + ("T09:30:00Z" if instant else "")


def quote(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert(table, columns, rows):
    print(f"INSERT INTO {table} ({', '.join(columns)}) VALUES")
    print(",\n".join("    (" + ", ".join(quote(v) for v in row) + ")" for row in rows) + ";")


journeys, steps, obstacles, obstacle_sectors, observations = [], [], [], [], []
start = dt.date(2025, 1, 1)
for journey_id in range(1, 61):
    kind = TYPES[journey_id % 3]
    if journey_id in (59, 60):
        opened = dt.date(2026, 7, 2 + journey_id - 59)  # after as-of
    else:
        opened = start + dt.timedelta(days=rng.randrange(480))
    instant = journey_id % 7 == 0
    duration = rng.choice(DURATIONS)
    closed = opened + dt.timedelta(days=duration)
    is_closed = rng.random() < 0.7
    outcome = rng.choice(OUTCOMES) if is_closed else None
    journeys.append((journey_id, f"J-{journey_id:03d}", f"c{journey_id % 40}", kind, day(opened, instant),
                     day(closed, instant) if is_closed else None, "closed" if is_closed else "open", outcome,
                     f"owner{journey_id % 4}"))
    own = rng.sample(SECTORS, rng.randint(1, 4))
    offsets = sorted(rng.choice([0, 0, 3, 7, 7, 12, 20, 31, 45]) for _ in range(rng.randint(0 if journey_id % 11 == 0 else 1, 8)))
    for offset in offsets:
        steps.append([None, journey_id, rng.choice(own), rng.choice(KINDS),
                      day(opened + dt.timedelta(days=offset), instant=rng.random() < 0.2)])
    for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
        category = rng.choice(CATEGORIES)
        rule = rng.choice(RULES)
        delay = rng.choice([None, 0.0, 3.0, 7.5, 14.0, 21.0, 30.0, 45.5])
        hours = rng.choice([None, 1.0, 2.5, 6.0])
        logged = opened + dt.timedelta(days=rng.randrange(60))
        obstacles.append([None, journey_id, category, rule, "fixture obstacle", rng.randint(1, 5), delay, hours,
                          rng.choice(STATUSES), day(logged)])
        obstacle_sectors.append(rng.sample(own, rng.randint(1, min(3, len(own)))))
    for measure, centre, spread, chance in (("who5", 48, 14, 0.85), ("public_cost", 15000, 3000, 0.7),
                                            ("work_hours", 12, 8, 0.4)):
        if rng.random() > chance:
            continue
        base_day = opened + dt.timedelta(days=2)
        for _ in range(rng.choice([1, 1, 2])):  # a second baseline the same day: the first (lowest id) counts
            observations.append([None, journey_id, measure, "baseline", round(rng.gauss(centre, spread)), day(base_day)])
        if rng.random() < 0.4:
            observations.append([None, journey_id, measure, "interim", round(rng.gauss(centre, spread)),
                                 day(base_day + dt.timedelta(days=20))])
        if rng.random() < 0.8:
            follow_day = base_day + dt.timedelta(days=rng.choice([60, 90, 120]))
            for _ in range(rng.choice([1, 1, 2])):  # same day again: the last (highest id) counts
                observations.append([None, journey_id, measure, "followup",
                                     round(rng.gauss(centre * 1.08, spread)), day(follow_day)])

# Ids in an order that is not the insertion order of time, so "by at, then id" matters.
for number, step in enumerate(steps, start=1):
    step[0] = number
for number, obstacle in enumerate(obstacles, start=1):
    obstacle[0] = number
for number, observation in enumerate(observations, start=1):
    observation[0] = number

print("-- Generated by make_analysis_fixture.py; the data of AnalysisReferenceTests and analysis_reference.py.")
insert("citizens", ["id", "created_at"], [(f"c{i}", "2025-01-01") for i in range(40)])
insert("journeys", ["id", "ref", "citizen_id", "type", "opened_at", "closed_at", "status", "outcome", "owner"], journeys)
insert("steps", ["id", "journey_id", "sector_id", "kind", "at"], steps)
insert("obstacles", ["id", "journey_id", "category_id", "rule_ref", "description", "severity", "delay_days",
                     "staff_hours", "status", "logged_at"], obstacles)
insert("obstacle_sectors", ["obstacle_id", "sector_id"],
       [(obstacle[0], sector) for obstacle, sectors in zip(obstacles, obstacle_sectors) for sector in sectors])
insert("observations", ["id", "journey_id", "measure_id", "phase", "value", "observed_at"], observations)
