#!/usr/bin/env bash
# Installs the Debian 12 packages xfer needs to build, test and benchmark (apt-get, as root).
set -euo pipefail

pkgs=(build-essential meson ninja-build pkg-config python3 libssl-dev zlib1g-dev catch2
      # content codings besides gzip/deflate: br (libbrotlidec; the test server's encoder
      # is libbrotlienc) and zstd
      libbrotli-dev libzstd-dev
      # cookies' public suffix list; a static link of libpsl also needs libidn2, libunistring
      libpsl-dev libidn2-dev libunistring-dev
      # GSS-API (Negotiate, SOCKS5 GSS-API), and a private Kerberos realm for their tests
      libkrb5-dev krb5-kdc krb5-admin-server krb5-user
      # HTTP/2 (src/http/h2_session.*): nghttp2
      libnghttp2-dev
      # the GnuTLS flavour, libcurl-gnutls.so.4 (src/transport/gnutls, src/util/nettle)
      libgnutls28-dev nettle-dev
      node-llhttp libcurl4-openssl-dev util-linux libuv1-dev libevent-dev libev-dev
      nginx-light wrk nghttp2-client strace
      # nghttpd: the real HTTP/2 server with push that tests/support/origins.py runs
      nghttp2-server
      # Apache (event MPM, mod_http2): the h2c origin that answers Upgrade: h2c (origins.py)
      apache2-bin
      # run_netns.sh raises lo in its private network namespace with `ip`
      iproute2
      # the downloaders the xfer tool is measured against (bench/tools.py; curl is below)
      wget2 aria2
      # curl's own test suite (tests/curl-suite): apt-get source, curl's build deps, runtests
      dpkg-dev patch perl stunnel4 openssl libnghttp2-dev libidn2-dev libpsl-dev
      # real-client suite (tests/clients): Debian's own libcurl users run on the drop-in
      curl php-cli php-curl r-cran-curl ruby-ethon cmake zchunk
      # real clients of the GnuTLS flavour (libcurl-gnutls.so.4): git's git-remote-http with
      # git http-backend behind nginx through fcgiwrap, pycurl for /usr/bin/python3, and
      # debuginfod-find against a private debuginfod (libdebuginfod1); gcc builds its binary
      libcurl3-gnutls git fcgiwrap python3-pycurl debuginfod elfutils
      # real proxies for the proxy scenarios (tests/support/proxies.py runs private instances
      # on loopback; the system services are never started, see below)
      tinyproxy dante-server
      # the libFuzzer targets (tests/fuzz/run.sh): clang and its fuzzer runtime
      clang-14 libclang-rt-14-dev "$@")
# Packages whose install would start (and enable) a system service we never want running.
services=(tinyproxy danted krb5-kdc krb5-admin-server fcgiwrap fcgiwrap.socket debuginfod)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# A policy-rc.d that says 101 keeps invoke-rc.d from starting services during the install
# (Docker images ship one already; then it is left as it is).
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  added_policy=1
fi
status=0
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
[ -n "$added_policy" ] && $sudo rm -f "$policy"
[ "$status" -eq 0 ] || exit "$status"
# The packages enable their units for the next boot; the tests start their own instances.
if command -v systemctl >/dev/null 2>&1; then
  for s in "${services[@]}"; do
    $sudo systemctl disable --now "$s" >/dev/null 2>&1 || true
  done
fi
