#!/usr/bin/env bash
# The physics gate of a CI job (examples/ci/gitlab-ci.yml, examples/ci/github-actions.yml call
# it): quick checks that the solvers and a code checked against them still give the right
# physics. Each step is one JUnit test case in examples/ci/out/physics-gate.xml (its own
# reports beside it); the script exits 1 when a step fails, 0 when all pass.
#
#   bash examples/ci/physics-gate.sh            # builds anderson-noise (release) if needed
#   ANDERSON_NOISE_BIN=path/to/anderson-noise bash examples/ci/physics-gate.sh
#
# PHYSICS_GATE_OUT=DIR writes the reports to DIR instead (the test suite does; DIR is emptied).
#
# Steps (what each would catch: ContinuousIntegration.md in the AndersonNoise documentation):
#   validate        every solver on small cases and every cross-check between them (--quick)
#   check-correct   a stored result of a user's trajectory code against the exact noise
#                   average of its scheme (examples/check/correct.csv): must pass
#   check-catches   the same code with the kick-amplitude bug (kick_amplitude.csv): must fail
#   plan            --plan-only writes the planned run's run.json, nothing computed
#   preflight       validate --for that run.json: is the planned run's dt, statistics right
#   rerun           a small run, same seeds, against its stored result (every number to 1e-9)
#   exact-vs-sampled lindblad and trajectories on one stored chain, compared (independent
#                   methods: the family-wise z test)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stored="$here/stored"
out="${PHYSICS_GATE_OUT:-$here/out}"
rm -rf "$out"
mkdir -p "$out"

if [ -n "${ANDERSON_NOISE_BIN:-}" ]; then
    B="$ANDERSON_NOISE_BIN"
else
    (cd "$root" && bash ci/install.sh && swift build -c release --product anderson-noise) >&2 \
        || { echo "physics-gate: the build failed" >&2; exit 2; }
    B="$root/.build/release/anderson-noise"
fi
[ -x "$B" ] || { echo "physics-gate: no executable at $B" >&2; exit 2; }

# The planned production run the preflight judges (adapt to yours; a small one here).
planned=(--length 16 --realizations 8 --noise-realizations 8 --t-max 30 --points-per-decade 4
    --seed 3)
# The stored chain of the exact-versus-sampled step (8 potentials, one a line).
chain8=(--length 8 --potential "@$stored/chain8.txt" --initial product
    --occupations 1,0,1,0,1,0,1,0 --times 0,1,4,16)
# The rerun compared with its stored result (stored/trajectories-L12.json, written by it).
rerun=(--length 12 --realizations 4 --noise-realizations 4 --t-max 30
    --points-per-decade 4 --seed 7 --observables energy,density,entanglement)
# The check of a code's result: the physics of examples/check_my_code.py.
checked=(--length 8 --potential 0.3,-0.8,0.5,0.9,-0.2,-0.6,0.1,0.7 --gamma 1 --noise-site 4
    --initial product --occupations 1,0,1,0,1,0,1,0 --against scheme --scheme strang --dt 0.1
    --samples 4000)

cases=""
failures=0
count=0
# step NAME EXPECTED-STATUS COMMAND...: runs the command, records a test case that passes when
# the command exits with the expected status.
step() {
    local name="$1" expected="$2"
    shift 2
    local log="$out/$name.log" start end status
    start=$(date +%s.%N)
    "$@" >"$log" 2>&1
    status=$?
    end=$(date +%s.%N)
    count=$((count + 1))
    local seconds
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    local body
    body=$(tail -c 20000 "$log" | sed 's/]]>/]] >/g')
    if [ "$status" -eq "$expected" ]; then
        echo "physics-gate: PASS $name (${seconds} s)" >&2
        cases+="  <testcase classname=\"physics-gate\" name=\"$name\" time=\"$seconds\">"
        cases+="<system-out><![CDATA[$body]]></system-out></testcase>"$'\n'
    else
        failures=$((failures + 1))
        echo "physics-gate: FAIL $name: exit $status, expected $expected (log $log)" >&2
        tail -n 20 "$log" >&2
        cases+="  <testcase classname=\"physics-gate\" name=\"$name\" time=\"$seconds\">"
        cases+="<failure message=\"exit $status, expected $expected\"><![CDATA[$body]]>"
        cases+="</failure></testcase>"$'\n'
    fi
}

step validate 0 "$B" validate --quick --quiet --junit "$out/validate.xml"
step check-correct 0 "$B" check "$root/examples/check/correct.csv" "${checked[@]}" \
    --junit "$out/check-correct.xml"
step check-catches 1 "$B" check "$root/examples/check/kick_amplitude.csv" "${checked[@]}"
step plan 0 "$B" trajectories "${planned[@]}" --plan-only --output "$out/planned"
step preflight 0 "$B" validate --for "$out/planned" --quiet --output "$out/preflight.json" \
    --junit "$out/preflight.xml"
rerun_step() {
    "$B" trajectories "${rerun[@]}" --quiet --output "$out/rerun" &&
        "$B" compare "$out/rerun" "$stored/trajectories-L12.json" --same-seeds --tolerance 1e-9
}
step rerun 0 rerun_step
exact_vs_sampled() {
    "$B" lindblad "${chain8[@]}" --quiet --output "$out/exact" &&
        "$B" trajectories "${chain8[@]}" --dt 0.02 --noise-realizations 4000 --quiet \
            --output "$out/sampled" &&
        "$B" compare "$out/sampled" "$out/exact" --plot "$out/exact-vs-sampled.svg"
}
step exact-vs-sampled 0 exact_vs_sampled

{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuite name=\"physics-gate\" tests=\"$count\" failures=\"$failures\">"
    printf '%s' "$cases"
    echo "</testsuite>"
} >"$out/physics-gate.xml"
echo "physics-gate: $((count - failures)) of $count steps passed; JUnit in $out/physics-gate.xml" >&2
[ "$failures" -eq 0 ]
