#!/usr/bin/env python3
"""Golden values for org.genex.algorithms.metrics and reduce.UmapCurve / NumpyRandomState.

scikit-learn is not available here, so its metrics are reproduced from their documented definitions (and the
scikit-learn 1.x source they follow) with numpy and scipy only:
  ACC / weighted F1    Hungarian matching (scipy.optimize.linear_sum_assignment) on the contingency table
                       w[pred, true], as the hypergraph paper's cluster_acc; F1 as f1_score(average="weighted")
  MI, NMI, AMI         mutual_info_score, normalized_mutual_info_score / adjusted_mutual_info_score
                       (average_method="arithmetic"), the expected MI of Vinh et al. (sklearn's
                       _expected_mutual_info_fast.pyx, term by term)
  ARI                  adjusted_rand_score through pair_confusion_matrix
  silhouette, CH       silhouette_score (euclidean), calinski_harabasz_score
  trustworthiness      sklearn.manifold.trustworthiness (inverted-index formula)
  find_ab_params       umap-learn's curve_fit of 1 / (1 + a x^(2b))
  RandomState          numpy's legacy stream (random_sample, standard_normal)
Writes algorithms/src/test/resources/golden/metrics_golden.json (inputs and outputs, a few tens of KB).

Run from the repository root: /usr/bin/python3 algorithms/scripts/metrics_golden.py
"""
import json
import math
import os

import numpy as np
from scipy.optimize import curve_fit, linear_sum_assignment
from scipy.special import gammaln

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden", "metrics_golden.json")


def contingency(a, b):
    av, ai = np.unique(a, return_inverse=True)
    bv, bi = np.unique(b, return_inverse=True)
    c = np.zeros((len(av), len(bv)), dtype=np.int64)
    np.add.at(c, (ai, bi), 1)
    return c


def entropy(labels):
    if len(labels) == 0:
        return 1.0
    pi = np.bincount(np.unique(labels, return_inverse=True)[1]).astype(np.float64)
    pi = pi[pi > 0]
    if pi.size == 1:
        return 0.0
    s = pi.sum()
    return float(-np.sum((pi / s) * (np.log(pi) - np.log(s))))


def mutual_info(c):
    nzx, nzy = np.nonzero(c)
    nz = c[nzx, nzy].astype(np.float64)
    total = c.sum()
    pi = c.sum(axis=1).astype(np.float64)
    pj = c.sum(axis=0).astype(np.float64)
    if pi.size == 1 or pj.size == 1:
        return 0.0
    log_c = np.log(nz)
    c_nm = nz / total
    outer = pi.take(nzx) * pj.take(nzy)
    log_outer = -np.log(outer) + np.log(pi.sum()) + np.log(pj.sum())
    mi = c_nm * (log_c - np.log(total)) + c_nm * log_outer
    mi = np.where(np.abs(mi) < np.finfo(mi.dtype).eps, 0.0, mi)
    return float(np.clip(mi.sum(), 0.0, None))


def expected_mi(c):
    n = int(c.sum())
    a = c.sum(axis=1).astype(np.int64)
    b = c.sum(axis=0).astype(np.int64)
    if a.size == 1 or b.size == 1:
        return 0.0
    nijs = np.arange(0, max(a.max(), b.max()) + 1, dtype=np.float64)
    nijs[0] = 1
    term1 = nijs / n
    log_a, log_b = np.log(a), np.log(b)
    log_nnij = np.log(n) + np.log(nijs)
    gln_a, gln_b = gammaln(a + 1), gammaln(b + 1)
    gln_na, gln_nb = gammaln(n - a + 1), gammaln(n - b + 1)
    gln_nnij = gammaln(nijs + 1) + gammaln(n + 1)
    emi = 0.0
    for i in range(len(a)):
        for j in range(len(b)):
            start = max(1, a[i] - n + b[j])
            end = min(a[i], b[j]) + 1
            for nij in range(start, end):
                term2 = log_nnij[nij] - log_a[i] - log_b[j]
                gln = (gln_a[i] + gln_b[j] + gln_na[i] + gln_nb[j] - gln_nnij[nij]
                       - math.lgamma(a[i] - nij + 1) - math.lgamma(b[j] - nij + 1)
                       - math.lgamma(n - a[i] - b[j] + nij + 1))
                emi += term1[nij] * term2 * math.exp(gln)
    return float(emi)


