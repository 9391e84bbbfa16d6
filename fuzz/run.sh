#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after the other, at low priority
# (the machine is shared): `fuzz/run.sh 600`. Needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`); the stable toolchain builds libFuzzer
# targets with RUSTC_BOOTSTRAP=1 and no sanitizer (leyline's only unsafe is one checked from_utf8_unchecked;
# the targets check panics, hangs, memory and the round-trip properties).
#
# Corpora grow in fuzz/corpus/<target> (seeded from fuzz/seeds/<target>);
# crashing inputs land in fuzz/artifacts/<target>. A final line per target
# gives libFuzzer's executions; the script fails if any target found a crash.
#
# Env: TARGETS="decode wkt" to choose, FUZZ_RSS_MB (default 512) for the
# memory limit, FUZZ_JOBS_LOG (default fuzz/logs) for libFuzzer's output.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz/run.sh SECONDS}
# Every target in fuzz_targets/ (each has its [[bin]] in Cargo.toml).
targets=${TARGETS:-$(for f in fuzz_targets/*.rs; do basename "$f" .rs; done)}
rss=${FUZZ_RSS_MB:-512}
logs=${FUZZ_JOBS_LOG:-logs}
export RUSTC_BOOTSTRAP=1
flags=(-O -a -s none)

nice cargo fuzz build "${flags[@]}"
mkdir -p "$logs"
status=0
for target in $targets; do
  mkdir -p "corpus/$target"
  seeds=()
  if [ -d "seeds/$target" ]; then seeds=("seeds/$target"); fi
  log="$logs/$target.log"
  echo "==> fuzz $target for ${seconds}s (log: fuzz/$log)"
  if ! nice cargo fuzz run "${flags[@]}" "$target" "corpus/$target" "${seeds[@]}" -- \
      -max_total_time="$seconds" -rss_limit_mb="$rss" -malloc_limit_mb="$rss" \
      -timeout=10 -max_len=65536 -print_final_stats=1 >"$log" 2>&1; then
    status=1
    echo "!! $target failed; the end of its log:"
    tail -n 40 "$log"
  fi
  # The final stats: runs, executions per second, corpus size.
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|Done )' "$log" \
    | sed "s/^/   $target: /" || true
  grep -E '^#[0-9]+.*DONE' "$log" | tail -n 1 | sed "s/^/   $target: /" || true
done
exit $status
