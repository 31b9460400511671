#!/usr/bin/env python3
"""Golden outputs for the org.genex.data.pp tests, from an independent NumPy/pandas implementation of scanpy's
preprocessing definitions (../shared/specs/scanpy-preprocessing.md; scanpy's own code for what the spec leaves open).

Run from the repository root with the Debian python (numpy, scipy, pandas, h5py; the Debian package
python3-skmisc, optional, adds the scikit-misc cross-checks):

    /usr/bin/python3 data/scripts/pp_golden.py

It reads ../shared/fixtures/scanpy/{pbmc68k_reduced.h5ad, pbmc68k_reduced_counts.npz, seurat_hvg.csv,
cell_ranger_hvg.csv} and writes small CSV files to data/src/test/resources/golden/pp/ (committed, so the Java tests
need no python). Nothing here imports genex; the functions below follow scanpy's code paths with pandas doing the
binning and grouping, so the Java code is checked against a second, independent implementation.

Before writing, the script checks its own seurat and cell_ranger implementations against scanpy's reference files
(seurat_hvg.csv, cell_ranger_hvg.csv) and its loess against scikit-misc's (surface="direct") when python3-skmisc is
installed; it stops if either check fails.

Numerics follow genex's choices, which the Java tests compare tightly: statistics in float64 on float32 inputs
(expm1 of a float32 value is taken in float64, where scanpy takes it in float32), matrices rounded once to float32
at the end of each step, ties in rankings broken by position (a stable sort, where scanpy's seurat_v3 uses numpy's
default quicksort), and the seurat_v3 loess evaluated directly at every point (skmisc's surface="direct") where scanpy
uses skmisc's default surface="interpolate". The interpolated fit is written beside the direct one
(loess_pbmc.csv) so the tests can bound the difference.
"""
import os
import sys

import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.environ.get("GENEX_FIXTURES", os.path.join(ROOT, "..", "shared", "fixtures"))
OUT = os.path.join(ROOT, "data", "src", "test", "resources", "golden", "pp")
MAD_C = 0.6744897501960817  # statsmodels.robust.mad's normal-consistency constant (norm.ppf(0.75))

try:
    from skmisc.loess import loess as skmisc_loess
except ImportError:  # optional: only the cross-check and the interpolate column need it
    skmisc_loess = None


# ----------------------------------------------------------------------------------------------------- inputs

def read_pbmc():
    """raw/X (CSR float32, 700 x 765), var names, obs categoricals of pbmc68k_reduced.h5ad."""
    with h5py.File(os.path.join(FIX, "scanpy", "pbmc68k_reduced.h5ad"), "r") as f:
        g = f["raw/X"]
        x = sp.csr_matrix((g["data"][:], g["indices"][:], g["indptr"][:]), shape=tuple(g.attrs["shape"]))
        index_key = f["var"].attrs["_index"]
        names = np.array([s.decode() for s in f["var"][index_key][:]])
        obs = {}
        for key in ("bulk_labels", "phase"):
            cats = [c.decode() if isinstance(c, bytes) else c for c in f["obs"][key]["categories"][:]]
            obs[key] = pd.Categorical.from_codes(f["obs"][key]["codes"][:], cats)
    return x, names, obs


def read_counts():
    return sp.load_npz(os.path.join(FIX, "scanpy", "pbmc68k_reduced_counts.npz")).astype(np.float32)


# ------------------------------------------------------------------------------------------------ basic steps

def mean_var(x):
    """Per-column mean and ddof=1 variance in float64: var = (sum x^2 / n - mean^2) * n / (n - 1)."""
    n = x.shape[0]
    if sp.issparse(x):
        xd = x.astype(np.float64)
        s = np.asarray(xd.sum(axis=0)).ravel()
        sq = np.asarray(xd.multiply(xd).sum(axis=0)).ravel()
    else:
        xd = np.asarray(x, dtype=np.float64)
        s = xd.sum(axis=0)
        sq = (xd * xd).sum(axis=0)
    mean = s / n
    var = (sq / n - mean ** 2) * (n / (n - 1))
    return mean, var


