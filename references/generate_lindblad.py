#!/usr/bin/env python3
"""Reference data for the many-body Lindblad equation (paper eq. 4), computed with QuTiP.

Full 2^L Fock space, Jordan-Wigner fermions from qutip.fdestroy, mesolve (adams) with
rtol 1e-12, atol 1e-14 and normalize_output=False (otherwise QuTiP renormalises the trace,
which would hide a trace error). Conventions: rho_s[i][j] = Tr(rho c_i^dag c_j); sites 1-based
in the files (noise_site, or noise_sites with one gamma each in gammas); natural log. Potentials are drawn from numpy's default_rng with a
fixed seed per case and rounded to 12 significant digits before use, so the file holds
exactly what was computed.

Regenerate: pip install -r references/requirements.txt && python3 references/generate_lindblad.py
"""
import json
import os
import sys
import time

import numpy as np
import qutip
import scipy
import scipy.linalg

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "lindblad")
TIMES = [0, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 40, 50]

# name, L, N, J, W, gamma, k (1-based), initial, occupations (product), seed.
# k may be a list of distinct noisy sites, with gamma one value for all of them or a list
# (one per site, same order): dissipator sum_s gamma_s (n_s rho n_s - {n_s, rho}/2).
CASES = [
    ("L4_N2_ground_k2_g1", 4, 2, 1.0, 1.0, 1.0, 2, "ground", None, 11),
    ("L4_N2_product_k1_g0.3", 4, 2, 1.0, 2.0, 0.3, 1, "product", [1, 0, 1, 0], 12),
    ("L5_N2_ground_k5_g2", 5, 2, 1.0, 1.5, 2.0, 5, "ground", None, 13),
    ("L5_N3_product_k2_g0", 5, 3, 1.0, 1.0, 0.0, 2, "product", [1, 1, 0, 0, 1], 14),
    ("L6_N3_ground_k3_g1", 6, 3, 1.0, 1.0, 1.0, 3, "ground", None, 15),
    ("L6_N3_product_k1_g0.3", 6, 3, 1.0, 0.5, 0.3, 1, "product", [1, 0, 1, 1, 0, 0], 16),
    ("L6_N2_ground_k6_g0.3_J0.7", 6, 2, 0.7, 2.0, 0.3, 6, "ground", None, 17),
    ("L6_N3_ground_k3_g0", 6, 3, 1.0, 3.0, 0.0, 3, "ground", None, 18),
    ("L7_N3_product_k3_g1", 7, 3, 1.0, 1.0, 1.0, 3, "product", [0, 1, 1, 0, 0, 1, 0], 19),
    ("L7_N3_ground_k7_g2", 7, 3, 1.0, 2.5, 2.0, 7, "ground", None, 20),
    ("L7_N4_product_k4_g0.3", 7, 4, 1.0, 1.0, 0.3, 4, "product", [1, 0, 1, 0, 1, 0, 1], 21),
    ("L8_N4_ground_k4_g1", 8, 4, 1.0, 1.0, 1.0, 4, "ground", None, 22),
    ("L8_N4_product_k1_g2", 8, 4, 1.0, 1.5, 2.0, 1, "product", [1, 1, 0, 0, 1, 0, 1, 0], 23),
    ("L8_N3_ground_k8_g0.3", 8, 3, 1.0, 3.0, 0.3, 8, "ground", None, 24),
    ("L8_N4_product_k5_g0", 8, 4, 1.0, 2.0, 0.0, 5, "product", [0, 1, 0, 1, 1, 0, 1, 0], 25),
    ("L5_N1_ground_k3_g1", 5, 1, 1.0, 1.0, 1.0, 3, "ground", None, 26),
    # Several noisy sites: adjacent sites, an end site, different gammas, every site noisy.
    ("L6_N3_ground_k3,4_g1", 6, 3, 1.0, 1.0, 1.0, [3, 4], "ground", None, 27),
    ("L6_N3_product_k1,4_g0.5,1.5", 6, 3, 1.0, 1.5, [0.5, 1.5], [1, 4], "product", [1, 0, 1, 0, 0, 1], 28),
    ("L7_N3_product_k7,4,1_g2,0.3,1", 7, 3, 1.0, 1.0, [2.0, 0.3, 1.0], [7, 4, 1], "product", [0, 1, 1, 0, 0, 1, 0], 29),
    ("L5_N2_ground_kall_g0.7", 5, 2, 1.0, 2.0, 0.7, [1, 2, 3, 4, 5], "ground", None, 30),
    ("L8_N4_product_k2,3,5,8_g0.3,1,2,0.5", 8, 4, 1.0, 1.0, [0.3, 1.0, 2.0, 0.5], [2, 3, 5, 8], "product",
     [1, 1, 0, 0, 1, 0, 1, 0], 31),
    ("L8_N3_ground_k1,8_g1_J0.7", 8, 3, 0.7, 2.0, 1.0, [1, 8], "ground", None, 32),
]


