#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan+UBSan) in build-fuzz and runs each for a while over a copy of its corpus.
#
#   tests/fuzz/run.sh [TARGET...]      all targets when none is named
#   XFER_FUZZ_SECONDS=30   seconds per target
#   XFER_FUZZ_SEED=0       libFuzzer's -seed (0: random)
#   XFER_FUZZ_GATE=all     "memory": only sanitizer reports, leaks, timeouts and OOM fail
#   XFER_FUZZ_JOBS=2       targets run side by side
#   XFER_FUZZ_BUILD=build-fuzz
#   XFER_FUZZ_KEEP=DIR     keep the grown corpora and artifacts there (default: a temp dir,
#                          removed when nothing failed). The repository's corpus is never written.
# Exit status is non-zero when any target crashed, leaked, timed out or ran out of memory;
# the input that did it is printed, to be copied into tests/fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${XFER_FUZZ_SECONDS:-30}
# 0: a new random seed each run (exploring); CI fixes one, so a run on the same code and
# corpus mutates the same way and a failure there is one a rerun shows again.
seed=${XFER_FUZZ_SEED:-0}
jobs=${XFER_FUZZ_JOBS:-2}
build=${XFER_FUZZ_BUILD:-build-fuzz}
all_targets=(response_parser chunked header_line url urlapi content_decoder cookie_jar hsts altsvc netrc transfer h2_session)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

if [ ! -f "$build/build.ninja" ]; then
  # -O1 and line tables only: what libFuzzer's docs suggest, and a much cheaper compile than
  # -O2 with full debug information, which matters when CI builds this from scratch.
  CC=clang-14 CXX=clang++-14 meson setup "$build" . -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbenchmarks=false -Dtools=false -Doptimization=1 -Ddebug=false \
    -Dc_args=-gline-tables-only -Dcpp_args=-gline-tables-only
fi
ninja -C "$build" "${targets[@]/#/tests/fuzz/fuzz_}"

work=${XFER_FUZZ_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/xfer-fuzz.XXXXXX")}
mkdir -p "$work"
# Any sanitizer report ends the run with an artifact; UBSan would otherwise only print.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

# One target: its own corpus copy, artifacts under $work/<target>/, one summary line.
run_target() {
  local t=$1 dir=$work/$1
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp tests/fuzz/corpus/"$t"/* "$dir/corpus/" 2>/dev/null || true
  local extra=()
  [ -d tests/fuzz/regressions/"$t" ] && extra+=(tests/fuzz/regressions/"$t")
  local dict=()
  case $t in
    response_parser|chunked|header_line|transfer) dict=(-dict=tests/fuzz/http.dict) ;;
  esac
  local rc=0
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${dict[@]}" "$dir/corpus" "${extra[@]}" \
    >"$dir/log" 2>&1 || rc=$?
  local execs cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -1 | cut -d' ' -f2)
  local artifact
  artifact=$(find "$dir/artifacts" -type f | head -1)
  if [ "$rc" -eq 0 ] && [ -z "$artifact" ]; then
    printf '%-16s ok       %8s execs  cov %-5s corpus %s -> %s\n' "$t" "${execs:-?}" "${cov:-?}" \
      "$(ls tests/fuzz/corpus/"$t" | wc -l)" "$(ls "$dir/corpus" | wc -l)"
    return 0
  fi
  local kind=failed
  [ -n "$artifact" ] && kind=$(basename "$artifact" | cut -d- -f1)
  printf '%-16s %-8s %8s execs  input %s  log %s\n' "$t" "$kind" "${execs:-?}" "${artifact:-none}" "$dir/log"
  # What went wrong and where: the check or sanitizer line, and the first frames in xfer.
  grep -m3 -E 'check failed|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY' "$dir/log" |
    sed 's/^/    /' || true
  grep -m4 -E '^ +#[0-9]+ .* in (xfer::|fuzz::|LLVMFuzzerTestOneInput)' "$dir/log" | sed 's/^/    /' || true
  # XFER_FUZZ_GATE=memory: a harness's own consistency check (an outcome that depends on
  # how reads split the input, say) is reported but does not fail the run; a sanitizer
  # report, a leak, a timeout or running out of memory always does. The corpora's replay
  # (suite fuzz-replay) checks consistency on every build.
  if [ "${XFER_FUZZ_GATE:-all}" = memory ] && grep -q 'check failed' "$dir/log" &&
     ! grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error' "$dir/log"; then
    echo "    (a consistency finding: reported, not fatal under XFER_FUZZ_GATE=memory)"
    return 0
  fi
  return 1
}

failed=0
pids=()
for t in "${targets[@]}"; do
  # At most $jobs at a time: wait for the oldest before starting another.
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
  run_target "$t" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done

if [ "$failed" -ne 0 ]; then
  echo "fuzzing found something; everything is kept in $work"
  exit 1
fi
[ -z "${XFER_FUZZ_KEEP:-}" ] && rm -rf "$work"
if [ "${XFER_FUZZ_GATE:-all}" = memory ]; then
  echo "fuzzing: ${#targets[@]} targets, ${seconds}s each: no sanitizer report, leak, timeout or OOM"
else
  echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, nothing found"
fi
