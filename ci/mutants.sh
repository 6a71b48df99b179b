#!/usr/bin/env bash
# Mutation check: shows that `validate` (and the preflight, `check` and result.h5) can fail.
# Each named mutant is one deliberate bug in the source (a physics or statistics error a correct suite must catch). One at a time, in a
# scratch copy of the working tree, the script applies it, builds, runs `validate --quick`,
# and records the first FAIL row that caught it (a crash or an invariant exit counts too).
# Prints a table mutant | killed by; exits 0 only when every mutant is killed.
#   bash ci/mutants.sh            all mutants
#   bash ci/mutants.sh NAME ...   only these (names as in the table)
# Takes about a minute per mutant on 2 cores (an incremental release build and validate).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh

# name | file | exact text | replacement (the text must occur exactly once; ";;;" joins two edits)
mutants=(
  "kick amplitude zero|Sources/Trajectories/TrajectoryScheme.swift|let amplitudes = gammas.map { (\$0 * dt).squareRoot() }|let amplitudes = gammas.map { 0 * (\$0 * dt).squareRoot() }"
  "closure commutator sign flipped|Sources/NoiseClosure/ClosureGenerator.swift|yr[i] = -zi|yr[i] = zi;;;yi[i] = zr|yi[i] = -zr;;;Lanes4.store(-zi, yr + i)|Lanes4.store(zi, yr + i);;;Lanes4.store(zr, yi + i)|Lanes4.store(-zr, yi + i)"
  "closure dephasing halved|Sources/NoiseClosure/ClosureGenerator.swift|let halfStrengths = chain.noiseStrengths.map { \$0 / 2 }|let halfStrengths = chain.noiseStrengths.map { \$0 / 4 }"
  "many-body dephasing rate doubled|Sources/ManyBodyLindblad/FockDephasing.swift|halfRates = gammas.map { \$0 / 2 }|halfRates = gammas.map { \$0 }"
  "Jordan-Wigner sign dropped|Sources/ManyBodyLindblad/FockSector.swift|let sign: Double = between.nonzeroBitCount % 2 == 0 ? 1 : -1|let sign: Double = 1"
  "many-body hopping sign flipped|Sources/ManyBodyLindblad/SectorHamiltonian.swift|entries.append((Int32(sector.index(of: a)), sign * v))|entries.append((Int32(sector.index(of: a)), -sign * v))"
  "master prefactor gamma^2|Sources/RunSpecification/RunSpec.swift|self == .gamma ? gamma : gamma * gamma|gamma * gamma"
  "R averaged outside the root|Sources/ChainModel/ObservableLayout.swift|out += x.map { \$0 * \$0 }|out += x;;;let root = m.map { max(\$0, 0).squareRoot() }|let root = m"
  "Strang half-steps replaced by a Lie step|Sources/Trajectories/StepKernel.swift|let l = length, strang = splitting == .strang|let l = length, strang = false"
  "closure Strang average replaced by Lie|Sources/NoiseClosure/SchemeAverage.swift|pass.run(&x, dephasing: 0, phaseTime: dt / 2)|pass.run(&x, dephasing: 0, phaseTime: dt);;;pass.kick(&x, fractions: fractions, phaseTime: dt / 2)|pass.kick(&x, fractions: fractions, phaseTime: 0)"
  "noise stream ignores the trajectory index|Sources/ChainModel/CounterRNG.swift|public init(seed: UInt64, stream: Stream, realization: Int, noiseRealization: Int = 0) {|public init(seed: UInt64, stream: Stream, realization: Int, noiseRealization _: Int = 0) { let noiseRealization = 0"
  "Peschel entropy in bits|Sources/Trajectories/Peschel.swift|x * log(x) + (1 - x) * log(1 - x)|x * log2(x) + (1 - x) * log2(1 - x)"
  "preflight: verdict never fails|Sources/CrossChecks/PreflightVerdict.swift|failingTimes = inside.filter { ratio[\$0] > budget }|failingTimes = inside.filter { ratio[\$0] > .infinity }"
  "preflight: bias against the scheme itself|Sources/CrossChecks/PreflightExact.swift|(0..<count).map { (\$0, .exact) }|(0..<count).map { (\$0, .scheme(dt: plan.dt)) }"
  "check: the file's sample counts dropped|Sources/CodeCheck/CodeCheck.swift|submitted = result(table.observables, table.hasStandardErrors ? samples : nil)|submitted = result(table.observables, nil)"
  "check: reference without the claimed noise|Sources/CodeCheck/ReferenceResult.swift|run.observables = observables|run.observables = observables; run.chain.gammas = run.chain.gammas.map { _ in 0 }"
  "hdf5: complex matrices written transposed|Sources/HDF5Files/HDF5Datasets.swift|flat[k] = m.re[j * r + i]|flat[k] = m.re[i * r + j];;;flat[k + 1] = m.im[j * r + i]|flat[k + 1] = m.im[i * r + j]"
  "hopping ring: corrector dropped|Sources/MasterEquation/RingHopping.swift|let r = channel.displacements[a, b] - chi[a] + chi[b]|let r = channel.displacements[a, b]"
  "hopping ring: amplitudes for intensities|Sources/MasterEquation/RingHopping.swift|cs * phi[s, a] * phi[s, a] * phi[s, b] * phi[s, b]|cs * abs(phi[s, a] * phi[s, b])"
  "closure ring: closing bond dropped|Sources/NoiseClosure/RingDiffusion.swift|closingHopping = closed ? chain.hopping : 0|closingHopping = 0"
  "preflight: vector bias as its mean component|Sources/CrossChecks/PreflightVerdict.swift|bias.append(count == 1 ? scalar : b.squareRoot())|bias.append(count == 1 ? scalar : b.squareRoot() / Double(count))"
)

