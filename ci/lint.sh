#!/usr/bin/env bash
# Style gate, run by ci/test.sh before the build: the Swift sources are as swift-format (which
# ships with the Swift toolchain) lays them out with the project's .swift-format (4 spaces,
# lines of at most 100 columns; no lint rules beyond layout), and no line of Swift source is
# longer than 100 columns (swift-format does not break string literals or comments).
#   bash ci/lint.sh          check
#   bash ci/lint.sh --fix    reformat in place (long strings and comments still need a hand)
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Fuzz)
if [ "${1:-}" = "--fix" ]; then
    swift format format -i -r "${paths[@]}"
fi
status=0
if ! swift format lint -r --strict "${paths[@]}"; then
    echo "lint: layout differs from swift-format's; run bash ci/lint.sh --fix" >&2
    status=1
fi
long=$(find "${paths[@]}" -name '*.swift' -print0 | xargs -0 awk 'length > 100 { print FILENAME ":" FNR ": " length " columns" }')
if [ -n "$long" ]; then
    echo "$long" >&2
    echo "lint: $(echo "$long" | wc -l) lines longer than 100 columns" >&2
    status=1
fi
exit $status
