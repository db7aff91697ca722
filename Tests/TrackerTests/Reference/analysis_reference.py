#!/usr/bin/env python3
"""Reference values for Tests/TrackerTests/AnalysisReferenceTests.swift.

Loads analysis_fixture.sql and analysis_edge_fixture.sql into SQLite (schema
from migrations/), reads the raw tables — not the tracker's views — into
pandas, and computes every figure of the analyses independently with
pandas, numpy, scipy.stats and lifelines:

    python3 analysis_reference.py > analysis_reference.txt

Each line is `key = value`: floats in repr (full precision), `null` for a
missing figure, text as is. A key is `CASE[ROW].column`, and `CASE.rows`
gives the number of rows, so extra or missing rows are caught too. The
Swift test copies these lines as literals; it never runs Python.
"""
import datetime as dt
import itertools
import math
import pathlib
import sqlite3
import warnings

import lifelines
import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
import statsmodels
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from statsmodels.stats.multitest import multipletests

warnings.simplefilter("ignore")
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
AS_OF = dt.date(2026, 6, 30)
OUTCOMES = {"achieved", "partial", "not_achieved", "withdrawn"}


def text(value):
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value) or math.isinf(value):
            return "null"
        return repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return str(value)


def emit(case, rows, key_columns=None):
    """Prints a table: its row count and every cell, keyed by row."""
    print(f"{case}.rows = {len(rows)}")
    for index, row in enumerate(rows):
        key = "|".join(str(row[c]) for c in key_columns) if key_columns else str(index)
        for column, value in row.items():
            print(f"{case}[{key}].{column} = {text(value)}")


def load(fixture):
    db = sqlite3.connect(":memory:")
    for migration in sorted((ROOT / "migrations").glob("*.sql")):
        db.executescript(migration.read_text())
    db.executescript((HERE / fixture).read_text())
    tables = {}
    for name in ["journeys", "steps", "obstacles", "obstacle_sectors", "observations", "measures", "sectors",
                 "obstacle_categories"]:
        tables[name] = pd.read_sql_query(f"SELECT * FROM {name}", db)
    return tables


def instant(value):
    """ISO text to a UTC pandas Timestamp (a bare day is its midnight)."""
    return pd.Timestamp(value.replace("Z", "")) if value is not None else None


def days(later, earlier):
    return (later - earlier).total_seconds() / 86400


class Data:
    def __init__(self, fixture):
        t = load(fixture)
        self.t = t
        j = t["journeys"].copy()
        j["opened"] = j["opened_at"].map(instant)
        j["closed"] = j["closed_at"].map(lambda v: instant(v) if isinstance(v, str) else None)
        self.journeys = j
        self.measures = t["measures"].set_index("id")["direction"].to_dict()
        obs = t["observations"]
        base = obs[obs.phase == "baseline"].sort_values(["observed_at", "id"]).groupby(["journey_id", "measure_id"]).first()
        follow = obs[obs.phase == "followup"].sort_values(["observed_at", "id"]).groupby(["journey_id", "measure_id"]).last()
        self.baseline = base["value"].to_dict()
        self.followup = follow["value"].to_dict()
        self.observed_measures = sorted(obs["measure_id"].unique())
        steps = t["steps"].copy()
        steps["when"] = steps["at"].map(instant)
        self.steps = steps
        self.obstacles = t["obstacles"]
        sectors = t["obstacle_sectors"].groupby("obstacle_id")["sector_id"].apply(lambda s: sorted(s)).to_dict()
        self.obstacle_sectors = sectors
        self.journey_sectors = steps.groupby("journey_id")["sector_id"].apply(set).to_dict()
        self.journey_categories = self.obstacles.groupby("journey_id")["category_id"].apply(set).to_dict()
        self.journey_rules = self.obstacles.dropna(subset=["rule_ref"]).groupby("journey_id")["rule_ref"].apply(set).to_dict()

    def select(self, start=None, end=None, type=None, as_of=None):
        j = self.journeys
        keep = pd.Series(True, index=j.index)
        if start:
            keep &= j["opened"].dt.date >= start
        if end:
            keep &= j["opened"].dt.date <= end
        if type:
            keep &= j["type"] == type
        if as_of:
            keep &= j["opened"].dt.date <= as_of
        return j[keep].sort_values("id")

    def outcome_label(self, row, as_of=None):
        closed = row["closed"]
        if pd.isna(closed) or (as_of and closed.date() > as_of):
            return "open"
        return row["outcome"] if isinstance(row["outcome"], str) else "unknown"

    def change(self, journey, measure):
        key = (journey, measure)
        if key in self.baseline and key in self.followup:
            return self.followup[key] - self.baseline[key], self.baseline[key], self.followup[key]
        return None


