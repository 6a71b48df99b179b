#!/usr/bin/env python3
"""What a user would otherwise run for one trajectory step: SciPy's expm_multiply of
-i h dt on the L x N orbital block (site basis, sparse tridiagonal h), plus the diagonal kick,
for L = 100, N = 50 and L = 1000, N = 1, dt = 0.1. Prints the median time per step.
Usage: python3 references/bench_scipy.py"""
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply

rng = np.random.default_rng(1)
for L, N in ((100, 50), (1000, 1)):
    w = rng.uniform(-1, 1, L)
    h = sp.diags([w, -np.ones(L - 1), -np.ones(L - 1)], [0, 1, -1], format="csr")
    A = (-1j * 0.1) * h
    psi = np.linalg.qr(rng.normal(size=(L, N)) + 1j * rng.normal(size=(L, N)))[0]
    k, theta = L // 2 - 1, 0.3
    samples = []
    for _ in range(7):
        t0 = time.perf_counter()
        reps = 20
        for _ in range(reps):
            psi = expm_multiply(A, psi)
            psi[k, :] *= np.exp(-1j * theta)
        samples.append((time.perf_counter() - t0) / reps)
    print(f"scipy {scipy.__version__} expm_multiply step L={L} N={N}: median {sorted(samples)[3] * 1e6:.1f} us")
