#!/usr/bin/env bash
# Installs what is missing, builds, and runs `anderson-noise validate` (the main job).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh
swift build -c release --product anderson-noise
.build/release/anderson-noise validate "$@"
