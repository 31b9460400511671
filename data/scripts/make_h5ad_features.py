#!/usr/bin/env python3
"""Writes a small h5ad file with anndata itself, using the features no public fixture covers (formats.md §7):
CSC X with int64 indptr/indices, categorical codes of -1, an ordered categorical, nullable-integer and
nullable-boolean columns, string/numeric/bool scalars and n-d arrays in uns.

Usage: make_h5ad_features.py [OUT]   (default: data/src/test/resources/h5ad/anndata_features.h5ad)
Needs numpy, scipy, pandas, h5py and anndata (written with anndata 0.8.0). The output is committed; its golden
summary is in golden/h5ad_fixtures.json (golden_h5ad.py) and H5adFixturesTest checks the reader against it.
"""
import os
import sys

import anndata
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "src", "test", "resources", "h5ad",
                                                        "anndata_features.h5ad")


def main():
    dense = np.array([[0, 1.5, 0, 0], [2, 0, 0, 3], [0, 0, 0, 0], [4, 0, 5.25, 0], [0, 0, 6, 0], [7, 0, 0, 8]],
                     dtype=np.float32)
    obs = pd.DataFrame(index=[f"cell{i}" for i in range(6)])
    obs["cell_type"] = pd.Categorical(["T", None, "B", "T", None, "NK"])                 # codes -1 for missing
    obs["grade"] = pd.Categorical(["lo", "hi", "mid", "lo", "hi", "mid"], categories=["lo", "mid", "hi"],
                                  ordered=True)
    obs["n_genes"] = pd.array([10, None, 30, 40, None, 60], dtype="Int64")               # nullable-integer
    obs["doublet"] = pd.array([True, None, False, False, True, None], dtype="boolean")    # nullable-boolean
    obs["passed"] = np.array([True, False, True, True, False, True])
    obs["batch"] = np.array(["a", "b", "a", "b", "a", "é"], dtype=object)
    obs["score"] = np.array([0.5, -1, 2, np.nan, 3.25, 0], dtype=np.float32)
    obs["count"] = np.array([1, 2, 3, 4, 5, 6], dtype=np.int32)
    var = pd.DataFrame({"mean": [0.1, 0.2, 0.3, 0.4]}, index=[f"gene{j}" for j in range(4)])
    a = anndata.AnnData(X=sp.csc_matrix(dense), obs=obs, var=var)
    a.uns["title"] = "features é"
    a.uns["alpha"] = 0.05
    a.uns["n_pcs"] = 50
    a.uns["log1p"] = {"base": 2.0, "done": True}
    a.uns["grid"] = np.arange(12, dtype=np.float64).reshape(3, 4) / 8
    a.uns["small_ints"] = np.array([-1, 0, 1, 127], dtype=np.int8)
    a.uns["labels"] = np.array(["x", "y"], dtype=object)
    a.write_h5ad(OUT)
    # anndata keeps scipy's int32 indices for this small matrix; store them as int64, as 10x-derived files do
    with h5py.File(OUT, "r+") as f:
        for name in ("indices", "indptr"):
            values = f["X"][name][()].astype(np.int64)
            del f["X"][name]
            f["X"].create_dataset(name, data=values)
        assert f["X/indptr"].dtype == np.int64
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