# --- cohort expressions, evaluated on Python sets ----------------------------------------------
def cohort(data, selection, atoms):
    """`atoms` is a Python predicate over one journey row and the data."""
    return {row.id for row in selection.itertuples() if atoms(row, data)}


def has_category(c):
    return lambda row, d: c in d.journey_categories.get(row.id, set())


def has_rule(r):
    return lambda row, d: r in d.journey_rules.get(row.id, set())


def has_sector(s):
    return lambda row, d: s in d.journey_sectors.get(row.id, set())


def sectors_at_least(n):
    return lambda row, d: len(d.journey_sectors.get(row.id, set())) >= n


def of_type(t):
    return lambda row, d: row.type == t


def outcome_is(o):
    return lambda row, d: (row.outcome if row.status == "closed" else "open") == o


def both(a, b):
    return lambda row, d: a(row, d) and b(row, d)


def either(a, b):
    return lambda row, d: a(row, d) or b(row, d)


def negate(a):
    return lambda row, d: not a(row, d)


# --- effect summary ---------------------------------------------------------------------------
def summary_row(data, measure, members, group):
    higher = data.measures[measure] == "higher_is_better"
    values = [data.change(j, measure) for j in members]
    values = [v for v in values if v is not None]
    changes = np.array([v[0] for v in values], dtype=float)
    n = len(values)
    row = {"measure": measure}
    if group is not None:
        row["group"] = group
    row["n"] = n
    row["n_missing"] = len(members) - n
    row["mean_baseline"] = float(np.mean([v[1] for v in values])) if n else None
    row["mean_followup"] = float(np.mean([v[2] for v in values])) if n else None
    row["mean_change"] = float(changes.mean()) if n else None
    if n >= 2:
        sd = float(np.std(changes, ddof=1))
        row["sd_change"] = sd
        if sd == 0:
            low = high = float(changes.mean())
        else:
            low, high = st.t.interval(0.95, n - 1, loc=changes.mean(), scale=st.sem(changes))
        row["ci_low"], row["ci_high"] = low, high
    else:
        row["sd_change"] = row["ci_low"] = row["ci_high"] = None
    improved = [(v[2] > v[1]) if higher else (v[2] < v[1]) for v in values]
    row["share_improved"] = sum(improved) / n if n else None
    # One-sample t and Wilcoxon signed-rank of the change against 0 (scipy's
    # defaults). Where scipy answers NaN or inf (fewer than 2 values, no
    # variance) the tracker reports no test: None.
    if n >= 2 and np.std(changes, ddof=1) > 0:
        test = st.ttest_1samp(changes, 0)
        row["t"], row["p"] = float(test.statistic), float(test.pvalue)
    else:
        row["t"] = row["p"] = None
    row["wilcoxon_p"] = float(st.wilcoxon(changes).pvalue) if n and np.any(changes != 0) else None
    return row


def groups_of(data, selection, by, as_of=None):
    if by is None:
        return [(None, list(selection.id))] if len(selection) else []
    labels = {}
    for row in selection.itertuples():
        if by == "type":
            keys = [row.type]
        elif by == "outcome":
            keys = [data.outcome_label(data.journeys.set_index("id").loc[row.id], as_of)]
        elif by == "sector":
            keys = sorted(data.journey_sectors.get(row.id, set()))
        elif by == "category":
            keys = sorted(data.journey_categories.get(row.id, set()))
        for key in keys:
            labels.setdefault(key, []).append(row.id)
    return sorted(labels.items())


