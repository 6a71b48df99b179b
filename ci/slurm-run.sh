#!/bin/bash
# Runs one anderson-noise command on a SLURM cluster: a job array of SHARDS tasks, then a
# merge job that starts when every task has succeeded.
#
#   ci/slurm-run.sh SHARDS OUTDIR -- SUBCOMMAND [OPTIONS...]
#   ci/slurm-run.sh 20 runs/ent -- trajectories --length 100 --initial product --realizations 100
#   SBATCH_OPTIONS="--partition=short --time=04:00:00 --cpus-per-task=2" ci/slurm-run.sh 4 figs -- figure 2
#
# SUBCOMMAND is lindblad, closure, trajectories, master or figure (figure 1|2|3|4|all).
# Task I runs `SUBCOMMAND OPTIONS --shard I/SHARDS --output OUTDIR/shard-I`, adding --resume
# when OUTDIR/shard-I already holds a run (figure directories continue by themselves) and
# --threads $SLURM_CPUS_PER_TASK (1 when unset) unless OPTIONS give --threads. The merge job
# (--dependency=afterok on the array) writes OUTDIR/merged with `anderson-noise merge`,
# bit-identical to one run of the command on one machine; a `figure all` directory is merged
# figure by figure. Logs go to OUTDIR/logs. Prints the two job ids on stdout:
#   array <id>
#   merge <id>
#
# Resubmitting the same command after a task was killed (time limit, pre-emption, node
# failure) continues it: completed realizations are kept, a record torn by the kill is cut
# off and recomputed, and finished shards only rewrite their result. The merge job of a run
# with a failed task is cancelled (--kill-on-invalid-dep=yes); the resubmission brings a new one.
#
# The binary is $ANDERSON_NOISE when set, else .build/release/anderson-noise of this
# checkout, passed to the jobs as an absolute path. SBATCH_OPTIONS (space separated) go to
# both sbatch calls; sbatch's own input variables (SBATCH_PARTITION, SBATCH_TIMELIMIT, ...)
# work as well. Before anything is submitted the command is checked by the binary itself
# (bad input: its one-line message, exit 64), so e.g. SHARDS larger than the number of
# realizations is refused here and not in every task.
set -euo pipefail

fail() {
    echo "slurm-run: $*" >&2
    exit 64
}

# Job side: sbatch runs a copy of this script with one of these first arguments.
case "${1:-}" in
--shard-task) # --shard-task BIN SHARDS OUTDIR -- SUBCOMMAND OPTIONS...
    bin=$2 shards=$3 out=$4
    shift 5
    dir=$out/shard-$SLURM_ARRAY_TASK_ID
    extra=()
    [ -e "$dir/run.json" ] && extra+=(--resume)
    has_threads=0
    for a in "$@"; do case $a in --threads | --threads=*) has_threads=1 ;; esac; done
    [ $has_threads -eq 1 ] || extra+=(--threads "${SLURM_CPUS_PER_TASK:-1}")
    exec "$bin" "$@" --shard "$SLURM_ARRAY_TASK_ID/$shards" --output "$dir" "${extra[@]}"
    ;;
--merge-task) # --merge-task BIN SHARDS OUTDIR
    bin=$2 shards=$3 out=$4
    partial=$out/merged.partial
    rm -rf "$partial"
    # One directory per shard; with `figure all` each shard holds figure-N directories.
    parts=(.)
    if [ ! -e "$out/shard-1/run.json" ] && [ ! -e "$out/shard-1/figure.json" ]; then
        parts=()
        for f in "$out"/shard-1/figure-*/figure.json; do
            [ -e "$f" ] && parts+=("$(basename "$(dirname "$f")")")
        done
        [ ${#parts[@]} -gt 0 ] || { echo "slurm-run: $out/shard-1 holds no run to merge" >&2; exit 1; }
    fi
    for part in "${parts[@]}"; do
        dirs=()
        for i in $(seq 1 "$shards"); do dirs+=("$out/shard-$i/$part"); done
        "$bin" merge "${dirs[@]}" --output "$partial/$part"
    done
    mv "$partial" "$out/merged"
    echo "merged $shards shards into $out/merged"
    exit 0
    ;;
esac

# Submission side.
[ $# -ge 4 ] && [ "$3" = "--" ] || fail "usage: ci/slurm-run.sh SHARDS OUTDIR -- SUBCOMMAND [OPTIONS...]"
shards=$1
[[ $shards =~ ^[1-9][0-9]*$ ]] || fail "SHARDS $shards: expected a whole number >= 1"
out=$(realpath -m -s "$2")
shift 3
case $1 in
lindblad | closure | trajectories | master | figure) ;;
*) fail "subcommand $1: allowed lindblad, closure, trajectories, master, figure" ;;
esac
for a in "$@"; do
    case $a in
    --output | --output=* | --shard | --shard=* | --resume) fail "$a: set by slurm-run.sh for every task; leave it out" ;;
    esac
done
[ -e "$out/merged" ] && fail "OUTDIR $out: already merged ($out/merged exists); remove it to merge again"
command -v sbatch >/dev/null || fail "sbatch: not found (no SLURM client on this machine)"

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${ANDERSON_NOISE:-$root/.build/release/anderson-noise}
[[ $bin == */* ]] || bin=$(command -v "$bin") || fail "ANDERSON_NOISE $ANDERSON_NOISE: not found on PATH"
bin=$(realpath -m -s "$bin")
[ -x "$bin" ] && [ -f "$bin" ] || fail "binary $bin: not an executable file (build with swift build -c release, or set ANDERSON_NOISE)"

# Check the command as task SHARDS would run it, without doing any work: --dry-run makes every
# check of the binary (options, cost, the output directory) and writes nothing.
rc=0
resume=()
[ -e "$out/shard-$shards/run.json" ] && resume=(--resume)
"$bin" "$@" --shard "$shards/$shards" --output "$out/shard-$shards" "${resume[@]}" --dry-run >/dev/null || rc=$?
if [ $rc -ne 0 ]; then
    [ $rc -eq 64 ] && exit 64
    echo "slurm-run: checking the command gave exit $rc; nothing submitted" >&2
    exit 70
fi

read -ra options <<<"${SBATCH_OPTIONS:-}"
mkdir -p "$out/logs"
self=$root/ci/slurm-run.sh
array=$(sbatch --parsable --job-name="anderson-noise-$1" "${options[@]}" --array="1-$shards" \
    --output="$out/logs/shard-%a-job%A.log" "$self" --shard-task "$bin" "$shards" "$out" -- "$@")
array=${array%%;*}
merge=$(sbatch --parsable --job-name="anderson-noise-merge" "${options[@]}" --dependency="afterok:$array" \
    --kill-on-invalid-dep=yes --output="$out/logs/merge-job%j.log" "$self" --merge-task "$bin" "$shards" "$out")
merge=${merge%%;*}
echo "array $array"
echo "merge $merge"
echo "slurm-run: $shards tasks into $out/shard-I, then the merge into $out/merged (logs: $out/logs)" >&2
