#!/usr/bin/env python3
"""Reference values for the rule-change statistics (interrupted time series with
Newey-West standard errors, and the before/after Welch test).

Run once with statsmodels, scipy and numpy installed
(`pip install statsmodels scipy numpy`):

    python3 rule_change_reference.py > rule_change_reference.txt

Every output line is `key = value`; the Swift tests copy the values as literals
and name the key they come from. Floats are printed with repr (shortest
round-trip form, i.e. full double precision). The fixtures below are the same
ones written inline in the Swift tests.

Segmented regression
--------------------
For a series y_0..y_{n-1} at t = 0..n-1 and a change index c (0 < c < n, the
first index after the change), ordinary least squares on

    y_t = b0 + b1*t + b2*D_t + b3*(t - c)*D_t,    D_t = 1 if t >= c else 0,

so b2 is the level change at t = c and b3 the change in slope. It is fitted with

    sm.OLS(y, X).fit(cov_type="HAC",
                     cov_kwds={"maxlags": L, "use_correction": True})

and L = floor(4 * (n/100)^(2/9)) (the Newey & West 1994 rule of thumb; the
same rule statsmodels' S_hac_simple uses when nlags is None).

What statsmodels computes (checked in statsmodels 0.15.0 source,
regression/linear_model.py `get_robustcov_results` and
stats/sandwich_covariance.py `cov_hac_simple`, `S_hac_simple`,
`weights_bartlett`, `_HCCM2`):

    u_t  = OLS residual,  x_t = row t of X,  k = 4 columns
    w_l  = 1 - l/(L+1),   l = 0..L           (Bartlett; w_0 = 1)
    S    = sum_t u_t^2 x_t x_t'
           + sum_{l=1..L} w_l sum_{t=l..n-1} u_t u_{t-l} (x_t x_{t-l}' + x_{t-l} x_t')
    cov  = (X'X)^-1 S (X'X)^-1 * n/(n-k)

`use_correction=True` means exactly the factor n/(n-k) on the whole matrix,
nothing else (no change to the kernel, the residuals or the degrees of
freedom). Careful: for cov_type="HAC" the default of `use_correction` in
`fit`/`get_robustcov_results` is False (no factor), although the standalone
function `sandwich_covariance.cov_hac_simple` defaults to True; so it is passed
explicitly here.

With the default use_t=None, statsmodels uses the normal distribution for every
robust cov_type: p = 2 * (1 - Phi(|b/se|)) and the 95% interval is
b -/+ z * se with z = Phi^-1(0.975) (`hac.use_t`, `z975` below). The
non-robust standard errors printed for comparison are the usual
sqrt(diag(s^2 (X'X)^-1)) with s^2 = SSR/(n-k).

The covariance of the fixture is recomputed by hand with explicit loops and
compared with statsmodels' cov_params (`fixture.manual_max_abs_diff`); the same
check is run on the other series.

Welch test
----------
scipy.stats.ttest_ind(after, before, equal_var=False), i.e. t for
mean(after) - mean(before), with Welch-Satterthwaite degrees of freedom
    df = (va + vb)^2 / (va^2/(na-1) + vb^2/(nb-1)),  va = var(a, ddof=1)/na,
computed by hand and compared with scipy's result.df.
"""
import math
import warnings

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.api as sm
from statsmodels.datasets import nile as nile_dataset

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


show("versions", f"statsmodels {statsmodels.__version__}, scipy {scipy.__version__}, numpy {np.__version__}")

Z975 = st.norm.ppf(0.975)
show("z975", Z975)


