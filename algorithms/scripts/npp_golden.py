#!/usr/bin/env python3
"""Golden values for the NPP tests (algorithms/src/test/.../npp_golden.json).

Inputs are generated here with a fixed numpy seed and written into the JSON with the outputs, so the Java tests need
no random generator agreement. The divergences follow the authors' numpy code (npp/mmd.py, ksd.py, wasserstein.py,
gB_demo.weighted_quantile, re-implemented from npp.md section 2.1); scipy provides the distribution functions.
Run: python3 algorithms/scripts/npp_golden.py > algorithms/src/test/resources/org/genex/algorithms/bayes/npp_golden.json
"""
import json
import numpy as np
from scipy import stats, special

rng = np.random.default_rng(20241210)


def dist(x):
    return np.sqrt(np.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=2))


def mmd(x, y, kernel):
    nx, ny = len(x), len(y)
    z = np.concatenate([x, y])
    d = dist(z)
    ell = np.quantile(d, min(0.5 + 1 / (nx + ny), 1.0)) + 1e-6
    K = np.exp(-0.5 * d ** 2 / ell ** 2) if kernel == 'rbf' else (ell ** 2 / 4 + d ** 2) ** -0.5
    u = lambda M: (M.sum() - np.trace(M)) / (M.shape[0] * (M.shape[0] - 1))
    return float(u(K[:nx, :nx]) + u(K[nx:, nx:]) - 2 * K[:nx, nx:].mean()), float(ell)


def ksd(x, score):
    n, D = x.shape
    diff = x[:, None, :] - x[None, :, :]
    d2 = (diff ** 2).sum(2)
    c = np.quantile(np.sqrt(d2), min(0.5 + 1 / n, 1.0)) + 1e-6
    b = -0.5
    K = (c ** 2 + d2) ** b
    gk = 2 * b * ((c ** 2 + d2) ** (b - 1))[:, :, None] * diff
    tr = -2 * b * ((2 * b + D - 2) * d2 + c ** 2 * D) * (c ** 2 + d2) ** (b - 2)
    u = lambda M: (M.sum() - np.trace(M)) / (n * (n - 1))
    return float(u(np.einsum('id,jd,ij->ij', score, score, K)) + 2 * u(np.einsum('ijd,jd->ij', gk, score)) + u(tr))


def wass(x, y, p):
    xs, ys = np.sort(x), np.sort(y)
    xc, yc = np.arange(1, len(x) + 1) / len(x), np.arange(1, len(y) + 1) / len(y)
    lv = np.sort(np.hstack((xc, yc)))
    dl = np.diff(np.hstack((0, lv)))
    qx = xs[np.digitize(lv, xc + 1e-12, right=True)]
    qy = ys[np.digitize(lv, yc + 1e-12, right=True)]
    return float(np.sum(dl * np.abs(qx - qy) ** p))


def wq(q, v, w):
    s = np.argsort(v)
    v, w = v[s], w[s]
    return float(np.interp(q, np.cumsum(w) - 0.5 * w, v))


out = {}
x1, y1 = rng.normal(size=30), rng.normal(0.4, 1.3, size=40)
out['w'] = {'x': x1.tolist(), 'y': y1.tolist(), 'w1': wass(x1, y1, 1), 'w2': wass(x1, y1, 2),
            'scipy_w1': float(stats.wasserstein_distance(x1, y1))}
x3, y3 = rng.normal(size=(20, 3)), rng.normal(0.3, 1.1, size=(25, 3))
out['mmd'] = {'x1': x1.tolist(), 'y1': y1.tolist(), 'x3': x3.ravel().tolist(), 'y3': y3.ravel().tolist()}
for k in ('rbf', 'imq'):
    v, ell = mmd(x1[:, None], y1[:, None], k)
    out['mmd'][k + '1'] = v
    out['mmd']['ell1'] = ell
    v, ell = mmd(x3, y3, k)
    out['mmd'][k + '3'] = v
    out['mmd']['ell3'] = ell
xk = rng.normal(0.2, 1.0, size=40)
xk2 = rng.normal(size=(30, 2))
out['ksd'] = {'x1': xk.tolist(), 'theta': 0.3, 'ksd1': ksd(xk[:, None], (0.3 - xk)[:, None]),
              'x2': xk2.ravel().tolist(), 'mu2': [0.1, -0.2], 'ksd2': ksd(xk2, np.array([0.1, -0.2]) - xk2)}
v, w = rng.normal(size=15), rng.dirichlet(np.ones(15))
out['wq'] = {'v': v.tolist(), 'w': w.tolist(), 'q': [0.0, 0.05, 0.5, 0.95, 1.0], 'expected': [wq(q, v, w) for q in [0.0, 0.05, 0.5, 0.95, 1.0]]}
a = 10.0
delta = a / np.sqrt(1 + a * a)
scale = 1 / np.sqrt(1 - 2 * delta ** 2 / np.pi)
loc = -scale * np.sqrt(2 / np.pi) * delta
sn = stats.skewnorm(a, loc=loc, scale=scale)
pts = [-1.5, -0.7, 0.0, 0.4, 2.5]
out['skewnorm'] = {'a': a, 'loc': float(loc), 'scale': float(scale), 'median': float(sn.median()), 'entropy': float(sn.entropy()),
                   'mean': float(sn.mean()), 'x': pts, 'cdf': [float(sn.cdf(p)) for p in pts], 'logpdf': [float(sn.logpdf(p)) for p in pts],
                   'entropy0': float(stats.norm().entropy())}
hs, as_ = [0.0, 0.5, 1.3, 3.0, -2.0], [0.3, 1.0, 10.0, 2.5, 0.7]
out['owens_t'] = {'h': hs, 'a': as_, 'value': [float(special.owens_t(h, q)) for h, q in zip(hs, as_)]}
ps = [1e-300, 1e-12, 0.001, 0.02425, 0.3, 0.5, 0.8, 0.999, 1 - 1e-10]
out['norm_ppf'] = {'p': ps, 'value': [float(stats.norm.ppf(p)) for p in ps]}
zs = [-45.0, -38.5, -20.0, -5.0, 0.0, 3.0, 8.0]
out['norm_logcdf'] = {'z': zs, 'value': [float(stats.norm.logcdf(z)) for z in zs]}
out['t_logpdf'] = {'df': 40.0, 'loc': 0.3, 'scale': 0.2, 'x': [-1.0, 0.3, 0.9], 'value': [float(stats.t(40, 0.3, 0.2).logpdf(x)) for x in [-1.0, 0.3, 0.9]]}
out['t_cdf'] = {'df': [3.0, 30.0, 532.0], 't': [-2.0, 0.7, -1.1], 'value': [float(stats.t(df).cdf(t)) for df, t in zip([3.0, 30.0, 532.0], [-2.0, 0.7, -1.1])]}
print(json.dumps(out, indent=1))
