#!/usr/bin/env python3
"""Reference values for the second batch of survival and test statistics:
time-varying Cox (Efron ties, counting-process intervals, strata),
Aalen-Johansen cumulative incidence with competing outcomes, one-sample
t and Wilcoxon tests, Benjamini-Hochberg, and ANCOVA by OLS.

Run from this folder (the CSV fixtures are written next to this file):

    pip install lifelines statsmodels scikit-survival
    python3 survival_v2_reference.py > survival_v2_reference.txt

Written and run with Python 3.11, scipy 1.17.1, numpy 2.4.6, pandas 2.3.3,
lifelines 0.30.3, statsmodels 0.15.0, scikit-survival 0.28.0,
scikit-learn 1.9.1 (the `versions` line of the output repeats them).

Every output line is `key = value`; floats are repr(float(x)) (shortest
round-trip form, full double precision), `nan`/`inf` as Python prints them.
Keys ending in `.comment` carry text, not a value to match. The script also
writes the fixtures it reads back:

    cox_tv_small.csv, stanford_heart.csv, cox_tv_separated.csv
        id,start,stop,event,exposed,stratum  -- one row per interval (start, stop]
    aj_small.csv, bmt.csv
        time,outcome  -- outcome 0 = censored, 1..K = competing outcome

stanford_heart.csv is lifelines.datasets.load_stanford_heart_transplants()
(covariate `transplant` as `exposed`); bmt.csv is sksurv.datasets.load_bmt()
(ftime, status). See survival_v2_notes.md for the formulas behind each value.
"""
import math
import pathlib
import warnings

import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
import lifelines
import sklearn
import sksurv
import statsmodels
import statsmodels.formula.api as smf
from lifelines import AalenJohansenFitter, CoxTimeVaryingFitter
from lifelines.datasets import load_stanford_heart_transplants
from sksurv.datasets import load_bmt
from sksurv.nonparametric import cumulative_incidence_competing_risks
import sksurv.nonparametric as sksurv_np
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.stats.multitest import multipletests

HERE = pathlib.Path(__file__).resolve().parent
Z975 = 1.959963984540054


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


def joined(values):
    return ", ".join(repr(float(v)) for v in values)


def one_line(text):
    return " ".join(str(text).split())


show("versions",
     f"python 3.11, scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
     f"lifelines {lifelines.__version__}, statsmodels {statsmodels.__version__}, "
     f"scikit-survival {sksurv.__version__}, scikit-learn {sklearn.__version__}")

# =============================================================================
# A. Cox PH, one binary time-varying covariate, Efron ties, (start, stop]
# =============================================================================

# (id, start, stop, event, exposed, stratum). Subjects switching exposure have
# an unexposed row (0, t1] and an exposed row (t1, t2].
# Stratum a: three events at 6 (ids 2, 3, 4) plus a censoring at 6 (id 6);
#   event of id 5 at 4 = switch time of id 1; id 7 switches at 3 = event time
#   of id 14 (stratum b); two events at 9 (ids 1, 8).
# Stratum b: two events at 5 (ids 9, 10) plus a censoring at 5 (id 11);
#   two events at 7 (ids 12, 15) plus a censoring at 7 (id 13, who switched at
#   3 = event time of id 14); id 16 has an event at 4 (tie across strata with
#   id 5, which matters in the unstratified fit).
COX_SMALL_ROWS = [
    (1, 0, 4, 0, 0, "a"), (1, 4, 9, 1, 1, "a"),
    (2, 0, 6, 1, 0, "a"),
    (3, 0, 6, 1, 1, "a"),
    (4, 0, 2, 0, 0, "a"), (4, 2, 6, 1, 1, "a"),
    (5, 0, 4, 1, 0, "a"),
    (6, 0, 6, 0, 0, "a"),
    (7, 0, 3, 0, 0, "a"), (7, 3, 11, 0, 1, "a"),
    (8, 0, 9, 1, 0, "a"),
    (9, 0, 5, 1, 1, "b"),
    (10, 0, 2, 0, 0, "b"), (10, 2, 5, 1, 1, "b"),
    (11, 0, 5, 0, 0, "b"),
    (12, 0, 7, 1, 0, "b"),
    (13, 0, 3, 0, 0, "b"), (13, 3, 7, 0, 1, "b"),
    (14, 0, 3, 1, 0, "b"),
    (15, 0, 7, 1, 1, "b"),
    (16, 0, 4, 1, 1, "b"),
]

