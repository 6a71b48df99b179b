#!/usr/bin/env python3
"""What a user would otherwise run: QuTiP mesolve (rtol 1e-8) on the many-body cases that
`anderson-noise bench` times (L = 12, N = 6 sector, same potentials, energy only): t = 0..10
at 101 equally spaced output times (the grid users plot), and at the three times 0, 1, 10.

QuTiP is given the same structure advantage we use (the N = 6 sector, dimension 924, with the
Hamiltonian and n_k restricted to it); in the full 2^12 Fock space it would be far slower.
Prints, per grid, the wall times of mesolve (each repeat, median) and the energy at t = 10
for a cross-check with `anderson-noise lindblad`.
Usage: python3 references/bench_qutip.py POTENTIALS_CSV [REPEATS]
(POTENTIALS_CSV: the `potentials_used` that `anderson-noise lindblad --length 12 --seed 3
--times 0,10 --output DIR` writes into DIR/run.json).
"""
import itertools
import statistics
import sys
import time

import numpy as np
import qutip
import scipy.sparse as sp

w = [float(x) for x in sys.argv[1].split(",")]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
L, N, k, gamma, J = len(w), len(w) // 2, len(w) // 2 - 1, 1.0, 1.0
states = [sum(1 << s for s in c) for c in itertools.combinations(range(L), N)]
index = {b: i for i, b in enumerate(states)}
rows, cols, vals = [], [], []
for b in states:
    a = index[b]
    rows.append(a); cols.append(a); vals.append(sum(w[i] for i in range(L) if b >> i & 1))
    for i in range(L - 1):
        for (src, dst) in ((i, i + 1), (i + 1, i)):
            if b >> src & 1 and not b >> dst & 1:
                rows.append(index[(b & ~(1 << src)) | (1 << dst)]); cols.append(a); vals.append(-J)
d = len(states)
H = qutip.Qobj(sp.csr_matrix((vals, (rows, cols)), shape=(d, d)))
nk = qutip.Qobj(sp.diags([float(b >> k & 1) for b in states]))
# ground state of the sector
e, v = np.linalg.eigh(H.full())
rho0 = qutip.ket2dm(qutip.Qobj(v[:, 0]))
for label, times in (("101 times", np.linspace(0, 10, 101)), ("3 times", [0, 1, 10])):
    seconds = []
    for _ in range(repeats):
        t0 = time.time()
        res = qutip.mesolve(H, rho0, times, c_ops=[np.sqrt(gamma) * nk], e_ops=[H],
                            options={"rtol": 1e-8, "atol": 1e-10, "normalize_output": False})
        seconds.append(time.time() - t0)
    print(f"qutip {qutip.__version__} mesolve L={L} N={N} d={d} to t=10, {label}, rtol 1e-8, energy only: "
          f"{' '.join(f'{s:.2f}' for s in seconds)} s, median {statistics.median(seconds):.2f} s; "
          f"energy(10) = {res.expect[0][-1]:.10f}")
