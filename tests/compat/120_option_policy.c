/* Scenario: the option policy. Every option's zero/NULL value answers as in libcurl; options of
   other protocols are range-checked as libcurl checks them and survive duphandle and reset;
   the off values a real program sets (the curl CLI's plain GET) leave a transfer working;
   HTTPAUTH NONE sends no credentials; UNRESTRICTED_AUTH sends them past a redirect. */
#include <string.h>

#include "trace.h"

/* Zero changes behaviour for these; xfer refuses it until the feature lands (docs/OPTIONS.md). */
static const char *const kZeroDiffers[] = {"CA_CACHE_TIMEOUT", "HTTP_TRANSFER_DECODING", "MAXAGE_CONN", NULL};

static int zero_differs(const char *name) {
  for (int i = 0; kZeroDiffers[i]; i++) {
    if (strcmp(kZeroDiffers[i], name) == 0) return 1;
  }
  return 0;
}

static void every_option_zero(void) {
  CURL *h = curl_easy_init();
  const struct curl_easyoption *o = NULL;
  while ((o = curl_easy_option_next(o)) != NULL) {
    if (o->flags & CURLOT_FLAG_ALIAS) continue;
    if (zero_differs(o->name)) {
      trace_line("zero %s skipped", o->name);
      continue;
    }
    curl_easy_reset(h);
    CURLcode rc;
    switch (o->type) {
      case CURLOT_LONG:
      case CURLOT_VALUES: rc = curl_easy_setopt(h, o->id, 0L); break;
      case CURLOT_OFF_T: rc = curl_easy_setopt(h, o->id, (curl_off_t)0); break;
      case CURLOT_FUNCTION: rc = curl_easy_setopt(h, o->id, (void (*)(void))NULL); break;
      default: rc = curl_easy_setopt(h, o->id, (void *)NULL); break;
    }
    trace_line("zero %s %d %s", o->name, (int)rc, trace_code_name(rc));
  }
  curl_easy_cleanup(h);
}

static void long_values(CURL *h, const char *name, CURLoption opt) {
  static const long values[] = {-1, 0, 1, 2, 3, 4, 511, 512, 100000};
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
    CURLcode rc = curl_easy_setopt(h, opt, values[i]);
    trace_line("%s %ld -> %s", name, values[i], trace_code_name(rc));
  }
}
#define LONG_VALUES(h, name) long_values((h), #name, CURLOPT_##name)

static void other_protocols(void) {
  CURL *h = curl_easy_init();
  LONG_VALUES(h, FTPSSLAUTH);
  LONG_VALUES(h, FTP_CREATE_MISSING_DIRS);
  LONG_VALUES(h, FTP_FILEMETHOD);
  LONG_VALUES(h, FTP_SSL_CCC);
  LONG_VALUES(h, PROXY_TRANSFER_MODE);
  LONG_VALUES(h, SERVER_RESPONSE_TIMEOUT);
  LONG_VALUES(h, NEW_FILE_PERMS);
  LONG_VALUES(h, NEW_DIRECTORY_PERMS);
  LONG_VALUES(h, USE_SSL);
  LONG_VALUES(h, TFTP_BLKSIZE);
  LONG_VALUES(h, TCP_KEEPIDLE);
  LONG_VALUES(h, TCP_KEEPINTVL);
  trace_code("FTPPORT", curl_easy_setopt(h, CURLOPT_FTPPORT, "-"));
  trace_code("MAIL_FROM", curl_easy_setopt(h, CURLOPT_MAIL_FROM, "<a@example.invalid>"));
  trace_code("SSH_KNOWNHOSTS", curl_easy_setopt(h, CURLOPT_SSH_KNOWNHOSTS, "/nonexistent"));
  struct curl_slist *quote = curl_slist_append(NULL, "PWD");
  trace_code("QUOTE", curl_easy_setopt(h, CURLOPT_QUOTE, quote));
  /* The stored values travel with duphandle and go with reset; neither may fail or leak. */
  CURL *dup = curl_easy_duphandle(h);
  trace_line("duphandle %s", dup ? "ok" : "NULL");
  curl_easy_reset(h);
  trace_code("FTPPORT after reset", curl_easy_setopt(h, CURLOPT_FTPPORT, NULL));
  curl_easy_cleanup(dup);
  /* An engine OpenSSL does not know: CURLE_SSL_ENGINE_NOTFOUND at once (curl test 308).
     (libcurl keeps the name anyway, and a later duphandle then fails: not copied here.) */
  trace_code("SSLENGINE unknown", curl_easy_setopt(h, CURLOPT_SSLENGINE, "no-such-engine-xyzzy"));
  curl_easy_cleanup(h);
  curl_slist_free_all(quote);
}