def effect_summary(case, data, selection, by=None, measure=None):
    measures = [measure] if measure else data.observed_measures
    rows = []
    for m in sorted(measures):
        for label, members in groups_of(data, selection, by):
            rows.append(summary_row(data, m, members, label))
    if by:
        # Benjamini–Hochberg over the rows that have a p-value.
        tested = [i for i, row in enumerate(rows) if row["p"] is not None]
        for row in rows:
            row["q"] = None
        if tested:
            adjusted = multipletests([rows[i]["p"] for i in tested], method="fdr_bh")[1]
            for i, q in zip(tested, adjusted):
                rows[i]["q"] = float(q)
    emit(case, rows, ["measure"] + (["group"] if by else []))


# --- effect compare ---------------------------------------------------------------------------
def effect_compare(case, data, selection, measure, cohort_text, cohort_ids, vs_text=None, vs_ids=None):
    if vs_ids is None:
        vs_ids = set(selection.id) - cohort_ids
        vs_text = f"not ({cohort_text})"
    a = np.array([data.change(j, measure)[0] for j in sorted(cohort_ids) if data.change(j, measure)])
    b = np.array([data.change(j, measure)[0] for j in sorted(vs_ids) if data.change(j, measure)])
    result = st.ttest_ind(a, b, equal_var=False)
    defined = not math.isnan(result.statistic)
    ci = result.confidence_interval(0.95) if defined else None
    row = {
        "measure": measure, "cohort": cohort_text, "vs": vs_text, "n_cohort": len(a), "n_vs": len(b),
        "mean_change_cohort": float(a.mean()), "mean_change_vs": float(b.mean()),
        "difference": float(a.mean() - b.mean()),
        "t": float(result.statistic) if defined else None,
        "df": float(result.df) if defined else None,
        "p": float(result.pvalue) if defined else None,
        "ci_low": float(ci.low) if defined else None,
        "ci_high": float(ci.high) if defined else None,
    }
    emit(case, [row])


# --- survival ---------------------------------------------------------------------------------
def survival_sample(data, row, as_of, event):
    opened = row.opened
    closed = row.closed if pd.notna(row.closed) and row.closed.date() <= as_of else None
    if closed is None:
        return max(0.0, days(pd.Timestamp(as_of), opened)), False
    happened = event == "closed" or row.outcome == "achieved"
    return days(closed, opened), happened


def first_reaching(curve, level=0.5):
    """The first time a lifelines curve is at or below `level`, counting a
    value within 1e-12 above it as reaching it (DESIGN.md, "Precise rules"):
    lifelines multiplies in log space, so a curve that is exactly ½ — three
    events among six at risk — comes out as 0.5000000000000001, and its own
    `median_survival_time_` then skips to the next time."""
    hits = curve.index[curve.values <= level + 1e-12]
    return float(hits[0]) if len(hits) else None


def effect_survival(case, data, selection, groups, as_of=AS_OF, event="closed"):
    """`groups`: list of (label or None, set of ids)."""
    rows, samples = [], []
    for label, ids in groups:
        sample = [survival_sample(data, r, as_of, event) for r in selection.itertuples() if r.id in ids]
        samples.append((label, sample))
    non_empty = [(label, s) for label, s in samples if s]
    chi2 = p = None
    if len(non_empty) >= 2:
        durations = [t for _, s in non_empty for t, _ in s]
        events = [e for _, s in non_empty for _, e in s]
        labels = [i for i, (_, s) in enumerate(non_empty) for _ in s]
        if any(events):
            test = multivariate_logrank_test(durations, labels, events)
            chi2, p = float(test.test_statistic), float(test.p_value)
    for label, sample in samples:
        row = {} if label is None else {"group": label}
        n = len(sample)
        events = sum(e for _, e in sample)
        row.update({"n": n, "events": events, "censored": n - events})
        if n:
            kmf = KaplanMeierFitter().fit([t for t, _ in sample], event_observed=[e for _, e in sample])
            band = kmf.confidence_interval_
            row["median_days"] = first_reaching(kmf.survival_function_.iloc[:, 0])
            row["median_ci_low"] = first_reaching(band.iloc[:, 0])
            row["median_ci_high"] = first_reaching(band.iloc[:, 1])
        else:
            row["median_days"] = row["median_ci_low"] = row["median_ci_high"] = None
        row["logrank_chi2"] = chi2
        row["logrank_p"] = p
        rows.append(row)
    emit(case, rows, ["group"] if groups[0][0] is not None else None)


