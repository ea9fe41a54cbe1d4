/* Scenario: CURLAUTH_NTLM_WB, NTLM with the messages made by Samba's ntlm_auth helper, against
   the test server's NTLM handshake (ntlm=v1|v2, password "pass"). The helper is
   tests/support/fake-ntlm-auth (CURL_NTLM_WB_FILE): it makes its messages with the "cached"
   password $FAKE_NTLM_PASSWORD and logs how it was started to $FAKE_NTLM_LOG. Cases: NTLMv1
   and v2, a DOMAIN\user name, a later transfer on the logged-in connection, a wrong cached
   password (the 401 is the result), a helper that refuses, and no helper at all. Judged by
   205_ntlm_wb.expected: Debian's libcurl reads the helper's path only from its build
   (/usr/bin/ntlm_auth, winbind's package, which needs a domain to answer), so it cannot run
   this helper; its NTLM_WB states and codes are the manual's and curl's tests'. */
// needs: ntlm-wb
// oracle: 205_ntlm_wb.expected
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trace.h"

static char log_path[256];

/* Request lines and Authorization headers (tokens masked: NTLMv2 messages differ each run,
   the server's X-NTLM-Check says what it made of them). */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  const char *label = userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  size_t i = 0;
  int first = 1;
  while (i < size) {
    size_t end = i;
    while (end < size && data[end] != '\n') end++;
    size_t n = end - i;
    if (n && data[i + n - 1] == '\r') n--;
    if (first) trace_line("%s: > %.*s", label, (int)n, data + i);
    else if (n >= 19 && strncasecmp(data + i, "Authorization: NTLM", 19) == 0)
      trace_line("%s: > Authorization: NTLM <token>", label);
    first = 0;
    i = end + 1;
  }
  return 0;
}

static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  size_t n = size * nmemb;
  size_t m = n;
  while (m && (ptr[m - 1] == '\n' || ptr[m - 1] == '\r')) m--;
  if ((m >= 5 && strncmp(ptr, "HTTP/", 5) == 0) || (m >= 13 && strncasecmp(ptr, "X-NTLM-Check:", 13) == 0))
    trace_line("%s: < %.*s", (const char *)userdata, (int)m, ptr);
  else if (m >= 21 && strncasecmp(ptr, "WWW-Authenticate: NTLM", 22) == 0)
    trace_line("%s: < WWW-Authenticate: NTLM%s", (const char *)userdata, m > 22 ? " <type-2>" : "");
  return n;
}

static size_t sink(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  (void)userdata;
  return size * nmemb;
}

static void print_helper_log(const char *label) {
  FILE *f = fopen(log_path, "r");
  char line[512];
  while (f && fgets(line, sizeof line, f)) trace_line("%s: helper %.*s", label, (int)strcspn(line, "\n"), line);
  if (f) fclose(f);
  unlink(log_path);
}

static char errbuf[CURL_ERROR_SIZE];

static void perform(const char *label, CURL *h) {
  errbuf[0] = '\0';
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, (void *)label);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, (void *)label);
  CURLcode rc = curl_easy_perform(h);
  long code = 0, avail = 0, connects = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_HTTPAUTH_AVAIL, &avail);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  trace_line("%s: result %d %s, response %ld, httpauth_avail%s%s, connects %ld", label, (int)rc,
             trace_code_name(rc), code, avail & CURLAUTH_NTLM ? " ntlm" : "",
             avail & CURLAUTH_NTLM_WB ? " ntlm_wb" : "", connects);
  if (rc != CURLE_OK) trace_line("%s: error buffer %s", label, errbuf[0] ? "set" : "empty");
  print_helper_log(label);
}

static CURL *new_handle(const char *query, const char *userpwd) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, trace_url(query));
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_NTLM_WB);
  curl_easy_setopt(h, CURLOPT_USERPWD, userpwd);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
  return h;
}

static void one(const char *label, const char *query, const char *userpwd) {
  CURL *h = new_handle(query, userpwd);
  perform(label, h);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  snprintf(log_path, sizeof log_path, "/tmp/xfer-ntlm-wb-%d.log", (int)getpid());
  setenv("FAKE_NTLM_LOG", log_path, 1);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  one("v1", "/a?ntlm=v1", "user:not-used");
  one("v2", "/a?ntlm=v2", "user:");
  one("domain-user", "/a?ntlm=v2", "DOM\\someone:x");

  /* Two transfers on one handle: the second rides the logged-in connection. */
  {
    CURL *h = new_handle("/a?ntlm=v1", "user:x");
    perform("reuse-1", h);
    curl_easy_setopt(h, CURLOPT_URL, trace_url("/b?ntlm=v1"));
    perform("reuse-2", h);
    curl_easy_cleanup(h);
  }

  setenv("FAKE_NTLM_PASSWORD", "wrong", 1);
  one("wrong-cached-password", "/a?ntlm=v1", "user:x");
  unsetenv("FAKE_NTLM_PASSWORD");

  setenv("FAKE_NTLM_SAY", "BH no cached credentials", 1);
  one("helper-refuses", "/a?ntlm=v1", "user:x");
  unsetenv("FAKE_NTLM_SAY");

  const char *helper = getenv("CURL_NTLM_WB_FILE");
  char saved[512];
  snprintf(saved, sizeof saved, "%s", helper ? helper : "");
  setenv("CURL_NTLM_WB_FILE", "/nonexistent/ntlm_auth", 1);
  one("no-helper", "/a?ntlm=v1", "user:x");
  setenv("CURL_NTLM_WB_FILE", saved, 1);

  curl_global_cleanup();
  return 0;
}
