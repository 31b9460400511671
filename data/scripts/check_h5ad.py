#!/usr/bin/env python3
"""Checks an h5ad file written by genex against expectations, with h5py and anndata (the oracle of H5adPythonTest).

Usage: check_h5ad.py FILE.h5ad EXPECTED.json [FILE2.h5ad EXPECTED2.json ...]
       where EXPECTED may also be --golden=LABEL: FILE is a fixture rewritten by genex, and anndata's summary of
       it (as golden_h5ad.py computes it) must equal the committed golden summary of LABEL (sums to 1e-9, spot
       values at the fixed positions exactly; n-d float64 arrays of uns may come back float32, as genex keeps them
       as float32 tensors). Several pairs share one Python start-up.
Exit status: 0 when everything matches (prints "OK <n> checks"), 1 with one line per mismatch, 2 when h5py or
anndata cannot be imported (the Java test then skips).

EXPECTED.json describes the AnnData that was written (the Java test serialises it):
  {"n_obs", "n_vars", "X": M|null, "obs": F, "var": F, "obsm": {k: M|F}, "varm", "obsp", "varp", "layers",
   "uns": U, "raw": null | {"X": M|null, "var": F, "varm": {k: M|F}}}
  M = {"kind": "matrix", "format": "dense"|"csr"|"csc", "shape": [r, c], "values": [[row], ...]}
  F = {"kind": "frame", "index": [...], "index_name": str, "columns": [C, ...]}
  C = {"name", "kind": float|int|bool|string|categorical|nullable-int|nullable-bool|nullable-string,
       "values": [... null = missing; labels for categoricals], "float32": bool, "categories": [...], "ordered": bool}
  U = {"type": "dict", "items": {k: U}} | {"type": "string"|"bool"|"float64"|"float32"|"int64", "value": v}
    | {"type": "array", "dtype": float32|float64|int32|int64|bool|string, "shape": [...], "values": [flat]}
    | {"type": "frame", ...F} | {"type": "recarray", "names": [...], "values": {name: [...]}}
    | {"type": "matrix", ...M} | {"type": "column", ...C}

Besides the values, the on-disk encoding is checked with h5py: string-array and string datasets are
variable-length UTF-8, categoricals carry a boolean "ordered", dataframes a "column-order", every element an
encoding-type (except a sparse matrix's data/indices/indptr, which anndata leaves bare). anndata 0.8 predates the nullable-string-array encoding (anndata >= 0.11); for such versions the
script registers a reader equivalent to the later one, so that the rest of the file is still read by anndata.
"""
import json
import math
import sys
import warnings

try:
    import h5py
    import numpy as np
    import pandas as pd
    import scipy.sparse as sp
    import anndata
except ImportError as e:  # pragma: no cover
    print("cannot import h5py/anndata:", e)
    sys.exit(2)

problems = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        problems.append(what)
    return cond


def same_float(a, b):
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return (math.isnan(a) and math.isnan(b)) or a == b


# ------------------------------------------------------------------------------------------------ h5py level

def h5py_checks(path):
    with h5py.File(path, "r") as f:
        check(f.attrs.get("encoding-type") in (b"anndata", "anndata"), "/: encoding-type anndata")

        def visit(name, obj):
            enc = obj.attrs.get("encoding-type")
            enc = enc.decode() if isinstance(enc, bytes) else enc
            if isinstance(obj, h5py.Dataset) and enc in ("string-array", "string"):
                info = h5py.check_string_dtype(obj.dtype)
                check(info is not None and info.length is None and info.encoding == "utf-8",
                      f"/{name}: {enc} should be variable-length UTF-8, is {obj.dtype} {info}")
            if isinstance(obj, h5py.Group) and enc == "categorical":
                check(isinstance(obj.attrs.get("ordered"), (bool, np.bool_)),
                      f"/{name}: ordered should be a boolean, is {type(obj.attrs.get('ordered'))}")
            if isinstance(obj, h5py.Group) and enc == "dataframe":
                check("column-order" in obj.attrs and "_index" in obj.attrs, f"/{name}: column-order and _index")
            parent_enc = obj.parent.attrs.get("encoding-type")
            parent_enc = parent_enc.decode() if isinstance(parent_enc, bytes) else parent_enc
            if parent_enc not in ("csr_matrix", "csc_matrix"):  # anndata leaves data/indices/indptr bare
                check(enc is not None, f"/{name}: no encoding-type")

        f.visititems(visit)


