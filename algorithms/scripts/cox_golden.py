#!/usr/bin/env python3
"""Golden values for org.genex.algorithms.survival.CoxPH from statsmodels 0.13 (Debian python3-statsmodels):
PHReg(ties="breslow") fits (coefficients, standard errors, log partial likelihood) on data with tied times, and
the L2-penalised optimum of statsmodels' Breslow log-likelihood minus 0.5 * penalizer * n * ||beta||^2 (lifelines'
scaling) found with scipy's BFGS on statsmodels' loglike/score.

Writes algorithms/src/test/resources/golden/baselines/cox_breslow.json.
Run from the repository root: /usr/bin/python3 algorithms/scripts/cox_golden.py
"""
import json
import os

import numpy as np
import statsmodels
from scipy.optimize import minimize
from statsmodels.duration.hazard_regression import PHReg

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden", "baselines",
                   "cox_breslow.json")

rng = np.random.default_rng(20261121)
n, p = 80, 3
x = rng.normal(size=(n, p))
beta = np.array([0.8, -0.5, 0.0])
t = rng.exponential(1.0 / np.exp(x @ beta))
c = rng.exponential(2.0, size=n)
time = np.ceil(np.minimum(t, c) * 4) / 4  # quarter units: tied times
status = (t <= c).astype(float)

model = PHReg(time, x, status=status, ties="breslow")
fit = model.fit()
uni = PHReg(time, x[:, :1], status=status, ties="breslow").fit()

penalizer = 0.02


def negobj(b):
    return -(model.loglike(b) - 0.5 * penalizer * n * b @ b)


def neggrad(b):
    return -(model.score(b) - penalizer * n * b)


pen = minimize(negobj, np.zeros(p), jac=neggrad, method="BFGS", options={"gtol": 1e-12, "maxiter": 1000})

out = {"statsmodels": statsmodels.__version__, "n": n, "p": p, "x": x.ravel().tolist(), "time": time.tolist(),
       "event": status.astype(int).tolist(), "coef": fit.params.tolist(), "se": fit.bse.tolist(),
       "loglike": float(fit.llf), "uni_coef": float(uni.params[0]), "uni_se": float(uni.bse[0]),
       "uni_p": float(uni.pvalues[0]), "penalizer": penalizer, "pen_coef": pen.x.tolist()}
with open(OUT, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("ties:", n - len(np.unique(time)), "events:", int(status.sum()), "pen grad", np.abs(neggrad(pen.x)).max())
