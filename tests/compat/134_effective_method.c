/* Scenario: CURLINFO_EFFECTIVE_METHOD. libcurl names CUSTOMREQUEST when set, HEAD under
 * NOBODY, else the method the last transfer ended with: a POST that a 301/302/303 turned
 * into a GET reports GET (curl test 1197), a 307 keeps POST. */
#include <stdio.h>
#include <string.h>

#include "trace.h"

static const char *upload_data = "0123456789";
static size_t upload_left;

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  (void)userdata;
  size_t n = size * nmemb < upload_left ? size * nmemb : upload_left;
  memcpy(buf, upload_data + (10 - upload_left), n);
  upload_left -= n;
  return n;
}

static void method(CURL *h, const char *label) {
  char *m = (char *)"(untouched)";
  CURLcode rc = curl_easy_getinfo(h, CURLINFO_EFFECTIVE_METHOD, &m);
  trace_line("%s: EFFECTIVE_METHOD rc=%d %s", label, (int)rc, m ? m : "(null)");
}

static void run(CURL *h, const char *label, const char *path) {
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  upload_left = 10;
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  INFO_LONG(h, RESPONSE_CODE);
  method(h, label);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  method(h, "fresh handle");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=b");
  method(h, "POSTFIELDS set, no transfer yet");
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  run(h, "get", "/g?size=2");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=b");
  method(h, "POSTFIELDS set after a GET");
  run(h, "post", "/p?size=2");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "post 302", "/p?status=302&location=/g%3Fsize%3D1");
  run(h, "post 301", "/p?status=301&location=/g%3Fsize%3D1");
  run(h, "post 303", "/p?status=303&location=/g%3Fsize%3D1");
  run(h, "post 307", "/p?status=307&location=/g%3Fsize%3D1");
  curl_easy_setopt(h, CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_302);
  run(h, "post 302 kept", "/p?status=302&location=/g%3Fsize%3D1");
  curl_easy_setopt(h, CURLOPT_POSTREDIR, 0L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  run(h, "post 302 not followed", "/p?status=302&location=/g%3Fsize%3D1");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE, 10L);
  run(h, "put", "/u?size=1");
  run(h, "put 303", "/u?status=303&location=/g%3Fsize%3D1");
  curl_easy_setopt(h, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  run(h, "nobody", "/h?size=3");
  method(h, "nobody");
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  method(h, "nobody off again");
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
  method(h, "CUSTOMREQUEST set, no transfer yet");
  run(h, "custom", "/d?size=1");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "x=y");
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
  run(h, "custom post 302", "/d?status=302&location=/g%3Fsize%3D1");
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
  method(h, "CUSTOMREQUEST cleared");
  curl_easy_reset(h);
  method(h, "after reset");
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
