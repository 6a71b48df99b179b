#!/usr/bin/env bash
# A SLURM job array that runs the shards of one production run, then a final merge step.
#
#   sbatch --array=1-20 ci/slurm-array.sh          # 20 shards, one per array task
#   sbatch --dependency=afterok:<jobid> --wrap "anderson-noise merge runs/shard-* --output runs/merged"
#
# Each task runs the realizations r with r % 20 == task - 1 into its own run directory; a task
# that is killed (time limit, pre-emption) is continued by resubmitting the same array index:
# `--resume` skips the realizations whose records are complete. `merge` checks the parameters
# agree and the shards are disjoint, and reduces in canonical order, so the merged result is
# bit-identical to one run of all realizations on one machine.
#SBATCH --job-name=anderson-noise
#SBATCH --cpus-per-task=2
#SBATCH --time=04:00:00
set -euo pipefail
SHARDS=${SLURM_ARRAY_TASK_COUNT:-20}
I=${SLURM_ARRAY_TASK_ID:-1}
OUT=runs/shard-$I
BIN=${ANDERSON_NOISE:-.build/release/anderson-noise}
RESUME=()
[ -f "$OUT/run.json" ] && RESUME=(--resume)
"$BIN" trajectories --length 100 --disorder 1 --gamma 1 --initial product \
    --realizations 100 --noise-realizations 10 --dt 0.1 --t-max 1e4 \
    --shard "$I/$SHARDS" --threads "${SLURM_CPUS_PER_TASK:-2}" --output "$OUT" "${RESUME[@]}"
