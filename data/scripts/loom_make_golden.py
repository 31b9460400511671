#!/usr/bin/env python3
"""Writes a small loom file the way loompy 3 lays it out, with h5py (loompy itself is not needed), for LoomTest.

loompy_style.loom: /matrix 3 genes x 4 cells float32 (chunked, gzip level 2, as loompy's LayerManager writes it),
/layers/spliced (int32), row_attrs Gene / Accession (variable-length UTF-8 strings, as loom 3.0.0 requires) and a
float64 column, col_attrs CellID (vlen strings), ClusterID (int64) and a 2-D embedding, an EMPTY /row_graphs group
(loompy always creates it), /col_graphs/KNN with int64 a, b and float64 w, /attrs/LOOM_SPEC_VERSION "3.0.0" and
/attrs/title, and the old-style root attribute last_modified. LoomTest repeats the values below.

    python3 data/scripts/loom_make_golden.py data/src/test/resources/golden/loom
"""
import sys
from pathlib import Path

import h5py
import numpy as np

MATRIX = np.array([[0, 1.5, 0, 2], [3, 0, 0, 0], [0, 0, 4, 0.25]], dtype=np.float32)  # genes x cells
SPLICED = np.array([[0, 1, 0, 2], [3, 0, 0, 0], [0, 0, 4, 1]], dtype=np.int32)


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    vlen = h5py.string_dtype("utf-8")
    with h5py.File(out / "loompy_style.loom", "w") as f:
        f.attrs["last_modified"] = "20260101T000000.000000Z"
        f.create_dataset("matrix", data=MATRIX, chunks=(3, 4), compression="gzip", compression_opts=2,
                         maxshape=(3, None))
        f.create_group("layers").create_dataset("spliced", data=SPLICED, chunks=(3, 4), compression="gzip")
        ra = f.create_group("row_attrs")
        ra.create_dataset("Gene", data=np.array(["Actb", "Gapdh", "Ccl5ü"], dtype=object), dtype=vlen)
        ra.create_dataset("Accession", data=np.array(["ENSMUSG1", "ENSMUSG2", "ENSMUSG3"], dtype=object), dtype=vlen)
        ra.create_dataset("GC", data=np.array([0.5, 0.25, 0.125]))
        ca = f.create_group("col_attrs")
        ca.create_dataset("CellID", data=np.array(["cA", "cB", "cC", "cD"], dtype=object), dtype=vlen)
        ca.create_dataset("ClusterID", data=np.array([0, 1, 1, 0], dtype=np.int64))
        ca.create_dataset("X_umap", data=np.array([[1, 2], [3, 4], [5, 6], [7, 8]], dtype=np.float32))
        f.create_group("row_graphs")
        knn = f.create_group("col_graphs").create_group("KNN")
        knn["a"] = np.array([0, 1, 2, 2], dtype=np.int64)
        knn["b"] = np.array([1, 0, 3, 3], dtype=np.int64)  # a duplicate edge: summed on reading, as scipy does
        knn["w"] = np.array([1.0, 1.0, 0.5, 0.25])
        attrs = f.create_group("attrs")
        attrs.create_dataset("LOOM_SPEC_VERSION", data="3.0.0", dtype=vlen)
        attrs.create_dataset("title", data="golden", dtype=vlen)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/src/test/resources/golden/loom"))
