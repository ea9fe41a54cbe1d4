/* Scenario: the case of %XX escapes. curl_easy_escape writes upper case; curl_url_set of a
 * single part without CURLU_URLENCODE stores escapes in lower case, which is how the curl
 * tool's -T file name and --url-query reach the wire (curl tests 58, 1221); a whole URL
 * keeps its case. */
#include <stdio.h>

#include "trace.h"

static void show(CURLU *u, const char *label) {
  char *s = NULL;
  CURLUcode rc = curl_url_get(u, CURLUPART_URL, &s, 0);
  trace_line("%s: get url rc=%d %s", label, (int)rc, s ? s : "(null)");
  curl_free(s);
}

static void set_part(CURLU *u, CURLUPart part, const char *name, const char *value, unsigned flags) {
  CURLUcode rc = curl_url_set(u, part, value, flags);
  char *s = NULL;
  CURLUcode g = curl_url_get(u, part, &s, 0);
  trace_line("set %s \"%s\" flags=%u: rc=%d, get rc=%d \"%s\"", name, value, flags, (int)rc, (int)g,
             s ? s : "(null)");
  curl_free(s);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  char *e = curl_easy_escape(NULL, "58te[]st.txt", 0);
  trace_line("curl_easy_escape: %s", e ? e : "(null)");
  curl_free(e);

  CURLU *u = curl_url();
  curl_url_set(u, CURLUPART_URL, "http://example.com/we/want/%5Bx%5d?Q=%5B#F%5B", 0);
  show(u, "whole URL");
  set_part(u, CURLUPART_PATH, "path", "/we/want/58te%5B%5Dst.txt", 0);
  set_part(u, CURLUPART_PATH, "path", "/mixed%aB%Cd%4a%zz%4", 0);
  set_part(u, CURLUPART_PATH, "path encoded", "/a b[%5B", CURLU_URLENCODE);
  set_part(u, CURLUPART_QUERY, "query", "my+name+is+moo%5B%5D", 0);
  set_part(u, CURLUPART_QUERY, "query append", "yes=s+i+r%3F%21", CURLU_APPENDQUERY);
  set_part(u, CURLUPART_QUERY, "query append encoded", "k=a b[", CURLU_APPENDQUERY | CURLU_URLENCODE);
  set_part(u, CURLUPART_FRAGMENT, "fragment", "F%5B%7E", 0);
  set_part(u, CURLUPART_USER, "user", "U%3A%40", 0);
  set_part(u, CURLUPART_PASSWORD, "password", "P%3A%40", 0);
  set_part(u, CURLUPART_HOST, "host", "Example.COM", 0);
  set_part(u, CURLUPART_HOST, "host escaped", "ex%41mple.com", 0);
  show(u, "after parts");
  curl_url_cleanup(u);

  /* What the curl tool does with -T: escape the file name, append it to the path. */
  u = curl_url();
  curl_url_set(u, CURLUPART_URL, "http://127.0.0.1/we/want/", 0);
  e = curl_easy_escape(NULL, "58te[]st.txt", 0);
  char path[256];
  snprintf(path, sizeof path, "/we/want/%s", e);
  curl_free(e);
  curl_url_set(u, CURLUPART_PATH, path, 0);
  show(u, "upload name");
  curl_url_cleanup(u);

  /* And the URL reaches the server as set. */
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/x%5By%5d?echo=1&q=%5B");
  x.keep_body = 1;
  trace_result("echo", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("echo", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