# Every event happens while exposed; no unexposed interval ends in an event.
COX_SEPARATED_ROWS = [
    (1, 0, 2, 0, 0, "all"), (1, 2, 5, 1, 1, "all"),
    (2, 0, 3, 1, 1, "all"),
    (3, 0, 6, 0, 0, "all"),
    (4, 0, 8, 0, 0, "all"),
    (5, 0, 4, 0, 0, "all"), (5, 4, 7, 1, 1, "all"),
    (6, 0, 9, 0, 1, "all"),
]

COX_COLUMNS = ["id", "start", "stop", "event", "exposed", "stratum"]


def write_cox_csv(name, frame):
    frame = frame[COX_COLUMNS].copy()
    frame["start"] = frame["start"].astype(float)
    frame["stop"] = frame["stop"].astype(float)
    frame.to_csv(HERE / name, index=False)
    back = pd.read_csv(HERE / name, dtype={"stratum": str})
    return back


def efron_terms(frame, beta, stratified):
    """Own Efron log partial likelihood, score and second derivative for one
    covariate; risk set at event time t in a stratum: rows with start < t <= stop."""
    loglik = score = second = 0.0
    groups = frame.groupby("stratum") if stratified else [("all", frame)]
    for _, part in groups:
        start = part["start"].to_numpy(float)
        stop = part["stop"].to_numpy(float)
        event = part["event"].to_numpy(int) == 1
        x = part["exposed"].to_numpy(float)
        w = np.exp(beta * x)
        for t in np.unique(stop[event]):
            at_risk = (start < t) & (t <= stop)
            dying = at_risk & event & (stop == t)
            s0, s1, s2 = w[at_risk].sum(), (w * x)[at_risk].sum(), (w * x * x)[at_risk].sum()
            d0, d1, d2 = w[dying].sum(), (w * x)[dying].sum(), (w * x * x)[dying].sum()
            m = int(dying.sum())
            loglik += beta * x[dying].sum()
            score += x[dying].sum()
            for j in range(m):
                f = j / m
                a0, a1, a2 = s0 - f * d0, s1 - f * d1, s2 - f * d2
                loglik -= math.log(a0)
                score -= a1 / a0
                second -= a2 / a0 - (a1 / a0) ** 2
    return loglik, score, second


