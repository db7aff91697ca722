#!/usr/bin/env python3
"""Reference values for Tests/TrackerTests/StatisticsTests.swift.

Run once with scipy, numpy, mpmath and lifelines installed:

    python3 statistics_reference.py > statistics_reference.txt

Every output line is `key = value`; the Swift tests copy the values as literals
and name the key they come from. Floats are printed with repr (shortest
round-trip form, i.e. full double precision). The fixtures below are the same
ones written inline in the Swift tests.
"""
import math
import warnings

import numpy as np
import pandas as pd
import scipy
import scipy.special as sp
import scipy.stats as st
import mpmath
import lifelines
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from lifelines.utils import median_survival_times, qth_survival_times

warnings.simplefilter("ignore")


def show(key, value):
    if isinstance(value, (bool, np.bool_)):
        text = str(bool(value))
    elif isinstance(value, (int, np.integer)):
        text = str(int(value))
    elif isinstance(value, (float, np.floating)):
        text = repr(float(value))
    else:
        text = str(value)
    print(f"{key} = {text}")


show("versions", f"scipy {scipy.__version__}, numpy {np.__version__}, lifelines {lifelines.__version__}")

# --- Quantiles (numpy.quantile, method='linear' = type 7) -------------------
quantile_sample = sorted([3.1, 4.7, 1.2, 9.9, 5.5, 2.0, 7.3])
for p in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]:
    show(f"quantile.seven[{p}]", np.quantile(quantile_sample, p, method="linear"))
show("quantile.single[0.3]", np.quantile([4.2], 0.3, method="linear"))
show("quantile.pair[0.25]", np.quantile([1.0, 3.0], 0.25, method="linear"))
show("median.four", np.median([1.0, 2.0, 3.0, 4.0]))

# --- Special functions --------------------------------------------------------
for x in [0.5, 3.7, 1e-5, 171.5, 1234.5]:
    show(f"gammaln({x!r})", sp.gammaln(x))
for a, b, x in [(0.5, 0.5, 0.3), (2.5, 3.7, 0.42), (10.0, 0.5, 0.999), (0.75, 1.5, 1e-6),
                (200.0, 300.0, 0.3), (1.5, 50.0, 0.2), (3.0, 4.0, 0.9999)]:
    show(f"betainc({a!r}, {b!r}, {x!r})", sp.betainc(a, b, x))
for a, x in [(0.5, 0.1), (3.0, 2.5), (10.0, 30.0), (1.0, 40.0), (25.5, 20.0), (0.1, 1e-3), (100.0, 60.0)]:
    show(f"gammainc({a!r}, {x!r})", sp.gammainc(a, x))
    show(f"gammaincc({a!r}, {x!r})", sp.gammaincc(a, x))

# --- Student t and chi-square ---------------------------------------------------
def t_quantile_mpmath(p, df):
    """t.ppf to 60 digits, as a check on scipy: scipy's ppf loses precision
    close to p = 0.5 (relative error 4e-4 at p = 0.5000001)."""
    mpmath.mp.dps = 60
    p = mpmath.mpf(float(p))  # the exact double value
    nu = mpmath.mpf(df)
    q = min(p, 1 - p)  # P(T > s) for the magnitude s we solve for

    def log_tail_minus_target(u):
        s = mpmath.exp(u)
        x = nu / (nu + s * s)
        return mpmath.log(mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2) - mpmath.log(q)

    start = mpmath.log(abs(st.t.ppf(float(p), df)))
    s = mpmath.exp(mpmath.findroot(log_tail_minus_target, start))
    return float(-s if p < mpmath.mpf(1) / 2 else s)


for t, df in [(-40.0, 3.0), (2.1, 4.5), (-0.3, 1.7), (0.01, 30.2), (5.0, 1.0), (-1e5, 2.5),
              (1.5, 2.0), (-3.0, 250.0)]:
    show(f"t.cdf({t!r}, {df!r})", st.t.cdf(t, df))
for p, df in [(0.975, 1.0), (0.975, 1.5), (0.975, 2.0), (0.975, 3.3), (0.975, 9.0), (0.975, 29.7),
              (0.975, 1000.0), (0.9995, 1.5), (1e-10, 2.5), (0.5000001, 4.0), (0.3, 7.2),
              (1e-100, 3.0), (0.999999, 0.7), (1e-300, 1.0), (1e-300, 10000.0)]:
    show(f"t.ppf({p!r}, {df!r})", st.t.ppf(p, df))
    show(f"t.ppf.mpmath({p!r}, {df!r})", t_quantile_mpmath(p, df))
for x, df in [(80.0, 2.0), (3.2, 4.0), (0.5, 1.0), (150.0, 10.0), (1e-3, 3.0), (7.5, 2.5)]:
    show(f"chi2.cdf({x!r}, {df!r})", st.chi2.cdf(x, df))
    show(f"chi2.sf({x!r}, {df!r})", st.chi2.sf(x, df))

# --- One-sample summaries -----------------------------------------------------------
def summary(key, values):
    values = np.asarray(values, dtype=float)
    n = len(values)
    mean = values.mean()
    sd = values.std(ddof=1)
    half = st.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    show(f"{key}.n", n)
    show(f"{key}.mean", mean)
    show(f"{key}.sd", sd)
    show(f"{key}.ci.low", mean - half)
    show(f"{key}.ci.high", mean + half)

summary("summary.seven", [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3])
summary("summary.two", [1.0, 4.0])
summary("summary.constant", [2.5, 2.5, 2.5])

