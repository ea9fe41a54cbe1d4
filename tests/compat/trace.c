/* Trace printing for the differential scenarios: port masking, body hashing, getinfo batches. */
#define _GNU_SOURCE
#include "trace.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

long trace_debug_calls;
long trace_xferinfo_calls;

static int port_number;
static char port_text[16];
/* Ports of real proxies and origin servers (run_scenario.py's XFER_TEST_PROXY_* and
   XFER_TEST_ORIGIN_* variables), each masked by its family's word. */
#define MAX_OTHER_PORTS 8
static struct {
  char text[16];
  const char *mask;
} other_ports[MAX_OTHER_PORTS];
static int other_port_count;
extern char **environ;

static void collect_ports(const char *prefix, const char *mask) {
  size_t n = strlen(prefix);
  for (char **e = environ; e && *e && other_port_count < MAX_OTHER_PORTS; e++) {
    if (strncmp(*e, prefix, n) != 0) continue;
    const char *eq = strchr(*e, '=');
    if (!eq || !eq[1]) continue;
    snprintf(other_ports[other_port_count].text, sizeof other_ports[0].text, "%d", atoi(eq + 1));
    other_ports[other_port_count++].mask = mask;
  }
}

/* PREFIX + NAME upper-cased, '-' as '_', read as a port; exits naming the missing marker. */
static int port_from_env(const char *prefix, const char *name, const char *marker) {
  char var[128];
  snprintf(var, sizeof var, "%s", prefix);
  size_t at = strlen(var);
  for (const char *p = name; *p && at + 1 < sizeof var; p++)
    var[at++] = *p == '-' ? '_' : (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
  var[at] = '\0';
  const char *v = getenv(var);
  if (!v || !*v) {
    fprintf(stderr, "%s is not set: the scenario needs a `// %s: ...` marker\n", var, marker);
    exit(2);
  }
  return atoi(v);
}

int trace_proxy_port(const char *name) { return port_from_env("XFER_TEST_PROXY_", name, "proxy"); }

int trace_origin_port(const char *name) { return port_from_env("XFER_TEST_ORIGIN_", name, "origin"); }

int trace_begin(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    exit(2);
  }
  port_number = atoi(argv[1]);
  snprintf(port_text, sizeof port_text, "%d", port_number);
  collect_ports("XFER_TEST_PROXY_", "PROXYPORT");
  collect_ports("XFER_TEST_ORIGIN_", "ORIGINPORT");
  /* Buffered stdout would interleave badly with a crash; keep every line flushed. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  return port_number;
}

int trace_port(void) { return port_number; }

const char *trace_url(const char *path_and_query) {
  static char ring[8][1024];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 8;
  snprintf(out, sizeof ring[0], "http://127.0.0.1:%d%s", port_number, path_and_query);
  return out;
}

static int is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Writes s with every occurrence of the server port replaced, so traces of runs against
 * different ephemeral ports compare equal. Only a whole word is the port: its digits inside
 * a longer number or a hash stay as they are. */
static int word_at(const char *begin, const char *s, const char *word) {
  size_t n = strlen(word);
  return n && strncmp(s, word, n) == 0 && (s == begin || !is_alnum(s[-1])) && !is_alnum(s[n]);
}

static void put_masked(const char *s) {
  const char *begin = s;
  while (*s) {
    if (word_at(begin, s, port_text)) {
      fputs("PORT", stdout);
      s += strlen(port_text);
      continue;
    }
    int masked = 0;
    for (int i = 0; i < other_port_count && !masked; i++) {
      if (word_at(begin, s, other_ports[i].text)) {
        fputs(other_ports[i].mask, stdout);
        s += strlen(other_ports[i].text);
        masked = 1;
      }
    }
    if (!masked) {
      fputc(*s, stdout);
      s++;
    }
  }
}

void trace_line(const char *fmt, ...) {
  char buf[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  put_masked(buf);
  fputc('\n', stdout);
  fflush(stdout);
}

#define NAME(x) \
  case x:       \
    return #x;

const char *trace_code_name(CURLcode code) {
  switch (code) {
    NAME(CURLE_OK)
    NAME(CURLE_UNSUPPORTED_PROTOCOL)
    NAME(CURLE_FAILED_INIT)
    NAME(CURLE_URL_MALFORMAT)
    NAME(CURLE_NOT_BUILT_IN)
    NAME(CURLE_COULDNT_RESOLVE_PROXY)
    NAME(CURLE_COULDNT_RESOLVE_HOST)
    NAME(CURLE_COULDNT_CONNECT)
    NAME(CURLE_WEIRD_SERVER_REPLY)
    NAME(CURLE_REMOTE_ACCESS_DENIED)
    NAME(CURLE_HTTP2)
    NAME(CURLE_PARTIAL_FILE)
    NAME(CURLE_QUOTE_ERROR)
    NAME(CURLE_HTTP_RETURNED_ERROR)
    NAME(CURLE_WRITE_ERROR)
    NAME(CURLE_UPLOAD_FAILED)
    NAME(CURLE_READ_ERROR)
    NAME(CURLE_OUT_OF_MEMORY)
    NAME(CURLE_OPERATION_TIMEDOUT)
    NAME(CURLE_RANGE_ERROR)
    NAME(CURLE_HTTP_POST_ERROR)
    NAME(CURLE_SSL_CONNECT_ERROR)
    NAME(CURLE_BAD_DOWNLOAD_RESUME)
    NAME(CURLE_FILE_COULDNT_READ_FILE)
    NAME(CURLE_FUNCTION_NOT_FOUND)
    NAME(CURLE_ABORTED_BY_CALLBACK)
    NAME(CURLE_BAD_FUNCTION_ARGUMENT)
    NAME(CURLE_INTERFACE_FAILED)
    NAME(CURLE_TOO_MANY_REDIRECTS)
    NAME(CURLE_UNKNOWN_OPTION)
    NAME(CURLE_SETOPT_OPTION_SYNTAX)
    NAME(CURLE_GOT_NOTHING)
    NAME(CURLE_SEND_ERROR)
    NAME(CURLE_RECV_ERROR)
    NAME(CURLE_PEER_FAILED_VERIFICATION)
    NAME(CURLE_BAD_CONTENT_ENCODING)
    NAME(CURLE_FILESIZE_EXCEEDED)
    NAME(CURLE_SEND_FAIL_REWIND)
    NAME(CURLE_LOGIN_DENIED)
    NAME(CURLE_AGAIN)
    NAME(CURLE_CHUNK_FAILED)
    NAME(CURLE_NO_CONNECTION_AVAILABLE)
    NAME(CURLE_HTTP2_STREAM)
    NAME(CURLE_RECURSIVE_API_CALL)
    NAME(CURLE_AUTH_ERROR)
    NAME(CURLE_HTTP3)
    NAME(CURLE_PROXY)
    NAME(CURLE_UNRECOVERABLE_POLL)
    default:
      return "CURLE_(other)";
  }
}

const char *trace_mcode_name(CURLMcode code) {
  switch (code) {
    NAME(CURLM_CALL_MULTI_PERFORM)
    NAME(CURLM_OK)
    NAME(CURLM_BAD_HANDLE)
    NAME(CURLM_BAD_EASY_HANDLE)
    NAME(CURLM_OUT_OF_MEMORY)
    NAME(CURLM_INTERNAL_ERROR)
    NAME(CURLM_BAD_SOCKET)
    NAME(CURLM_UNKNOWN_OPTION)
    NAME(CURLM_ADDED_ALREADY)
    NAME(CURLM_RECURSIVE_API_CALL)
    NAME(CURLM_WAKEUP_FAILURE)
    NAME(CURLM_BAD_FUNCTION_ARGUMENT)
    NAME(CURLM_ABORTED_BY_CALLBACK)
    NAME(CURLM_UNRECOVERABLE_POLL)
    default:
      return "CURLM_(other)";
  }
}

#undef NAME

void trace_code(const char *what, CURLcode code) {
  trace_line("%s: %d %s", what, (int)code, trace_code_name(code));
}

void trace_mcode(const char *what, CURLMcode code) {
  trace_line("%s: %d %s", what, (int)code, trace_mcode_name(code));
}

static void grow_append(char **buf, size_t *len, size_t *cap, const char *data, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t want = *cap ? *cap : 256;
    while (want < *len + n + 1) want *= 2;
    char *p = realloc(*buf, want);
    if (!p) abort();
    *buf = p;
    *cap = want;
  }
  memcpy(*buf + *len, data, n);
  *len += n;
  (*buf)[*len] = '\0';
}

/* Escapes bytes so that CR, LF, NUL and other control bytes stay visible in one line. */
static void append_escaped(char **buf, size_t *len, size_t *cap, const char *data, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)data[i];
    char tmp[8];
    if (c == '\r') {
      grow_append(buf, len, cap, "\\r", 2);
    } else if (c == '\n') {
      grow_append(buf, len, cap, "\\n", 2);
    } else if (c == '\\') {
      grow_append(buf, len, cap, "\\\\", 2);
    } else if (c < 0x20 || c >= 0x7f) {
      snprintf(tmp, sizeof tmp, "\\x%02x", c);
      grow_append(buf, len, cap, tmp, 4);
    } else {
      grow_append(buf, len, cap, (const char *)&c, 1);
    }
  }
}

