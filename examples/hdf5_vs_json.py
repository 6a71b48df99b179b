#!/usr/bin/env python3
"""Loads a run directory's result.json and result.h5 in Python and reports sizes and times.

The measurement of issue 26 (the HDF5Files article): for each observable, result.json is read
with json.load and its [re, im] pairs turned into a complex numpy array (what every analysis
script had to do), result.h5 with h5py (complex numbers arrive as complex128); the arrays
are checked equal bit for bit (NaN, null in JSON, equal to NaN), and the two times and sizes
printed. Needs numpy and h5py (pip install h5py). The case of the issue:

  T=$(python3 -c "print(','.join(str(0.5 * k) for k in range(1, 21)))")
  anderson-noise closure --length 400 --realizations 2 --scheme strang --dt 0.1 \
      --observables rho_s --times $T --output runs/l400
  python3 examples/hdf5_vs_json.py runs/l400

Each load runs in a fresh Python process (--repeat times, the fastest reported), so that no
file cache of the interpreter and no memory of the previous load helps the next.
"""
import argparse
import json
import os
import subprocess
import sys
import time


def load_json(path):
    import numpy as np

    start = time.perf_counter()
    with open(path) as f:
        doc = json.load(f)
    parsed = time.perf_counter()
    arrays = {"times": np.array(doc["times"], dtype=np.float64)}
    for name, series in doc["observables"].items():
        a = np.array(series, dtype=np.float64)
        if name.startswith("rho_s"):
            a = a[..., 0] + 1j * a[..., 1]
        arrays[name] = a
    done = time.perf_counter()
    return arrays, parsed - start, done - start


def load_h5(path):
    import h5py

    start = time.perf_counter()
    with h5py.File(path, "r") as f:
        arrays = {"times": f["times"][()]}
        for name, d in f["observables"].items():
            arrays[name] = d[()]
    done = time.perf_counter()
    return arrays, done - start, done - start


def child(kind, path):
    """One load in this process; prints its times as JSON."""
    arrays, parse, total = (load_json if kind == "json" else load_h5)(path)
    print(json.dumps({"parse": parse, "total": total}))


def timed(kind, path, repeat):
    best = None
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, path],
            check=True, capture_output=True, text=True).stdout
        t = json.loads(out)
        if best is None or t["total"] < best["total"]:
            best = t
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", nargs="?", help="run directory holding result.json and result.h5")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        child(*a.child)
        return
    import numpy as np

    js, h5 = os.path.join(a.run, "result.json"), os.path.join(a.run, "result.h5")
    x, _, _ = load_json(js)
    y, _, _ = load_h5(h5)
    assert x.keys() == y.keys(), (x.keys(), y.keys())
    for k in x:
        assert x[k].shape == y[k].shape and x[k].dtype == y[k].dtype, k
        assert np.array_equal(x[k], y[k], equal_nan=True), k
        # Bit for bit, NaN aside (array_equal also takes -0.0 == 0.0).
        finite = np.isfinite(x[k].view(np.float64))
        bx, by = x[k].view(np.uint64)[finite], y[k].view(np.uint64)[finite]
        assert np.array_equal(bx, by), k
    print(f"values: identical ({', '.join(f'{k} {x[k].shape} {x[k].dtype}' for k in x)})")
    del x, y
    tj, th = timed("json", js, a.repeat), timed("h5", h5, a.repeat)
    sj, sh = os.path.getsize(js), os.path.getsize(h5)
    print(f"result.json: {sj / 1e6:8.1f} MB, load {tj['total']:6.2f} s "
          f"(json.load {tj['parse']:.2f} s, then the complex arrays)")
    print(f"result.h5:   {sh / 1e6:8.1f} MB, load {th['total']:6.2f} s (h5py)")
    print(f"ratio h5/json: size {sh / sj:.2f}, load time {th['total'] / tj['total']:.3f}")


if __name__ == "__main__":
    main()
