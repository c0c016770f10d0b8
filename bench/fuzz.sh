#!/usr/bin/env bash
# A fixed fuzzing budget for every parser in feedback-core (libFuzzer through cargo-fuzz, on nightly):
#   bench/fuzz.sh            # 60 seconds
#   FUZZ_SECONDS=600 bench/fuzz.sh
# The seed corpus lives in feedback-core/fuzz/corpus/parse_inputs and is only read; what libFuzzer
# finds on the way goes to a scratch directory. A crash stops the run and leaves its input in
# feedback-core/fuzz/artifacts/ (exit status non-zero).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd feedback-core
cargo +nightly fuzz run parse_inputs "$scratch" fuzz/corpus/parse_inputs -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1
