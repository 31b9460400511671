#!/usr/bin/env python3
"""The Python peer of genex's hypergraph walks + skip-gram (org.genex.bench.WalkBench), on the authors' stack:
numpy for a dense cells x cells DIPHW transition matrix and the walks, gensim's Word2Vec for the embedding.

Data as WalkBench's PlantedExpression: CELLS x 2000 genes, 200 expressed genes per cell (30% from the cell's module
of 50, counts uniform 5..35; the rest anywhere, counts 1..15), CPM then log2(x + 1) as the simulation scripts.
Transitions (DIPHW reconstruction of specs/hypergraph-walks.md 2.2, alpha = 50, as genex's TwoStepWalk.diphw):
P = D_S^-1 Gamma^T rownorm(Gamma^alpha), dense float64 (the authors' P_adjusted returns a dense matrix).
Walks: 30 walks of 30 cells from every cell, all walks advanced together one step at a time by an inverse-CDF draw
(one searchsorted over the row-offset cumulative matrix): a vectorised numpy sampler, faster than a per-walk
np.random.choice loop. Skip-gram: gensim Word2Vec(vector_size=30, window=5, sg=1, min_count=0, negative=5,
epochs=5, workers=2) on the walks as lists of str tokens.

Prints one line per size: walks/s (walk sampling only), tokens/s (epochs x tokens / train time), with the CPU time
of each (all threads: on a shared machine CPU time is steadier than wall time), and the times of the transition
matrix and the vocabulary scan. Run: /usr/bin/python3 scripts/peers/walks_python.py [cells ...]
(default 1000 4000 10000); the Debian packages python3-numpy, python3-scipy and python3-gensim are enough.
"""
import sys
import time

import numpy as np
from gensim.models import Word2Vec

GENES, NNZ_PER_CELL, MODULES = 2000, 200, 50
WALKS, LENGTH, ALPHA = 30, 30, 50.0


def planted_counts(cells, rng):
    """cells x GENES dense counts with planted modules, as PlantedExpression (not the same random numbers)."""
    x = np.zeros((cells, GENES), dtype=np.float64)
    block = GENES // MODULES
    from_module = min(block, int(0.3 * NNZ_PER_CELL))
    for v in range(cells):
        m = v % MODULES
        start = min(GENES - block, m * block)
        mod = start + rng.choice(block, from_module, replace=False)
        x[v, mod] = rng.integers(5, 36, from_module)
        free = np.setdiff1d(np.arange(GENES), mod, assume_unique=True)
        bg = rng.choice(free, NNZ_PER_CELL - from_module, replace=False)
        x[v, bg] = rng.integers(1, 16, bg.size)
    return x


def diphw(gamma_cells_genes, alpha):
    """Dense DIPHW P (cells x cells): step 1 Gamma[e,v]/S_v, step 2 Gamma[e,w]^alpha normalised per gene."""
    g = gamma_cells_genes                      # cells x genes
    p1 = g / g.sum(axis=1, keepdims=True)      # cells x genes
    with np.errstate(divide="ignore"):
        logg = np.where(g > 0, np.log(g), -np.inf).T   # genes x cells
    logg = alpha * (logg - logg.max(axis=1, keepdims=True))
    p3 = np.exp(logg)
    p3 /= p3.sum(axis=1, keepdims=True)
    return p1 @ p3


def walks(p, rng):
    n = p.shape[0]
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    flat = (cum + np.arange(n)[:, None]).ravel()   # row i's CDF shifted into [i, i+1]
    starts = np.concatenate([rng.permutation(n) for _ in range(WALKS)])
    out = np.empty((starts.size, LENGTH), dtype=np.int64)
    cur = starts
    out[:, 0] = cur
    for i in range(1, LENGTH):
        pos = np.searchsorted(flat, cur + rng.random(cur.size), side="right")
        cur = np.minimum(pos - cur * n, n - 1)
        out[:, i] = cur
    return out


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 4000, 10000]
    for cells in sizes:
        rng = np.random.default_rng(42)
        counts = planted_counts(cells, rng)
        cpm = 1e6 * counts / counts.sum(axis=1, keepdims=True)
        x = np.log2(cpm + 1)
        t0 = time.perf_counter()
        p = diphw(x, ALPHA)
        t1 = time.perf_counter()
        c1 = time.process_time()
        w = walks(p, rng)
        t2 = time.perf_counter()
        c2 = time.process_time()
        del p
        sentences = [[str(c) for c in walk] for walk in w.tolist()]
        t3 = time.perf_counter()
        model = Word2Vec(vector_size=30, window=5, sg=1, min_count=0, negative=5, epochs=5, workers=2, seed=42)
        model.build_vocab(sentences)
        t4 = time.perf_counter()
        c4 = time.process_time()
        model.train(sentences, total_examples=len(sentences), epochs=model.epochs)
        t5 = time.perf_counter()
        c5 = time.process_time()
        tokens = w.size
        print(f"cells {cells}: transitions {t1 - t0:.2f} s; walks {w.shape[0]} in {t2 - t1:.2f} s = "
              f"{w.shape[0] / (t2 - t1):.0f} walks/s ({c2 - c1:.2f} s CPU); str tokens {t3 - t2:.2f} s; "
              f"vocabulary {t4 - t3:.2f} s; word2vec 5 epochs x {tokens} tokens in {t5 - t4:.2f} s = "
              f"{5 * tokens / (t5 - t4) / 1e6:.3f} M tokens/s ({c5 - c4:.2f} s CPU, all threads)", flush=True)


if __name__ == "__main__":
    main()
