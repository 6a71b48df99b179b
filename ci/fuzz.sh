#!/usr/bin/env bash
# Fuzzes every reader of user files with libFuzzer: builds the three targets of Fuzz/Targets
# (coverage-guided, AddressSanitizer) and runs each for SECONDS (default 60), one after the
# other, from the seed corpus in Fuzz/corpus/<target>. Exit 0 when no target crashed.
#   bash ci/fuzz.sh [SECONDS]
# A crash, a leak, an allocation over 512 MB, an input running longer than 10 s or a reader
# property violated (Fuzz/Harness) stops that target and leaves the input in
# .build-fuzz/findings/<target>/; keep it as a regression test in
# Tests/FuzzRegressions/<target>/ (FuzzRegressionTests replays every file there).
# New coverage-increasing inputs go to .build-fuzz/corpus/<target> (not the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bash ci/install.sh
export ANDERSON_NOISE_FUZZ=1
# libFuzzer reports crashes itself; Swift's backtracer would only slow each crash down.
export SWIFT_BACKTRACE=enable=no
targets=(PotentialFile RunFiles Records CheckTable)
scratch=.build-fuzz
# Coverage instrumentation as -sanitize=fuzzer gives it, plus AddressSanitizer (so libFuzzer's
# -malloc_limit_mb sees every allocation), linked with libFuzzer's main-less archive: SwiftPM
# gives an executable its own main, which hands over to libFuzzer (Fuzz/Targets/*/main.swift).
toolchain="$(dirname "$(dirname "$(command -v swiftc)")")"
libfuzzer="$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -n 1)"
flags=(-c release --scratch-path "$scratch" -Xswiftc -sanitize=address
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xlinker "$libfuzzer" -Xlinker -lstdc++)
for t in "${targets[@]}"; do swift build "${flags[@]}" --product "Fuzz$t"; done
bin="$(swift build "${flags[@]}" --show-bin-path)"
status=0
for t in "${targets[@]}"; do
    work="$scratch/corpus/$t" findings="$scratch/findings/$t"
    mkdir -p "$work" "$findings"
    echo "== Fuzz$t: $seconds s" >&2
    if ! "$bin/Fuzz$t" "$work" "Fuzz/corpus/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -malloc_limit_mb=512 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" 2>"$scratch/Fuzz$t.log"; then
        status=1
        echo "Fuzz$t: FOUND A FAILURE (input in $findings/, log $scratch/Fuzz$t.log)" >&2
        tail -n 40 "$scratch/Fuzz$t.log" >&2
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$scratch/Fuzz$t.log" >&2 || true
done
exit $status
