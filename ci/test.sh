#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh
# Layout first (seconds): swift-format's layout and lines of at most 100 columns.
bash ci/lint.sh
# Tests run in parallel: one BLAS thread each keeps the two cores from being oversubscribed.
export OPENBLAS_NUM_THREADS=1
# `swift test` and `swift build --build-tests` do not rerun the build plugin that records the
# git commit (SwiftPM 6.3, measured): build the executable first, so that the binary the CLI
# tests run names the checkout's commit after a commit in an existing build directory.
swift build -c release --product anderson-noise
swift test -c release "$@"
