/* Scenario: a PUT answered with 303 (curl test 1524): the redirect is followed with a GET
 * that carries no body, and the upload is not read again. */
#include <string.h>

#include "trace.h"

struct src {
  const char *data;
  size_t left;
  int reads;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userp) {
  struct src *s = userp;
  s->reads++;
  size_t n = size * nmemb < s->left ? size * nmemb : s->left;
  memcpy(ptr, s->data, n);
  s->data += n;
  s->left -= n;
  return n;
}

static void put(int id, const char *path, int nobody) {
  struct trace_xfer x;
  struct src s = {"moo\n", 4, 0};
  CURL *h = trace_easy_new(&x, id, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &s);
  curl_easy_setopt(h, CURLOPT_INFILESIZE, 4L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  if (nobody) curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 4000L);
  trace_result("put", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("put", &x);
  trace_line("read callback calls > 0: %s, left: %zu", s.reads > 0 ? "yes" : "no", s.left);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* The 303 closes its connection (as test 1524's swsclose); the target echoes the GET. */
  put(1, "/blah/1524?status=303&connclose=1&lf=1&location=moo.html%3Fecho%3D1%26connclose%3D1", 0);
  /* Kept alive: the GET goes on the same connection. */
  put(2, "/blah/303ka?status=303&location=/blah/next%3Fecho%3D1", 0);
  curl_global_cleanup();
  return 0;
}