# ------------------------------------------------------------------------------------------------ anndata level

def register_nullable_string_reader():
    from anndata._io.specs import registry
    from anndata._io.specs.registry import IOSpec, _REGISTRY, read_elem
    spec = IOSpec("nullable-string-array", "0.1.0")
    try:
        _REGISTRY.get_reader(h5py.Group, spec, frozenset())
        return
    except Exception:
        pass

    @_REGISTRY.register_read(h5py.Group, spec)
    def read_nullable_string(elem):
        values = read_elem(elem["values"]).astype(object)
        mask = read_elem(elem["mask"]) if "mask" in elem else np.zeros(len(values), dtype=bool)
        values[mask] = pd.NA
        return pd.array(values, dtype="string")


def dense_of(m):
    return m.toarray() if sp.issparse(m) else np.asarray(m)


def check_matrix(exp, m, where):
    fmt = exp["format"]
    if fmt == "dense":
        check(isinstance(m, np.ndarray), f"{where}: expected a dense array, got {type(m)}")
    else:
        check(sp.issparse(m) and m.format == fmt, f"{where}: expected {fmt}, got {type(m)}")
    a = dense_of(m)
    check(list(a.shape) == exp["shape"], f"{where}: shape {a.shape} != {exp['shape']}")
    check(a.dtype == np.float32, f"{where}: dtype {a.dtype} != float32")
    want = np.array(exp["values"], dtype=np.float32).reshape(exp["shape"])
    check(np.array_equal(a, want, equal_nan=True), f"{where}: values differ")


def check_column(exp, s, where):
    kind = exp["kind"]
    values = exp["values"]
    arr = s.array if hasattr(s, "array") else s
    dtype = getattr(s, "dtype", None)
    if kind == "float":
        want = np.float32 if exp.get("float32") else np.float64
        check(dtype == want, f"{where}: dtype {dtype} != {want.__name__}")
        got = np.asarray(s, dtype=np.float64)
        check(len(got) == len(values) and all(same_float(a, b) for a, b in zip(got, values)), f"{where}: values")
    elif kind == "int":
        check(dtype == np.int64, f"{where}: dtype {dtype} != int64")
        check([int(x) for x in np.asarray(s)] == values, f"{where}: values")
    elif kind == "bool":
        check(dtype == np.bool_, f"{where}: dtype {dtype} != bool")
        check([bool(x) for x in np.asarray(s)] == values, f"{where}: values")
    elif kind == "string":
        check([str(x) for x in np.asarray(s)] == values, f"{where}: values")
    elif kind == "categorical":
        check(isinstance(dtype, pd.CategoricalDtype), f"{where}: dtype {dtype} is not categorical")
        if isinstance(dtype, pd.CategoricalDtype):
            check([str(c) for c in dtype.categories] == exp["categories"], f"{where}: categories")
            check(bool(dtype.ordered) == exp["ordered"], f"{where}: ordered")
            got = [None if pd.isna(x) else str(x) for x in np.asarray(s, dtype=object)]
            check(got == values, f"{where}: labels {got[:5]} != {values[:5]}")
    elif kind in ("nullable-int", "nullable-bool", "nullable-string"):
        want = {"nullable-int": "Int64", "nullable-bool": "boolean", "nullable-string": "string"}[kind]
        check(str(dtype) == want, f"{where}: dtype {dtype} != {want}")
        got = [None if pd.isna(x) else x for x in list(arr)]
        conv = {"nullable-int": int, "nullable-bool": bool, "nullable-string": str}[kind]
        got = [None if x is None else conv(x) for x in got]
        check(got == values, f"{where}: values {got[:5]} != {values[:5]}")
    else:
        check(False, f"{where}: unknown expected kind {kind}")


