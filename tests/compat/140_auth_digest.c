/* Scenario: HTTP Digest authentication. Without qop the Authorization line is deterministic and
   printed whole: MD5 (implicit and named), SHA-256, SHA-512-256, userhash, opaque, a URL with a
   query (uri= for DIGEST and DIGEST_IE), quoting of realm and user name. With qop=auth (and the
   -sess algorithms) cnonce= and response= are masked, and the response is checked here against
   an MD5/SHA-256 computed from the printed fields (nc=00000001, qop=auth). Also stale=true (a new
   nonce is used without giving up), a refused Digest, a Digest-only server under ANY, a server
   offering Basic and Digest, a second transfer on the same handle, a POST under Digest. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trace.h"

/* ---- MD5 (RFC 1321) and SHA-256 (FIPS 180-4), enough to check a Digest response ---- */

static uint32_t rol32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
static uint32_t ror32(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void md5(const unsigned char *msg, size_t len, unsigned char out[16]) {
  static const int shifts[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  uint32_t k[64];
  for (int i = 0; i < 64; i++) {
    /* floor(abs(sin(i + 1)) * 2^32), computed without libm: the table from the RFC. */
    static const uint32_t table[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
    k[i] = table[i];
  }
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  size_t total = ((len + 8) / 64 + 1) * 64;
  unsigned char *buf = calloc(total, 1);
  memcpy(buf, msg, len);
  buf[len] = 0x80;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; i++) buf[total - 8 + i] = (unsigned char)(bits >> (8 * i));
  for (size_t off = 0; off < total; off += 64) {
    uint32_t w[16];
    for (int i = 0; i < 16; i++)
      w[i] = (uint32_t)buf[off + 4 * i] | (uint32_t)buf[off + 4 * i + 1] << 8 |
             (uint32_t)buf[off + 4 * i + 2] << 16 | (uint32_t)buf[off + 4 * i + 3] << 24;
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; i++) {
      uint32_t f;
      int g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      uint32_t tmp = d;
      d = c;
      c = b;
      b = b + rol32(a + f + k[i] + w[g], shifts[i]);
      a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
  free(buf);
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(h[i] >> (8 * j));
}

static void sha256(const unsigned char *msg, size_t len, unsigned char out[32]) {
  static const uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t total = ((len + 8) / 64 + 1) * 64;
  unsigned char *buf = calloc(total, 1);
  memcpy(buf, msg, len);
  buf[len] = 0x80;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; i++) buf[total - 1 - i] = (unsigned char)(bits >> (8 * i));
  for (size_t off = 0; off < total; off += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
      w[i] = (uint32_t)buf[off + 4 * i] << 24 | (uint32_t)buf[off + 4 * i + 1] << 16 |
             (uint32_t)buf[off + 4 * i + 2] << 8 | (uint32_t)buf[off + 4 * i + 3];
    for (int i = 16; i < 64; i++) {
      uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
      uint32_t S1 = ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + S1 + ch + k[i] + w[i];
      uint32_t S0 = ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = S0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  free(buf);
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}

/* Lowercase hex of MD5 (sha=0) or SHA-256 (sha=1) of text. */
static void hex_hash(int sha, const char *text, char *out) {
  unsigned char d[32];
  size_t n = sha ? 32 : 16;
  if (sha)
    sha256((const unsigned char *)text, strlen(text), d);
  else
    md5((const unsigned char *)text, strlen(text), d);
  for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

/* ---- the Authorization: Digest line ---- */

struct param {
  char name[32];
  char value[1024];
};

/* Splits `Digest a="b", c=d` into parameters (quotes removed, backslash escapes undone). */
static int parse_digest(const char *line, struct param *out, int max) {
  const char *p = strstr(line, "Digest ");
  if (!p) return 0;
  p += 7;
  int n = 0;
  while (*p && n < max) {
    while (*p == ' ' || *p == ',') p++;
    size_t k = 0;
    while (*p && *p != '=' && k + 1 < sizeof out[n].name) out[n].name[k++] = *p++;
    out[n].name[k] = '\0';
    if (*p != '=') break;
    p++;
    size_t v = 0;
    if (*p == '"') {
      p++;
      while (*p && *p != '"' && v + 1 < sizeof out[n].value) {
        if (*p == '\\' && p[1]) p++;
        out[n].value[v++] = *p++;
      }
      if (*p == '"') p++;
    } else {
      while (*p && *p != ',' && v + 1 < sizeof out[n].value) out[n].value[v++] = *p++;
    }
    out[n].value[v] = '\0';
    n++;
  }
  return n;
}

static const char *param_of(struct param *ps, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcasecmp(ps[i].name, name) == 0) return ps[i].value;
  return NULL;
}

/* Checks response= against the fields of the line, the method and the password. */
static const char *verify(const char *method, const char *line, const char *user, const char *pass) {
  struct param ps[16];
  int n = parse_digest(line, ps, 16);
  const char *realm = param_of(ps, n, "realm"), *nonce = param_of(ps, n, "nonce");
  const char *uri = param_of(ps, n, "uri"), *response = param_of(ps, n, "response");
  const char *qop = param_of(ps, n, "qop"), *nc = param_of(ps, n, "nc");
  const char *cnonce = param_of(ps, n, "cnonce"), *alg = param_of(ps, n, "algorithm");
  if (!realm || !nonce || !uri || !response) return "fields missing";
  int sha = 0, sess = 0;
  if (alg) {
    if (strcasecmp(alg, "MD5") == 0) {
    } else if (strcasecmp(alg, "MD5-sess") == 0) {
      sess = 1;
    } else if (strcasecmp(alg, "SHA-256") == 0) {
      sha = 1;
    } else if (strcasecmp(alg, "SHA-256-sess") == 0) {
      sha = 1;
      sess = 1;
    } else {
      return "not checked (algorithm)";
    }
  }
  char buf[8192], ha1[65], ha2[65], want[65];
  snprintf(buf, sizeof buf, "%s:%s:%s", user, realm, pass);
  hex_hash(sha, buf, ha1);
  if (sess) {
    snprintf(buf, sizeof buf, "%s:%s:%s", ha1, nonce, cnonce ? cnonce : "");
    hex_hash(sha, buf, ha1);
  }
  if (qop && strcasecmp(qop, "auth-int") == 0) {
    /* auth-int hashes the entity body too; these requests have none. */
    char empty[65];
    hex_hash(sha, "", empty);
    snprintf(buf, sizeof buf, "%s:%s:%s", method, uri, empty);
  } else {
    snprintf(buf, sizeof buf, "%s:%s", method, uri);
  }
  hex_hash(sha, buf, ha2);
  if (qop)
    snprintf(buf, sizeof buf, "%s:%s:%s:%s:%s:%s", ha1, nonce, nc ? nc : "", cnonce ? cnonce : "", qop, ha2);
  else
    snprintf(buf, sizeof buf, "%s:%s:%s", ha1, nonce, ha2);
  hex_hash(sha, buf, want);
  return strcmp(want, response) == 0 ? "ok" : "MISMATCH";
}

/* The line with the values of cnonce= and response= replaced when a cnonce is present. */
static void mask_line(const char *line, char *out, size_t cap) {
  int masking = strstr(line, "cnonce=") != NULL;
  size_t o = 0;
  const char *p = line;
  while (*p && o + 16 < cap) {
    if (masking && (strncmp(p, "cnonce=\"", 8) == 0 || strncmp(p, "response=\"", 10) == 0) &&
        (p == line || p[-1] == ' ' || p[-1] == ',')) {
      size_t nlen = (size_t)(strchr(p, '"') - p) + 1;
      memcpy(out + o, p, nlen);
      o += nlen;
      p += nlen;
      size_t vlen = 0;
      while (p[vlen] && p[vlen] != '"') vlen++;
      o += (size_t)snprintf(out + o, cap - o, "<%zu chars>", vlen);
      p += vlen;
      continue;
    }
    out[o++] = *p++;
  }
  out[o] = '\0';
}

/* ---- transfers ---- */

struct sent {
  char *buf;
  size_t len, cap;
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct sent *o = userdata;
  if (!o || (type != CURLINFO_HEADER_OUT && type != CURLINFO_DATA_OUT)) return 0;
  if (type == CURLINFO_DATA_OUT) {
    char tmp[48];
    int n = snprintf(tmp, sizeof tmp, "[body %zu]\n\n", size);
    data = tmp;
    size = (size_t)n;
    if (o->len + size + 1 > o->cap) {
      o->cap = (o->len + size + 1) * 2;
      o->buf = realloc(o->buf, o->cap);
    }
    memcpy(o->buf + o->len, data, size);
    o->len += size;
    o->buf[o->len] = '\0';
    return 0;
  }
  if (o->len + size + 1 > o->cap) {
    o->cap = (o->len + size + 1) * 2;
    o->buf = realloc(o->buf, o->cap);
  }
  memcpy(o->buf + o->len, data, size);
  o->len += size;
  o->buf[o->len] = '\0';
  return 0;
}

static const char *cur_user = "user";
/* The cnonce of the previous request on the same handle ("" for a new handle). */
static char prev_cnonce[256];
static const char *cur_pass = "pass";

/* Request lines, Authorization (masked where random, then checked), Content-Length, body sizes. */
static void print_sent(const char *label, const struct sent *o) {
  char method[16] = "";
  int at_start = 1;
  size_t i = 0;
  while (o->buf && i < o->len) {
    size_t end = i;
    while (end < o->len && o->buf[end] != '\n') end++;
    size_t n = end - i;
    char line[4096];
    if (n && o->buf[i + n - 1] == '\r') n--;
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, o->buf + i, n);
    line[n] = '\0';
    if (n == 0) {
      at_start = 1;
    } else if (strncmp(line, "[body ", 6) == 0) {
      trace_line("%s: >   %s", label, line);
    } else if (at_start) {
      trace_line("%s: > %s", label, line);
      snprintf(method, sizeof method, "%.*s", (int)strcspn(line, " "), line);
      at_start = 0;
    } else if (strncasecmp(line, "Authorization:", 14) == 0) {
      char masked[4096];
      mask_line(line, masked, sizeof masked);
      trace_line("%s: >   %s", label, masked);
      if (strstr(line, "Digest ")) {
        struct param ps[16];
        int np = parse_digest(line, ps, 16);
        const char *cn = param_of(ps, np, "cnonce");
        if (cn) {
          size_t hexlen = strspn(cn, "0123456789abcdefABCDEF");
          trace_line("%s: >   (cnonce all hex: %s, same as the previous request's: %s)", label,
                     hexlen == strlen(cn) ? "yes" : "no",
                     prev_cnonce[0] ? (strcmp(prev_cnonce, cn) == 0 ? "yes" : "no") : "none before");
          snprintf(prev_cnonce, sizeof prev_cnonce, "%s", cn);
        }
        trace_line("%s: >   (response check: %s)", label, verify(method, line, cur_user, cur_pass));
      }
    } else if (strncasecmp(line, "Content-Length:", 15) == 0) {
      trace_line("%s: >   %s", label, line);
    }
    i = end + 1;
  }
}

static CURL *digest_handle(const char *user, const char *pass, long auth) {
  CURL *h = curl_easy_init();
  if (!h) exit(1);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  cur_user = user;
  cur_pass = pass;
  prev_cnonce[0] = '\0';
  curl_easy_setopt(h, CURLOPT_USERNAME, user);
  curl_easy_setopt(h, CURLOPT_PASSWORD, pass);
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, auth);
  return h;
}

/* Prints the requests, the status line of every response, the result, code, HTTPAUTH_AVAIL. */
static void run(CURL *h, const char *label, const char *path) {
  struct trace_xfer x;
  struct sent o = {NULL, 0, 0};
  trace_xfer_init(&x, 0);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &o);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  print_sent(label, &o);
  for (const char *p = x.headers; p && *p;) {
    const char *nl = strchr(p, '\n');
    if (strncmp(p, "HTTP/", 5) == 0 || strncasecmp(p, "WWW-Authenticate:", 17) == 0)
      trace_line("%s: < %.*s", label, (int)(nl - p), p);
    p = nl + 1;
  }
  long code = -1, avail = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_HTTPAUTH_AVAIL, &avail);
  trace_line("%s: result %d %s code %ld HTTPAUTH_AVAIL=%ld body %zu", label, (int)rc,
             trace_code_name(rc), code, avail, x.body_bytes);
  free(o.buf);
  trace_xfer_free(&x);
}

