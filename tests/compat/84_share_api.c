/* Scenario: curl_share_* return codes, the share lock around CURLOPT_SHARE, IN_USE, DNS sharing. */
#include "trace.h"

#include <stdio.h>

static long dns_locks, dns_unlocks;

static void on_lock(CURL *h, curl_lock_data d, curl_lock_access a, void *u) {
  if (d == CURL_LOCK_DATA_DNS) {
    dns_locks++;
    return;
  }
  trace_line("  lock %s data=%d access=%d user=%s", h ? "easy" : "NULL", (int)d, (int)a,
             (const char *)u);
}

static void on_unlock(CURL *h, curl_lock_data d, void *u) {
  if (d == CURL_LOCK_DATA_DNS) {
    dns_unlocks++;
    return;
  }
  trace_line("  unlock %s data=%d user=%s", h ? "easy" : "NULL", (int)d, (const char *)u);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  /* Kinds both libraries agree on (cookies, TLS sessions, connections and PSL are left out:
   * xfer has no engine for them and says CURLSHE_NOT_BUILT_IN). */
  CURLSH *s = curl_share_init();
  trace_line("init: %s", s ? "ok" : "NULL");
  trace_line("share NONE -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_NONE));
  trace_line("share SHARE -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_SHARE));
  trace_line("share DNS -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
  trace_line("share LAST -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_LAST));
  trace_line("unshare DNS -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_DNS));
  trace_line("unshare PSL -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_PSL));
  trace_line("share DNS -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
  trace_line("option NONE -> %d", (int)curl_share_setopt(s, CURLSHOPT_NONE, 0));
  trace_line("option 99 -> %d", (int)curl_share_setopt(s, (CURLSHoption)99, 0));
  trace_line("lockfunc -> %d", (int)curl_share_setopt(s, CURLSHOPT_LOCKFUNC, on_lock));
  trace_line("unlockfunc -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, on_unlock));
  trace_line("userdata -> %d", (int)curl_share_setopt(s, CURLSHOPT_USERDATA, "U"));
  trace_line("setopt NULL -> %d", (int)curl_share_setopt(NULL, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
  trace_line("cleanup NULL -> %d", (int)curl_share_cleanup(NULL));

  /* Two handles share the DNS cache; the second finds the name the first resolved. */
  char resolve[64];
  snprintf(resolve, sizeof resolve, "shared.test:%d:127.0.0.1", trace_port());
  struct curl_slist *rs = curl_slist_append(NULL, resolve);
  char url[128];
  snprintf(url, sizeof url, "http://shared.test:%d/s?size=4", trace_port());

  struct trace_xfer xa, xb;
  CURL *a = trace_easy_new(&xa, 1, "/unused");
  CURL *b = trace_easy_new(&xb, 2, "/unused");
  trace_line("attach a");
  trace_code("setopt share a", curl_easy_setopt(a, CURLOPT_SHARE, s));
  trace_line("attach b");
  trace_code("setopt share b", curl_easy_setopt(b, CURLOPT_SHARE, s));
  trace_line("share COOKIE in use -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE));
  trace_line("userdata in use -> %d", (int)curl_share_setopt(s, CURLSHOPT_USERDATA, "V"));
  trace_line("cleanup in use");
  trace_line("  -> %d", (int)curl_share_cleanup(s));

  curl_easy_setopt(a, CURLOPT_RESOLVE, rs);
  curl_easy_setopt(a, CURLOPT_URL, url);
  curl_easy_setopt(b, CURLOPT_URL, url);
  trace_result("a", curl_easy_perform(a), &xa);
  trace_result("b via the shared cache", curl_easy_perform(b), &xb);
  trace_line("dns locks taken: %s, balanced: %s", dns_locks > 0 ? "yes" : "no",
             dns_locks == dns_unlocks ? "yes" : "no");

  trace_line("detach a");
  trace_code("setopt share a NULL", curl_easy_setopt(a, CURLOPT_SHARE, NULL));
  trace_line("detach a again");
  trace_code("setopt share a NULL", curl_easy_setopt(a, CURLOPT_SHARE, NULL));
  trace_line("cleanup b");
  curl_easy_cleanup(b);
  trace_line("cleanup share");
  trace_line("  -> %d", (int)curl_share_cleanup(s));
  curl_easy_cleanup(a);
  curl_slist_free_all(rs);
  trace_xfer_free(&xa);
  trace_xfer_free(&xb);
  curl_global_cleanup();
  return 0;
}
