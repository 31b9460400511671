#!/usr/bin/env python3
"""Golden summaries of the h5ad fixtures, read with anndata (and h5py for on-disk details), for H5adFixturesTest.

For each file: n_obs/n_vars and, per element, a small summary that the Java reader must reproduce:
  matrix: format (dense/csr/csc), shape, nnz, sum and sum of |x| (float64 over the float32 values, NaNs left out
          and counted), spot values at
          fixed positions and at a few stored entries;
  frame:  rows, index name, first/last index entries, and per column (in order) its kind (float/int/bool/string/
          categorical/nullable-*), float32 flag, sum, first values, categories, ordered flag, per-category counts;
  uns:    the nested structure with types, shapes and values or checksums.
Files: ../shared/fixtures/scanpy/pbmc68k_reduced.h5ad, anndata/adata_v0.7.0.h5ad, anndata/adata_v0.11.4.h5ad, the
legacy (anndata <= 0.6) file made by make_legacy_h5ad.py and the feature file made by make_h5ad_features.py. Output: data/src/test/resources/golden/h5ad_fixtures.json.

Usage: golden_h5ad.py [FIXTURES_DIR]   (default ../shared/fixtures relative to the repository root)
Needs numpy, scipy, pandas, h5py, anndata (tested with anndata 0.8.0, h5py 3.7).
"""
import json
import math
import os
import sys
import warnings

import anndata
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "fixtures")
RESOURCES = os.path.join(HERE, "..", "src", "test", "resources", "h5ad")
OUT = os.path.join(HERE, "..", "src", "test", "resources", "golden", "h5ad_fixtures.json")
HEAD = 5


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def sums(values):
    """Sum and sum of |x| over the non-NaN values, and the number of NaNs."""
    v = np.asarray(values, dtype=np.float64).ravel()
    nan = np.isnan(v)
    return {"sum": num(v[~nan].sum()), "abs_sum": num(np.abs(v[~nan]).sum()), "nan": int(nan.sum())}