void trace_xfer_init(struct trace_xfer *x, int id) {
  memset(x, 0, sizeof *x);
  x->id = id;
  x->body_fnv = 2166136261u;
}

void trace_xfer_free(struct trace_xfer *x) {
  free(x->body);
  free(x->headers);
  x->body = NULL;
  x->headers = NULL;
}

void trace_xfer_attach(CURL *h, struct trace_xfer *x) {
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, trace_write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, trace_header_cb);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
}

size_t trace_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct trace_xfer *x = userdata;
  size_t n = size * nmemb;
  x->write_calls++;
  if (x->write_calls_before_abort > 0 && x->write_calls >= x->write_calls_before_abort) return 0;
  for (size_t i = 0; i < n; i++) {
    x->body_fnv ^= (unsigned char)ptr[i];
    x->body_fnv *= 16777619u;
  }
  x->body_bytes += n;
  if (x->keep_body) grow_append(&x->body, &x->body_len, &x->body_cap, ptr, n);
  return n;
}

size_t trace_header_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct trace_xfer *x = userdata;
  size_t n = size * nmemb;
  append_escaped(&x->headers, &x->headers_len, &x->headers_cap, ptr, n);
  grow_append(&x->headers, &x->headers_len, &x->headers_cap, "\n", 1);
  return n;
}

