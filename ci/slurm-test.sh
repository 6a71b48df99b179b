#!/usr/bin/env bash
# End-to-end test of ci/slurm-run.sh on a real SLURM. Not part of the test suite: it may
# install system packages and start daemons.
#
#   bash ci/slurm-test.sh                                # 4 shards of a small trajectories run
#   bash ci/slurm-test.sh SHARDS -- SUBCOMMAND [OPTIONS...]
#
# A cluster that answers `sinfo` is used as it is and left running. Otherwise (as root, on
# Debian) it installs slurmctld, slurmd, slurm-client and munge when missing and starts a
# private one-node cluster on localhost: munged with its own key and socket, slurmctld and
# slurmd with a minimal slurm.conf (proctrack/linuxproc, task/none, select/cons_tres), all
# files in one temporary directory; it stops these daemons when it ends, however it ends (short of kill -9).
#
# It then (1) submits the command through ci/slurm-run.sh, waits for both jobs and compares
# OUTDIR/merged with one unsharded run of the same command on this machine (--threads 1);
# (2) simulates a task killed while writing: cuts the checksum off the last record of one
# shard's records.bin and deletes that shard's result and the merged directory, resubmits
# the same command (the task continues with --resume) and compares again. Compared, for
# every file of the unsharded run's directory tree: the same set of files, and each file
# byte for byte (run.json, records.bin, result.csv, figure.svg, figure.json, panel-*), except
# result.json, which is compared byte for byte up to its last member "provenance" (version,
# git commit, start time, wall time, threads: how the result was made, not what it is), and
# result.h5, which holds the same provenance: compared by `compare --same-seeds --tolerance
# 0` (every number equal, and the same solver, parameters and statistics).
# Exit 0 only when both comparisons find no difference. Jobs still queued when it fails are
# cancelled. SLURM_TEST_TIMEOUT (seconds, default 1800) bounds the wait for each pair of jobs;
# ANDERSON_NOISE names the binary (default: build this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

fail() {
    echo "slurm-test: $*" >&2
    exit 1
}

