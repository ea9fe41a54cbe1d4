#!/bin/sh
# Runs the transport tests where DNS cannot leave the machine: a private mount namespace whose resolv.conf names only 127.0.0.1, inside a fresh network namespace (needs root).
set -eu
test_binary=${1:?usage: run_netns.sh path/to/transport_unit_tests [catch args]}
shift
rc_file=$(mktemp)
trap 'rm -f "$rc_file"' EXIT
echo 'nameserver 127.0.0.1' > "$rc_file"
# Containers, chroots and unprivileged users often cannot create namespaces or bind-mount
# inside them; that is a missing capability of the machine, not a failure of xfer, so the
# test is skipped (meson's 77) with the reason instead of failing.
if ! probe=$(unshare -m -n sh -c 'mount --make-rprivate / 2>/dev/null; mount --bind "$0" /etc/resolv.conf' "$rc_file" 2>&1); then
  echo "SKIP: no private mount+network namespace here: ${probe:-unshare failed}"
  exit 77
fi
unshare -m -n sh -c 'export XFER_IN_NETNS=1; mount --make-rprivate / 2>/dev/null; ip link set lo up 2>/dev/null || true; mount --bind "$0" /etc/resolv.conf && exec "$@"' "$rc_file" "$test_binary" "$@"