void trace_xfer_print_body(const char *label, const struct trace_xfer *x) {
  /* Kept bodies are printed as text (port masked); their hash would leak the port. */
  if (x->keep_body) {
    trace_line("%s: body bytes=%zu", label, x->body_bytes);
    return;
  }
  trace_line("%s: body bytes=%zu fnv=%08x", label, x->body_bytes, (unsigned)x->body_fnv);
}

void trace_xfer_print_body_text(const char *label, const struct trace_xfer *x) {
  char *esc = NULL;
  size_t len = 0, cap = 0;
  /* One trace line per received line keeps diffs of echoed requests readable. */
  size_t start = 0;
  for (size_t i = 0; i <= x->body_len; i++) {
    if (i == x->body_len || x->body[i] == '\n') {
      size_t end = i < x->body_len ? i + 1 : i;
      if (end > start) {
        len = 0;
        append_escaped(&esc, &len, &cap, x->body + start, end - start);
        trace_line("%s: text %s", label, esc ? esc : "");
      }
      start = end;
    }
  }
  free(esc);
}

void trace_xfer_print_headers(const char *label, const struct trace_xfer *x) {
  if (!x->headers) {
    trace_line("%s: no headers", label);
    return;
  }
  const char *p = x->headers;
  while (*p) {
    const char *nl = strchr(p, '\n');
    trace_line("%s: hdr %.*s", label, (int)(nl - p), p);
    p = nl + 1;
  }
}

int trace_debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)type;
  (void)data;
  (void)size;
  (void)userdata;
  trace_debug_calls++;
  return 0;
}

int trace_xferinfo_cb(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                      curl_off_t ulnow) {
  (void)clientp;
  (void)dltotal;
  (void)dlnow;
  (void)ultotal;
  (void)ulnow;
  trace_xferinfo_calls++;
  return 0;
}

void trace_info_long(CURL *h, CURLINFO info, const char *name) {
  long v = -12345;
  CURLcode rc = curl_easy_getinfo(h, info, &v);
  if (rc != CURLE_OK)
    trace_line("info %s: error %d", name, (int)rc);
  else
    trace_line("info %s=%ld", name, v);
}

void trace_info_str(CURL *h, CURLINFO info, const char *name) {
  char *v = (char *)"(untouched)";
  CURLcode rc = curl_easy_getinfo(h, info, &v);
  if (rc != CURLE_OK)
    trace_line("info %s: error %d", name, (int)rc);
  else if (!v)
    trace_line("info %s=(null)", name);
  else
    trace_line("info %s=\"%s\"", name, v);
}

void trace_info_off(CURL *h, CURLINFO info, const char *name) {
  curl_off_t v = -12345;
  CURLcode rc = curl_easy_getinfo(h, info, &v);
  if (rc != CURLE_OK)
    trace_line("info %s: error %d", name, (int)rc);
  else
    trace_line("info %s=%lld", name, (long long)v);
}

