#!/usr/bin/env bash
# Installs what the build needs and is missing: OpenBLAS, LAPACKE and HDF5 from Debian.
set -euo pipefail
missing=()
for pkg in libopenblas-dev liblapacke-dev libhdf5-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
