#!/bin/sh
# Checks that run_netns.sh skips (77) rather than fails where no namespace can be made: run as an unprivileged user.
set -u
script=${1:?usage: netns_skips.sh path/to/run_netns.sh}
# The script must be readable by the user it runs as; /bin/true stands in for the tests.
copy=$(mktemp /tmp/run_netns.XXXXXX)
trap 'rm -f "$copy"' EXIT
cp "$script" "$copy"
chmod 755 "$copy"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh "$copy" /bin/true 2>&1)
rc=$?
echo "$out"
if [ "$rc" -ne 77 ]; then
  echo "FAIL: run_netns.sh as an unprivileged user exited $rc, not 77 (skip)"
  exit 1
fi
case $out in
  SKIP:*) echo "ok: skipped with its reason" ;;
  *) echo "FAIL: no SKIP reason printed"; exit 1 ;;
esac
