#!/usr/bin/env python3
"""Writes the small 10x HDF5 files that the shared fixtures lack, for TenxH5Test.

  v2_two_genomes.h5  Cell Ranger 2 layout (one group per genome) with two genomes, GRCh38 (4 genes x 3 cells)
                     and mm10 (3 genes x 3 cells), plus a stray dataset at the root that readers must ignore.
  v3_intids.h5       Cell Ranger 3 layout (matrix/ group) with integer-looking feature ids ("0001", "42", ...),
                     two genomes, an "Antibody Capture" feature, and each cell's genes stored in decreasing order
                     (as Cell Ranger writes them).

The matrices are the DENSE arrays below (genes x cells); TenxH5Test repeats them. Strings are fixed-length bytes,
as Cell Ranger and PyTables write them. Run with h5py and numpy:

    python3 data/scripts/tenx_make_multigenome.py data/src/test/resources/golden/tenx
"""
import sys
from pathlib import Path

import h5py
import numpy as np

V2 = {
    "GRCh38": dict(genes=["ENSG01", "ENSG02", "ENSG03", "ENSG04"], names=["A1BG", "TP53", "CD3E", "TP53"],
                   barcodes=["AAAC-1", "AAAG-1", "AAAT-1"],
                   dense=[[1, 0, 0], [0, 2, 0], [3, 0, 4], [0, 0, 5]]),
    "mm10": dict(genes=["ENSMUSG1", "ENSMUSG2", "ENSMUSG3"], names=["Actb", "Cd3e", "Gapdh"],
                 barcodes=["CCCA-1", "CCCG-1", "CCCT-1"],
                 dense=[[7, 0, 1], [0, 0, 0], [2, 6, 0]]),
}

V3 = dict(ids=["0001", "42", "7", "1e3", "99"], names=["G1", "G2", "G3", "G4", "CD3_TotalSeqB"],
          types=["Gene Expression"] * 4 + ["Antibody Capture"],
          genomes=["GRCh38", "GRCh38", "mm10", "mm10", ""],
          barcodes=["TTTA-1", "TTTC-1", "TTTG-1"],
          dense=[[1, 0, 2], [0, 3, 0], [4, 5, 0], [0, 0, 6], [9, 8, 7]])


def csc(dense, decreasing=False):
    """The genes x cells matrix as CSC arrays (per cell: gene indices and values), optionally genes decreasing."""
    a = np.asarray(dense)
    data, indices, indptr = [], [], [0]
    for c in range(a.shape[1]):
        rows = np.nonzero(a[:, c])[0]
        if decreasing:
            rows = rows[::-1]
        indices.extend(rows.tolist())
        data.extend(a[rows, c].tolist())
        indptr.append(len(indices))
    return (np.array(data, dtype=np.int32), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64),
            np.array(a.shape, dtype=np.int32))


def fixed(strings):
    return np.array([s.encode() for s in strings], dtype=f"S{max(1, max(len(s) for s in strings))}")


def write_v2(path):
    with h5py.File(path, "w") as f:
        f.attrs["filetype"] = np.bytes_("matrix")
        for genome, g in V2.items():
            grp = f.create_group(genome)
            data, indices, indptr, shape = csc(g["dense"])
            grp["data"], grp["indices"], grp["indptr"], grp["shape"] = data, indices, indptr, shape
            grp["genes"], grp["gene_names"], grp["barcodes"] = fixed(g["genes"]), fixed(g["names"]), fixed(g["barcodes"])
        f["stray"] = np.arange(3, dtype=np.int64)


def write_v3(path):
    with h5py.File(path, "w") as f:
        f.attrs["filetype"] = "matrix"
        f.attrs["version"] = 2
        f.attrs["library_ids"] = fixed(["lib1"])
        m = f.create_group("matrix")
        data, indices, indptr, shape = csc(V3["dense"], decreasing=True)
        m["data"], m["indices"], m["indptr"], m["shape"] = data, indices, indptr, shape
        m["barcodes"] = fixed(V3["barcodes"])
        feats = m.create_group("features")
        feats["id"], feats["name"] = fixed(V3["ids"]), fixed(V3["names"])
        feats["feature_type"], feats["genome"] = fixed(V3["types"]), fixed(V3["genomes"])
        feats["_all_tag_keys"] = fixed(["genome"])


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "data/src/test/resources/golden/tenx")
    out.mkdir(parents=True, exist_ok=True)
    write_v2(out / "v2_two_genomes.h5")
    write_v3(out / "v3_intids.h5")
    for name in ("v2_two_genomes.h5", "v3_intids.h5"):
        with h5py.File(out / name, "r") as f:
            f.visit(lambda n: print(name, n))