def nmi(t, p):
    c = contingency(t, p)
    if c.shape[0] == c.shape[1] == 1 or c.shape[0] == c.shape[1] == 0:
        return 1.0
    mi = mutual_info(c)
    if mi == 0:
        return 0.0
    norm = max((entropy(t) + entropy(p)) / 2, np.finfo("float64").eps)
    return mi / norm


def ami(t, p):
    c = contingency(t, p)
    if c.shape[0] == c.shape[1] == 1 or c.shape[0] == c.shape[1] == 0:
        return 1.0
    mi = mutual_info(c)
    emi = expected_mi(c)
    norm = max((entropy(t) + entropy(p)) / 2, np.finfo("float64").eps)
    den = norm - emi
    den = min(den, -np.finfo("float64").eps) if den < 0 else max(den, np.finfo("float64").eps)
    return (mi - emi) / den


def ari(t, p):
    c = contingency(t, p)
    n = int(c.sum())
    n_c = c.sum(axis=1)
    n_k = c.sum(axis=0)
    ss = int((c.astype(np.int64) ** 2).sum())
    tp = ss - n
    fp = int((c @ n_k).sum()) - ss
    fn = int((c.T @ n_c).sum()) - ss
    tn = n * n - fp - fn - ss
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def acc_and_f1(t, p):
    w = contingency(p, t)  # rows: clusters, cols: classes
    pv, tv = np.unique(p), np.unique(t)
    r, c = linear_sum_assignment(-w)
    acc = w[r, c].sum() / len(t)
    mapping = {pv[i]: tv[j] for i, j in zip(r, c)}
    none = min(tv.min(), pv.min()) - 12345
    mapped = np.array([mapping.get(x, none) for x in p])
    # f1_score(t, mapped, average="weighted")
    f1s, support = [], []
    for lab in tv:
        tp_ = np.sum((mapped == lab) & (t == lab))
        fp_ = np.sum((mapped == lab) & (t != lab))
        fn_ = np.sum((mapped != lab) & (t == lab))
        den = 2 * tp_ + fp_ + fn_
        f1s.append(0.0 if den == 0 else 2 * tp_ / den)
        support.append(np.sum(t == lab))
    f1 = float(np.average(f1s, weights=support))
    return float(acc), f1


def silhouette(x, labels):
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    lv, code = np.unique(labels, return_inverse=True)
    k = len(lv)
    sizes = np.bincount(code)
    s = np.zeros(len(x))
    for i in range(len(x)):
        sums = np.bincount(code, weights=d[i], minlength=k)
        own = code[i]
        if sizes[own] == 1:
            continue
        a = sums[own] / (sizes[own] - 1)
        b = min(sums[c] / sizes[c] for c in range(k) if c != own)
        s[i] = (b - a) / max(a, b)
    return float(s.mean())


def calinski_harabasz(x, labels):
    lv, code = np.unique(labels, return_inverse=True)
    n, k = len(x), len(lv)
    mean = x.mean(axis=0)
    extra, intra = 0.0, 0.0
    for c in range(k):
        xc = x[code == c]
        mc = xc.mean(axis=0)
        extra += len(xc) * ((mc - mean) ** 2).sum()
        intra += ((xc - mc) ** 2).sum()
    return 1.0 if intra == 0 else float(extra * (n - k) / (intra * (k - 1.0)))


def trustworthiness(x, e, k):
    n = len(x)
    dx = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(dx, np.inf)
    ind_x = np.argsort(dx, axis=1, kind="stable")
    de = ((e[:, None, :] - e[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(de, np.inf)
    ind_e = np.argsort(de, axis=1, kind="stable")[:, :k]
    inv = np.zeros((n, n), dtype=int)
    ordered = np.arange(n + 1)
    inv[ordered[:-1, None], ind_x] = ordered[1:]
    ranks = inv[ordered[:-1, None], ind_e] - k
    t = np.sum(ranks[ranks > 0])
    return float(1.0 - t * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))))