# The preflight's verdict on two plans of one 30-site chain whose answers are known (the
# issue's pair): the paper scheme at dt = 1 with 2000 noise realizations must FAIL (its O(dt)
# bias is tens of standard errors), Strang at dt = 0.05 with 20 must PASS. A mutant named
# "preflight: ..." is killed when either verdict comes out wrong (the paper plan's verdict row
# is read: its small-chain order row fails at dt = 1 as well), or validate --quick fails.
preflight_chain=(--length 30 --disorder 1 --initial ground --realizations 1 --seed 5 --t-max 100
    --check-length 6 --quiet)
must_fail=(--scheme paper --dt 1 --noise-realizations 2000 --observables density)
must_pass=(--scheme strang --dt 0.05 --noise-realizations 20)

selected=("$@")
scratch="$(mktemp -d /tmp/anderson-mutants.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
git ls-files -co --exclude-standard | tar -cf - -T - | (cd "$scratch" && tar -xf -)
cd "$scratch"
export OPENBLAS_NUM_THREADS=1

build() { swift build -c release --product anderson-noise >build.log 2>&1; }
echo "building the unmutated copy in $scratch" >&2
build || { tail -20 build.log >&2; echo "the unmutated source does not build" >&2; exit 2; }
if ! .build/release/anderson-noise validate --quick --quiet >validate.log 2>&1; then
    cat validate.log >&2
    echo "validate --quick fails on the unmutated source: nothing to learn from mutants" >&2
    exit 2
fi
# `check` on two stored results of an independent numpy Strang code (examples/check, written by
# examples/check_my_code.py: 4000 trajectories, L = 8): the correct one must AGREE (exit 0), the
# one with the kick amplitude of eq. 5's misprint must DISAGREE (exit 1). A mutant named
# "check: ..." is killed when either verdict comes out wrong.
check_physics=(--length 8 --potential 0.3,-0.8,0.5,0.9,-0.2,-0.6,0.1,0.7 --gamma 1 --noise-site 4
    --initial product --occupations 1,0,1,0,1,0,1,0 --against scheme --scheme strang --dt 0.1
    --samples 4000)
