#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every suite, then again under
# AddressSanitizer + UndefinedBehaviorSanitizer. Exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

# Warnings are errors here, as the style guide asks of CI.
./scripts/build.sh build -Dwerror=true
# curl's own test suite needs curl's source tree built once (cached in /var/cache/xfer) and
# a baseline run on curl's own library (cached too); do both before the parallel tests.
./tests/curl-suite/run.py --baseline-only --out build/tests/curl-suite/baseline
meson test -C build --print-errorlogs --num-processes 2 --no-suite soak --no-suite torture --no-suite faults
# Allocation failures (every 7th N over nine scenarios) and socket faults (libcurl as the
# oracle): each preloads an interposer, so they run apart from the rest.
meson test -C build --no-rebuild --print-errorlogs --suite torture --suite faults
# Soak: 200 transfers at a time for XFER_SOAK_SECONDS (default 60) against the test server,
# good and hostile replies mixed; fails on a wrong result, RSS growth or an fd leak. Alone,
# since it measures its own process under load.
meson test -C build --print-errorlogs --suite soak

# Sanitizers: every report is fatal, so "zero reports" is what a pass means.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
# Leaks inside Debian's libcurl itself (the reference side) are libcurl's, not xfer's.
export LSAN_OPTIONS=suppressions=$PWD/tests/support/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
./scripts/build.sh build-asan -Dwerror=true -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
  -Dbenchmarks=false -Dtools=false
meson test -C build-asan --print-errorlogs --num-processes 2 --suite unit --suite engine --suite compat \
  --suite events --suite fuzz-replay

# Fuzzing: each libFuzzer target (clang-14, ASan+UBSan, in build-fuzz) for a few seconds over a
# copy of its corpus, with a fixed seed; a sanitizer report, leak, timeout or OOM fails the
# run and prints the input. A new consistency finding (an outcome that depends on the read
# split) is printed, not fatal: the corpora's replay above checks consistency, and open
# findings wait in tests/fuzz/known.
XFER_FUZZ_SEED=1 XFER_FUZZ_GATE=memory XFER_FUZZ_SECONDS=15 ./tests/fuzz/run.sh

# ThreadSanitizer: only the threads suite (shares, resolver pools, wake-ups, handles moved
# between threads), so only its test program is built. A report anywhere fails the run;
# tsan.supp names only frames inside uninstrumented third-party libraries, never xfer's own
# code.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/threads/tsan.supp"
if [ ! -f build-tsan/build.ninja ]; then
  meson setup build-tsan . -Dwerror=true -Dbuildtype=debug -Db_sanitize=thread -Db_lundef=false \
    -Dbenchmarks=false -Dtools=false
fi
ninja -C build-tsan tests/threads/threads_tests tests/support/certs.stamp
meson test -C build-tsan --no-rebuild --print-errorlogs --suite threads
