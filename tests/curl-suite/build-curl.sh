#!/usr/bin/env bash
# Fetches Debian's curl source package (the version of the installed libcurl4) and builds
# what libcurl's test suite needs: the library, the curl tool, tests/server and
# tests/libtest, OpenSSL flavour. The result is cached outside the clone; the cache key is
# the package version plus a hash of this script, so a changed recipe builds afresh.
#
#   build-curl.sh            build if needed, print the cache directory
#   build-curl.sh --print    print the cache directory it would use (no build)
#
# The build happens in a temporary directory next to the cache and is renamed into place
# only when complete, so an interrupted build never leaves a half-built cache behind.
# Needs root (or sudo) once: it writes a deb-src sources file and runs apt-get.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
version=$(dpkg-query -W -f='${Version}' libcurl4)
recipe=$(sha256sum "$here/build-curl.sh" | cut -c1-12)
root=${XFER_CURL_CACHE:-/var/cache/xfer}
cache="$root/curl-$version-$recipe"

if [ "${1:-}" = "--print" ]; then echo "$cache"; exit 0; fi
if [ -f "$cache/.complete" ]; then echo "$cache"; exit 0; fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo mkdir -p "$root"
[ -w "$root" ] || $sudo chown "$(id -u):$(id -g)" "$root"

# One builder at a time (meson test and scripts/test.sh may both ask).
exec 9>"$root/.lock-curl-$version"
flock 9
if [ -f "$cache/.complete" ]; then echo "$cache"; exit 0; fi

log() { echo "build-curl: $*" >&2; }
start=$(date +%s)

# deb-src entries for the same archives as the binary sources, in a file of our own.
src_list=/etc/apt/sources.list.d/xfer-deb-src.sources
if ! apt-cache showsrc "curl=$version" 2>/dev/null | grep -q "^Version: $version\$"; then
  if [ ! -f "$src_list" ]; then
    log "writing $src_list"
    sed -e 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      | $sudo tee "$src_list" >/dev/null
  fi
  log "apt-get update (deb-src)"
  $sudo apt-get update -qq
fi

tmp=$(mktemp -d "$root/.build-curl-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
log "apt-get source curl=$version in $tmp"
apt-get source -qq "curl=$version" >/dev/null 2>"$tmp/apt-source.log" || {
  cat "$tmp/apt-source.log" >&2; exit 1; }
src=$(find "$tmp" -maxdepth 1 -type d -name 'curl-*' | head -1)
cd "$src"

# Debian applies its GnuTLS and NSS renaming patches last; the OpenSSL flavour is the tree
# without them (what debian/rules builds after two `quilt pop`s).
for p in 99_nss.patch 90_gnutls.patch; do
  patch -R -p1 -s <"debian/patches/$p"
done
grep -q 'CURL_@CURL_LT_SHLIB_VERSIONED_FLAVOUR@4' lib/libcurl.vers.in

log "configure"
./configure -q --disable-dependency-tracking --enable-shared --disable-static \
  --with-openssl --with-nghttp2 --with-libidn2 --with-libpsl --with-brotli --with-zstd \
  --with-zlib --enable-versioned-symbols --enable-threaded-resolver \
  --without-libssh2 --without-libssh --without-librtmp --without-gssapi \
  --disable-ldap --disable-ldaps --disable-manual \
  CFLAGS="-O1 -g0" >"$tmp/configure.log" 2>&1 || { tail -40 "$tmp/configure.log" >&2; exit 1; }

jobs=${XFER_CURL_JOBS:-2}
for dir in lib src tests/server tests/libtest; do
  log "make -C $dir"
  make -s -j"$jobs" -C "$dir" >"$tmp/make.log" 2>&1 || { tail -40 "$tmp/make.log" >&2; exit 1; }
done

# What the runner relies on: real binaries (not libtool wrappers) and the library.
test -x src/.libs/curl
test -e lib/.libs/libcurl.so.4
test -x tests/libtest/.libs/lib500
test -x tests/server/sws

end=$(date +%s)
echo "built $(date -u +%FT%TZ) in $((end - start)) s; curl $version; recipe $recipe" >.complete
[ -e "$cache" ] && rm -rf "$cache"   # a leftover without .complete
mv "$src" "$cache.new.$$"
mv -T "$cache.new.$$" "$cache"
log "done in $((end - start)) s: $cache"
echo "$cache"
