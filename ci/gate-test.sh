#!/usr/bin/env bash
# Runs the CI recipe as a user would: clones this checkout's HEAD into a new temporary
# directory, runs `bash examples/ci/physics-gate.sh` there (which builds anderson-noise from
# scratch) and checks that it passes and that every JUnit XML file it wrote parses (xmllint,
# from Debian's libxml2-utils, installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v xmllint >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxml2-utils >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/clone"
cd "$work/clone"
start=$(date +%s)
bash examples/ci/physics-gate.sh
echo "gate-test: physics-gate.sh passed in a fresh clone in $(($(date +%s) - start)) s" >&2
shopt -s nullglob
xml=(examples/ci/out/*.xml)
[ "${#xml[@]}" -ge 2 ] || { echo "gate-test: JUnit files missing: ${xml[*]}" >&2; exit 1; }
xmllint --noout "${xml[@]}"
grep -q '<testsuite name="physics-gate" tests="7" failures="0">' examples/ci/out/physics-gate.xml
echo "gate-test: ${#xml[@]} JUnit files parse" >&2