def matrix(m):
    if sp.issparse(m):
        fmt = "csr" if sp.isspmatrix_csr(m) else "csc" if sp.isspmatrix_csc(m) else None
        m = m.tocsr() if fmt is None else m
        fmt = fmt or "csr"
        data = np.asarray(m.data, dtype=np.float32).astype(np.float64)
        r, c = m.shape
        major = np.repeat(np.arange(m.indptr.size - 1), np.diff(m.indptr))
        entries = []
        for e in sorted({0, m.nnz // 2, m.nnz - 1}) if m.nnz else []:
            row, col = (major[e], m.indices[e]) if fmt == "csr" else (m.indices[e], major[e])
            entries.append([int(row), int(col), num(np.float32(m.data[e]))])
        dense_get = lambda i, j: m[i, j]
        out = {"kind": "matrix", "format": fmt, "shape": [r, c], "nnz": int(m.nnz), **sums(data)}
    else:
        a = np.asarray(m)
        if a.ndim == 1:
            a = a.reshape(-1, 1)
        a32 = a.astype(np.float32).astype(np.float64)
        r, c = a.shape
        entries = []
        dense_get = lambda i, j: a[i, j]
        out = {"kind": "matrix", "format": "dense", "shape": [r, c], "nnz": int(r * c), **sums(a32)}
    spots = []
    if r and c:
        for i, j in [(0, 0), (r - 1, c - 1), (r // 2, c // 2), (r // 3, (2 * c) // 3)]:
            spots.append([i, j, num(np.float32(dense_get(i, j)))])
    out["spots"] = spots + entries
    return out


def column(name, s):
    col = {"name": name}
    v = s.array if hasattr(s, "array") else s
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = [str(c) for c in dtype.categories]
        codes = np.asarray(s.cat.codes)
        col.update(kind="categorical", categories=cats, ordered=bool(dtype.ordered),
                   counts=[int((codes == k).sum()) for k in range(len(cats))], missing=int((codes == -1).sum()),
                   head=[None if c < 0 else cats[c] for c in codes[:HEAD]])
    elif isinstance(dtype, pd.BooleanDtype):
        mask = np.asarray(s.isna())
        vals = np.asarray(s.fillna(False), dtype=bool)
        col.update(kind="nullable-bool", missing=int(mask.sum()), sum=int(vals[~mask].sum()),
                   head=[None if mk else bool(x) for x, mk in zip(vals[:HEAD], mask[:HEAD])])
    elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iu":
        mask = np.asarray(s.isna())
        vals = np.asarray(s.fillna(0), dtype=np.int64)
        col.update(kind="nullable-int", missing=int(mask.sum()), sum=int(vals[~mask].sum()),
                   head=[None if mk else int(x) for x, mk in zip(vals[:HEAD], mask[:HEAD])])
    elif dtype.kind == "f":
        a = np.asarray(s)
        col.update(kind="float", float32=dtype == np.float32, **sums(a), head=[num(x) for x in a[:HEAD]])
    elif dtype.kind in "iu":
        a = np.asarray(s, dtype=np.int64)
        col.update(kind="int", sum=int(a.sum()), head=[int(x) for x in a[:HEAD]])
    elif dtype.kind == "b":
        a = np.asarray(s, dtype=bool)
        col.update(kind="bool", sum=int(a.sum()), head=[bool(x) for x in a[:HEAD]])
    else:
        a = [str(x) for x in np.asarray(s)]
        col.update(kind="string", head=a[:HEAD], last=a[-1] if a else None)
    return col


def frame(df):
    idx = [str(x) for x in df.index]
    return {"kind": "frame", "rows": len(idx), "index_name": df.index.name or "_index",
            "index_head": idx[:HEAD], "index_last": idx[-1] if idx else None,
            "columns": [column(c, df[c]) for c in df.columns]}


def recarray_frame(a):
    df = pd.DataFrame({name: a[name] for name in a.dtype.names})
    out = frame(df)
    out["index_name"] = "_index"
    return out


def array(a):
    a = np.asarray(a)
    out = {"type": "array", "shape": list(a.shape)}
    if a.dtype.kind in "OUS":
        flat = [x.decode() if isinstance(x, bytes) else str(x) for x in a.ravel()]
        out.update(dtype="string", head=flat[:HEAD])
    elif a.dtype.kind == "b":
        out.update(dtype="bool", sum=int(a.sum()), head=[bool(x) for x in a.ravel()[:HEAD]])
    elif a.dtype.kind in "iu":
        out.update(dtype="int", sum=int(a.astype(np.int64).sum()), head=[int(x) for x in a.ravel()[:HEAD]])
    else:
        out.update(dtype=str(a.dtype), **sums(a), head=[num(x) for x in a.ravel()[:HEAD]])
    return out


def uns_value(v):
    if type(v).__name__ == "OverloadedDict":  # anndata 0.8 wraps uns["neighbors"]; its .data is the stored dict
        v = v.data
    if isinstance(v, dict):
        return {"type": "dict", "items": {k: uns_value(x) for k, x in v.items()}}
    if isinstance(v, str):
        return {"type": "string", "value": v}
    if isinstance(v, (bool, np.bool_)):
        return {"type": "bool", "value": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"type": "int", "value": int(v)}
    if isinstance(v, (float, np.floating)):
        return {"type": "float", "value": num(v)}
    if isinstance(v, pd.DataFrame):
        return frame(v)
    if sp.issparse(v):
        return matrix(v)
    if isinstance(v, np.ndarray) and v.dtype.names:
        return recarray_frame(v)
    if isinstance(v, np.ndarray):
        return array(v)
    raise TypeError(f"unexpected uns value {type(v)}")


def aligned(mapping):
    return {k: frame(v) if isinstance(v, pd.DataFrame) else matrix(v) for k, v in mapping.items()}


def summary(path, label):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = anndata.read_h5ad(path)
    with h5py.File(path, "r") as f:
        has_x = "X" in f
    out = {"file": label, "n_obs": a.n_obs, "n_vars": a.n_vars,
           "X": matrix(a.X) if has_x and a.X is not None else None,
           "obs": frame(a.obs), "var": frame(a.var),
           "obsm": aligned(a.obsm), "varm": aligned(a.varm), "obsp": aligned(a.obsp), "varp": aligned(a.varp),
           "layers": aligned(a.layers), "uns": uns_value(dict(a.uns.data if hasattr(a.uns, "data") else a.uns))}
    if a.raw is not None:
        out["raw"] = {"X": matrix(a.raw.X), "var": frame(a.raw.var), "varm": aligned(a.raw.varm)}
    else:
        out["raw"] = None
    return out


def main():
    files = [(os.path.join(FIXTURES, "scanpy", "pbmc68k_reduced.h5ad"), "scanpy/pbmc68k_reduced.h5ad"),
             (os.path.join(FIXTURES, "anndata", "adata_v0.7.0.h5ad"), "anndata/adata_v0.7.0.h5ad"),
             (os.path.join(FIXTURES, "anndata", "adata_v0.11.4.h5ad"), "anndata/adata_v0.11.4.h5ad"),
             (os.path.join(RESOURCES, "legacy_v0.6.h5ad"), "resource:h5ad/legacy_v0.6.h5ad"),
             (os.path.join(RESOURCES, "anndata_features.h5ad"), "resource:h5ad/anndata_features.h5ad")]
    golden = {"generator": f"golden_h5ad.py with anndata {anndata.__version__}, h5py {h5py.__version__}",
              "files": [summary(p, label) for p, label in files]}
    with open(OUT, "w") as fh:
        json.dump(golden, fh, indent=1, allow_nan=False)
        fh.write("\n")
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