def by_label(selection, label_of):
    labels = {}
    for r in selection.itertuples():
        labels.setdefault(label_of(r), set()).add(r.id)
    return sorted(labels.items())


# --- obstacles, rules ---------------------------------------------------------------------------
def selected_obstacles(data, selection):
    return data.obstacles[data.obstacles.journey_id.isin(set(selection.id))]


def tally(key, rows):
    delays = rows.delay_days.dropna()
    return {"key": key, "obstacles": len(rows), "journeys": rows.journey_id.nunique(),
            "delay_days_total": float(delays.sum()) if len(delays) else 0.0,
            "delay_days_median": float(np.median(delays)) if len(delays) else None,
            "open": int(rows.status.isin(["open", "escalated"]).sum())}


def analyze_obstacles(case, data, selection, by):
    obstacles = selected_obstacles(data, selection)
    keyed = []
    for o in obstacles.itertuples():
        sectors = data.obstacle_sectors.get(o.id, [])
        if by == "category":
            keys = [o.category_id]
        elif by == "rule":
            keys = [o.rule_ref] if isinstance(o.rule_ref, str) else []
        elif by == "month":
            keys = [o.logged_at[:7]]
        elif by == "sector":
            keys = sectors
        else:
            keys = ["|".join(p) for p in itertools.combinations(sorted(sectors), 2)] if len(sectors) > 1 else sectors
        keyed += [(k, o.Index) for k in keys]
    frame = pd.DataFrame(keyed, columns=["key", "row"])
    rows = [tally(key, obstacles.loc[group.row]) for key, group in frame.groupby("key")]
    if by == "month":
        rows.sort(key=lambda r: r["key"])
    else:
        rows.sort(key=lambda r: (-r["delay_days_total"], -r["obstacles"], r["key"]))
    emit(case, rows)


def analyze_rules(case, data, selection, top=20):
    obstacles = selected_obstacles(data, selection).dropna(subset=["rule_ref"])
    rows = []
    for rule, group in obstacles.groupby("rule_ref"):
        row = tally(rule, group)
        sectors = sorted({s for o in group.id for s in data.obstacle_sectors.get(o, [])})
        rows.append({"rule_ref": rule, "journeys": row["journeys"], "obstacles": row["obstacles"],
                     "delay_days_total": row["delay_days_total"], "delay_days_median": row["delay_days_median"],
                     "staff_hours_total": float(group.staff_hours.dropna().sum()), "open": row["open"],
                     "sectors": sectors, "first_seen": group.logged_at.min(), "last_seen": group.logged_at.max()})
    rows.sort(key=lambda r: (-r["delay_days_total"], -r["journeys"], r["rule_ref"]))
    emit(case, rows[:top])


# --- handoffs, journeys, activity ----------------------------------------------------------------
def analyze_handoffs(case, data, selection):
    steps = data.steps[data.steps.journey_id.isin(set(selection.id))].sort_values(["journey_id", "when", "id"])
    pairs = {}
    for journey, group in steps.groupby("journey_id"):
        previous = None
        for step in group.itertuples():
            if previous is not None and previous.sector_id != step.sector_id:
                entry = pairs.setdefault((previous.sector_id, step.sector_id), {"gaps": [], "journeys": set()})
                entry["gaps"].append(days(step.when, previous.when))
                entry["journeys"].add(journey)
            previous = step
    rows = []
    for (a, b), entry in sorted(pairs.items()):
        obstacles = data.obstacles[data.obstacles.journey_id.isin(entry["journeys"])]
        count = sum(1 for o in obstacles.id if {a, b} <= set(data.obstacle_sectors.get(o, [])))
        rows.append({"from_sector": a, "to_sector": b, "transitions": len(entry["gaps"]),
                     "gap_days_median": float(np.median(entry["gaps"])), "obstacles": count})
    emit(case, rows, ["from_sector", "to_sector"])