/* The values Debian's curl CLI sets for a plain GET that are not implemented features. */
static void cli_like_get(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/cli?size=300");
  trace_code("PROXY \"\"", curl_easy_setopt(h, CURLOPT_PROXY, ""));
  trace_code("NOPROXY", curl_easy_setopt(h, CURLOPT_NOPROXY, NULL));
  trace_code("HTTPPROXYTUNNEL", curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 0L));
  trace_code("RANGE", curl_easy_setopt(h, CURLOPT_RANGE, NULL));
  trace_code("RESUME_FROM_LARGE", curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)0));
  trace_code("MAX_RECV_SPEED_LARGE", curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)0));
  trace_code("MAX_SEND_SPEED_LARGE", curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)0));
  trace_code("TIMECONDITION", curl_easy_setopt(h, CURLOPT_TIMECONDITION, (long)CURL_TIMECOND_NONE));
  trace_code("COOKIESESSION", curl_easy_setopt(h, CURLOPT_COOKIESESSION, 0L));
  trace_code("NETRC", curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED));
  trace_code("INTERFACE", curl_easy_setopt(h, CURLOPT_INTERFACE, NULL));
  trace_code("CRLF", curl_easy_setopt(h, CURLOPT_CRLF, 0L));
  trace_code("TCP_KEEPALIVE", curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L));
  trace_code("TCP_KEEPIDLE", curl_easy_setopt(h, CURLOPT_TCP_KEEPIDLE, 30L));
  trace_code("TCP_KEEPINTVL", curl_easy_setopt(h, CURLOPT_TCP_KEEPINTVL, 15L));
  trace_code("HAPPY_EYEBALLS_TIMEOUT_MS", curl_easy_setopt(h, CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS, 0L));
  trace_code("QUICK_EXIT", curl_easy_setopt(h, CURLOPT_QUICK_EXIT, 1L));
  trace_code("FTP_SKIP_PASV_IP", curl_easy_setopt(h, CURLOPT_FTP_SKIP_PASV_IP, 1L));
  trace_code("INTERLEAVEDATA", curl_easy_setopt(h, CURLOPT_INTERLEAVEDATA, (void *)&x));
  trace_code("PROXY_SSL_VERIFYPEER", curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 1L));
  trace_result("cli-like", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void auth_rules(void) {
  struct trace_xfer x;
  /* CURLAUTH_NONE: credentials are set but none is sent (the echo shows the request). */
  CURL *h = trace_easy_new(&x, 2, "/none?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_USERPWD, "user:secret");
  trace_code("HTTPAUTH NONE", curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_NONE));
  trace_result("auth-none", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("auth-none", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* A redirect to another host name of the same server: credentials go along only with
     UNRESTRICTED_AUTH. */
  for (long unrestricted = 0; unrestricted <= 1; unrestricted++) {
    char location[128];
    snprintf(location, sizeof location, "/hop?status=302&location=http://localhost:%d/e%%3Fecho%%3D1",
             trace_port());
    h = trace_easy_new(&x, 3, location);
    x.keep_body = 1;
    curl_easy_setopt(h, CURLOPT_USERPWD, "user:secret");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    trace_code("UNRESTRICTED_AUTH", curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, unrestricted));
    trace_result(unrestricted ? "unrestricted" : "restricted", curl_easy_perform(h), &x);
    trace_xfer_print_body_text(unrestricted ? "unrestricted" : "restricted", &x);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
}

static void multi_options(void) {
  CURLM *m = curl_multi_init();
  trace_mcode("MAX_PIPELINE_LENGTH", curl_multi_setopt(m, CURLMOPT_MAX_PIPELINE_LENGTH, 5L));
  trace_mcode("CONTENT_LENGTH_PENALTY_SIZE",
              curl_multi_setopt(m, CURLMOPT_CONTENT_LENGTH_PENALTY_SIZE, (curl_off_t)1000));
  trace_mcode("CHUNK_LENGTH_PENALTY_SIZE", curl_multi_setopt(m, CURLMOPT_CHUNK_LENGTH_PENALTY_SIZE, (curl_off_t)1000));
  trace_mcode("PIPELINING_SITE_BL", curl_multi_setopt(m, CURLMOPT_PIPELINING_SITE_BL, (void *)NULL));
  trace_mcode("PIPELINING_SERVER_BL", curl_multi_setopt(m, CURLMOPT_PIPELINING_SERVER_BL, (void *)NULL));
  trace_mcode("PUSHFUNCTION", curl_multi_setopt(m, CURLMOPT_PUSHFUNCTION, (void *)NULL));
  trace_mcode("PUSHDATA", curl_multi_setopt(m, CURLMOPT_PUSHDATA, (void *)m));
  trace_mcode("PIPELINING 7", curl_multi_setopt(m, CURLMOPT_PIPELINING, 7L));
  trace_mcode("PIPELINING -1", curl_multi_setopt(m, CURLMOPT_PIPELINING, -1L));
  trace_mcode("PIPELINING NOTHING", curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING));
  trace_mcode("MAX_CONCURRENT_STREAMS 0", curl_multi_setopt(m, CURLMOPT_MAX_CONCURRENT_STREAMS, 0L));
  trace_mcode("MAX_CONCURRENT_STREAMS -5", curl_multi_setopt(m, CURLMOPT_MAX_CONCURRENT_STREAMS, -5L));
  trace_mcode("MAX_CONCURRENT_STREAMS 1000", curl_multi_setopt(m, CURLMOPT_MAX_CONCURRENT_STREAMS, 1000L));
  trace_mcode("unknown 99", curl_multi_setopt(m, (CURLMoption)99, 0L));
  curl_multi_cleanup(m);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  every_option_zero();
  other_protocols();
  cli_like_get();
  auth_rules();
  multi_options();
  curl_global_cleanup();
  return 0;
}