def check_frame(exp, df, where):
    if not check(isinstance(df, pd.DataFrame), f"{where}: expected a DataFrame, got {type(df)}"):
        return
    check([str(x) for x in df.index] == exp["index"], f"{where}: index")
    want_name = None if exp["index_name"] == "_index" else exp["index_name"]
    check(df.index.name == want_name, f"{where}: index name {df.index.name!r} != {want_name!r}")
    names = [c["name"] for c in exp["columns"]]
    check(list(df.columns) == names, f"{where}: columns {list(df.columns)} != {names}")
    for c in exp["columns"]:
        if c["name"] in df.columns:
            check_column(c, df[c["name"]], f"{where}/{c['name']}")


def check_aligned(exp, mapping, where):
    check(set(mapping.keys()) == set(exp.keys()), f"{where}: keys {sorted(mapping.keys())} != {sorted(exp)}")
    for k, e in exp.items():
        if k not in mapping:
            continue
        if e["kind"] == "frame":
            check_frame(e, mapping[k], f"{where}/{k}")
        else:
            check_matrix(e, mapping[k], f"{where}/{k}")


def check_uns(exp, v, where):
    t = exp["type"]
    if t == "dict":
        if type(v).__name__ == "OverloadedDict":
            v = v.data
        if check(isinstance(v, dict), f"{where}: expected a dict, got {type(v)}"):
            check(set(v.keys()) == set(exp["items"]), f"{where}: keys {sorted(v)} != {sorted(exp['items'])}")
            for k, e in exp["items"].items():
                if k in v:
                    check_uns(e, v[k], f"{where}/{k}")
    elif t == "string":
        check(isinstance(v, str) and v == exp["value"], f"{where}: {v!r} != {exp['value']!r}")
    elif t == "bool":
        check(isinstance(v, (bool, np.bool_)) and bool(v) == exp["value"], f"{where}: {v!r} != {exp['value']!r}")
    elif t in ("float64", "float32", "int64"):
        check(np.asarray(v).dtype == np.dtype(t), f"{where}: dtype {np.asarray(v).dtype} != {t}")
        check(same_float(v, exp["value"]), f"{where}: {v!r} != {exp['value']!r}")
    elif t == "array":
        a = np.asarray(v)
        check(list(a.shape) == exp["shape"], f"{where}: shape {a.shape} != {exp['shape']}")
        dt = exp["dtype"]
        if dt == "string":
            check(a.dtype.kind in "OU", f"{where}: dtype {a.dtype} is not a string")
            check([str(x) for x in a.ravel()] == exp["values"], f"{where}: values")
        else:
            check(a.dtype == np.dtype("bool" if dt == "bool" else dt), f"{where}: dtype {a.dtype} != {dt}")
            flat = a.ravel().tolist()
            check(len(flat) == len(exp["values"]) and all(same_float(x, y) for x, y in zip(flat, exp["values"])),
                  f"{where}: values")
    elif t == "frame":
        check_frame(exp, v, where)
    elif t == "recarray":
        if check(isinstance(v, np.ndarray) and v.dtype.names is not None, f"{where}: expected a record array"):
            check(list(v.dtype.names) == exp["names"], f"{where}: fields {v.dtype.names} != {exp['names']}")
            for name in exp["names"]:
                got = v[name].tolist()
                want = exp["values"][name]
                check(len(got) == len(want) and all(
                    (x == y) if isinstance(y, (str, bool)) else same_float(x, y) for x, y in zip(got, want)),
                      f"{where}/{name}: values")
    elif t == "matrix":
        check_matrix(exp, v, where)
    elif t == "column":
        check_column(exp, pd.Series(v) if not isinstance(v, pd.Series) else v, where)
    else:
        check(False, f"{where}: unknown expected type {t}")


