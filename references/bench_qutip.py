#!/usr/bin/env python3
"""What a user would otherwise run: QuTiP mesolve (rtol 1e-8) on the many-body case that
`anderson-noise bench` times (L = 12, N = 6 sector, t = 0..10, same potentials).

QuTiP is given the same structure advantage we use (the N = 6 sector, dimension 924, with the
Hamiltonian and n_k restricted to it); in the full 2^12 Fock space it would be far slower.
Prints the wall time of mesolve (median of 3) and the energy at t = 10 for a cross-check.
Usage: python3 references/bench_qutip.py POTENTIALS_CSV (the potentials printed by
`anderson-noise lindblad --length 12 --seed 3 --realizations 1 --output DIR` in result.json).
"""
import itertools
import sys
import time

import numpy as np
import qutip
import scipy.sparse as sp

w = [float(x) for x in sys.argv[1].split(",")]
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
times = [0, 1, 10]
best = []
for _ in range(3):
    t0 = time.time()
    res = qutip.mesolve(H, rho0, times, c_ops=[np.sqrt(gamma) * nk], e_ops=[H],
                        options={"rtol": 1e-8, "atol": 1e-10, "normalize_output": False})
    best.append(time.time() - t0)
print(f"qutip {qutip.__version__} mesolve L={L} N={N} d={d} to t=10 rtol 1e-8: median {sorted(best)[1]:.2f} s; energy(10) = {res.expect[0][-1]:.10f}")
