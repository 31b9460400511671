#!/usr/bin/python3
"""The peer of DataReadBench read: anndata.read_h5ad, then scanpy's normalize_total(target_sum=1e4) and log1p
written with numpy/scipy (scanpy itself is not a Debian package). Prints one line like DataReadBench's, with the
peak resident set size of the process (ru_maxrss) in place of the peak heap."""
import resource
import sys
import time

import anndata
import numpy as np

path = sys.argv[1]
t0 = time.perf_counter()
a = anndata.read_h5ad(path)
t1 = time.perf_counter()
x = a.X.tocsr()
totals = np.asarray(x.sum(axis=1)).ravel()
scale = np.divide(1e4, totals, out=np.zeros_like(totals, dtype=np.float64), where=totals > 0)
counts_per_row = np.diff(x.indptr)
x.data = (x.data * np.repeat(scale, counts_per_row)).astype(np.float32)
np.log1p(x.data, out=x.data)
t2 = time.perf_counter()
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
print(f"mode=anndata cells={x.shape[0]} genes={x.shape[1]} nnz={x.nnz} read_s={t1 - t0:.3f} "
      f"normalise_s={t2 - t1:.3f} total_s={t2 - t0:.3f} peak_rss_mb={rss_mb:.1f} anndata={anndata.__version__}")