def analyze_journeys(case, data, selection, by=None):
    rows = []
    for label, members in groups_of(data, selection, by):
        group = selection[selection.id.isin(members)]
        closed = group[group.status == "closed"]
        durations = [days(r.closed, r.opened) for r in closed.itertuples()]
        row = {} if by is None else {"group": label}
        row.update({
            "journeys": len(group), "open": len(group) - len(closed),
            "duration_days_median": float(np.quantile(durations, 0.5)) if durations else None,
            "duration_days_p90": float(np.quantile(durations, 0.9)) if durations else None,
            "sectors_mean": float(np.mean([len(data.journey_sectors.get(j, set())) for j in group.id])),
            "steps_mean": float(np.mean([(data.steps.journey_id == j).sum() for j in group.id])),
            "obstacles_mean": float(np.mean([(data.obstacles.journey_id == j).sum() for j in group.id])),
        })
        rows.append(row)
    emit(case, rows, ["group"] if by else None)


def activity_vs_effect(case, data, selection):
    rows = []
    step_counts = data.steps.groupby("journey_id").size().to_dict()
    for label, members in groups_of(data, selection, "type"):
        steps_mean = float(np.mean([step_counts.get(j, 0) for j in members]))
        for measure in data.observed_measures:
            measured = [j for j in members if data.change(j, measure)]
            changes = np.array([data.change(j, measure)[0] for j in measured], dtype=float)
            steps = np.array([step_counts.get(j, 0) for j in measured], dtype=float)
            summary = summary_row(data, measure, members, label)
            r = None
            if len(measured) >= 3 and np.ptp(changes) > 0 and np.ptp(steps) > 0:
                r = float(st.pearsonr(steps, changes).statistic)
            rows.append({"type": label, "measure": measure, "journeys": len(members), "steps_mean": steps_mean,
                         "n": len(measured), "mean_change": summary["mean_change"], "ci_low": summary["ci_low"],
                         "ci_high": summary["ci_high"], "share_improved": summary["share_improved"],
                         "steps_mean_measured": float(steps.mean()) if len(measured) else None,
                         "steps_change_r": r})
    emit(case, rows, ["type", "measure"])


def stalled(case, data, silent_days, as_of=AS_OF):
    rows = []
    for r in data.journeys.itertuples():
        if r.opened.date() > as_of or (pd.notna(r.closed) and r.closed.date() <= as_of):
            continue
        steps = data.steps[(data.steps.journey_id == r.id) & (data.steps.when.dt.date <= as_of)]
        last = steps.sort_values(["when", "id"]).iloc[-1] if len(steps) else None
        since = last["when"] if last is not None else r.opened
        silence = max(0.0, days(pd.Timestamp(as_of), since))
        if silence > silent_days:
            rows.append({"id": r.id, "last_step_at": last["at"] if last is not None else None, "silent_days": silence})
    rows.sort(key=lambda x: (-x["silent_days"], x["id"]))
    emit(case, rows)


# --- the cases ---------------------------------------------------------------------------------
print(f"versions = scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
      f"lifelines {lifelines.__version__}, statsmodels {statsmodels.__version__}")

main = Data("analysis_fixture.sql")
everyone = main.select()
for by in [None, "type", "sector", "category", "outcome"]:
    effect_summary(f"main.summary.{by or 'all'}", main, everyone, by)
effect_summary("main.summary.window", main, main.select(dt.date(2025, 3, 1), dt.date(2025, 12, 31)),
               "type", "public_cost")

effect_compare("main.compare.regulation", main, everyone, "who5", "obstacle:regulation",
               cohort(main, everyone, has_category("regulation")))