def find_ab_params(spread, min_dist):
    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))

    xv = np.linspace(0, spread * 3, 300)
    yv = np.zeros(xv.shape)
    yv[xv < min_dist] = 1.0
    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
    params, _ = curve_fit(curve, xv, yv)
    return [float(params[0]), float(params[1])]


def main():
    rng = np.random.RandomState(2024)
    labelings = []

    def add(name, t, p):
        t = np.asarray(t, dtype=np.int64)
        p = np.asarray(p, dtype=np.int64)
        acc, f1 = acc_and_f1(t, p)
        labelings.append(dict(name=name, truth=t.tolist(), pred=p.tolist(), acc=acc, f1=f1,
                              mi=mutual_info(contingency(t, p)), nmi=nmi(t, p), ami=ami(t, p), ari=ari(t, p),
                              entropy_truth=entropy(t)))

    add("random_5_vs_7", rng.randint(0, 5, 200), rng.randint(0, 7, 200))
    t = rng.randint(0, 4, 150)
    p = np.where(rng.rand(150) < 0.8, (t * 3 + 1) % 5, rng.randint(0, 5, 150))
    add("noisy_4_vs_5", t, p)
    t = np.repeat([-1, 0, 1, 2], [10, 30, 5, 55])
    p = t.copy()
    flip = rng.choice(100, 20, replace=False)
    p[flip] = rng.randint(-1, 3, 20)
    add("with_minus_one_relabelled", t, np.where(p == 2, 7, p))
    add("clusters_fewer_than_classes", rng.randint(0, 6, 120), rng.randint(10, 13, 120))
    add("unbalanced", np.r_[np.zeros(90, int), np.ones(7, int), np.full(3, 2)],
        np.r_[np.zeros(85, int), np.ones(10, int), np.full(5, 2)])

    x = np.vstack([rng.randn(50, 5) + [0, 0, 0, 0, 0], rng.randn(60, 5) * 0.7 + [3, 1, 0, 0, 0],
                   rng.randn(40, 5) * 1.3 + [0, 4, 2, 0, 1]]).astype(np.float32)
    lab = np.r_[np.zeros(50, int), np.ones(60, int), np.full(40, 2)]
    lab2 = lab.copy()
    lab2[5] = 9  # a singleton cluster
    lab2[rng.choice(150, 15, replace=False)] = 1
    xd = x.astype(np.float64)
    internal = [dict(name="blobs", labels=lab.tolist(), silhouette=silhouette(xd, lab),
                     calinski_harabasz=calinski_harabasz(xd, lab)),
                dict(name="blobs_noisy_singleton", labels=lab2.tolist(), silhouette=silhouette(xd, lab2),
                     calinski_harabasz=calinski_harabasz(xd, lab2))]

    tx = rng.randn(120, 10).astype(np.float32)
    te = (tx[:, :2] + 0.3 * rng.randn(120, 2)).astype(np.float32)
    trust = dict(x=tx.astype(float).ravel().tolist(), embedded=te.astype(float).ravel().tolist(), n=120, d=10,
                 k5=trustworthiness(tx.astype(np.float64), te.astype(np.float64), 5),
                 k10=trustworthiness(tx.astype(np.float64), te.astype(np.float64), 10))

    rs = np.random.RandomState(0)
    sample = rs.random_sample(5).tolist()
    rs = np.random.RandomState(0)
    normal = rs.normal(size=(3, 4)).ravel().tolist()
    rs = np.random.RandomState(123456789)
    normal_big = rs.normal(size=(2, 3)).ravel().tolist()

    out = dict(labelings=labelings,
               internal=dict(x=xd.ravel().tolist(), n=150, d=5, cases=internal),
               trustworthiness=trust,
               ab_params={"0.5_1.0": find_ab_params(1.0, 0.5), "0.1_1.0": find_ab_params(1.0, 0.1)},
               random_state={"seed0_random_sample": sample, "seed0_normal_3x4": normal,
                             "seed123456789_normal_2x3": normal_big})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")
    for l in labelings:
        print(l["name"], {k: round(l[k], 6) for k in ("acc", "f1", "nmi", "ami", "ari")})
    print(internal[0]["silhouette"], internal[1]["silhouette"], trust["k5"], trust["k10"], out["ab_params"])


if __name__ == "__main__":
    main()