void trace_info_double(CURL *h, CURLINFO info, const char *name) {
  double v = -12345;
  CURLcode rc = curl_easy_getinfo(h, info, &v);
  if (rc != CURLE_OK)
    trace_line("info %s: error %d", name, (int)rc);
  else
    trace_line("info %s=%.0f", name, v);
}

void trace_info_times(CURL *h, int expect_order) {
  static const CURLINFO off_infos[] = {CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T,
                                       CURLINFO_PRETRANSFER_TIME_T,
                                       CURLINFO_STARTTRANSFER_TIME_T, CURLINFO_TOTAL_TIME_T};
  static const CURLINFO dbl_infos[] = {CURLINFO_NAMELOOKUP_TIME, CURLINFO_CONNECT_TIME,
                                       CURLINFO_PRETRANSFER_TIME, CURLINFO_STARTTRANSFER_TIME,
                                       CURLINFO_TOTAL_TIME};
  curl_off_t t[5];
  double d[5];
  int all_ok = 1, nonneg = 1, ordered = 1;
  for (int i = 0; i < 5; i++) {
    t[i] = -1;
    d[i] = -1;
    if (curl_easy_getinfo(h, off_infos[i], &t[i]) != CURLE_OK) all_ok = 0;
    if (curl_easy_getinfo(h, dbl_infos[i], &d[i]) != CURLE_OK) all_ok = 0;
    if (t[i] < 0 || d[i] < 0) nonneg = 0;
    if (i > 0 && (t[i] < t[i - 1] || d[i] < d[i - 1])) ordered = 0;
  }
  trace_line("info times: getinfo_ok=%d nonneg=%d", all_ok, nonneg);
  if (expect_order) trace_line("info times: ordered=%d", ordered);
}

void trace_info_all(CURL *h) {
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_STR(h, CONTENT_TYPE);
  INFO_STR(h, SCHEME);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_STR(h, PRIMARY_IP);
  long pport = -1;
  curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &pport);
  trace_line("info PRIMARY_PORT==port: %s", pport == port_number ? "yes" : "no");
  INFO_STR(h, LOCAL_IP);
  long lport = -1;
  curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &lport);
  trace_line("info LOCAL_PORT: %s", lport > 0 ? "nonzero" : "zero");
  INFO_LONG(h, HEADER_SIZE);
  INFO_LONG(h, REQUEST_SIZE);
  INFO_DBL(h, SIZE_DOWNLOAD);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_DBL(h, SIZE_UPLOAD);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_DBL(h, CONTENT_LENGTH_DOWNLOAD);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_STR(h, REDIRECT_URL);
  INFO_LONG(h, OS_ERRNO);
  trace_info_times(h, 1);
}

CURL *trace_easy_new(struct trace_xfer *x, int id, const char *path_and_query) {
  CURL *h = curl_easy_init();
  if (!h) {
    trace_line("curl_easy_init failed");
    exit(1);
  }
  trace_xfer_init(x, id);
  trace_xfer_attach(h, x);
  if (path_and_query) curl_easy_setopt(h, CURLOPT_URL, trace_url(path_and_query));
  return h;
}

void trace_result(const char *label, CURLcode rc, const struct trace_xfer *x) {
  char what[256];
  snprintf(what, sizeof what, "%s: result", label);
  trace_code(what, rc);
  trace_xfer_print_headers(label, x);
  trace_xfer_print_body(label, x);
}

void trace_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

int trace_free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 1;
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = 0;
  socklen_t len = sizeof sa;
  int port = 1;
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
      getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
    port = ntohs(sa.sin_port);
  close(fd);
  return port;
}

int trace_private_id(CURL *h) {
  char *p = NULL;
  curl_easy_getinfo(h, CURLINFO_PRIVATE, &p);
  return (int)(intptr_t)p;
}

/* The test server's SOCKS peer: a SOCKS4a request for arm.LABELS.test, sent here byte by
   byte so that it does not depend on the library under test. */
void trace_socks_arm(const char *labels) {
  char req[600];
  memcpy(req, "\x04\x01\x00\x50\x00\x00\x00\x01\x00", 9);
  int n = snprintf(req + 9, sizeof req - 9, "arm.%s.test", labels);
  size_t len = 9 + (size_t)n + 1;
  unsigned char reply[8];
  size_t got = 0;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)trace_port());
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && send(fd, req, len, 0) == (ssize_t)len) {
    while (got < sizeof reply) {
      ssize_t r = recv(fd, reply + got, sizeof reply - got, 0);
      if (r <= 0) break;
      got += (size_t)r;
    }
  }
  if (fd >= 0) close(fd);
  trace_line("arm %s: %s", labels, got == sizeof reply && reply[1] == 90 ? "ok" : "FAILED");
}