effect_compare("main.compare.rule", main, everyone, "public_cost", 'rule:"LAB § 30"',
               cohort(main, everyone, has_rule("LAB § 30")))
effect_compare("main.compare.vs", main, everyone, "who5", "sector:psychiatry and not type:youth",
               cohort(main, everyone, both(has_sector("psychiatry"), negate(of_type("youth")))),
               "type:youth", cohort(main, everyone, of_type("youth")))
effect_compare("main.compare.precedence", main, everyone, "who5", "sectors>=3 or outcome:achieved",
               cohort(main, everyone, either(sectors_at_least(3), outcome_is("achieved"))))
effect_compare("main.compare.parentheses", main, everyone, "public_cost",
               "(obstacle:coordination or obstacle:mandate) and not sector:housing",
               cohort(main, everyone, both(either(has_category("coordination"), has_category("mandate")),
                                           negate(has_sector("housing")))))

survivors = main.select(as_of=AS_OF)
effect_survival("main.survival.all", main, survivors, [(None, set(survivors.id))])
effect_survival("main.survival.type", main, survivors, by_label(survivors, lambda r: r.type))
effect_survival("main.survival.outcome", main, survivors,
                by_label(survivors, lambda r: main.outcome_label(main.journeys.set_index("id").loc[r.id], AS_OF)))
regulation = cohort(main, survivors, has_category("regulation"))
effect_survival("main.survival.cohort", main, survivors,
                [("obstacle:regulation", regulation), ("not (obstacle:regulation)", set(survivors.id) - regulation)])
effect_survival("main.survival.achieved", main, survivors, by_label(survivors, lambda r: r.type), event="achieved")
late = main.select(start=dt.date(2025, 6, 1), as_of=AS_OF)
spread = cohort(main, late, sectors_at_least(2))
effect_survival("main.survival.window", main, late, [("sectors>=2", spread), ("not (sectors>=2)", set(late.id) - spread)])

for by in ["category", "sector", "sector-pair", "rule", "month"]:
    analyze_obstacles(f"main.obstacles.{by}", main, everyone, by)
analyze_obstacles("main.obstacles.youth", main, main.select(type="youth"), "category")
analyze_rules("main.rules", main, everyone)
analyze_rules("main.rules.top2", main, everyone, top=2)
analyze_handoffs("main.handoffs", main, everyone)
analyze_journeys("main.journeys.all", main, everyone)
analyze_journeys("main.journeys.type", main, everyone, "type")
activity_vs_effect("main.activity", main, everyone)
stalled("main.stalled.30", main, 30)
stalled("main.stalled.90", main, 90)

edge = Data("analysis_edge_fixture.sql")
edges = edge.select()
effect_summary("edge.summary.type", edge, edges, "type")
effect_compare("edge.compare.oneConstant", edge, edges, "who5", "type:pair", cohort(edge, edges, of_type("pair")),
               "type:tied", cohort(edge, edges, of_type("tied")))
effect_compare("edge.compare.bothConstant", edge, edges, "who5", "type:pair", cohort(edge, edges, of_type("pair")),
               "type:pair", cohort(edge, edges, of_type("pair")))
effect_compare("edge.compare.lowerIsBetter", edge, edges, "public_cost", "type:pair",
               cohort(edge, edges, of_type("pair")), "type:solo or type:pair",
               cohort(edge, edges, either(of_type("solo"), of_type("pair"))))
edge_survivors = edge.select(as_of=AS_OF)
effect_survival("edge.survival.type", edge, edge_survivors, by_label(edge_survivors, lambda r: r.type))
effect_survival("edge.survival.achieved", edge, edge_survivors, by_label(edge_survivors, lambda r: r.type),
                event="achieved")
quiet = edge.select(type="quiet", as_of=AS_OF)
effect_survival("edge.survival.quiet", edge, quiet, by_label(quiet, lambda r: r.type))
analyze_journeys("edge.journeys.type", edge, edges, "type")
analyze_handoffs("edge.handoffs", edge, edges)