check_wrong() {
    local status
    set +e
    .build/release/anderson-noise check examples/check/correct.csv "${check_physics[@]}" \
        >ck.log 2>&1
    status=$?
    [ $status -eq 0 ] || echo "check of the correct code exit $status (must agree, 0)"
    .build/release/anderson-noise check examples/check/kick_amplitude.csv "${check_physics[@]}" \
        >ck.log 2>&1
    status=$?
    [ $status -eq 1 ] || echo "check of the kick-amplitude bug exit $status (must disagree, 1)"
    set -e
}
# result.h5 must hold result.json's numbers: `compare` of the two files of one small closure run
# (rho_s, a complex matrix, included) with --same-seeds --tolerance 0 must AGREE. A mutant named
# "hdf5: ..." is killed when it does not.
hdf5_wrong() {
    local status
    rm -rf h5run
    set +e
    .build/release/anderson-noise closure --length 6 --t-max 10 --realizations 2 --quiet \
        --output h5run >h5.log 2>&1
    .build/release/anderson-noise compare h5run/result.h5 h5run/result.json --same-seeds \
        --tolerance 0 >>h5.log 2>&1
    status=$?
    [ $status -eq 0 ] || echo "compare result.h5 result.json exit $status (must agree, 0)"
    set -e
}
# Prints what is wrong with the preflight's two known verdicts (nothing when both are right).
preflight_wrong() {
    local status
    set +e
    .build/release/anderson-noise validate "${preflight_chain[@]}" "${must_fail[@]}" >pf.log 2>&1
    status=$?
    # Its verdict row, not the exit status: the small chain's order row fails at dt = 1 too.
    grep -q 'verdict over .* FAIL$' pf.log \
        || echo "preflight verdict of paper dt=1 not FAIL (exit $status)"
    .build/release/anderson-noise validate "${preflight_chain[@]}" "${must_pass[@]}" >pf.log 2>&1
    status=$?
    [ $status -eq 0 ] || echo "preflight of strang dt=0.05 exit $status (must pass, 0)"
    set -e
}
# Each family's known verdicts must be right on the unmutated source.
for family in check hdf5 preflight; do
    wrong=$("${family}_wrong")
    if [ -n "$wrong" ]; then
        echo "$wrong on the unmutated source: nothing to learn from the $family mutants" >&2
        exit 2
    fi
done

apply() {  # file, then pairs of exact text and replacement
    local file="$1"; shift
    while [ $# -ge 2 ]; do
        OLD="$1" NEW="$2" perl -0pi -e '$n = () = /\Q$ENV{OLD}\E/g; die "found $n times\n" unless $n == 1; s/\Q$ENV{OLD}\E/$ENV{NEW}/' "$file" \
            || { echo "stale mutant: '$1' not found exactly once in $file" >&2; return 1; }
        shift 2
    done
}

printf '%-44s %s\n' "mutant" "killed by"
survivors=0
for entry in "${mutants[@]}"; do
    IFS='|' read -r name file rest <<<"$entry"
    if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " == *" $name "* ]]; then continue; fi
    cp "$file" "$file.orig"
    edits=()
    while :; do
        part="${rest%%;;;*}"
        edits+=("${part%%|*}" "${part#*|}")
        [[ "$rest" == *";;;"* ]] || break
        rest="${rest#*;;;}"
    done
    if ! apply "$file" "${edits[@]}"; then mv "$file.orig" "$file"; exit 2; fi
    if ! build; then
        verdict="SURVIVED (does not compile: fix the mutant)"
        survivors=$((survivors + 1))
    else
        set +e
        .build/release/anderson-noise validate --quick --quiet >validate.log 2>&1
        status=$?
        set -e
        first=$(grep -m1 ' FAIL$' validate.log | sed -E 's/ {2,}.*//' || true)
        wrong=""
        # The first line only (no pipe into head: under pipefail its SIGPIPE would end the
        # script).
        # A mutant named "family: ..." also runs that family's known verdicts.
        family=${name%%:*}
        if [[ "$name" == *:* ]] && declare -F "${family}_wrong" >/dev/null; then
            wrong=$("${family}_wrong")
        fi
        wrong=${wrong%%$'\n'*}
        if [ -n "$first" ]; then
            verdict="$first"
        elif [ -n "$wrong" ]; then
            verdict="$wrong"
        elif [ $status -ne 0 ]; then
            verdict="validate exit $status ($(tail -1 validate.log | cut -c1-60))"
        else
            verdict="SURVIVED"
            survivors=$((survivors + 1))
        fi
    fi
    printf '%-44s %s\n' "$name" "$verdict"
    mv "$file.orig" "$file"
done
build
if [ $survivors -gt 0 ]; then
    echo "$survivors mutant(s) survived" >&2
    exit 1
fi
echo "every mutant killed"
