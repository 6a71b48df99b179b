#!/usr/bin/env bash
# The whole test suite (release) once per OpenBLAS kernel family: OPENBLAS_CORETYPE unset (the
# kernel OpenBLAS picks for this CPU), Prescott (what OpenBLAS 0.3.21 falls back to on the
# Intel Xeon machines of the cluster), Haswell and SkylakeX, each in turn. Reports, per core
# type, the tests that failed, and every round-off assertion (RoundOff.expect in
# Tests/TestSupport/Tolerance.swift, which appends `test-id measured bound ratio provenance`
# to $ANDERSON_TOLERANCE_LOG) that came within 10x of its bound (measured/bound > 0.1), worst
# first. Exits non-zero if any core type fails a test.
#   bash ci/coretypes.sh                          default, Prescott, Haswell, SkylakeX
#   bash ci/coretypes.sh Prescott Zen ...         these OPENBLAS_CORETYPE values ("default":
#                                                 unset)
#   ANDERSON_CORETYPES_FILTER=ClosureTests bash ci/coretypes.sh    a subset (swift test --filter)
# A kernel the CPU cannot run (SkylakeX needs AVX-512) is reported and skipped: OpenBLAS falls
# back to another one silently, so the script asks OpenBLAS which kernel it loaded.
# Debian's libopenblas0 is built with DYNAMIC_ARCH: its core types are the list above and
# their relatives; OpenBLAS's portable build (TARGET=GENERIC, plain C kernels) is not among
# them (no OPENBLAS_CORETYPE selects it), so it is not run here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh
swift build -c release --product anderson-noise
swift build -c release --build-tests
export OPENBLAS_NUM_THREADS=1
cores=("$@")
[ ${#cores[@]} -gt 0 ] || cores=(default Prescott Haswell SkylakeX)
filter=()
[ -z "${ANDERSON_CORETYPES_FILTER:-}" ] || filter=(--filter "$ANDERSON_CORETYPES_FILTER")
work="$(mktemp -d /tmp/coretypes.XXXXXX)"
trap 'rm -rf "$work"' EXIT
status=0
summary=""
for core in "${cores[@]}"; do
    env=(env -u OPENBLAS_CORETYPE)
    [ "$core" = default ] || env=(env OPENBLAS_CORETYPE="$core")
    # OPENBLAS_VERBOSE=2 makes OpenBLAS print "Core: <name>" when the test binary loads it
    # (here with a filter that selects no test).
    loaded="$("${env[@]}" OPENBLAS_VERBOSE=2 swift test -c release --skip-build \
        --filter 'NoTestHasThisName$' 2>&1 | grep -m1 -o 'Core: [A-Za-z0-9]*' || true)"
    loaded="${loaded#Core: }"
    if [ "$core" != default ] && [ "${loaded,,}" != "${core,,}" ]; then
        echo "== $core: not available on this CPU (OpenBLAS loads ${loaded:-another}), skipped"
        summary+="$core: skipped (not available; OpenBLAS loads ${loaded:-?})"$'\n'
        continue
    fi
    log="$work/$core.log" tolerances="$work/$core.tolerances"
    : >"$tolerances"
    started=$SECONDS
    result=passed
    if ! "${env[@]}" ANDERSON_TOLERANCE_LOG="$tolerances" swift test -c release --skip-build \
        "${filter[@]}" >"$log" 2>&1; then
        result=FAILED
        status=1
    fi
    echo "== $core (OpenBLAS kernel ${loaded:-?}): $result in $((SECONDS - started)) s"
    grep -E '(Test run with|Executed) .*(passed|failed)|tests? (passed|failed) after' "$log" |
        tail -2 | sed 's/^/  /' || true
    # Failing tests: swift-testing's ✘ lines (the tests and their failed expectations).
    grep -E '✘ Test .* (failed|recorded)' "$log" | sed 's/^/  /' | head -40 || true
    grep -E 'error: .*(failed|XCTAssert)' "$log" | sed 's/^/  /' | head -20 || true
    # Round-off assertions within 10x of their bound: the largest ratio per assertion.
    close="$(awk '$4 > 0.1 || $4 == "inf" || $4 == "nan" {
                 if (!($1 in r) || $4 + 0 > r[$1] + 0) { r[$1] = $4; line[$1] = $0 } }
             END { for (k in line) print line[k] }' "$tolerances" | sort -k4 -g -r)"
    count="$(wc -l <"$tolerances")"
    worst="$(awk '!w || $4 + 0 > r { r = $4 + 0; w = $1 } END { if (w) printf "%s %.3g", w, r }' \
        "$tolerances")"
    echo "  round-off assertions logged: $count; within 10x of the bound (ratio > 0.1):"
    if [ -n "$close" ]; then
        echo "$close" | awk '{ printf "    %-70s ratio %.3g (%s / %s)\n      ", $1, $4, $2, $3
                              for (i = 5; i <= NF; i++) printf "%s ", $i; printf "\n" }'
    else
        echo "    none (worst: $worst)"
    fi
    summary+="$core ($loaded): $result; worst ratio: ${worst:-none}"$'\n'
done
echo "== summary"
printf '%s' "$summary"
exit $status