def fit_lifelines(frame, stratified, fit_options):
    fitter = CoxTimeVaryingFitter()
    columns = ["id", "start", "stop", "event", "exposed"] + (["stratum"] if stratified else [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitter.fit(frame[columns], id_col="id", event_col="event", start_col="start", stop_col="stop",
                   strata=["stratum"] if stratified else None, fit_options=fit_options)
    messages = [one_line(w.message) for w in caught]
    return fitter, messages


def fit_statsmodels(frame, stratified, nudge_entry):
    entry = frame["start"].to_numpy(float)
    if nudge_entry:
        # statsmodels keeps a row in the risk set at a failure time equal to its
        # entry time ([entry, stop]); moving a positive entry up by one ulp gives
        # the (entry, stop] risk sets that lifelines (and the counting process) use.
        entry = np.where(entry > 0, np.nextafter(entry, np.inf), entry)
    model = PHReg(endog=frame["stop"].to_numpy(float), exog=frame[["exposed"]].to_numpy(float),
                  status=frame["event"].to_numpy(int), entry=entry,
                  strata=frame["stratum"].to_numpy() if stratified else None, ties="efron")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = model.fit()
    messages = [one_line(w.message) for w in caught]
    return float(result.params[0]), float(result.bse[0]), float(model.loglike(result.params)), messages


def cox_reference(prefix, frame, stratified):
    tight = dict(precision=1e-14, max_steps=500)
    default_fit, _ = fit_lifelines(frame, stratified, None)
    tight_fit, messages = fit_lifelines(frame, stratified, tight)
    # Polish: three Newton steps with the own Efron score / second derivative,
    # then coef, se and log-likelihood all at the same (final) point.
    beta = float(tight_fit.params_.iloc[0])
    for _ in range(3):
        _, score, second = efron_terms(frame, beta, stratified)
        beta -= score / second
    loglik, score, second = efron_terms(frame, beta, stratified)
    se = 1.0 / math.sqrt(-second)
    z = beta / se
    sm_coef, sm_se, sm_loglik, sm_messages = fit_statsmodels(frame, stratified, nudge_entry=True)
    raw_coef, raw_se, raw_loglik, _ = fit_statsmodels(frame, stratified, nudge_entry=False)
    ll_coef = float(tight_fit.params_.iloc[0])
    ll_se = float(tight_fit.standard_errors_.iloc[0])

    show(f"{prefix}.coef", beta)
    show(f"{prefix}.se", se)
    show(f"{prefix}.hazard_ratio", math.exp(beta))
    show(f"{prefix}.z", z)
    show(f"{prefix}.p", 2.0 * st.norm.sf(abs(z)))
    show(f"{prefix}.ci_low", math.exp(beta - Z975 * se))
    show(f"{prefix}.ci_high", math.exp(beta + Z975 * se))
    show(f"{prefix}.log_partial_likelihood", loglik)
    show(f"{prefix}.log_partial_likelihood_null", efron_terms(frame, 0.0, stratified)[0])
    show(f"{prefix}.score_at_coef", score)
    show(f"{prefix}.n_subjects", frame["id"].nunique())
    show(f"{prefix}.n_rows", len(frame))
    show(f"{prefix}.events", int(frame["event"].sum()))
    show(f"{prefix}.lifelines.coef", ll_coef)
    show(f"{prefix}.lifelines.se", ll_se)
    show(f"{prefix}.lifelines.log_likelihood", float(tight_fit.log_likelihood_))
    show(f"{prefix}.lifelines_default_tolerance.coef", float(default_fit.params_.iloc[0]))
    show(f"{prefix}.lifelines_default_tolerance.se", float(default_fit.standard_errors_.iloc[0]))
    show(f"{prefix}.statsmodels.coef", sm_coef)
    show(f"{prefix}.statsmodels.se", sm_se)
    show(f"{prefix}.statsmodels.log_likelihood", sm_loglik)
    show(f"{prefix}.max_abs_diff_lifelines_statsmodels.coef", abs(ll_coef - sm_coef))
    show(f"{prefix}.max_abs_diff_lifelines_statsmodels.se", abs(ll_se - sm_se))
    show(f"{prefix}.max_abs_diff_polished_statsmodels.coef", abs(beta - sm_coef))
    show(f"{prefix}.max_abs_diff_polished_statsmodels.se", abs(se - sm_se))
    show(f"{prefix}.statsmodels_unadjusted_entry.coef", raw_coef)
    show(f"{prefix}.statsmodels_unadjusted_entry.se", raw_se)
    if messages or sm_messages:
        show(f"{prefix}.warnings.comment", " | ".join(messages + sm_messages))


small = write_cox_csv("cox_tv_small.csv", pd.DataFrame(COX_SMALL_ROWS, columns=COX_COLUMNS))
cox_reference("cox.small.stratified", small, stratified=True)
cox_reference("cox.small.unstratified", small, stratified=False)

heart = load_stanford_heart_transplants()
heart = pd.DataFrame({"id": heart["id"].astype(int), "start": heart["start"], "stop": heart["stop"],
                      "event": heart["event"].astype(int), "exposed": heart["transplant"].astype(int),
                      "stratum": "all"})
heart = write_cox_csv("stanford_heart.csv", heart)
cox_reference("cox.stanford", heart, stratified=False)

separated = write_cox_csv("cox_tv_separated.csv", pd.DataFrame(COX_SEPARATED_ROWS, columns=COX_COLUMNS))
sep_fit, sep_messages = fit_lifelines(separated, False, None)
show("cox.separated.lifelines.coef", float(sep_fit.params_.iloc[0]))
show("cox.separated.lifelines.se", float(sep_fit.standard_errors_.iloc[0]))
show("cox.separated.lifelines.warnings.comment", " | ".join(sep_messages) or "none")
sep_coef, sep_se, _, sep_sm_messages = fit_statsmodels(separated, False, nudge_entry=True)
show("cox.separated.statsmodels.coef", sep_coef)
show("cox.separated.statsmodels.se", sep_se)
show("cox.separated.statsmodels.warnings.comment", " | ".join(sep_sm_messages) or "none")
show("cox.separated.score_at_0", efron_terms(separated, 0.0, False)[1])
show("cox.separated.score_at_20", efron_terms(separated, 20.0, False)[1])
show("cox.separated.comment",
     "MLE is +infinity (score > 0 for every finite coef); the libraries return a large finite coef "
     "with a huge se and a warning; the Swift side must refuse with an error")

# =============================================================================
# B. Aalen-Johansen cumulative incidence, competing outcomes
# =============================================================================

# time, outcome. Ties: outcomes 1 and 2 at 3; an event (1) and a censoring at 4;
# three outcome-1 events and one outcome-2 event at 6; outcome 3 and a
# censoring at 9; outcomes 2 and 3 at 12; two censorings at 18; the last
# subject has an event (outcome 2) at 20 alone in the risk set.
AJ_SMALL = [
    (1, 1), (2, 0), (3, 1), (3, 2), (4, 1), (4, 0), (5, 3), (6, 1), (6, 1), (6, 1),
    (6, 2), (7, 0), (8, 2), (9, 3), (9, 0), (10, 1), (11, 0), (12, 2), (12, 3), (13, 1),
    (14, 0), (15, 3), (17, 1), (18, 0), (18, 0), (20, 2),
]
AJ_SMALL_EVAL = [0.5, 3.0, 4.0, 6.0, 7.5, 12.0, 19.0, 20.0, 25.0]
BMT_EVAL = [-1.0, 0.0, 3.0, 5.5, 8.0, 14.0, 20.0, 100.0]
LIFELINES_READ_OFFSET = 0.001


def aalen_variance_own(times_all, outcome_all, n_risks):
    """Own implementation of the Aalen-type variance (Pintilie Eq. 4.5 in the
    form scikit-survival evaluates it), on the grid of all distinct times."""
    grid = np.unique(times_all)
    n = np.array([(times_all >= t).sum() for t in grid], dtype=float)
    d = np.array([((times_all == t) & (outcome_all > 0)).sum() for t in grid], dtype=float)
    dk = np.array([[((times_all == t) & (outcome_all == k)).sum() for t in grid]
                   for k in range(1, n_risks + 1)], dtype=float)
    surv = np.cumprod(1.0 - d / n)
    surv_before = np.r_[1.0, surv[:-1]]
    cif = np.cumsum(dk / n * surv_before, axis=1)
    var = np.zeros_like(cif)
    for r in range(n_risks):
        for j in range(len(grid)):
            total = 0.0
            for i in range(j + 1):
                gap = cif[r, j] - cif[r, i]
                if n[i] > 1 and n[i] > d[i]:
                    total += gap * gap * d[i] / ((n[i] - 1.0) * (n[i] - d[i]))
                    total -= 2.0 * gap * surv_before[i] * dk[r, i] * (n[i] - dk[r, i]) / (
                        n[i] * (n[i] - d[i]) * (n[i] - 1.0))
                if n[i] > 1:
                    total += surv_before[i] ** 2 * dk[r, i] * (n[i] - dk[r, i]) / ((n[i] - 1.0) * n[i] ** 2)
            var[r, j] = total
    return grid, cif, var


def step_value(grid, values, t, before):
    i = int(np.searchsorted(grid, t, side="right")) - 1
    return before if i < 0 else values[..., i]


def aj_reference(prefix, frame, eval_times):
    time = frame["time"].to_numpy(float)
    outcome = frame["outcome"].to_numpy(int)
    n_risks = int(outcome.max())
    grid, cif = cumulative_incidence_competing_risks(outcome, time)
    grid2, cif2, ci = cumulative_incidence_competing_risks(outcome, time, conf_type="log-log")
    assert np.array_equal(grid, grid2) and np.array_equal(cif, cif2)
    # The variance is not returned by the public function; evaluate the same
    # private helper it calls (sksurv.nonparametric._var_aalen) on its own counts.
    _, n_events_cr, n_at_risk, _ = sksurv_np._compute_counts(outcome, time)
    surv = np.cumprod(1.0 - n_events_cr[:, 0] / n_at_risk)
    var = sksurv_np._var_aalen(n_events_cr, np.r_[1.0, surv[:-1]], n_at_risk, cif)
    own_grid, own_cif, own_var = aalen_variance_own(time, outcome, n_risks)
    assert np.array_equal(own_grid, grid)
    show(f"{prefix}.n", len(time))
    show(f"{prefix}.n_outcomes", n_risks)
    show(f"{prefix}.grid", joined(grid))
    show(f"{prefix}.own_vs_sksurv.max_abs_diff.cif", float(np.max(np.abs(own_cif - cif[1:]))))
    show(f"{prefix}.own_vs_sksurv.max_abs_diff.var", float(np.max(np.abs(own_var - var))))
    for t in eval_times:
        show(f"{prefix}.t[{t!r}].n_at_risk", int((time >= t).sum()))
        show(f"{prefix}.any.t[{t!r}].cif", step_value(grid, cif[0], t, 0.0))
        for k in range(1, n_risks + 1):
            key = f"{prefix}.k{k}.t[{t!r}]"
            value = step_value(grid, cif[k], t, 0.0)
            variance = step_value(grid, var[k - 1], t, 0.0)
            lower = step_value(grid, ci[k, 0], t, 0.0)
            upper = step_value(grid, ci[k, 1], t, 0.0)
            show(f"{key}.cif", value)
            show(f"{key}.var", variance)
            show(f"{key}.se", math.sqrt(variance) if variance > 0 else 0.0)
            show(f"{key}.lower", lower)
            show(f"{key}.upper", upper)

    # lifelines, for comparison only: it jitters tied event times of different
    # outcomes (seeded here so that the output is deterministic).
    for k in range(1, n_risks + 1):
        fitter = AalenJohansenFitter(seed=12345)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fitter.fit(pd.Series(time), pd.Series(outcome), event_of_interest=k)
        jittered = any("jittered" in str(w.message) for w in caught)
        show(f"{prefix}.lifelines.k{k}.jittered", jittered)
        index = fitter.cumulative_density_.index.to_numpy(float)
        density = fitter.cumulative_density_.iloc[:, 0].to_numpy(float)
        variance = fitter.variance_.to_numpy(float)
        diffs = []
        for t in eval_times:
            # jittered event times lie within a few 1e-4 of the true time:
            # read lifelines' step function at t + 0.001 (no data time lies in
            # (t, t + 0.001] in these fixtures)
            value = step_value(index, density, t + LIFELINES_READ_OFFSET, 0.0)
            show(f"{prefix}.lifelines.k{k}.t[{t!r}].cif", value)
            show(f"{prefix}.lifelines.k{k}.t[{t!r}].var",
                 step_value(index, variance, t + LIFELINES_READ_OFFSET, 0.0))
            diffs.append(abs(value - step_value(grid, cif[k], t, 0.0)))
        show(f"{prefix}.lifelines.k{k}.max_abs_diff_vs_sksurv.cif", max(diffs))


aj_small = pd.DataFrame(AJ_SMALL, columns=["time", "outcome"]).astype({"time": float})
aj_small.to_csv(HERE / "aj_small.csv", index=False)
aj_reference("aj.small", pd.read_csv(HERE / "aj_small.csv"), AJ_SMALL_EVAL)

_, bmt_y = load_bmt()
bmt = pd.DataFrame({"time": bmt_y["ftime"].astype(float), "outcome": bmt_y["status"].astype(int)})
bmt.to_csv(HERE / "bmt.csv", index=False)
aj_reference("aj.bmt", pd.read_csv(HERE / "bmt.csv"), BMT_EVAL)

# =============================================================================
# C. One-sample tests against 0 (scipy defaults)
# =============================================================================

SAMPLES = {
    # 12 values, |x| all distinct, no zeros: exact null distribution
    "distinct12": [1.83, -0.52, 2.41, 0.77, -1.16, 3.05, 0.29, 1.48, -0.91, 2.66, 0.14, 1.97],
    # 15 values, ties in |x| (1.5 x3, 2.0 x3, 3.5 x2, 0.5 x2) and two zeros
    "ties15": [1.5, -1.5, 2.0, 0.0, 3.5, -0.5, 2.0, 1.5, 0.0, 4.25, -2.0, 0.5, 3.5, 1.0, 2.75],
    # 60 values on a 0.5 grid: many ties, five zeros
    "ties60": [-1.0, 0.0, 0.5, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0, -1.0, 2.5, 0.5, -0.5, 1.0, 0.0,
               1.0, -1.0, 1.0, -1.0, 0.5, 0.0, 0.0, 0.5, -0.5, -0.5, 0.5, 2.0, -0.5, 1.5, 1.5,
               -1.0, 0.5, 1.0, -0.5, 1.5, 1.0, 2.0, 0.5, 1.0, 2.0, 0.5, 0.0, -1.0, 0.5, -1.0,
               1.5, 0.5, 1.0, 0.5, 1.5, 0.0, 0.5, 1.5, -1.0, 0.5, 1.5, -1.0, -0.5, -1.0, 1.5],
    # 60 values, |x| all distinct, no zeros: n > 50, so asymptotic
    "distinct60": [0.125, -0.273, 0.594, -1.927, 0.77, -0.018, -0.544, 0.528, -2.137, 0.194,
                   -0.551, 0.933, 0.975, -0.806, -0.813, -1.511, -0.624, 0.815, 1.514, 0.697,
                   0.445, -0.728, 0.655, -0.66, 0.712, 0.137, 1.513, 0.663, 2.179, -0.131,
                   1.383, 0.693, 2.606, -2.151, 1.537, -0.931, -0.729, 0.376, -1.564, -1.153,
                   -0.257, -0.019, -2.075, -0.736, 0.21, 0.228, -0.461, 0.395, -0.267, 1.926,
                   -0.652, 0.477, -0.236, 1.509, -0.863, 1.54, -1.154, -1.377, -0.313, 0.52],
    "constant8": [1.5] * 8,
    "single": [2.5],
    "zeros5": [0.0] * 5,
    # extra: n <= 13 with ties -> scipy's 'auto' runs an exact permutation test
    "ties10": [0.8, -0.3, 1.2, 0.8, 2.1, -1.2, 0.5, 1.7, 0.3, 0.9],
    # extra: the first 50 of distinct60: n = 50, the largest exact case
    "distinct50": None,
}
SAMPLES["distinct50"] = SAMPLES["distinct60"][:50]


def wilcoxon_path(x):
    """Which branch scipy 1.17's method='auto' takes (mirrors _wilcoxon.py)."""
    x = np.asarray(x, float)
    nonzero = np.abs(x[x != 0])
    has_ties = len(np.unique(nonzero)) < len(nonzero)
    if len(x) > 50:
        return "asymptotic"
    if not has_ties and not np.any(x == 0):
        return "exact"
    if len(x) <= 13:
        return "permutation"
    return "asymptotic"


for name, values in SAMPLES.items():
    x = np.asarray(values, float)
    key = f"onesample.{name}"
    show(f"{key}.values", joined(x))
    show(f"{key}.n", len(x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_result = st.ttest_1samp(x, 0.0)
        w_result = st.wilcoxon(x)
    show(f"{key}.ttest.t", float(t_result.statistic))
    show(f"{key}.ttest.p", float(t_result.pvalue))
    show(f"{key}.ttest.df", float(t_result.df))
    nonzero = x[x != 0]
    ranks = st.rankdata(np.abs(nonzero))
    r_plus = float(ranks[nonzero > 0].sum())
    r_minus = float(ranks[nonzero < 0].sum())
    path = wilcoxon_path(x)
    show(f"{key}.wilcoxon.path", path)
    show(f"{key}.wilcoxon.n_nonzero", len(nonzero))
    show(f"{key}.wilcoxon.r_plus", r_plus)
    show(f"{key}.wilcoxon.r_minus", r_minus)
    show(f"{key}.wilcoxon.statistic", float(w_result.statistic))
    show(f"{key}.wilcoxon.p", float(w_result.pvalue))
    if path == "asymptotic":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z_result = st.wilcoxon(x, method="asymptotic")
        assert float(z_result.pvalue) == float(w_result.pvalue)
        show(f"{key}.wilcoxon.z", float(z_result.zstatistic))

# =============================================================================
# D. Benjamini-Hochberg (statsmodels multipletests, method='fdr_bh')
# =============================================================================

BH_VECTORS = {
    "ties": [0.01, 0.04, 0.04, 0.03, 0.2, 1.0, 0.5, 0.001, 0.04, 0.2],
    "single": [0.3],
}
for name, p in BH_VECTORS.items():
    reject, adjusted, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
    show(f"bh.{name}.p", joined(p))
    show(f"bh.{name}.adjusted", joined(adjusted))
    show(f"bh.{name}.reject_at_0.05", ", ".join(str(bool(r)) for r in reject))

# =============================================================================
# E. ANCOVA by OLS (statsmodels formula API) and Welch t-test of the change
# =============================================================================

# (followup, baseline, cohort, type)
ANCOVA_ROWS = [
    (47.9, 50.0, 0, "alpha"), (45.3, 47.8, 1, "alpha"), (41.5, 46.4, 0, "alpha"),
    (53.9, 50.5, 1, "alpha"), (44.9, 46.1, 1, "alpha"), (50.8, 53.9, 0, "alpha"),
    (44.8, 50.8, 0, "alpha"), (51.4, 49.8, 1, "alpha"),
    (36.6, 39.2, 1, "beta"), (28.5, 34.8, 0, "beta"), (34.5, 35.3, 1, "beta"),
    (36.7, 39.9, 0, "beta"), (43.3, 51.3, 0, "beta"), (29.8, 29.9, 1, "beta"),
    (45.6, 49.6, 1, "beta"), (33.0, 37.8, 0, "beta"),
    (42.1, 42.2, 0, "gamma"), (56.0, 58.5, 1, "gamma"), (54.9, 49.7, 1, "gamma"),
    (46.4, 45.3, 0, "gamma"), (53.3, 50.9, 1, "gamma"), (43.4, 40.2, 0, "gamma"),
    (55.5, 60.9, 1, "gamma"), (55.2, 56.9, 0, "gamma"),
]
# edge 1: main rows + one row of a type seen only once
ANCOVA_SINGLE_ROW_TYPE = [(47.0, 48.5, 1, "delta")]
# edge 2: main rows + a type seen only in cohort 0
ANCOVA_ONE_COHORT_TYPE = [(39.5, 44.0, 0, "delta"), (42.8, 46.7, 0, "delta"), (37.1, 41.9, 0, "delta")]

ANCOVA_COLUMNS = ["followup", "baseline", "cohort", "type"]
MODELS = {
    "type": "followup ~ cohort + C(type)",
    "baseline_type": "followup ~ cohort + baseline + C(type)",
    "baseline": "followup ~ cohort + baseline",
}


def ols_cohort(prefix, data, formula):
    fit = smf.ols(formula, data=data).fit()
    low, high = fit.conf_int(alpha=0.05).loc["cohort"]
    show(f"{prefix}.formula", formula)
    show(f"{prefix}.n", int(fit.nobs))
    show(f"{prefix}.coef", float(fit.params["cohort"]))
    show(f"{prefix}.se", float(fit.bse["cohort"]))
    show(f"{prefix}.t", float(fit.tvalues["cohort"]))
    show(f"{prefix}.p", float(fit.pvalues["cohort"]))
    show(f"{prefix}.ci_low", float(low))
    show(f"{prefix}.ci_high", float(high))
    show(f"{prefix}.df_resid", float(fit.df_resid))


def welch_change(prefix, data):
    change = data["followup"] - data["baseline"]
    result = st.ttest_ind(change[data["cohort"] == 1], change[data["cohort"] == 0], equal_var=False)
    show(f"{prefix}.welch_change.t", float(result.statistic))
    show(f"{prefix}.welch_change.p", float(result.pvalue))
    show(f"{prefix}.welch_change.df", float(result.df))


main = pd.DataFrame(ANCOVA_ROWS, columns=ANCOVA_COLUMNS)
show("ancova.main.rows", "; ".join(f"{f!r},{b!r},{c},{t}" for f, b, c, t in ANCOVA_ROWS))
for model, formula in MODELS.items():
    ols_cohort(f"ancova.main.{model}", main, formula)
ols_cohort("ancova.alpha_only.baseline", main[main["type"] == "alpha"], MODELS["baseline"])
welch_change("ancova.main", main)

for edge, extra in [("single_row_type", ANCOVA_SINGLE_ROW_TYPE), ("one_cohort_type", ANCOVA_ONE_COHORT_TYPE)]:
    data = pd.DataFrame(ANCOVA_ROWS + extra, columns=ANCOVA_COLUMNS)
    show(f"ancova.{edge}.extra_rows", "; ".join(f"{f!r},{b!r},{c},{t}" for f, b, c, t in extra))
    for model in ["type", "baseline_type"]:
        ols_cohort(f"ancova.{edge}.{model}", data, MODELS[model])
    welch_change(f"ancova.{edge}", data)
