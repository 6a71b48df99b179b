#!/usr/bin/env python3
"""A small trajectory code of the kind `anderson-noise check` is for, and two buggy variants.

Strang unraveling of local white noise on one site of an L = 8 chain (numpy only):
each step U = exp(-i h dt/2) exp(-i theta P_k) exp(-i h dt/2), theta ~ N(0, gamma dt),
applied to the N orbitals of a Slater determinant that starts as a product state. The
observables are averaged over M independent trajectories and written in the check format
(time, energy, density[i], each with its _stderr), one CSV per variant:

  correct.csv         the scheme as it should be
  kick_amplitude.csv  kick theta = sqrt(gamma) dt eta instead of sqrt(gamma dt) eta (eq. 5's typo)
  off_by_one.csv      the noise on site k + 1 (a 0-based/1-based slip)

Check each with (the exact noise average of the Strang scheme at this dt, so no time-step
bias enters):

  anderson-noise check correct.csv --length 8 --potential 0.3,-0.8,0.5,0.9,-0.2,-0.6,0.1,0.7 \
      --gamma 1 --noise-site 4 --initial product --occupations 1,0,1,0,1,0,1,0 \
      --against scheme --scheme strang --dt 0.1 --samples 4000

Conventions of anderson-noise: hbar = 1, h[i][i+1] = -J, h[i][i] = w_i, sites 1-based in
files and options, rho_s[i][j] = <c_i^dag c_j>.
"""
import argparse
import os

import numpy as np

L = 8
J = 1.0
W = np.array([0.3, -0.8, 0.5, 0.9, -0.2, -0.6, 0.1, 0.7])
GAMMA = 1.0
SITE = 4  # 1-based, as the command line counts
OCC = [1, 0, 1, 0, 1, 0, 1, 0]
DT = 0.1
TIMES = [0, 0.5, 1, 2, 5, 10]


def hamiltonian():
    h = np.diag(W).astype(complex)
    for i in range(L - 1):
        h[i, i + 1] = h[i + 1, i] = -J
    return h


def run(trajectories, seed, kick="correct", site=SITE):
    """Mean and standard error of energy and density at TIMES over independent trajectories."""
    rng = np.random.default_rng(seed)
    h = hamiltonian()
    e, v = np.linalg.eigh(h)
    half = v @ np.diag(np.exp(-0.5j * DT * e)) @ v.conj().T  # exp(-i h dt/2)
    occupied = [i for i, n in enumerate(OCC) if n]
    phi = np.zeros((trajectories, L, len(occupied)), dtype=complex)
    for n, i in enumerate(occupied):
        phi[:, i, n] = 1.0
    k = site - 1
    amplitude = np.sqrt(GAMMA * DT) if kick == "correct" else np.sqrt(GAMMA) * DT
    steps = [round(t / DT) for t in TIMES]
    rows, done = [], 0
    for n in steps:
        for _ in range(n - done):
            phi = half @ phi
            theta = amplitude * rng.standard_normal(trajectories)
            phi[:, k, :] *= np.exp(-1j * theta)[:, None]
            phi = half @ phi
        done = n
        density = np.sum(np.abs(phi) ** 2, axis=2)  # (M, L)
        energy = np.einsum("mia,ij,mja->m", phi.conj(), h, phi).real
        sample = np.column_stack([energy, density])
        rows.append((sample.mean(axis=0), sample.std(axis=0, ddof=1) / np.sqrt(trajectories)))
    return rows


def write(path, rows):
    names = ["energy"] + [f"density[{i + 1}]" for i in range(L)]
    header = ["time"] + names + [n.replace("[", "_stderr[") if "[" in n else n + "_stderr"
                                 for n in names]
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for t, (mean, se) in zip(TIMES, rows):
            f.write(",".join(repr(float(x)) for x in [t, *mean, *se]) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=".", help="directory for the three CSV files")
    parser.add_argument("--trajectories", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    m = args.trajectories
    write(os.path.join(args.out, "correct.csv"), run(m, args.seed))
    write(os.path.join(args.out, "kick_amplitude.csv"), run(m, args.seed + 1, kick="buggy"))
    write(os.path.join(args.out, "off_by_one.csv"), run(m, args.seed + 2, site=SITE + 1))
    print(f"wrote correct.csv, kick_amplitude.csv, off_by_one.csv to {args.out} "
          f"({m} trajectories each; check with --samples {m})")


if __name__ == "__main__":
    main()
