#!/bin/sh
# Runs the transport tests where DNS cannot leave the machine: a private mount namespace whose resolv.conf names only 127.0.0.1, inside a fresh network namespace (needs root).
set -eu
test_binary=${1:?usage: run_netns.sh path/to/transport_unit_tests [catch args]}
shift
rc_file=$(mktemp)
trap 'rm -f "$rc_file"' EXIT
echo 'nameserver 127.0.0.1' > "$rc_file"
unshare -m -n sh -c 'export XFER_IN_NETNS=1; ip link set lo up 2>/dev/null || true; mount --bind "$0" /etc/resolv.conf && exec "$@"' "$rc_file" "$test_binary" "$@"
