#!/bin/sh
# make_test_certs.sh OUTDIR [STAMP]: a throw-away test CA and the leaf/client certificates the TLS tests use.
#
# Files written to OUTDIR (all keys unencrypted unless named -enc):
#   ca.pem ca.key               the test CA (trust anchor for CAINFO)
#   server.pem server.key       leaf for localhost, 127.0.0.1 and ::1, signed by the CA
#   server-chain.pem            server.pem followed by ca.pem
#   expired.pem expired.key     same names, validity ended in 2020
#   wrongname.pem wrongname.key leaf for wrong.example only
#   selfsigned.pem selfsigned.key  self-signed leaf for localhost/127.0.0.1/::1
#   client.pem client.key client.der client-key.der client-enc.key client.p12
#                               client certificate (CA-signed); -enc and .p12 use password "secret"
#   server-pub.pem server-pub.der server.pin   the server key's SPKI and its "sha256//" pin
#   other-pub.pem other.pin     an unrelated key, for pin mismatches
#   garbage.pem                 not a certificate at all
set -eu
out=${1:?usage: make_test_certs.sh OUTDIR [STAMP]}
stamp=${2:-}
case "$stamp" in ""|/*) ;; *) stamp="$(pwd)/$stamp" ;; esac
mkdir -p "$out"
cd "$out"
# Regenerating on every test run is cheap but not free; a stamp keeps one set per build dir.
if [ -f .complete ]; then
  [ -z "$stamp" ] || touch "$stamp"
  exit 0
fi

osl() { openssl "$@" 2>/dev/null; }
newkey_ec() { osl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1"; }
newkey_rsa() { osl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }

local_san="subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"

newkey_ec ca.key
osl req -x509 -new -key ca.key -out ca.pem -days 3650 -subj "/O=xfer tests/CN=xfer test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

# leaf NAME SUBJECT SAN [keytype]: a CA-signed leaf valid for ten years.
leaf() {
  if [ "${4:-ec}" = rsa ]; then newkey_rsa "$1.key"; else newkey_ec "$1.key"; fi
  osl req -new -key "$1.key" -out "$1.csr" -subj "$2"
  printf '%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' "$3" > "$1.ext"
  osl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile "$1.ext" -out "$1.pem"
  rm -f "$1.csr" "$1.ext"
}

leaf server "/O=xfer tests/CN=localhost" "$local_san" rsa
cat server.pem ca.pem > server-chain.pem
leaf wrongname "/O=xfer tests/CN=wrong.example" "subjectAltName=DNS:wrong.example"
leaf client "/O=xfer tests/CN=xfer test client" "subjectAltName=DNS:client.example"

# The expired leaf needs explicit dates, which only "openssl ca" sets on OpenSSL 3.0.
newkey_ec expired.key
osl req -new -key expired.key -out expired.csr -subj "/O=xfer tests/CN=localhost"
mkdir -p ca-db
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca-db/ca.cnf <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf_ext
unique_subject = no
[any]
organizationName = optional
commonName = supplied
[leaf_ext]
basicConstraints = CA:FALSE
$local_san
CNF
osl ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
  -startdate 20190101000000Z -enddate 20200101000000Z -notext
rm -rf ca-db expired.csr

newkey_ec selfsigned.key
osl req -x509 -new -key selfsigned.key -out selfsigned.pem -days 3650 \
  -subj "/O=xfer tests/CN=localhost" -addext "$local_san"

osl x509 -in client.pem -outform DER -out client.der
osl pkey -in client.key -outform DER -out client-key.der
osl pkey -in client.key -aes256 -passout pass:secret -out client-enc.key
osl pkcs12 -export -in client.pem -inkey client.key -certfile ca.pem -passout pass:secret -out client.p12

osl pkey -in server.key -pubout -out server-pub.pem
osl pkey -in server.key -pubout -outform DER -out server-pub.der
printf 'sha256//%s' "$(openssl pkey -pubin -in server-pub.pem -outform DER 2>/dev/null |
  openssl dgst -sha256 -binary | openssl base64 -A)" > server.pin
newkey_ec other.key
osl pkey -in other.key -pubout -out other-pub.pem
printf 'sha256//%s' "$(openssl pkey -pubin -in other-pub.pem -outform DER 2>/dev/null |
  openssl dgst -sha256 -binary | openssl base64 -A)" > other.pin

printf 'this is not a certificate\n' > garbage.pem
rm -f ca.srl
touch .complete
[ -z "$stamp" ] || touch "$stamp"