# --- Welch two-sample t test ------------------------------------------------------------
def welch(key, a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    result = st.ttest_ind(a, b, equal_var=False)
    va = a.var(ddof=1) / len(a)
    vb = b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if va + vb > 0 else float("nan")
    ci = result.confidence_interval(0.95)
    show(f"{key}.difference", a.mean() - b.mean())
    show(f"{key}.t", result.statistic)
    show(f"{key}.df", result.df)
    show(f"{key}.df.formula", df)
    show(f"{key}.p", result.pvalue)
    show(f"{key}.ci.low", ci.low)
    show(f"{key}.ci.high", ci.high)

welch("welch.main", [19.1, 21.4, 18.7, 22.3, 20.5, 19.9, 23.1], [17.2, 16.8, 19.5, 18.1, 15.9])
welch("welch.pairs", [1.0, 2.0], [3.5, 6.0])
welch("welch.oneConstant", [4.0, 4.0, 4.0], [1.0, 2.0, 3.5, 2.2])
welch("welch.farApart", [10.0, 10.1, 9.9, 10.05, 9.95], [0.0, 0.1, -0.1, 0.05])
welch("welch.bothConstant", [1.0, 1.0], [2.0, 2.0, 2.0])  # scipy: undefined; Swift returns nil

# --- Kaplan-Meier ------------------------------------------------------------------------
def kaplan_meier(key, times, events):
    kmf = KaplanMeierFitter().fit(times, event_observed=events)
    table = kmf.event_table
    sf = kmf.survival_function_.iloc[:, 0]
    band = kmf.confidence_interval_
    for time in table.index:
        if time not in set(times):
            continue  # lifelines adds a row at time 0
        row = table.loc[time]
        show(f"{key}[{time!r}].at_risk", int(row["at_risk"]))
        show(f"{key}[{time!r}].events", int(row["observed"]))
        show(f"{key}[{time!r}].censored", int(row["censored"]))
        show(f"{key}[{time!r}].survival", sf.loc[time])
        show(f"{key}[{time!r}].greenwood", kmf._cumulative_sq_.loc[time])
        show(f"{key}[{time!r}].band.low", band.iloc[:, 0].loc[time])
        show(f"{key}[{time!r}].band.high", band.iloc[:, 1].loc[time])
    median_band = median_survival_times(kmf.confidence_interval_)
    show(f"{key}.median", kmf.median_survival_time_)
    show(f"{key}.median.ci.low", median_band.iloc[0, 0])
    show(f"{key}.median.ci.high", median_band.iloc[0, 1])
    show(f"{key}.quartile[0.75]", qth_survival_times(0.75, kmf.survival_function_))
    show(f"{key}.quartile[0.25]", qth_survival_times(0.25, kmf.survival_function_))
    # Is each band non-increasing? If so, lifelines' searchsorted equals "first time <= 0.5".
    show(f"{key}.band.low.monotone", bool((np.diff(band.iloc[:, 0].values) <= 0).all()))
    show(f"{key}.band.high.monotone", bool((np.diff(band.iloc[:, 1].values) <= 0).all()))

# Events and censorings tied at 2, 5 and 8.
kaplan_meier("km.ties",
             [1, 2, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 12],
             [True, True, True, False, True, False, True, False, True, True, True, False, False, True, False])
kaplan_meier("km.allCensored", [1.0, 2.0, 3.0], [False, False, False])
kaplan_meier("km.exactHalf", [1.0, 2.0, 3.0, 4.0], [True, True, False, False])
kaplan_meier("km.neverHalf", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [True, False, True, False, False, False])
kaplan_meier("km.toZero", [1.0, 2.0, 3.0], [True, False, True])
kaplan_meier("km.large",
             [0.5, 1.2, 1.9, 2.4, 3.1, 3.3, 4.0, 4.6, 5.2, 5.9, 6.3, 7.1, 7.8, 8.4, 9.0,
              9.7, 10.2, 11.5, 12.1, 13.4, 14.0, 15.6, 16.2, 17.9, 19.3, 20.8, 22.4, 24.0, 25.7, 28.3],
             [True, True, False, True, True, True, False, True, True, True, True, False, True, True, True,
              True, False, True, True, True, True, True, False, True, True, True, False, True, True, False])

# --- Log-rank test ---------------------------------------------------------------------------
def logrank(key, groups):
    durations, labels, events = [], [], []
    for label, group in enumerate(groups):
        for time, event in group:
            durations.append(time)
            labels.append(label)
            events.append(event)
    result = multivariate_logrank_test(durations, labels, events)
    show(f"{key}.statistic", result.test_statistic)
    show(f"{key}.df", result.degrees_of_freedom)
    show(f"{key}.p", result.p_value)

logrank("logrank.two", [
    [(6, True), (6, True), (6, True), (7, True), (10, True), (13, True), (16, True), (22, True), (23, True), (6, False), (9, False), (10, False), (11, False), (17, False)],
    [(1, True), (1, True), (2, True), (2, True), (3, True), (4, True), (4, True), (5, True), (5, True), (8, True), (8, True), (8, True), (11, True), (12, True)],
])
logrank("logrank.three", [  # lifelines' docstring example
    [(5, True), (3, True), (9, True), (8, True)],
    [(7, True), (4, True), (4, False), (3, False), (2, True)],
    [(5, True), (6, True), (7, False)],
])
logrank("logrank.noEventsInOne", [
    [(2, True), (3, True), (5, True), (6, False), (8, True)],
    [(4, False), (7, False), (9, False), (10, False)],
])
logrank("logrank.notAtRisk", [  # third group leaves before any event: singular variance, pseudo-inverse
    [(2, True), (3, True), (5, True), (6, False)],
    [(1, True), (4, True), (4, False), (7, True)],
    [(0.5, False), (0.7, False)],
])
logrank("logrank.noEvents", [  # lifelines reports 0 / p = 1; Swift returns nil
    [(1, False), (2, False)],
    [(3, False), (4, False)],
])