def normalize_total(x, target_sum=None, exclude_highly_expressed=False, max_fraction=0.05):
    """scanpy.pp.normalize_total on a dense float32 matrix; returns (X float32, norm_factor)."""
    xd = np.asarray(x, dtype=np.float64)
    counts = xd.sum(axis=1)
    if exclude_highly_expressed:
        hi = xd > counts[:, None] * max_fraction
        keep = ~hi.any(axis=0)
        counts = xd[:, keep].sum(axis=1)
    if target_sum is None:
        target_sum = np.median(counts[counts > 0])
    factor = counts / target_sum
    div = np.where(factor == 0, 1.0, factor)
    return (xd / div[:, None]).astype(np.float32), factor


def log1p(x, base=None):
    y = np.log1p(np.asarray(x, dtype=np.float64))
    if base is not None:
        y = y / np.log(base)
    return y.astype(np.float32)


def scale(x, zero_center=True, max_value=None):
    xd = np.asarray(x, dtype=np.float64)
    mean, var = mean_var(xd)
    std = np.sqrt(var)
    std[std == 0] = 1
    y = (xd - mean) / std if zero_center else xd / std
    if max_value is not None:
        y = np.minimum(y, max_value)
        if zero_center:
            y = np.maximum(y, -max_value)
    return y.astype(np.float32), mean, std


def regress_out_numeric(x, covariates):
    """OLS of every gene on [1, covariates] (numpy lstsq); the residuals, float32."""
    xd = np.asarray(x, dtype=np.float64)
    design = np.column_stack([np.ones(xd.shape[0])] + [np.asarray(c, dtype=np.float64) for c in covariates])
    coef, *_ = np.linalg.lstsq(design, xd, rcond=None)
    return (xd - design @ coef).astype(np.float32)


def regress_out_categorical(x, codes):
    """scanpy's single-categorical path: per gene, regress on [1, per-category mean of that gene] (float32 means);
    genes that are constant are left as they are (statsmodels' GLM is skipped for them)."""
    xd = np.asarray(x, dtype=np.float64)
    out = xd.copy()
    for j in range(xd.shape[1]):
        col = xd[:, j]
        if not (col != col[0]).any():
            continue
        reg = np.zeros(xd.shape[0], dtype=np.float32)
        for c in np.unique(codes[codes >= 0]):
            reg[codes == c] = np.float32(col[codes == c].mean())
        design = np.column_stack([np.ones(xd.shape[0]), reg.astype(np.float64)])
        coef, *_ = np.linalg.lstsq(design, col, rcond=None)
        out[:, j] = col - design @ coef
    return out.astype(np.float32)


