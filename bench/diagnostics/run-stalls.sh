#!/usr/bin/env bash
# Engine runs (`bench/engine/engine-run.ts`, npm start's V8 flags) with stall-probe.mjs preloaded
# and one timer-watch.mjs pinned to each CPU, then underrun-stalls.mjs over them.
# Usage: bench/diagnostics/run-stalls.sh <runs> <calls>... (e.g. 6 200 50); output under /tmp/parley-stalls.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=$1
shift
out=/tmp/parley-stalls
rm -rf "$out"
mkdir -p "$out"
# npm start's V8 flags (package.json), as the bench runs Parley.
read -r -a flags <<<"$(node -p "require('./package.json').scripts.start.split(' ').filter((a) => a.startsWith('--') && a !== '--import').join(' ')")"
for i in $(seq "$runs"); do
  for n in "$@"; do
    d="$out/run$i-$n"
    mkdir -p "$d"
    taskset -c 0 node bench/diagnostics/timer-watch.mjs "$d/watch-cpu0.log" &
    w0=$!
    taskset -c 1 node bench/diagnostics/timer-watch.mjs "$d/watch-cpu1.log" &
    w1=$!
    STALL_PROBE_DIR="$d" node "${flags[@]}" --import tsx \
      --import ./bench/diagnostics/stall-probe.mjs bench/engine/engine-run.ts "$n" --raw >"$d/run.out" 2>/dev/null
    kill "$w0" "$w1"
  done
done
node bench/diagnostics/underrun-stalls.mjs "$out"/run*
