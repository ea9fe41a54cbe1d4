/* Scenario: the debug callback's view of a request: HEADER_OUT for the head, DATA_OUT for the
   body bytes as they leave (with the head or after a 100 Continue), HEADER_IN for each
   response line but the blank one that ends an interim 1xx block. */
#include <string.h>

#include "trace.h"

static int debug_types(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)userdata;
  static const char *const names[] = {"TEXT", "HEADER_IN", "HEADER_OUT", "DATA_IN", "DATA_OUT"};
  if (type == CURLINFO_TEXT || type > CURLINFO_DATA_OUT) return 0;  /* wording and TLS differ */
  if (type == CURLINFO_HEADER_IN) {
    trace_line("debug %s %zu %.*s", names[type], size, (int)strcspn(data, "\r\n") < (int)size ? (int)strcspn(data, "\r\n") : (int)size, data);
  } else {
    trace_line("debug %s %zu", names[type], size);
  }
  return 0;
}

struct upload {
  const char *data;
  size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct upload *u = userdata;
  size_t n = size * nmemb < u->left ? size * nmemb : u->left;
  memcpy(buf, u->data, n);
  u->data += n;
  u->left -= n;
  return n;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/e?echo=1");
  x.keep_body = 1;  /* the echo holds the port: compared as masked text */
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_types);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "k=v&name=value");
  trace_result("post", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("post", &x);
  trace_xfer_free(&x);

  /* A PUT of a known size asks for 100 Continue; the test server grants it. */
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  struct upload u = {"0123456789abcdef", 16};
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/p?continue=1&size=4"));
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)16);
  trace_result("put-continue", curl_easy_perform(h), &x);
  trace_xfer_free(&x);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
