#!/usr/bin/env python3
"""Writes a small h5ad file in the anndata <= 0.6 ("v0.5") layout, for which no public fixture exists.

The layout (formats.md §1.2): obs, var, obsm and varm are compound (struct) datasets; the first field of obs/var is
the index; categorical columns are integer fields whose categories live in uns/<col>_categories (fixed-length
bytes); raw is stored as root entries "raw.X" (a group with attributes h5sparse_format/h5sparse_shape holding
data/indices/indptr) and "raw.var" (compound); there are no encoding attributes anywhere. (anndata 0.6 could also
write "raw.varm", which anndata 0.8 no longer reads; it is left out.)

Usage: make_legacy_h5ad.py [OUT]   (default: data/src/test/resources/h5ad/legacy_v0.6.h5ad)
Needs numpy and h5py only. The output is committed; H5adLegacyTest reads it and checks the values below.
"""
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "src", "test", "resources", "h5ad",
                                                        "legacy_v0.6.h5ad")

N_OBS, N_VARS, N_RAW = 5, 4, 6


def main():
    X = (np.arange(N_OBS * N_VARS, dtype=np.float32).reshape(N_OBS, N_VARS) - 3) / 4

    obs = np.zeros(N_OBS, dtype=[("index", "S8"), ("cell_type", "i1"), ("n_counts", "<f4"), ("batch", "<i8"),
                                 ("is_doublet", "?")])
    obs["index"] = [b"cell%d" % i for i in range(N_OBS)]
    obs["cell_type"] = [1, 0, 2, 1, 0]                  # codes into uns/cell_type_categories
    obs["n_counts"] = [10.5, 20.25, 30.0, 40.75, 50.5]
    obs["batch"] = [0, 1, 0, 1, 7]
    obs["is_doublet"] = [False, True, False, False, True]

    var = np.zeros(N_VARS, dtype=[("index", "S8"), ("gene_ids", "S16"), ("gene_type", "i1"),
                                  ("highly_variable", "?"), ("means", "<f8")])
    var["index"] = [b"GENE%d" % j for j in range(N_VARS)]
    var["gene_ids"] = [b"ENSG%011d" % j for j in range(N_VARS)]
    var["gene_type"] = [0, 1, 1, 0]                    # codes into uns/gene_type_categories
    var["highly_variable"] = [True, False, True, False]
    var["means"] = [0.5, 1.5, 2.5, 3.5]

    obsm = np.zeros(N_OBS, dtype=[("X_pca", "<f4", (3,)), ("X_umap", "<f8", (2,))])
    obsm["X_pca"] = np.arange(N_OBS * 3, dtype=np.float32).reshape(N_OBS, 3) / 10
    obsm["X_umap"] = np.arange(N_OBS * 2, dtype=np.float64).reshape(N_OBS, 2) - 4
    varm = np.zeros(N_VARS, dtype=[("PCs", "<f8", (3,))])
    varm["PCs"] = np.arange(N_VARS * 3, dtype=np.float64).reshape(N_VARS, 3) * 0.25

    # raw: 5 x 6 CSR
    raw_dense = np.zeros((N_OBS, N_RAW), dtype=np.float32)
    raw_dense[0, 1] = 1.0
    raw_dense[0, 5] = 2.0
    raw_dense[2, 0] = 3.5
    raw_dense[3, 3] = 4.0
    raw_dense[4, 2] = 5.0
    raw_dense[4, 4] = 6.25
    indptr = np.concatenate([[0], np.cumsum((raw_dense != 0).sum(axis=1))]).astype(np.int64)
    indices = np.concatenate([np.nonzero(r)[0] for r in raw_dense]).astype(np.int64)
    data = raw_dense[raw_dense != 0]
    raw_var = np.zeros(N_RAW, dtype=[("index", "S8"), ("gene_symbols", "S8")])
    raw_var["index"] = [b"RAW%d" % j for j in range(N_RAW)]
    raw_var["gene_symbols"] = [b"SYM%d" % j for j in range(N_RAW)]

    with h5py.File(OUT, "w") as f:
        f.create_dataset("X", data=X)
        f.create_dataset("obs", data=obs)
        f.create_dataset("var", data=var)
        f.create_dataset("obsm", data=obsm)
        f.create_dataset("varm", data=varm)
        layers = f.create_group("layers")
        layers.create_dataset("counts", data=np.round(X * 4 + 3).astype(np.float32))
        uns = f.create_group("uns")
        uns.create_dataset("cell_type_categories", data=np.array([b"B", b"NK", b"T"]))
        uns.create_dataset("gene_type_categories", data=np.array([b"coding", b"lncRNA"]))
        uns.create_dataset("louvain_colors", data=np.array([b"#1f77b4", b"#ff7f0e"]))
        params = uns.create_group("neighbors").create_group("params")
        params.create_dataset("n_neighbors", data=np.int64(15))
        params.create_dataset("method", data=np.array([b"umap"]))  # old strings: one-element 1-d arrays
        uns.create_dataset("pca_variance", data=np.array([3.0, 2.0, 1.0], dtype=np.float32))
        raw_x = f.create_group("raw.X")
        raw_x.attrs["h5sparse_format"] = np.bytes_(b"csr")
        raw_x.attrs["h5sparse_shape"] = np.array([N_OBS, N_RAW], dtype=np.int64)
        raw_x.create_dataset("data", data=data)
        raw_x.create_dataset("indices", data=indices)
        raw_x.create_dataset("indptr", data=indptr)
        f.create_dataset("raw.var", data=raw_var)
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