static void one(const char *label, long auth, const char *path) {
  CURL *h = digest_handle("user", "pass", auth);
  run(h, label, path);
  curl_easy_cleanup(h);
}

#define D(x) "challenge=Digest%20" x

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* Self-check of the hashes used to verify (RFC 1321 and FIPS 180-2 test vectors). */
  char hx[65];
  hex_hash(0, "abc", hx);
  trace_line("md5 self-check: %s", strcmp(hx, "900150983cd24fb0d6963f7d28e17f72") == 0 ? "ok" : hx);
  hex_hash(1, "abc", hx);
  trace_line("sha256 self-check: %s",
             strcmp(hx, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0 ? "ok" : hx);

  /* No qop: the whole line is deterministic. */
  one("plain", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  one("md5", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20algorithm%3DMD5"));
  one("sha256", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20algorithm%3DSHA-256"));
  one("sha512-256", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20algorithm%3DSHA-512-256"));
  one("userhash", CURLAUTH_DIGEST,
      "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20algorithm%3DSHA-256,%20userhash%3Dtrue"));
  one("unknown-algorithm", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20algorithm%3DFOO"));
  one("opaque", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20opaque%3D%22op%20aque%22"));
  one("no-nonce", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22"));
  one("unquoted", CURLAUTH_DIGEST, "/d?" D("realm%3Dr,nonce%3Dn1"));
  one("domain-charset", CURLAUTH_DIGEST,
      "/d?" D("realm%3D%22r%22,%20domain%3D%22/d%22,%20nonce%3D%22n1%22,%20charset%3DUTF-8"));
  one("realm-escapes", CURLAUTH_DIGEST, "/d?" D("realm%3D%22a%20%5C%22q%5C%22%20b%22,%20nonce%3D%22n1%22"));
  /* A user name that needs escaping. */
  CURL *h = digest_handle("us\"er\\x", "pass", CURLAUTH_DIGEST);
  run(h, "user-escapes", "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  curl_easy_cleanup(h);

  /* A query and a path: uri= keeps the query for DIGEST, drops it for DIGEST_IE. */
  one("query-digest", CURLAUTH_DIGEST, "/dir/file.txt?x=1&" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  one("query-digest-ie", CURLAUTH_DIGEST_IE, "/dir/file.txt?x=1&" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));

  /* qop: cnonce and response masked, the response checked. */
  one("qop-auth", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22"));
  one("qop-auth-authint", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth,auth-int%22"));
  one("qop-authint-only", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth-int%22"));
  one("qop-unquoted", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3Dauth"));
  one("md5-sess", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22,%20algorithm%3DMD5-sess"));
  one("sha256-qop", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22,%20algorithm%3DSHA-256"));
  one("sha256-sess", CURLAUTH_DIGEST, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22,%20algorithm%3DSHA-256-sess"));
  one("qop-opaque-ie", CURLAUTH_DIGEST_IE,
      "/q?a=b&" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22,%20opaque%3D%22o%22"));

  /* The same handle again: Digest at once with the nonce it has; nc counts on with qop. */
  h = digest_handle("user", "pass", CURLAUTH_DIGEST);
  run(h, "again-1", "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22"));
  run(h, "again-2", "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22"));
  run(h, "again-3", "/e?echo=1");
  curl_easy_cleanup(h);
  h = digest_handle("user", "pass", CURLAUTH_DIGEST);
  run(h, "again-noqop-1", "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  run(h, "again-noqop-2", "/other?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  curl_easy_cleanup(h);

  /* stale=true: the server refuses the first answer, offering a new nonce; the client uses it. */
  one("stale", CURLAUTH_DIGEST,
      "/s?" D("realm%3D%22r%22,%20nonce%3D%22n1%22") "&authok=nonce%3D%22n2%22"
      "&rechallenge=Digest%20realm%3D%22r%22,%20nonce%3D%22n2%22,%20stale%3Dtrue");
  one("stale-qop", CURLAUTH_DIGEST,
      "/s?" D("realm%3D%22r%22,%20nonce%3D%22n1%22,%20qop%3D%22auth%22") "&authok=nonce%3D%22n2%22"
      "&rechallenge=Digest%20realm%3D%22r%22,%20nonce%3D%22n2%22,%20qop%3D%22auth%22,%20stale%3DTRUE");
  /* The same refusal without stale: wrong credentials, the 401 is the answer. */
  one("refused", CURLAUTH_DIGEST,
      "/s?" D("realm%3D%22r%22,%20nonce%3D%22n1%22") "&authok=nonce%3D%22n2%22"
      "&rechallenge=Digest%20realm%3D%22r%22,%20nonce%3D%22n2%22");
  one("refused-stale-false", CURLAUTH_DIGEST,
      "/s?" D("realm%3D%22r%22,%20nonce%3D%22n1%22") "&authok=nonce%3D%22n2%22"
      "&rechallenge=Digest%20realm%3D%22r%22,%20nonce%3D%22n2%22,%20stale%3Dfalse");
  /* Choosing: a Digest-only server under ANY; Basic and Digest offered, in both orders. */
  one("any-digest-only", CURLAUTH_ANY, "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  one("any-basic-then-digest", CURLAUTH_ANY,
      "/d?challenge=Basic%20realm%3D%22b%22&" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  one("any-digest-then-basic", CURLAUTH_ANY,
      "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22") "&challenge=Basic%20realm%3D%22b%22");
  one("basic-digest-mask", CURLAUTH_BASIC | CURLAUTH_DIGEST,
      "/d?challenge=Basic%20realm%3D%22b%22&" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  one("basic-only-wanted", CURLAUTH_BASIC,
      "/d?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  /* Two challenges in one header line. */
  one("one-line-two-schemes", CURLAUTH_ANY,
      "/d?challenge=Basic%20realm%3D%22b%22,%20Digest%20realm%3D%22r%22,%20nonce%3D%22n1%22");

  /* A POST under Digest: what the first request carries. */
  h = digest_handle("user", "pass", CURLAUTH_DIGEST);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=1&b=2");
  run(h, "post", "/p?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  curl_easy_cleanup(h);
  h = digest_handle("user", "pass", CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=1&b=2");
  run(h, "post-any", "/p?" D("realm%3D%22r%22,%20nonce%3D%22n1%22"));
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
