#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh
# Tests run in parallel: one BLAS thread each keeps the two cores from being oversubscribed.
export OPENBLAS_NUM_THREADS=1
swift test -c release "$@"
