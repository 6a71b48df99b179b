#!/usr/bin/env bash
# The full accuracy sweep of the several-term master rates (SeveralSitesMasterTests.
# everyRateToRelativeAccuracySweep: L = 100-1000 x seven sets of terms, every rate against an
# 80-bit reference, tolerance derived in RateAccuracyCase.tolerance), once per OpenBLAS kernel
# family: the rounding of dgejsv's BLAS calls differs between them (the suite's subset runs
# with whatever kernel OpenBLAS picks for the machine). Prints, per kernel, the worst error
# over the sweep as a fraction of its bound, and exits non-zero if a case fails.
#   bash ci/master-accuracy.sh                   Prescott, Haswell, SkylakeX
#   bash ci/master-accuracy.sh Prescott Zen ...  these OPENBLAS_CORETYPE values
# A kernel the CPU cannot run (SkylakeX needs AVX-512) is skipped: OpenBLAS falls back to
# another one silently, so the script asks OpenBLAS which kernel it loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh
swift build -c release --build-tests
export OPENBLAS_NUM_THREADS=1 ANDERSON_NOISE_MASTER_SWEEP=1
cores=("$@")
[ ${#cores[@]} -gt 0 ] || cores=(Prescott Haswell SkylakeX)
log="$(mktemp /tmp/master-accuracy.XXXXXX)"
trap 'rm -f "$log"' EXIT
status=0
# "L ... worst E ... closed form C, bound B, ..." -> "L E C B"
fields='s/^master every rate, L = ([0-9]+),.*worst ([^ ]+) .*closed form ([^,]+), bound ([^,]+),'
fields+='.*/\1 \2 \3 \4/'
for core in "${cores[@]}"; do
    # OPENBLAS_VERBOSE=2 makes OpenBLAS print "Core: <name>" when the test binary loads it
    # (here with a filter that selects no test).
    loaded="$(OPENBLAS_CORETYPE="$core" OPENBLAS_VERBOSE=2 swift test -c release --skip-build \
        --filter 'NoTestHasThisName$' 2>&1 | grep -m1 -o 'Core: [A-Za-z0-9]*' || true)"
    loaded="${loaded#Core: }"
    if [ "${loaded,,}" != "${core,,}" ]; then
        echo "$core: not available on this CPU (OpenBLAS loads ${loaded:-another kernel}), skipped"
        continue
    fi
    if ! OPENBLAS_CORETYPE="$core" swift test -c release --skip-build \
        --filter everyRateToRelativeAccuracySweep >"$log" 2>&1; then
        status=1
    fi
    echo "$core: $(grep -E '(passed|failed) after' "$log" | tail -1)"
    # Per L: the largest error over the sets of terms (80-bit reference or closed form), and
    # the largest ratio error / bound with its bound.
    grep '^master every rate' "$log" | sed -E "$fields" |
        awk '{ e = $2 > $3 ? $2 : $3; r = e / $4
               if (!($1 in worst) || e > worst[$1]) worst[$1] = e
               if (!($1 in ratio) || r > ratio[$1]) { ratio[$1] = r; bound[$1] = $4 } }
             END { for (l in worst) printf "  L = %4d  worst %.2e  worst/bound %.3f (bound %.2e)\n",
                       l, worst[l], ratio[l], bound[l] }' | sort -k3 -n
    grep -E '✘|Expectation failed' "$log" | head -20 || true
done
exit $status
