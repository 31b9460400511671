#!/usr/bin/env python3
"""Checks the layout of a loom file with h5py (loompy is not needed) and prints a JSON summary.

Checks the loom 3.0.0 layout and the rules of loompy's validator (LoomValidator.validate_spec): /matrix is 2-D of
an allowed dtype; every layer has its shape; row attributes have n_genes rows and column attributes n_cells rows,
numeric or string; graphs have equal-length a (integer), b (integer) and w (float) with vertices in range;
/attrs/LOOM_SPEC_VERSION is "3.0.0"; no group is empty. Groups the validator requires but genex omits when they
would be empty (layers, row_graphs, col_graphs) are reported under "absent", not as errors.

Usage: loom_check.py FILE.loom   (exit status 1 when a check fails; the JSON is printed either way)

The summary holds the shape, the names (Gene, CellID), each attribute's dtype, shape and values (strings decoded
as UTF-8; NaN as null), the matrix and layers as dense genes x cells lists, and the graphs' edges, for JUnit to
compare.
"""
import json
import sys

import h5py
import numpy as np

MATRIX_TYPES = {"float16", "float32", "float64", "int8", "int16", "int32", "int64",
                "uint8", "uint16", "uint32", "uint64"}
VERTEX_TYPES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
WEIGHT_TYPES = {"float16", "float32", "float64"}


def finite(x):
    """The value with NaN and infinities as None, since strict JSON has no NaN."""
    if isinstance(x, list):
        return [finite(v) for v in x]
    if isinstance(x, float) and not np.isfinite(x):
        return None
    return x


def values(ds):
    v = ds[()]
    if ds.dtype.kind in "SO":
        decode = lambda x: x.decode("utf-8") if isinstance(x, bytes) else str(x)
        return decode(v) if np.ndim(v) == 0 else [decode(x) for x in np.asarray(v).ravel()]
    return finite(np.asarray(v).tolist())


def main(path):
    errors, absent = [], []
    out = {"errors": errors, "absent": absent}
    with h5py.File(path, "r") as f:
        def no_empty_groups(name, obj):
            if isinstance(obj, h5py.Group) and len(obj) == 0:
                errors.append(f"empty group /{name}")
        f.visititems(no_empty_groups)

        if "matrix" not in f:
            errors.append("main matrix missing")
            return out
        m = f["matrix"]
        shape = m.shape
        out["shape"] = list(shape)
        out["matrix_dtype"] = str(m.dtype)
        out["matrix_chunks"] = list(m.chunks) if m.chunks else None
        out["matrix_compression"] = m.compression
        if len(shape) != 2:
            errors.append(f"matrix is {len(shape)}-D")
        if str(m.dtype) not in MATRIX_TYPES:
            errors.append(f"matrix dtype {m.dtype} not allowed")
        out["matrix"] = finite(m[()].tolist())

        out["layers"] = {}
        if "layers" in f:
            for k, ds in f["layers"].items():
                if ds.shape != shape:
                    errors.append(f"layer {k} shape {ds.shape} differs from {shape}")
                if str(ds.dtype) not in MATRIX_TYPES:
                    errors.append(f"layer {k} dtype {ds.dtype} not allowed")
                out["layers"][k] = finite(ds[()].tolist())
        else:
            absent.append("layers")

        for group, axis in (("row_attrs", 0), ("col_attrs", 1)):
            out[group] = {}
            if group not in f:
                errors.append(f"'{group}' group is missing")
                continue
            for k, ds in f[group].items():
                if ds.shape[0] != shape[axis]:
                    errors.append(f"{group}/{k} has {ds.shape[0]} rows, expected {shape[axis]}")
                if str(ds.dtype) not in MATRIX_TYPES and ds.dtype.kind not in "SO":
                    errors.append(f"{group}/{k} dtype {ds.dtype} not allowed")
                out[group][k] = {"dtype": str(ds.dtype), "kind": ds.dtype.kind, "shape": list(ds.shape),
                                 "values": values(ds)}

        for group, axis in (("row_graphs", 0), ("col_graphs", 1)):
            out[group] = {}
            if group not in f:
                absent.append(group)
                continue
            for g, grp in f[group].items():
                if not all(x in grp for x in "abw"):
                    errors.append(f"{group}/{g} lacks a, b or w")
                    continue
                a, b, w = grp["a"], grp["b"], grp["w"]
                if str(a.dtype) not in VERTEX_TYPES or str(b.dtype) not in VERTEX_TYPES:
                    errors.append(f"{group}/{g} vertices are not integers")
                if str(w.dtype) not in WEIGHT_TYPES:
                    errors.append(f"{group}/{g} weights are not floats")
                if not (a.shape == b.shape == w.shape):
                    errors.append(f"{group}/{g} a, b, w differ in length")
                av, bv = a[()], b[()]
                if len(av) and (av.min() < 0 or bv.min() < 0 or av.max() >= shape[axis] or bv.max() >= shape[axis]):
                    errors.append(f"{group}/{g} has a vertex out of range")
                out[group][g] = {"a": av.tolist(), "b": bv.tolist(), "w": finite(w[()].tolist())}

        out["attrs"] = {}
        if "attrs" not in f or "LOOM_SPEC_VERSION" not in f["attrs"]:
            errors.append("/attrs/LOOM_SPEC_VERSION missing")
        else:
            for k, ds in f["attrs"].items():
                out["attrs"][k] = values(ds)
            if out["attrs"]["LOOM_SPEC_VERSION"] != "3.0.0":
                errors.append(f"LOOM_SPEC_VERSION is {out['attrs']['LOOM_SPEC_VERSION']!r}")
    return out


if __name__ == "__main__":
    result = main(sys.argv[1])
    print(json.dumps(result, allow_nan=False))
    sys.exit(1 if result["errors"] else 0)
