#!/usr/bin/env python3
"""The NumPy peer of genex's MmdBench: the authors' MMD^2 (npp/mmd.py: pooled distance matrix by broadcasting,
median heuristic by np.quantile, U-statistic) for the same sizes, printing kernel entries per second
((nx + ny)^2 per evaluation). Run with Debian's python3-numpy: /usr/bin/python3 scripts/peers/mmd_numpy.py
"""
import time
import numpy as np


def mmd2(x, y, kernel):
    nx, ny = x.shape[0], y.shape[0]
    z = np.concatenate([x, y], axis=0)
    dist = np.sqrt(np.sum((z[:, None, :] - z[None, :, :]) ** 2, axis=2))
    scale = np.quantile(dist, np.minimum(0.5 + 1 / (nx + ny), 1.)) + 1e-6
    K = np.exp(-0.5 * dist ** 2 / scale ** 2) if kernel == 'rbf' else (scale ** 2 / 4 + dist ** 2) ** -0.5
    u = lambda M: np.sum(M - np.diag(np.diag(M))) / (M.shape[0] * (M.shape[0] - 1))
    return u(K[:nx, :nx]) + u(K[nx:, nx:]) - 2 * np.sum(K[:nx, nx:]) / (nx * ny)


def main():
    rng = np.random.default_rng(1)
    print(f"numpy {np.__version__}")
    for n in (100, 500):
        for d in (1, 12):
            x, y = rng.normal(size=(n, d)), rng.normal(size=(n, d)) + 0.1
            for kernel in ('rbf', 'imq'):
                mmd2(x, y, kernel)
                reps, t0 = 0, time.perf_counter()
                while time.perf_counter() - t0 < 2.0:
                    mmd2(x, y, kernel)
                    reps += 1
                sec = (time.perf_counter() - t0) / reps
                print(f"mmd n={n} d={d} kernel={kernel}: {sec * 1e3:.3f} ms/eval, {(2 * n) ** 2 / sec / 1e6:.1f} M kernel entries/s")


if __name__ == '__main__':
    main()
