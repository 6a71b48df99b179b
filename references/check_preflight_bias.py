"""Independent check of the preflight's exact time-step bias (`anderson-noise validate` with a
planned trajectories run) on one explicit chain of L = 40, with NumPy/SciPy and no code of the
project.

Exact closure: d rho/dt = i[h, rho] - (gamma/2) M o rho (rho_s[i][j] = Tr(rho c_i^dag c_j),
M_ij = 1 iff exactly one of i, j is the noisy site), as expm of its L^2 x L^2 superoperator.
Averaged steps: free step rho -> e^{i h tau} rho e^{-i h tau} (scipy.linalg.expm); averaged kick
= the dephasing channel e^{-gamma dt/2} on the entries with exactly one index k; lie = kick after
a free dt, strang = free dt/2, kick, free dt/2; paper = E_theta[V rho V^dag],
V = exp(i (h dt + theta P)), theta ~ N(0, gamma dt), by the trapezoidal rule in theta/sqrt(gamma dt)
on [-12, 12] with step 0.05. Then bias = scheme - exact for the energy (signed) and the largest
|bias| over sites of the density, against the `preflight` object of the JSON report.

    python3 references/check_preflight_bias.py [BINARY]     # default .build/release/anderson-noise
Exit 0 when every scheme agrees to 1e-10 absolute.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.linalg import expm

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/anderson-noise"
L, W, GAMMA, K, DT = 40, 2.0, 0.7, 17, 0.25  # K 0-based
TIMES = [0, 1, 5, 10, 20]
rng = np.random.default_rng(7)
w = rng.uniform(-W, W, L)
occ = np.zeros(L, int)
occ[rng.choice(L, L // 2, replace=False)] = 1
h = np.diag(w) - np.eye(L, k=1) - np.eye(L, k=-1)
rho0 = np.diag(occ).astype(complex)
mask = np.zeros((L, L))
mask[K, :] = 1
mask[:, K] = 1
mask[K, K] = 0


def observables(x):
    return np.real(np.trace(h.T @ x)), np.real(np.diag(x))


def exact():
    eye = np.eye(L)
    a = 1j * (np.kron(eye, h) - np.kron(h.T, eye)) - GAMMA / 2 * np.diag(mask.flatten(order="F"))
    v0 = rho0.flatten(order="F")
    return [observables((expm(a * t) @ v0).reshape(L, L, order="F")) for t in TIMES]


def averaged(scheme):
    full, half = expm(1j * h * DT), expm(1j * h * DT / 2)
    factor = np.where(mask == 1, np.exp(-GAMMA * DT / 2), 1.0)
    nodes = []
    if scheme == "paper":
        sigma = np.sqrt(GAMMA * DT)
        for eta in np.arange(-240, 241) * 0.05:
            m = h * DT
            m[K, K] += sigma * eta
            nodes.append((0.05 * np.exp(-eta * eta / 2) / np.sqrt(2 * np.pi), expm(1j * m)))

    def step(x):
        if scheme == "lie":
            return factor * (full @ x @ full.conj().T)
        if scheme == "strang":
            return half @ (factor * (half @ x @ half.conj().T)) @ half.conj().T
        return sum(wq * (v @ x @ v.conj().T) for wq, v in nodes)

    out, x, done = [], rho0.copy(), 0
    for t in TIMES:
        n = int(round(t / DT))
        for _ in range(n - done):
            x = step(x)
        done = n
        out.append(observables(x))
    return out


def main():
    reference = exact()
    worst = 0.0
    for scheme in ["lie", "strang", "paper"]:
        mine = averaged(scheme)
        energy = [s[0] - e[0] for s, e in zip(mine, reference)]
        density = [np.max(np.abs(s[1] - e[1])) for s, e in zip(mine, reference)]
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "report.json")
            subprocess.run(
                [BINARY, "validate", "--potential", ",".join(repr(float(v)) for v in w),
                 "--occupations", ",".join(map(str, occ)), "--initial", "product", "--gamma", str(GAMMA),
                 "--noise-site", str(K + 1), "--scheme", scheme, "--dt", str(DT),
                 "--times", ",".join(map(str, TIMES)), "--noise-realizations", "10", "--quiet", "--output", report],
                stdout=subprocess.DEVNULL)
            observed = json.load(open(report))["preflight"]["observables"]
        de = max(abs(a - b) for a, b in zip(energy, observed["energy"]["bias"]))
        dd = max(abs(a - b) for a, b in zip(density, observed["density"]["bias"]))
        print(f"{scheme:6s} energy bias {energy[-1]: .6e} (max |diff| {de:.1e}), "
              f"density max |bias| {density[-1]:.6e} (max |diff| {dd:.1e})")
        worst = max(worst, de, dd)
    print("AGREE" if worst <= 1e-10 else "DISAGREE")
    return 0 if worst <= 1e-10 else 1


if __name__ == "__main__":
    sys.exit(main())