def round12(x):
    return float(f"{x:.12g}")


def single_particle_h(L, J, w):
    h = np.diag(w).astype(float)
    for i in range(L - 1):
        h[i, i + 1] = h[i + 1, i] = -J
    return h


def closed_equation_rho_s(h, sites, gammas, rho_s0, t):
    """rho_s(t) from d rho_s/dt = +i[h, rho_s] - Gamma o rho_s, Gamma_ij = (g_i + g_j)/2 for i != j
    (g the noise strength per site; one site k: (gamma/2) M o rho_s), by expm of the L^2 superoperator."""
    L = h.shape[0]
    eye = np.eye(L)
    g = np.zeros(L)
    for k, gamma in zip(sites, gammas):
        g[k] = gamma
    rates = 0.5 * (g[:, None] + g[None, :])
    np.fill_diagonal(rates, 0)
    # vec (column-major): vec(A X B) = (B^T kron A) vec(X)
    sup = 1j * (np.kron(eye, h) - np.kron(h.T, eye)) - np.diag(rates.flatten(order="F"))
    v = scipy.linalg.expm(sup * t) @ rho_s0.flatten(order="F")
    return v.reshape((L, L), order="F")


def run_case(name, L, N, J, W, gamma, k, initial, occupations, seed):
    rng = np.random.default_rng(seed)
    w = [round12(x) for x in rng.uniform(-W, W, L)]
    h = single_particle_h(L, J, w)
    c = [qutip.fdestroy(L, i) for i in range(L)]
    H = sum(h[i, j] * c[i].dag() * c[j] for i in range(L) for j in range(L) if h[i, j] != 0)
    n = [ci.dag() * ci for ci in c]
    Ntot = sum(n)
    dims = H.dims
    if initial == "ground":
        # Ground state of H inside the N-particle sector of the full Fock space.
        Nmat = Ntot.full().real
        sector = [a for a in range(2 ** L) if abs(Nmat[a, a] - N) < 1e-9]
        Hs = H.full()[np.ix_(sector, sector)]
        vals, vecs = np.linalg.eigh(Hs)
        assert vals[1] - vals[0] > 1e-8, f"{name}: degenerate ground state"
        psi = np.zeros(2 ** L, dtype=complex)
        psi[sector] = vecs[:, 0]
        psi0 = qutip.Qobj(psi, dims=[dims[0], [1] * L])
    else:
        assert len(occupations) == L and sum(occupations) == N
        vac = qutip.Qobj(np.eye(2 ** L)[:, 0], dims=[dims[0], [1] * L])
        # vacuum: all modes empty; check it is annihilated by every c_i
        assert all((ci * vac).norm() < 1e-14 for ci in c)
        psi0 = vac
        for i in reversed([i for i in range(L) if occupations[i] == 1]):
            psi0 = c[i].dag() * psi0
    rho0 = qutip.ket2dm(psi0)
    sites = [s - 1 for s in (k if isinstance(k, list) else [k])]
    gammas = gamma if isinstance(gamma, list) else [gamma] * len(sites)
    assert len(set(sites)) == len(sites) and len(gammas) == len(sites)
    c_ops = [np.sqrt(g) * n[s] for s, g in zip(sites, gammas) if g > 0]
    opts = {"rtol": 1e-12, "atol": 1e-14, "normalize_output": False, "store_states": True,
            "method": "adams", "nsteps": 10 ** 7}
    res = qutip.mesolve(H, rho0, TIMES, c_ops=c_ops, options=opts)
    obs = {k2: [] for k2 in ["trace", "energy", "density", "rho_s", "nn", "purity", "entropy_vn"]}
    cdc = [[(c[i].dag() * c[j]).full() for j in range(L)] for i in range(L)]
    nfull = [ni.full() for ni in n]
    Hfull = H.full()
    for rho in res.states:
        r = rho.full()
        tr = np.trace(r)
        obs["trace"].append(float(tr.real))
        obs["energy"].append(float(np.trace(r @ Hfull).real))
        obs["density"].append([float(np.trace(r @ nfull[i]).real) for i in range(L)])
        rs = [[complex(np.trace(r @ cdc[i][j])) for j in range(L)] for i in range(L)]
        obs["rho_s"].append([[[v.real, v.imag] for v in row] for row in rs])
        obs["nn"].append([[float(np.trace(r @ nfull[i] @ nfull[j]).real) for j in range(L)] for i in range(L)])
        obs["purity"].append(float(np.trace(r @ r).real))
        ev = np.linalg.eigvalsh((r + r.conj().T) / 2)
        obs["entropy_vn"].append(float(-sum(x * np.log(x) for x in ev if x > 1e-14)))
        assert abs(tr - 1) < 1e-10, f"{name}: trace {tr}"
        assert np.abs(np.array(rs) - np.array(rs).conj().T).max() < 1e-10
    checks = {}
    if all(g == 0 for g in gammas):
        # Unitary case: purity must stay 1; the drift measures QuTiP's own integration error.
        checks["gamma0_purity_drift"] = float(max(abs(p - 1) for p in obs["purity"]))
        assert checks["gamma0_purity_drift"] < 1e-8, f"{name}: purity not conserved at gamma 0"
    rs0 = np.array([[complex(*v) for v in row] for row in obs["rho_s"][0]])
    if initial == "ground":
        vals, phi = np.linalg.eigh(h)
        slater = phi[:, :N] @ phi[:, :N].T
        checks["ground_slater_max_diff"] = float(np.abs(rs0 - slater).max())
        assert checks["ground_slater_max_diff"] < 1e-10
    rsT = np.array([[complex(*v) for v in row] for row in obs["rho_s"][-1]])
    closed = closed_equation_rho_s(h, sites, gammas, rs0, TIMES[-1])
    checks["closed_equation_max_diff_t50"] = float(np.abs(rsT - closed).max())
    assert checks["closed_equation_max_diff_t50"] < 1e-8, (name, checks)
    doc = {"schema": "anderson-noise/reference/1", "case": name, "length": L, "particles": N, "hopping": J}
    if isinstance(k, list):
        doc["noise_sites"] = k
        doc["gammas"] = gammas
    else:
        doc["gamma"] = gamma
        doc["noise_site"] = k
    doc["potentials"] = w
    doc["initial"] = initial
    if occupations is not None:
        doc["occupations"] = occupations
    doc["times"] = TIMES
    doc["observables"] = obs
    doc["self_checks"] = checks
    doc["solver"] = {"library": "qutip", "qutip": qutip.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "method": "mesolve adams", "rtol": 1e-12, "atol": 1e-14,
                     "normalize_output": False, "fock_space": "full 2^L, qutip.fdestroy"}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    return checks


def main():
    os.makedirs(OUT, exist_ok=True)
    start = time.time()
    names = []
    only = set(sys.argv[1:])
    for case in CASES:
        if only and case[0] not in only:
            names.append(case[0] + ".json")
            continue
        t0 = time.time()
        checks = run_case(*case)
        names.append(case[0] + ".json")
        print(f"{case[0]}: {checks} ({time.time() - t0:.1f} s)", flush=True)
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump({"schema": "anderson-noise/reference-index/1", "cases": names}, f, indent=1)
    print(f"total {time.time() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