shards=4
cmd=(trajectories --length 12 --initial product --realizations 8 --noise-realizations 3 --t-max 100 --seed 5)
if [ $# -gt 0 ]; then
    [ $# -ge 3 ] && [ "$2" = "--" ] || { echo "usage: bash ci/slurm-test.sh [SHARDS -- SUBCOMMAND [OPTIONS...]]" >&2; exit 64; }
    shards=$1
    shift 2
    cmd=("$@")
fi
for a in "${cmd[@]}"; do
    case $a in
    --threads | --threads=* | --output | --output=* | --shard | --shard=* | --resume)
        echo "slurm-test: $a: set by the test; leave it out" >&2
        exit 64
        ;;
    esac
done

if [ -z "${ANDERSON_NOISE:-}" ]; then
    bash ci/install.sh
    swift build -c release >&2
    export ANDERSON_NOISE=$root/.build/release/anderson-noise
fi

work=$(mktemp -d /tmp/anderson-slurm-test.XXXXXX)
daemons=() # pids of the daemons this script started, in start order
submitted=() # ids of the jobs it submitted
reference=""  # pid of the unsharded run while it runs
passed=0
finish() {
    local i
    [ -z "$reference" ] || kill "$reference" 2>/dev/null || true
    if [ ${#submitted[@]} -gt 0 ] && [ $passed -eq 0 ]; then
        scancel "${submitted[@]}" 2>/dev/null || true
        for ((i = 0; i < 20; i++)); do [ -z "$(queued "${submitted[@]}")" ] && break; sleep 0.5; done
    fi
    for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
        kill "${daemons[i]}" 2>/dev/null || true
        wait "${daemons[i]}" 2>/dev/null || true
    done
    [ ${#daemons[@]} -eq 0 ] || echo "slurm-test: stopped the daemons it started (pids ${daemons[*]})" >&2
    if [ $passed -eq 1 ]; then rm -rf "$work"; else echo "slurm-test: files kept in $work" >&2; fi
}
trap finish EXIT

install_missing() {
    local missing=() p
    for p in slurmctld slurmd slurm-client munge; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -gt 0 ] || return 0
    echo "slurm-test: installing ${missing[*]}" >&2
    # Keep the packages' init scripts from starting daemons with their default configuration.
    local policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    [ -z "$policy" ] || rm -f "$policy"
}

# Starts a daemon in the foreground of a background job and records its pid.
start() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    daemons+=($!)
}

start_cluster() {
    [ "$(id -u)" -eq 0 ] || fail "no SLURM cluster answers sinfo, and starting one needs root"
    install_missing
    local etc=$work/cluster host
    host=$(hostname -s)
    mkdir -p "$etc"/{munge,state,spool}
    chmod 700 "$etc/munge"
    dd if=/dev/urandom of="$etc/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$etc/munge/munge.key"
    start "$etc/munged.out" munged --foreground --force --key-file="$etc/munge/munge.key" \
        --socket="$etc/munge/munge.socket" --pid-file="$etc/munge/munged.pid" \
        --log-file="$etc/munge/munged.log" --seed-file="$etc/munge/munged.seed"
    cat >"$etc/slurm.conf" <<EOF
ClusterName=anderson-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$etc/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=$etc/state
SlurmdSpoolDir=$etc/spool
SlurmctldPidFile=$etc/slurmctld.pid
SlurmdPidFile=$etc/slurmd.pid
SlurmctldLogFile=$etc/slurmctld.log
SlurmdLogFile=$etc/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF=$etc/slurm.conf
    local i
    for ((i = 0; i < 50; i++)); do [ -S "$etc/munge/munge.socket" ] && break; sleep 0.2; done
    [ -S "$etc/munge/munge.socket" ] || fail "munged did not start: $(cat "$etc/munged.out" "$etc/munge/munged.log" 2>/dev/null)"
    start "$etc/slurmctld.out" slurmctld -D -f "$SLURM_CONF"
    start "$etc/slurmd.out" slurmd -D -f "$SLURM_CONF"
    for ((i = 0; i < 60; i++)); do
        [ "$(sinfo -h -N -o %T 2>/dev/null)" = idle ] && break
        sleep 1
    done
    [ "$(sinfo -h -N -o %T 2>/dev/null)" = idle ] ||
        fail "the node did not come up; logs in $etc: $(tail -n 5 "$etc"/slurmctld.log "$etc"/slurmd.log 2>/dev/null)"
    echo "slurm-test: started a one-node cluster ($(sinfo -V), $(nproc) CPUs) with its files in $etc" >&2
}

if timeout 20 sinfo -h >/dev/null 2>&1; then
    echo "slurm-test: using the running cluster ($(sinfo -V))" >&2
else
    start_cluster
fi

# The queue entries of the given jobs (empty when all have left the queue).
queued() {
    local j
    for j in "$@"; do squeue -h -j "$j" 2>/dev/null || true; done
}

# Submits the command through ci/slurm-run.sh; sets array and merge to the two job ids.
submit() {
    bash ci/slurm-run.sh "$shards" "$out" -- "${cmd[@]}" >"$work/ids"
    array=$(awk '$1 == "array" { print $2 }' "$work/ids")
    merge=$(awk '$1 == "merge" { print $2 }' "$work/ids")
    [ -n "$array" ] && [ -n "$merge" ] || fail "ci/slurm-run.sh printed no job ids: $(cat "$work/ids")"
    submitted+=("$array" "$merge")
}

# Waits until both jobs have left the queue; prints their states.
wait_jobs() {
    local deadline=$((SECONDS + ${SLURM_TEST_TIMEOUT:-1800}))
    while [ -n "$(queued "$array" "$merge")" ]; do
        [ $SECONDS -lt $deadline ] || fail "jobs $array, $merge still queued after ${SLURM_TEST_TIMEOUT:-1800} s"
        sleep 2
    done
    { scontrol -o show job "$array" && scontrol -o show job "$merge"; } 2>/dev/null |
        sed -E -e 's/^JobId=[0-9]+ ArrayJobId=([0-9]+) ArrayTaskId=([0-9]+) .* JobState=([A-Z_]+) .* ExitCode=([0-9:]+) .*/slurm-test: job \1_\2: \3, exit \4/' \
            -e 's/^JobId=([0-9]+) .* JobState=([A-Z_]+) .* ExitCode=([0-9:]+) .*/slurm-test: job \1: \2, exit \3/' >&2 || true
}

# result.json up to (without) its last member, "provenance" (checked to be the last: what
# follows its first line are its own members and the closing braces).
without_provenance() {
    sed '/^  "provenance": {$/,$d' "$1"
}
provenance_last() {
    grep -q '^  "provenance": {$' "$1" &&
        ! sed -n '/^  "provenance": {$/,$p' "$1" | tail -n +2 | grep -qv '^    "[a-z_]*": \|^  }$\|^}$'
}

# Compares the run directory tree $2 with the reference tree $1 (see the header).
# The writer's lock file (writer.lock, empty) is the tool's, not the run's: a merge has none.
run_files() { (cd "$1" && find . -type f ! -name writer.lock | sort); }
compare_trees() {
    local ref=$1 got=$2 f files=0 bytes=0
    [ -d "$got" ] || fail "$got: missing (the merge did not run; logs in $(dirname "$got")/logs)"
    diff <(run_files "$ref") <(run_files "$got") >&2 ||
        fail "$got: not the same files as the unsharded run $ref"
    while read -r f; do
        if [ "$(basename "$f")" = result.json ]; then
            provenance_last "$ref/$f" && provenance_last "$got/$f" || fail "$f: provenance is not the last member of result.json"
            cmp <(without_provenance "$ref/$f") <(without_provenance "$got/$f") >&2 || fail "$got/$f differs from $ref/$f"
        elif [ "$(basename "$f")" = result.h5 ]; then
            "$ANDERSON_NOISE" compare --same-seeds --tolerance 0 "$ref/$f" "$got/$f" >/dev/null ||
                fail "$got/$f differs from $ref/$f"
        else
            cmp "$ref/$f" "$got/$f" >&2 || fail "$got/$f differs from $ref/$f"
        fi
        files=$((files + 1))
        bytes=$((bytes + $(stat -c %s "$ref/$f")))
    done < <(run_files "$ref")
    echo "slurm-test: $got equals the unsharded run: $files files, $bytes bytes compared" >&2
}

out=$work/run
echo "slurm-test: $shards shards of: anderson-noise ${cmd[*]}" >&2
submit
"$ANDERSON_NOISE" "${cmd[@]}" --threads 1 --output "$work/single" 2>"$work/single.log" &
reference=$!
wait "$reference" || fail "the unsharded run failed: $(cat "$work/single.log")"
reference=""
wait_jobs
compare_trees "$work/single" "$out/merged"

# A task killed while writing its last record: cut the record's checksum off, drop the result.
records=$(find "$out"/shard-* -name records.bin -size +0 | sort | tail -n 1)
[ -n "$records" ] || fail "no shard holds a record"
truncate -s -8 "$records"
rm -f "$(dirname "$records")/result.json" "$(dirname "$records")/result.h5"
rm -rf "$out/merged"
echo "slurm-test: tore the last record of $records; resubmitting" >&2
submit
wait_jobs
compare_trees "$work/single" "$out/merged"

passed=1
echo "slurm-test: passed"
