#!/usr/bin/env bash
# The main job: builds xfer and runs the `xfer` tool (with no URL: against its own
# loopback server). Arguments are passed to the tool.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh build >/dev/null
exec ./build/tools/xfer "$@"
