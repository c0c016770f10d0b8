#!/usr/bin/env bash
# Every benchmark and long hardening run, one after another; each writes its section of BENCHMARKS.md.
# About 25 minutes on a 2-core machine. Loopback only; every server is stopped afterwards.
#   bench/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap
./scripts/build
node bench/widget_weight.mjs
node bench/widget_nightly.mjs
node bench/floors.mjs
node bench/feature_costs.mjs
node bench/hearing.mjs
node bench/host_page_cost.mjs
node bench/collector_throughput.mjs
node bench/webhook_latency.mjs
node bench/scale.mjs
node bench/retry_storm.mjs
node bench/receiver_down_soak.mjs
node bench/restart_under_load.mjs
node bench/api_fuzz.mjs
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" bench/fuzz.sh