def qc_metrics(x, qc_masks, percent_top):
    """scanpy.pp.calculate_qc_metrics (obs and var tables) on a dense matrix."""
    xd = np.asarray(x, dtype=np.float64)
    n_obs = xd.shape[0]
    obs = pd.DataFrame()
    obs["n_genes_by_counts"] = (xd != 0).sum(axis=1)
    obs["log1p_n_genes_by_counts"] = np.log1p(obs["n_genes_by_counts"])
    total = xd.sum(axis=1)
    obs["total_counts"] = total
    obs["log1p_total_counts"] = np.log1p(total)
    desc = -np.sort(-xd, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        for n in sorted(percent_top):
            obs[f"pct_counts_in_top_{n}_genes"] = desc[:, :n].sum(axis=1) / total * 100
        for name, mask in qc_masks.items():
            t = xd[:, mask].sum(axis=1)
            obs[f"total_counts_{name}"] = t
            obs[f"log1p_total_counts_{name}"] = np.log1p(t)
            obs[f"pct_counts_{name}"] = t / total * 100
    var = pd.DataFrame()
    var["n_cells_by_counts"] = (xd != 0).sum(axis=0)
    var["mean_counts"] = xd.mean(axis=0)
    var["log1p_mean_counts"] = np.log1p(var["mean_counts"])
    var["pct_dropout_by_counts"] = (1 - var["n_cells_by_counts"] / n_obs) * 100
    var["total_counts"] = xd.sum(axis=0)
    var["log1p_total_counts"] = np.log1p(var["total_counts"])
    return obs, var


# --------------------------------------------------------------------------------- seurat and cell_ranger HVG

def mad(a):
    a = np.asarray(a, dtype=np.float64)
    return np.median(np.abs(a - np.median(a)) / MAD_C)


def hvg_single(x, flavor, n_top_genes=None, min_mean=0.0125, max_mean=3, min_disp=0.5, max_disp=np.inf,
               n_bins=20):
    """scanpy's _highly_variable_genes_single_batch (seurat / cell_ranger); x is CSR float32, logged."""
    if flavor == "seurat":
        x = x.astype(np.float64)
        x.data = np.expm1(x.data)
    mean, var = mean_var(x)
    mean[mean == 0] = 1e-12
    disp = var / mean
    if flavor == "seurat":
        disp[disp == 0] = np.nan
        disp = np.log(disp)
        mean = np.log1p(mean)
    df = pd.DataFrame({"means": mean, "dispersions": disp})
    if flavor == "seurat":
        df["mean_bin"] = pd.cut(df["means"], bins=n_bins)
        stats = df.groupby("mean_bin", observed=True)["dispersions"].agg(avg="mean", dev="std")
        one = stats["dev"].isnull()
        stats.loc[one, "dev"] = stats.loc[one, "avg"]
        stats.loc[one, "avg"] = 0
    else:
        edges = np.r_[-np.inf, np.percentile(df["means"], np.arange(10, 105, 5)), np.inf]
        df["mean_bin"] = pd.cut(df["means"], bins=edges)
        stats = df.groupby("mean_bin", observed=True)["dispersions"].agg(avg="median", dev=mad)
    s = stats.loc[df["mean_bin"]].set_index(df.index)
    df["dispersions_norm"] = (df["dispersions"] - s["avg"]) / s["dev"]
    dn = df["dispersions_norm"].to_numpy()
    if n_top_genes is None:
        d = np.nan_to_num(dn)
        hv = (mean > min_mean) & (mean < max_mean) & (d > min_disp) & (d < max_disp)
    else:
        n = min(n_top_genes, len(dn))
        vals = np.sort(dn[~np.isnan(dn)])[::-1]
        n = min(n, vals.size)
        hv = np.nan_to_num(dn, nan=-np.inf) >= vals[n - 1]
    df["highly_variable"] = hv
    return df.drop(columns="mean_bin")


def hvg_batched(x, names, batch, flavor, n_top_genes=None, **cut):
    """scanpy's _highly_variable_genes_batched: per batch (genes detected in it), then means of the statistics
    and the number of batches; with n_top_genes, rank by (nbatches, mean dispersions_norm) descending, ties in
    the order of the gene names (pandas' groupby sorts them)."""
    dfs = []
    for b in batch.categories:
        rows = np.flatnonzero(np.asarray(batch == b))
        xb = x[rows]
        filt = np.asarray((xb > 0).sum(axis=0)).ravel() >= 1
        h = hvg_single(xb[:, filt], flavor, n_top_genes=n_top_genes, **cut)
        h["gene"] = names[filt]
        missing = pd.DataFrame({"means": 0.0, "dispersions": 0.0, "dispersions_norm": 0.0,
                                "highly_variable": False, "gene": names[~filt]})
        dfs.append(pd.concat([h, missing], ignore_index=True))
    df = pd.concat(dfs, axis=0)
    df["highly_variable"] = df["highly_variable"].astype(int)
    df = df.groupby("gene", observed=True).agg(dict(means="mean", dispersions="mean", dispersions_norm="mean",
                                                    highly_variable="sum"))
    df["highly_variable_nbatches"] = df["highly_variable"]
    df["highly_variable_intersection"] = df["highly_variable_nbatches"] == len(batch.categories)
    if n_top_genes is not None:
        df.sort_values(["highly_variable_nbatches", "dispersions_norm"], ascending=False, na_position="last",
                       inplace=True)
        df["highly_variable"] = np.arange(df.shape[0]) < n_top_genes
    else:
        df["dispersions_norm"] = df["dispersions_norm"].fillna(0)
        m, d = df["means"], df["dispersions_norm"]
        df["highly_variable"] = ((m > cut.get("min_mean", 0.0125)) & (m < cut.get("max_mean", 3))
                                 & (d > cut.get("min_disp", 0.5)) & (d < cut.get("max_disp", np.inf)))
    return df.loc[names]


# ----------------------------------------------------------------------------------------- loess, seurat_v3

def loess_direct(x, y, span=0.3):
    """Local quadratic regression evaluated at every x (Cleveland's loess, surface="direct", gaussian family):
    the q = floor(n * span + 1e-5) nearest points, tricube weights (1 - (d/h)^3)^3 with h the q-th smallest
    distance, weighted least squares with numpy's lstsq. skmisc accepts spans in (0, 1] only."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = x.size
    q = min(n, int(np.floor(n * span + 1e-5)))
    fitted = np.empty(n)
    for i in range(n):
        d = np.abs(x - x[i])
        h = np.partition(d, q - 1)[q - 1]
        w = np.where(d < h, (1 - (d / h) ** 3) ** 3, 0.0)
        sw = np.sqrt(w)
        a = np.column_stack([np.ones(n), x - x[i], (x - x[i]) ** 2]) * sw[:, None]
        coef, *_ = np.linalg.lstsq(a, y * sw, rcond=None)
        fitted[i] = coef[0]
    return fitted


def loess_skmisc(x, y, span, surface):
    model = skmisc_loess(x, y, span=span, degree=2, surface=surface)
    model.fit()
    return np.asarray(model.outputs.fitted_values)


def hvg_seurat_v3(x, n_top_genes, batch=None, span=0.3, flavor="seurat_v3", loess=loess_direct):
    """scanpy's _highly_variable_genes_seurat_v3 on counts (dense float64 here)."""
    xd = np.asarray(x.toarray() if sp.issparse(x) else x, dtype=np.float64)
    n_vars = xd.shape[1]
    means, variances = mean_var(xd)
    codes = np.zeros(xd.shape[0], dtype=int) if batch is None else np.asarray(batch.codes)
    norm_vars = []
    for b in np.unique(codes):
        xb = xd[codes == b]
        m, v = mean_var(xb)
        nc = v > 0
        est = np.zeros(n_vars)
        est[nc] = loess(np.log10(m[nc]), np.log10(v[nc]), span)
        reg_std = np.sqrt(10 ** est)
        n = xb.shape[0]
        clip = reg_std * np.sqrt(n) + m
        xc = np.minimum(xb, clip)
        nv = (1 / ((n - 1) * reg_std ** 2)) * (n * m ** 2 + (xc ** 2).sum(axis=0) - 2 * xc.sum(axis=0) * m)
        norm_vars.append(nv)
    norm_vars = np.array(norm_vars)
    ranks = np.argsort(np.argsort(-norm_vars, axis=1, kind="stable"), axis=1, kind="stable").astype(np.float32)
    nbatches = (ranks < n_top_genes).sum(axis=0)
    ranks[ranks >= n_top_genes] = np.nan
    median_rank = np.ma.median(np.ma.masked_invalid(ranks), axis=0).filled(np.nan)
    df = pd.DataFrame({"means": means, "variances": variances, "variances_norm": norm_vars.mean(axis=0),
                       "highly_variable_rank": median_rank, "highly_variable_nbatches": nbatches})
    cols, asc = ((["highly_variable_rank", "highly_variable_nbatches"], [True, False]) if flavor == "seurat_v3"
                 else (["highly_variable_nbatches", "highly_variable_rank"], [False, True]))
    order = df[cols].sort_values(cols, ascending=asc, na_position="last").index
    hv = np.zeros(n_vars, dtype=bool)
    hv[np.asarray(order[:n_top_genes])] = True
    df["highly_variable"] = hv
    return df


# ------------------------------------------------------------------------------------------------ writing

def fmt(v):
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    return "nan" if np.isnan(v) else "%.13g" % v


def write_table(name, index, columns):
    """CSV: a header "name,<col>,...", one row per index entry; floats with 13 significant digits."""
    keys = list(columns)
    with open(os.path.join(OUT, name), "w") as f:
        f.write(",".join(["name"] + keys) + "\n")
        for i, row_name in enumerate(index):
            f.write(",".join([str(row_name)] + [fmt(np.asarray(columns[k])[i]) for k in keys]) + "\n")


def write_matrix(name, m):
    """A dense float32 matrix as CSV without header, in '%.9g' (exact for float32)."""
    np.savetxt(os.path.join(OUT, name), np.asarray(m, dtype=np.float32), fmt="%.9g", delimiter=",")


def check(label, ok, detail):
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {detail}")
    if not ok:
        sys.exit(1)


def read_reference(name):
    df = pd.read_csv(os.path.join(FIX, "scanpy", name), index_col=0)
    df["highly_variable"] = df["highly_variable"].astype(str).str.upper() == "TRUE"
    return df


# -------------------------------------------------------------------------------------------------- main

def main():
    os.makedirs(OUT, exist_ok=True)
    raw, names, obs = read_pbmc()
    counts = read_counts()

    # ---- the recipe of spec section 3.1, checked against scanpy's reference files
    keep = np.asarray(raw.sum(axis=1)).ravel() >= 1
    x = raw[keep]
    xn, _ = normalize_total(x.toarray(), target_sum=1e4)
    xl = sp.csr_matrix(log1p(xn))
    seurat = hvg_single(xl, "seurat")
    ref = read_reference("seurat_hvg.csv")
    dev = max(np.nanmax(np.abs(seurat[c].to_numpy() - ref[c].to_numpy()))
              for c in ("means", "dispersions", "dispersions_norm"))
    check("seurat vs seurat_hvg.csv", seurat["highly_variable"].sum() == 113
          and (seurat["highly_variable"].to_numpy() == ref["highly_variable"].to_numpy()).all() and dev < 2e-5,
          f"{seurat['highly_variable'].sum()} HVGs, max |d| {dev:.3g}")
    cr = hvg_single(xl, "cell_ranger", n_top_genes=100)
    ref = read_reference("cell_ranger_hvg.csv")
    dev = max(np.nanmax(np.abs(cr[c].to_numpy() - ref[c].to_numpy()))
              for c in ("means", "dispersions", "dispersions_norm"))
    check("cell_ranger vs cell_ranger_hvg.csv", cr["highly_variable"].sum() == 100
          and (cr["highly_variable"].to_numpy() == ref["highly_variable"].to_numpy()).all() and dev < 2e-5,
          f"{cr['highly_variable'].sum()} HVGs, max |d| {dev:.3g}")

    # ---- HVG variants on the same input: n_top_genes for seurat, batches for both flavours
    top = hvg_single(xl, "seurat", n_top_genes=50)
    write_table("hvg_seurat_top50.csv", names, {"highly_variable": top["highly_variable"]})
    phase = obs["phase"][keep]
    all_columns = ("means", "dispersions", "dispersions_norm", "highly_variable", "highly_variable_nbatches",
                   "highly_variable_intersection")
    for flavor, kw, fname, columns in (
            ("seurat", {}, "hvg_seurat_batch_phase.csv", all_columns),
            ("cell_ranger", {"n_top_genes": 100}, "hvg_cell_ranger_batch_phase.csv", all_columns),
            # the statistics are those of the first file; only the selection differs
            ("seurat", {"n_top_genes": 100}, "hvg_seurat_top100_batch_phase.csv", ("highly_variable",))):
        df = hvg_batched(xl, names, phase, flavor, **kw)
        write_table(fname, names, {c: df[c] for c in columns})
        print(f"     {fname}: {int(df['highly_variable'].sum())} HVGs")

    # ---- loess: numpy's direct fit against skmisc's direct and interpolated fits
    m, v = mean_var(counts)
    nc = v > 0
    lx, ly = np.log10(m[nc]), np.log10(v[nc])
    direct = loess_direct(lx, ly, 0.3)
    cols = {"x": lx, "y": ly, "direct": direct}
    if skmisc_loess is not None:
        sk_direct = loess_skmisc(lx, ly, 0.3, "direct")
        sk_interp = loess_skmisc(lx, ly, 0.3, "interpolate")
        dev = np.abs(direct - sk_direct).max()
        check("numpy loess vs skmisc surface=direct (pbmc, span 0.3)", dev < 1e-9, f"max |d| {dev:.3g}")
        print(f"     direct vs skmisc interpolate: max |d| {np.abs(direct - sk_interp).max():.3g}")
        cols["skmisc_interpolate"] = sk_interp
    write_table("loess_pbmc.csv", names[nc], cols)
    rng = np.random.default_rng(7)
    sx = np.sort(rng.uniform(-2, 2, 60))
    sx[10] = sx[11]  # a tie
    sy = np.sin(2 * sx) + 0.3 * sx ** 2 + rng.normal(0, 0.2, sx.size)
    small = {"x": sx, "y": sy}
    for span in (0.3, 0.75, 1.0):
        small[f"direct_{span}"] = loess_direct(sx, sy, span)
        if skmisc_loess is not None:
            dev = np.abs(small[f"direct_{span}"] - loess_skmisc(sx, sy, span, "direct")).max()
            check(f"numpy loess vs skmisc surface=direct (60 points, span {span})", dev < 1e-9, f"max |d| {dev:.3g}")
    write_table("loess_small.csv", range(sx.size), small)

    # ---- seurat_v3 on the counts, without and with batches
    v3_columns = ("means", "variances", "variances_norm", "highly_variable_rank", "highly_variable",
                  "highly_variable_nbatches")
    for fname, kw, columns in (
            ("hvg_seurat_v3_top200.csv", {}, v3_columns),
            ("hvg_seurat_v3_top200_batch_phase.csv", {"batch": obs["phase"]}, v3_columns),
            # same statistics as the batched seurat_v3 file; only the order of the two sort keys differs
            ("hvg_seurat_v3_paper_top200_batch_phase.csv", {"batch": obs["phase"], "flavor": "seurat_v3_paper"},
             ("highly_variable",))):
        df = hvg_seurat_v3(counts, 200, **kw)
        table = {c: df[c] for c in columns}
        if skmisc_loess is not None and "batch" not in kw:
            # scanpy's own loess surface, for the record: which genes it would select instead
            sk = hvg_seurat_v3(counts, 200, loess=lambda a, b, s: loess_skmisc(a, b, s, "interpolate"))
            table["highly_variable_interpolate"] = sk["highly_variable"]
            differ = int((sk["highly_variable"] != df["highly_variable"]).sum())
            print(f"     {fname}: HVG sets of the direct and interpolated loess differ in {differ} genes; "
                  f"variances_norm max rel |d| "
                  f"{np.nanmax(np.abs(sk['variances_norm'] / df['variances_norm'] - 1)):.3g}")
        write_table(fname, names, table)

    # ---- a small counts matrix for QC, normalisation, log1p, regress_out and scale
    c = counts.toarray()
    first = c[:40]
    order = np.argsort(-first.sum(axis=0), kind="stable")
    mt = int(np.flatnonzero(names == "MT-ND3")[0])
    zero_gene = int(np.flatnonzero(first.sum(axis=0) == 0)[0])
    genes = list(order[:20]) + list(order[100:400:40]) + [mt, zero_gene]
    genes = [g for i, g in enumerate(genes) if g not in genes[:i]]
    small_x = np.vstack([first[:, genes], np.zeros((1, len(genes)))]).astype(np.float32)
    small_names = names[genes]
    labels = list(np.asarray(obs["bulk_labels"])[:40]) + ["CD19+ B"]
    cells = [f"cell{i}" for i in range(40)] + ["empty"]
    with open(os.path.join(OUT, "small_counts.csv"), "w") as f:
        f.write(",".join(["cell", "bulk_labels"] + list(small_names)) + "\n")
        for i in range(small_x.shape[0]):
            f.write(",".join([cells[i], labels[i]] + [str(int(v)) for v in small_x[i]]) + "\n")

    mt_mask = np.array([n.startswith("MT-") or n.startswith("mt-") for n in small_names])
    qobs, qvar = qc_metrics(small_x, {"mt": mt_mask}, (5, 10, 20))
    write_table("qc_obs.csv", cells, {k: qobs[k] for k in qobs.columns})
    write_table("qc_var.csv", small_names, {k: qvar[k] for k in qvar.columns})

    norm, factor = normalize_total(small_x)
    write_matrix("normalize_total_median.csv", norm)
    norm_ex, factor_ex = normalize_total(small_x, exclude_highly_expressed=True, max_fraction=0.3)
    write_matrix("normalize_total_exclude_0.3.csv", norm_ex)
    write_table("normalize_total_factors.csv", cells, {"median": factor, "exclude_0.3": factor_ex})

    kept = np.asarray(qobs["total_counts"]) >= 1  # filter_cells(min_counts=1) drops the empty cell
    logged = log1p(normalize_total(small_x[kept])[0])
    write_matrix("log1p.csv", logged)
    write_matrix("log1p_base2.csv", log1p(normalize_total(small_x[kept])[0], base=2))
    numeric = regress_out_numeric(logged, [qobs["total_counts"][kept], qobs["pct_counts_mt"][kept]])
    write_matrix("regress_out_numeric.csv", numeric)
    codes = pd.Categorical(np.asarray(labels)[kept]).codes
    write_matrix("regress_out_categorical.csv", regress_out_categorical(logged, codes))
    scaled, smean, sstd = scale(numeric, max_value=10)
    write_matrix("scale_max10.csv", scaled)
    scaled_nc, _, _ = scale(logged, zero_center=False, max_value=3)
    write_matrix("scale_nocenter_max3.csv", scaled_nc)
    write_table("scale_stats.csv", small_names, {"mean": smean, "std": sstd})
    print("wrote", OUT)


if __name__ == "__main__":
    main()
