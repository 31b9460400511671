#!/usr/bin/env python3
"""Golden values for the classical baselines of org.genex.algorithms (metrics, supervised, impute), from
scikit-learn 1.2 (Debian python3-sklearn) and numpy.

Writes small JSON files under algorithms/src/test/resources/golden/baselines/ (inputs and outputs; a missing value
is written as null):
  classification_metrics.json  accuracy_score, f1_score(average="macro"/"weighted", zero_division=0),
                               confusion_matrix
  logistic_regression.json     LogisticRegression(C, lbfgs, multinomial) run to full convergence (tol=1e-12,
                               warm restarts)
  bayesian_ridge.json          BayesianRidge() defaults, n > p and n < p
  knn_imputer.json             KNNImputer(n_neighbors=10) defaults
  iterative_imputer.json       IterativeImputer() defaults (BayesianRidge, max_iter=10, mean, ascending)

Run from the repository root: /usr/bin/python3 algorithms/scripts/baselines_golden.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.linear_model import BayesianRidge, LogisticRegression
from sklearn.experimental import enable_iterative_imputer  # noqa: F401
from sklearn.impute import IterativeImputer, KNNImputer

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden", "baselines")


def nanlist(a):
    return [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]


def write(name, obj):
    obj["sklearn"] = sklearn.__version__
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def metrics(rng):
    cases = []
    for n, k in [(40, 3), (60, 5), (25, 4)]:
        t = rng.integers(0, k, n)
        p = np.where(rng.random(n) < 0.6, t, rng.integers(0, k, n))
        if k == 4:
            p[p == 3] = 2  # class 3 never predicted: precision 0/0 -> 0
        cases.append({"k": k, "truth": t.tolist(), "pred": p.tolist(),
                      "accuracy": accuracy_score(t, p),
                      "macro_f1": f1_score(t, p, average="macro", zero_division=0),
                      "weighted_f1": f1_score(t, p, average="weighted", zero_division=0),
                      "per_class_f1": f1_score(t, p, average=None, labels=list(range(k)), zero_division=0).tolist(),
                      "confusion": confusion_matrix(t, p, labels=list(range(k))).ravel().tolist()})
    write("classification_metrics.json", {"cases": cases})


def logistic(rng):
    cases = []
    for n, p, k, c in [(80, 5, 3, 1.0), (60, 4, 2, 1.0), (100, 6, 4, 0.1)]:
        x = rng.normal(size=(n, p))
        w = rng.normal(size=(p, k))
        y = np.argmax(x @ w + rng.gumbel(size=(n, k)), axis=1)
        # scipy's L-BFGS inside scikit-learn stops on a relative decrease below 64 eps (ftol) long before
        # gtol=1e-12; warm restarts carry it on to the optimum (max |gradient| ~ 1e-9).
        m = LogisticRegression(C=c, tol=1e-12, max_iter=100000, multi_class="auto", warm_start=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the last restarts end in ABNORMAL_TERMINATION_IN_LNSRCH at the optimum
            for _ in range(30):
                m.fit(x, y)
        cases.append({"n": n, "p": p, "k": k, "C": c, "x": x.ravel().tolist(), "y": y.tolist(),
                      "coef": m.coef_.ravel().tolist(), "intercept": m.intercept_.tolist(),
                      "proba": m.predict_proba(x[:5]).ravel().tolist()})
    write("logistic_regression.json", {"cases": cases})


def bayesian_ridge(rng):
    cases = []
    for n, p in [(50, 4), (12, 20)]:
        x = rng.normal(size=(n, p)) + 1.0
        y = x @ rng.normal(size=p) + 0.5 * rng.normal(size=n) + 2.0
        m = BayesianRidge().fit(x, y)
        xt = rng.normal(size=(3, p))
        cases.append({"n": n, "p": p, "x": x.ravel().tolist(), "y": y.tolist(), "coef": m.coef_.tolist(),
                      "intercept": float(m.intercept_), "alpha": float(m.alpha_), "lambda": float(m.lambda_),
                      "n_iter": int(m.n_iter_), "x_test": xt.ravel().tolist(), "pred": m.predict(xt).tolist()})
    write("bayesian_ridge.json", {"cases": cases})


def correlated(rng, n, p):
    z = rng.normal(size=(n, 2))
    return z @ rng.normal(size=(2, p)) + 0.5 * rng.normal(size=(n, p))


def knn(rng):
    n, m, p = 40, 8, 6
    x = correlated(rng, n + m, p)
    x[rng.random(x.shape) < 0.2] = np.nan
    x[n + 1, :] = np.nan                  # a test row with nothing observed: column means
    x[n + 2, 1:] = np.nan                 # a test row with one observed value
    train, test = x[:n], x[n:]
    imp = KNNImputer(n_neighbors=10).fit(train)
    write("knn_imputer.json", {"n": n, "m": m, "p": p, "train": nanlist(train), "test": nanlist(test),
                               "train_out": imp.transform(train).ravel().tolist(),
                               "test_out": imp.transform(test).ravel().tolist()})


def iterative(rng):
    n, m, p = 50, 8, 5
    x = correlated(rng, n + m, p)
    miss = rng.random(x.shape) < 0.2
    miss[:, 0] = False                    # a complete training feature that test rows miss
    x[miss] = np.nan
    x[n:, 0] = np.where(rng.random(m) < 0.5, np.nan, x[n:, 0])
    train, test = x[:n], x[n:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        imp = IterativeImputer(random_state=0).fit(train)
    # A second, nearly collinear case in which the early stop (tol) ends the rounds before max_iter.
    n2, p2 = 60, 4
    rng = np.random.default_rng(5)
    x2 = rng.normal(size=(n2, 1)) @ rng.normal(size=(1, p2)) + 0.05 * rng.normal(size=(n2, p2))
    x2[rng.random(x2.shape) < 0.05] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        imp2 = IterativeImputer(random_state=0).fit(x2)
    write("iterative_imputer.json", {"n": n, "m": m, "p": p, "train": nanlist(train), "test": nanlist(test),
                                     "n_iter": int(imp.n_iter_),
                                     "train_out": imp.transform(train).ravel().tolist(),
                                     "test_out": imp.transform(test).ravel().tolist(),
                                     "early": {"n": n2, "p": p2, "train": nanlist(x2), "n_iter": int(imp2.n_iter_),
                                               "train_out": imp2.transform(x2).ravel().tolist()}})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261121)
    metrics(rng)
    logistic(rng)
    bayesian_ridge(rng)
    knn(rng)
    iterative(rng)
