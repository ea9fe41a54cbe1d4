/* Scenario: CURLOPT_CONNECT_TO: matching rules, Host header, PRIMARY_IP/PORT, RESOLVE of the
   target, redirects, cookies under the URL's host, syntax errors, connection reuse keys. */
#include "trace.h"

static struct curl_slist *list_of(const char *a, const char *b, const char *c, const char *d) {
  struct curl_slist *l = NULL;
  const char *e[4] = {a, b, c, d};
  for (int i = 0; i < 4; ++i) {
    if (!e[i]) continue;
    char buf[160];
    snprintf(buf, sizeof buf, e[i], trace_port());
    l = curl_slist_append(l, buf);
  }
  return l;
}

static void run(CURL *h, int id, const char *label, const char *url, struct curl_slist *to) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  trace_xfer_attach(h, &x);
  x.keep_body = 1;
  char buf[256];
  snprintf(buf, sizeof buf, url, trace_port());
  curl_easy_setopt(h, CURLOPT_URL, buf);
  curl_easy_setopt(h, CURLOPT_CONNECT_TO, to);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, PRIMARY_IP);
  INFO_LONG(h, PRIMARY_PORT);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, REDIRECT_COUNT);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x0;
  CURL *h = trace_easy_new(&x0, 0, NULL);
  trace_xfer_free(&x0);
  curl_easy_setopt(h, CURLOPT_MAXCONNECTS, 30L);  /* no evictions: reuse is what is traced */

  /* Entries that do not match (host, port), one that matches with no target (the walk goes
     on), then a match in another case. */
  struct curl_slist *first = list_of("nomatch.example:8081:10.0.0.1:1", "a.example:9999:10.0.0.1:1",
                                     "a.example:8081::", "A.Example:8081:127.0.0.1:%d");
  run(h, 1, "host", "http://a.example:8081/h?echo=1", first);
  run(h, 2, "again", "http://a.example:8081/h?echo=1", first);

  /* Another URL host, the same target: a connection of its own. */
  struct curl_slist *any = list_of("::127.0.0.1:%d", NULL, NULL, NULL);
  run(h, 3, "anyhost", "http://b.example:8081/h?echo=1", any);
  run(h, 4, "anyhost-again", "http://b.example:8081/x?size=3", any);

  /* A plain connection, then the same URL with a target equal to its own host and port
     (no redirection at all), then with another name for the same address. */
  run(h, 5, "plain", "http://127.0.0.1:%d/x?size=4", NULL);
  struct curl_slist *same = list_of("::127.0.0.1:%d", NULL, NULL, NULL);
  run(h, 6, "same-target", "http://127.0.0.1:%d/x?size=4", same);
  struct curl_slist *alias = list_of("::localhost:%d", NULL, NULL, NULL);
  run(h, 7, "alias-target", "http://127.0.0.1:%d/x?size=4", alias);
  run(h, 8, "plain-again", "http://127.0.0.1:%d/x?size=4", NULL);

  /* Only the port changes; an IPv6 URL host is matched in brackets. */
  struct curl_slist *port_only = list_of("127.0.0.1:1::%d", NULL, NULL, NULL);
  run(h, 9, "port-only", "http://127.0.0.1:1/p?echo=1", port_only);
  struct curl_slist *v6 = list_of("[::2]:8081:10.0.0.1:1", "[::1]:8081:127.0.0.1:%d", NULL, NULL);
  run(h, 10, "ipv6-url", "http://[::1]:8081/v?echo=1", v6);

  /* The target is what CURLOPT_RESOLVE applies to. */
  struct curl_slist *rto = list_of("c.example:8081:target.example:%d", NULL, NULL, NULL);
  char rent[128];
  snprintf(rent, sizeof rent, "target.example:%d:127.0.0.1", trace_port());
  struct curl_slist *resolve = curl_slist_append(NULL, rent);
  resolve = curl_slist_append(resolve, "c.example:8081:10.0.0.1");
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
  run(h, 11, "resolve", "http://c.example:8081/c?echo=1", rto);
  curl_easy_setopt(h, CURLOPT_RESOLVE, NULL);

  /* Every redirect target is matched too; cookies belong to the URL's host. */
  struct curl_slist *hops = list_of("a.example:8081:127.0.0.1:%d", "d.example:8082:127.0.0.1:%d", NULL, NULL);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  run(h, 12, "redirect",
      "http://a.example:8081/r?status=302&hdr=Set-Cookie:k%%3Dv&location=http://d.example:8082/e%%3Fecho%%3D1", hops);
  run(h, 13, "cookie", "http://a.example:8081/e?echo=1", hops);
  struct curl_slist *cookies = NULL;
  curl_easy_getinfo(h, CURLINFO_COOKIELIST, &cookies);
  for (struct curl_slist *c = cookies; c; c = c->next) trace_line("cookie: %s", c->data);
  curl_slist_free_all(cookies);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);

  /* A matching entry whose port is not a number; a non-matching one is never parsed. */
  struct curl_slist *bad = list_of("::example.com:example.com", NULL, NULL, NULL);
  run(h, 14, "syntax", "http://127.0.0.1:%d/x?size=1", bad);
  struct curl_slist *bad_elsewhere = list_of("other.example::x:y", NULL, NULL, NULL);
  run(h, 15, "syntax-unmatched", "http://127.0.0.1:%d/x?size=1", bad_elsewhere);

  curl_easy_cleanup(h);
  curl_slist_free_all(first);
  curl_slist_free_all(any);
  curl_slist_free_all(same);
  curl_slist_free_all(alias);
  curl_slist_free_all(port_only);
  curl_slist_free_all(v6);
  curl_slist_free_all(rto);
  curl_slist_free_all(resolve);
  curl_slist_free_all(hops);
  curl_slist_free_all(bad);
  curl_slist_free_all(bad_elsewhere);
  curl_global_cleanup();
  return 0;
}