def compare_summary(exp, got, where):
    if (isinstance(exp, dict) and exp.get("type") == "array" and len(exp.get("shape", [])) >= 2
            and exp.get("dtype") == "float64" and isinstance(got, dict) and got.get("dtype") == "float32"):
        # genex keeps n-d float arrays of uns as float32 tensors (documented): compare to float32 precision
        check(got["shape"] == exp["shape"], f"{where}/shape: {got['shape']} != {exp['shape']}")
        for k in ("sum", "abs_sum"):
            check(abs(float(got[k]) - float(exp[k])) <= 1e-6 * max(1.0, abs(float(exp["abs_sum"]))),
                  f"{where}/{k}: {got[k]} != {exp[k]}")
        check(all(abs(float(g) - float(e)) <= 1e-6 * max(1.0, abs(float(e))) for g, e in zip(got["head"], exp["head"])),
              f"{where}/head: {got['head']} != {exp['head']}")
        return
    if isinstance(exp, dict):
        if not check(isinstance(got, dict), f"{where}: expected a mapping"):
            return
        check(set(exp) == set(got), f"{where}: keys {sorted(got)} != {sorted(exp)}")
        for k in exp:
            if k == "file" or k not in got:
                continue
            if k == "spots":  # the fixed positions; entries after them follow the stored order, which may change
                compare_summary(exp[k][:4], got[k][:4], f"{where}/spots")
            elif k in ("sum", "abs_sum") and isinstance(exp[k], float):
                tol = 1e-9 * max(1.0, abs(float(exp.get("abs_sum", exp[k]))))
                check(abs(exp[k] - float(got[k])) <= tol, f"{where}/{k}: {got[k]} != {exp[k]}")
            else:
                compare_summary(exp[k], got[k], f"{where}/{k}")
    elif isinstance(exp, list):
        if check(isinstance(got, list) and len(got) == len(exp), f"{where}: {got} != {exp}"):
            for i, (e, g) in enumerate(zip(exp, got)):
                compare_summary(e, g, f"{where}[{i}]")
    else:
        check(exp == got or (isinstance(exp, float) and same_float(exp, got)), f"{where}: {got!r} != {exp!r}")


def main_golden(path, label):
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import golden_h5ad
    with open(golden_h5ad.OUT) as fh:
        files = json.load(fh)["files"]
    exp = next(f for f in files if f["file"] == label)
    h5py_checks(path)
    compare_summary(exp, golden_h5ad.summary(path, label), label)


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        print(__doc__)
        sys.exit(2)
    for path, expected in zip(args[0::2], args[1::2]):
        before = len(problems)
        if expected.startswith("--golden="):
            main_golden(path, expected[len("--golden="):])
        else:
            main_expected(path, expected)
        problems[before:] = [f"{path}: {p}" for p in problems[before:]]
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"OK {checks} checks")


def main_expected(path, expected_path):
    with open(expected_path) as fh:
        exp = json.load(fh)
    h5py_checks(path)
    register_nullable_string_reader()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = anndata.read_h5ad(path)
    check(a.n_obs == exp["n_obs"] and a.n_vars == exp["n_vars"], f"shape {a.shape}")
    if exp["X"] is None:
        check(a.X is None, "X should be absent")
    else:
        check_matrix(exp["X"], a.X, "X")
    check_frame(exp["obs"], a.obs, "obs")
    check_frame(exp["var"], a.var, "var")
    for name in ("obsm", "varm", "obsp", "varp", "layers"):
        check_aligned(exp[name], dict(getattr(a, name)), name)
    check_uns(exp["uns"], dict(a.uns.data if hasattr(a.uns, "data") else a.uns), "uns")
    if exp["raw"] is None:
        check(a.raw is None, "raw should be absent")
    elif check(a.raw is not None, "raw is missing"):
        if exp["raw"]["X"] is not None:
            check_matrix(exp["raw"]["X"], a.raw.X, "raw/X")
        check_frame(exp["raw"]["var"], a.raw.var, "raw/var")
        check_aligned(exp["raw"]["varm"], dict(a.raw.varm), "raw/varm")


if __name__ == "__main__":
    main()