def newey_west_lags(n):
    return int(math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def design(n, c):
    t = np.arange(n, dtype=float)
    d = (t >= c).astype(float)
    return np.column_stack([np.ones(n), t, d, (t - c) * d])


def manual_hac(X, u, lags):
    """Newey-West covariance with Bartlett weights and the n/(n-k) factor, by loops."""
    n, k = X.shape
    S = np.zeros((k, k))
    for t in range(n):
        S += u[t] * u[t] * np.outer(X[t], X[t])
    for lag in range(1, lags + 1):
        w = 1.0 - lag / (lags + 1.0)
        for t in range(lag, n):
            a = np.outer(X[t], X[t - lag])
            S += w * u[t] * u[t - lag] * (a + a.T)
    bread = np.linalg.inv(X.T @ X)
    return bread @ S @ bread * (n / (n - k))


def segmented(key, y, c):
    y = np.asarray(y, dtype=float)
    n = len(y)
    lags = newey_west_lags(n)
    X = design(n, c)
    hac = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True})
    plain = sm.OLS(y, X).fit()
    cov = hac.cov_params()
    se = hac.bse
    p = hac.pvalues
    ci = hac.conf_int(alpha=0.05)

    show(f"{key}.n", n)
    show(f"{key}.c", c)
    show(f"{key}.lags", lags)
    show(f"{key}.hac.use_t", hac.use_t)
    for i in range(4):
        show(f"{key}.coef[{i}]", hac.params[i])
    for i in range(4):
        show(f"{key}.hac_se[{i}]", se[i])
    for i in range(4):
        show(f"{key}.p[{i}]", p[i])
    for i in (2, 3):
        show(f"{key}.ci_low[{i}]", ci[i, 0])
        show(f"{key}.ci_high[{i}]", ci[i, 1])
    for i in (2, 3):
        show(f"{key}.ols_se[{i}]", plain.bse[i])
    for i in range(4):
        for j in range(4):
            show(f"{key}.cov[{i}][{j}]", cov[i, j])

    # Independent checks: covariance by hand, normal-based p and CI.
    manual = manual_hac(X, y - X @ hac.params, lags)
    diff = np.max(np.abs(manual - cov))
    show(f"{key}.manual_max_abs_diff", diff)
    scale = np.max(np.abs(cov))
    show(f"{key}.manual_matches", bool(diff <= 1e-10 * scale))
    z = hac.params / se
    p_normal = 2 * st.norm.sf(np.abs(z))
    show(f"{key}.p_is_normal", bool(np.allclose(p, p_normal, rtol=1e-12, atol=0)))
    ci_normal = np.column_stack([hac.params - Z975 * se, hac.params + Z975 * se])
    show(f"{key}.ci_is_normal", bool(np.allclose(ci, ci_normal, rtol=1e-12, atol=1e-12)))
    return diff


# --- Segmented regression: 24 monthly counts, change after month 12 --------------
fixture_y = [14, 17, 13, 16, 18, 15, 19, 17, 16, 20, 18, 21, 11, 10, 12, 9, 11, 8, 10, 9, 7, 9, 8, 6]
fixture_diff = segmented("fixture", fixture_y, 12)
if fixture_diff <= 1e-10:
    print("# manual Newey-West formula (Bartlett, n/(n-k)) matches statsmodels for the fixture")
else:
    print("# WARNING: manual Newey-West formula does NOT match statsmodels for the fixture")

# --- Short series ------------------------------------------------------------------
segmented("short", [5, 7, 6, 8, 3, 4, 2, 3], 4)

# --- Nile annual flow 1871-1970, change index = year 1899 -----------------------------
nile_data = nile_dataset.load_pandas().data
nile_years = nile_data["year"].to_numpy()
nile_y = nile_data["volume"].to_numpy()
nile_c = int(np.flatnonzero(nile_years == 1899)[0])
assert nile_c == 28 and len(nile_y) == 100
assert np.all(nile_y == np.round(nile_y))
show("nile.first[0]", int(nile_y[0]))
show("nile.first[1]", int(nile_y[1]))
show("nile.first[2]", int(nile_y[2]))
show("nile.last", int(nile_y[-1]))
show("nile.sum", int(nile_y.sum()))
show("nile.series", ",".join(str(int(v)) for v in nile_y))
segmented("nile", nile_y, nile_c)

# --- Welch: delay days per obstacle, before vs after -------------------------------------
before = np.array([12, 30, 7, 45, 21, 18, 60, 9, 33, 27], dtype=float)
after = np.array([5, 14, 8, 3, 20, 11, 6], dtype=float)
welch = st.ttest_ind(after, before, equal_var=False)
va = after.var(ddof=1) / len(after)
vb = before.var(ddof=1) / len(before)
welch_df = (va + vb) ** 2 / (va ** 2 / (len(after) - 1) + vb ** 2 / (len(before) - 1))
welch_t = (after.mean() - before.mean()) / math.sqrt(va + vb)
show("welch.n_before", len(before))
show("welch.n_after", len(after))
show("welch.mean_before", before.mean())
show("welch.mean_after", after.mean())
show("welch.difference", after.mean() - before.mean())
show("welch.t", welch.statistic)
show("welch.t.formula", welch_t)
show("welch.df", welch.df)
show("welch.df.formula", welch_df)
show("welch.df_matches", bool(math.isclose(welch.df, welch_df, rel_tol=1e-13)))
show("welch.p", welch.pvalue)
show("welch.p.formula", 2 * st.t.sf(abs(welch_t), welch_df))
