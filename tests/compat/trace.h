/* Trace helpers shared by the differential scenarios (built against libcurl and against xfer). */
#ifndef XFER_TESTS_COMPAT_TRACE_H
#define XFER_TESTS_COMPAT_TRACE_H

/* The scenarios exercise deprecated options on purpose (PROGRESSFUNCTION, double getinfo). */
#ifndef CURL_DISABLE_DEPRECATION
#define CURL_DISABLE_DEPRECATION
#endif
#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/* Per-transfer record: callbacks accumulate here, the scenario prints it once the transfer
 * is over, so the interleaving of callbacks (timing-dependent) never reaches the trace. */
struct trace_xfer {
  int id;
  size_t body_bytes;
  uint32_t body_fnv;
  char *body;          /* kept only when keep_body is set */
  size_t body_len;
  size_t body_cap;
  int keep_body;
  char *headers;       /* every header line, escaped, one per trace line */
  size_t headers_len;
  size_t headers_cap;
  long write_calls_before_abort; /* >0: the write callback returns 0 on that call */
  long write_calls;
};

/* Reads the port from argv[1]; exits with a usage message when it is missing. */
int trace_begin(int argc, char **argv);
int trace_port(void);
/* The port of a real proxy that run_scenario.py started for a `// proxy: NAME` marker
 * ("tinyproxy", "dante", "dante-userpass"), read from XFER_TEST_PROXY_<NAME>; exits when
 * the marker is missing. Proxy ports are masked as PROXYPORT in the trace. */
int trace_proxy_port(const char *name);
/* One port of a real origin server that run_scenario.py started for an `// origin: KIND`
 * marker (tests/support/origins.py: "NGINX_TLS", "NGINX_H2C", "NGHTTPD", "APACHE_H2C"), read from
 * XFER_TEST_ORIGIN_<NAME>; exits when the marker is missing. Masked as ORIGINPORT. */
int trace_origin_port(const char *name);
/* "http://127.0.0.1:PORT" + path_and_query, in one of a few rotating static buffers. */
const char *trace_url(const char *path_and_query);

/* printf plus newline and flush; the port number is masked as PORT in the output. */
void trace_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trace_code(const char *what, CURLcode code);
void trace_mcode(const char *what, CURLMcode code);
const char *trace_code_name(CURLcode code);
const char *trace_mcode_name(CURLMcode code);

void trace_xfer_init(struct trace_xfer *x, int id);
void trace_xfer_free(struct trace_xfer *x);
/* Installs the trace write and header callbacks on the handle, both pointing at x. */
void trace_xfer_attach(CURL *h, struct trace_xfer *x);
size_t trace_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata);
size_t trace_header_cb(char *ptr, size_t size, size_t nmemb, void *userdata);
/* "label: body bytes=N fnv=XXXXXXXX" */
void trace_xfer_print_body(const char *label, const struct trace_xfer *x);
/* The kept body as text, CR/LF/NUL escaped, port masked, split after each LF. */
void trace_xfer_print_body_text(const char *label, const struct trace_xfer *x);
void trace_xfer_print_headers(const char *label, const struct trace_xfer *x);

/* Debug and progress callbacks only count calls; print whether they ran. */
extern long trace_debug_calls;
extern long trace_xferinfo_calls;
int trace_debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata);
int trace_xferinfo_cb(void *clientp, curl_off_t dltotal, curl_off_t dlnow,
                      curl_off_t ultotal, curl_off_t ulnow);

void trace_info_long(CURL *h, CURLINFO info, const char *name);
void trace_info_str(CURL *h, CURLINFO info, const char *name);
void trace_info_off(CURL *h, CURLINFO info, const char *name);
void trace_info_double(CURL *h, CURLINFO info, const char *name);
/* Timings: only ">=0" and the namelookup<=connect<=pretransfer<=starttransfer<=total order. */
void trace_info_times(CURL *h, int expect_order);
/* The full deterministic set for a finished transfer. */
void trace_info_all(CURL *h);

#define INFO_LONG(h, n) trace_info_long((h), CURLINFO_##n, #n)
#define INFO_STR(h, n) trace_info_str((h), CURLINFO_##n, #n)
#define INFO_OFF(h, n) trace_info_off((h), CURLINFO_##n, #n)
#define INFO_DBL(h, n) trace_info_double((h), CURLINFO_##n, #n)

/* A new easy handle with the trace callbacks attached and URL trace_url(path_and_query). */
CURL *trace_easy_new(struct trace_xfer *x, int id, const char *path_and_query);
/* The result code, then the header lines and the body summary of x. */
void trace_result(const char *label, CURLcode rc, const struct trace_xfer *x);

/* Bounded sleep used between requests. */
void trace_sleep_ms(long ms);
/* A loopback TCP port with nothing listening (bound, then closed). */
int trace_free_port(void);
/* Sorting CURLMsg results by transfer id: fetch the id through CURLOPT_PRIVATE. */
int trace_private_id(CURL *h);
/* Arms the test server's SOCKS peer for its next SOCKS5 handshake with LABELS (see
   tests/support/URL-PROTOCOL.md): a SOCKS5 proxy picks its method before it hears the
   destination, so the script goes ahead on a connection of its own. Prints "arm LABELS: ok". */
void trace_socks_arm(const char *labels);

#endif
