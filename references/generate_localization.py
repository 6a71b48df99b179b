#!/usr/bin/env python3
"""Independent transfer-matrix reference for `anderson-noise localization`.

Lyapunov exponent of psi_{n+1} = ((w_n - E)/J) psi_n - psi_{n-1}, w_n uniform in [-W, W],
computed here by the Riccati variable r_n = psi_n / psi_{n-1}, r_{n+1} = (w_n - E)/J - 1/r_n,
lambda = <ln |r|> (no renormalisation needed), with numpy's PCG64 generator: nothing is
shared with the Swift code but the model. Each chain: a warm-up of sites/10 steps from
r = inf (psi_0 = 0), then `sites` counted steps; standard error from the spread over chains.

    python3 references/generate_localization.py   # writes references/localization/reference.json (~30 s)
"""
import json, os, platform, time
import numpy as np

CASES = [  # (W, J, energies)
    (0.5, 1.0, [0.0, 0.5, 1.0, 1.5, 2.2]),
    (1.0, 1.0, [0.0, 0.5, 1.0, 1.5, 2.2]),
    (2.0, 1.0, [0.0, 0.5, 1.0, 1.5, 2.2]),
    (4.0, 1.0, [0.0, 1.0, 2.0, 3.0, 5.0]),
    (8.0, 1.0, [0.0, 2.0, 4.0, 6.0, 9.0]),
    (1.4, 0.7, [0.0, 0.35, 0.7, 1.05, 1.54]),
]
CHAINS = 200
SITES = 50_000
SEED = 20261201


def lyapunov(w_strength, hopping, energies, rng):
    e = np.asarray(energies, float)[:, None]
    r = np.full((len(energies), CHAINS), np.inf)
    total = np.zeros((len(energies), CHAINS))
    warmup = SITES // 10
    for n in range(warmup + SITES):
        w = w_strength * (2 * rng.random(CHAINS) - 1)
        r = (w[None, :] - e) / hopping - 1.0 / r
        if n >= warmup:
            total += np.log(np.abs(r))
    per_chain = total / SITES
    return per_chain.mean(axis=1), per_chain.std(axis=1, ddof=1) / np.sqrt(CHAINS)


def main():
    rng = np.random.default_rng(SEED)
    start = time.time()
    points = []
    for w_strength, hopping, energies in CASES:
        mean, se = lyapunov(w_strength, hopping, energies, rng)
        for e, m, s in zip(energies, mean, se):
            points.append({"disorder": w_strength, "hopping": hopping, "energy": e, "lyapunov": float(m),
                           "lyapunov_stderr": float(s), "sites": SITES, "chains": CHAINS})
    out = {
        "method": "Riccati recursion r -> (w - E)/J - 1/r, lambda = mean ln|r|, numpy PCG64",
        "seed": SEED, "warmup_sites": SITES // 10,
        "numpy": np.__version__, "python": platform.python_version(),
        "wall_seconds": round(time.time() - start, 1),
        "points": points,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "localization", "reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {path}: {len(points)} points in {out['wall_seconds']} s")


if __name__ == "__main__":
    main()
