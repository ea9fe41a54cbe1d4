/* Scenario: every CURLINFO of libcurl 7.88, walked on a handle that never ran, after a
 * followed redirect, after a second transfer reusing the connection, after a POST and after
 * an unfollowed redirect. What depends on time or ephemeral ports is printed as a property
 * (positive, ordered, valid), everything else as its value. */
#include <stdint.h>
#include <string.h>

#include "trace.h"

static int marker;

enum kind { K_LONG, K_STR, K_DBL, K_OFF, K_TIME_D, K_TIME_T, K_SPEED, K_SOCKET, K_LASTSOCKET,
            K_PORT, K_LOCALPORT, K_SLIST, K_CERTINFO, K_TLS, K_PRIVATE };

struct info {
  CURLINFO id;
  const char *name;
  enum kind kind;
};

#define I(n, k) {CURLINFO_##n, #n, k}
static const struct info infos[] = {
    I(EFFECTIVE_URL, K_STR), I(RESPONSE_CODE, K_LONG), I(TOTAL_TIME, K_TIME_D),
    I(NAMELOOKUP_TIME, K_TIME_D), I(CONNECT_TIME, K_TIME_D), I(PRETRANSFER_TIME, K_TIME_D),
    I(SIZE_UPLOAD, K_DBL), I(SIZE_UPLOAD_T, K_OFF), I(SIZE_DOWNLOAD, K_DBL),
    I(SIZE_DOWNLOAD_T, K_OFF), I(SPEED_DOWNLOAD, K_SPEED), I(SPEED_DOWNLOAD_T, K_SPEED),
    I(SPEED_UPLOAD, K_SPEED), I(SPEED_UPLOAD_T, K_SPEED), I(HEADER_SIZE, K_LONG),
    I(REQUEST_SIZE, K_LONG), I(SSL_VERIFYRESULT, K_LONG), I(FILETIME, K_LONG),
    I(FILETIME_T, K_OFF), I(CONTENT_LENGTH_DOWNLOAD, K_DBL),
    I(CONTENT_LENGTH_DOWNLOAD_T, K_OFF), I(CONTENT_LENGTH_UPLOAD, K_DBL),
    I(CONTENT_LENGTH_UPLOAD_T, K_OFF), I(STARTTRANSFER_TIME, K_TIME_D),
    I(CONTENT_TYPE, K_STR), I(REDIRECT_TIME, K_TIME_D), I(REDIRECT_COUNT, K_LONG),
    I(PRIVATE, K_PRIVATE), I(HTTP_CONNECTCODE, K_LONG), I(HTTPAUTH_AVAIL, K_LONG),
    I(PROXYAUTH_AVAIL, K_LONG), I(OS_ERRNO, K_LONG), I(NUM_CONNECTS, K_LONG),
    I(SSL_ENGINES, K_SLIST), I(COOKIELIST, K_SLIST), I(LASTSOCKET, K_LASTSOCKET),
    I(FTP_ENTRY_PATH, K_STR), I(REDIRECT_URL, K_STR), I(PRIMARY_IP, K_STR),
    I(APPCONNECT_TIME, K_TIME_D), I(CERTINFO, K_CERTINFO), I(CONDITION_UNMET, K_LONG),
    I(RTSP_SESSION_ID, K_STR), I(RTSP_CLIENT_CSEQ, K_LONG), I(RTSP_SERVER_CSEQ, K_LONG),
    I(RTSP_CSEQ_RECV, K_LONG), I(PRIMARY_PORT, K_PORT), I(LOCAL_IP, K_STR),
    I(LOCAL_PORT, K_LOCALPORT), I(TLS_SESSION, K_TLS), I(ACTIVESOCKET, K_SOCKET),
    I(TLS_SSL_PTR, K_TLS), I(HTTP_VERSION, K_LONG), I(PROXY_SSL_VERIFYRESULT, K_LONG),
    I(PROTOCOL, K_LONG), I(SCHEME, K_STR), I(TOTAL_TIME_T, K_TIME_T),
    I(NAMELOOKUP_TIME_T, K_TIME_T), I(CONNECT_TIME_T, K_TIME_T),
    I(PRETRANSFER_TIME_T, K_TIME_T), I(STARTTRANSFER_TIME_T, K_TIME_T),
    I(REDIRECT_TIME_T, K_TIME_T), I(APPCONNECT_TIME_T, K_TIME_T), I(RETRY_AFTER, K_OFF),
    I(EFFECTIVE_METHOD, K_STR), I(PROXY_ERROR, K_LONG), I(REFERER, K_STR),
    I(CAINFO, K_STR), I(CAPATH, K_STR),
};

static const char *sign(double v) { return v > 0 ? ">0" : v == 0 ? "0" : "<0"; }

static void walk(CURL *h, const char *label) {
  trace_line("%s:", label);
  for (size_t i = 0; i < sizeof infos / sizeof infos[0]; i++) {
    const struct info *in = &infos[i];
    CURLcode rc;
    char val[600];
    switch (in->kind) {
      case K_LONG:
      case K_PORT:
      case K_LOCALPORT:
      case K_LASTSOCKET: {
        long v = -12345;
        rc = curl_easy_getinfo(h, in->id, &v);
        if (in->kind == K_PORT)
          snprintf(val, sizeof val, "%s", v == trace_port() ? "the port" : v == 0 ? "0" : "other");
        else if (in->kind == K_LOCALPORT)
          snprintf(val, sizeof val, "%s", v > 0 ? ">0" : v == 0 ? "0" : "<0");
        else if (in->kind == K_LASTSOCKET)
          snprintf(val, sizeof val, "%s", v >= 0 ? "valid" : v == -1 ? "-1" : "other");
        else
          snprintf(val, sizeof val, "%ld", v);
        break;
      }
      case K_STR: {
        char *v = (char *)"(untouched)";
        rc = curl_easy_getinfo(h, in->id, &v);
        snprintf(val, sizeof val, v ? "\"%s\"" : "(null)", v);
        break;
      }
      case K_PRIVATE: {
        char *v = (char *)"(untouched)";
        rc = curl_easy_getinfo(h, in->id, &v);
        snprintf(val, sizeof val, "%s", v == (char *)&marker ? "the marker" : v ? "other" : "(null)");
        break;
      }
      case K_DBL: {
        double v = -12345;
        rc = curl_easy_getinfo(h, in->id, &v);
        snprintf(val, sizeof val, "%.0f", v);
        break;
      }
      case K_OFF: {
        curl_off_t v = -12345;
        rc = curl_easy_getinfo(h, in->id, &v);
        snprintf(val, sizeof val, "%lld", (long long)v);
        break;
      }
      case K_TIME_D:
      case K_SPEED: {
        double v = -12345;
        curl_off_t t = -12345;
        if (in->id == CURLINFO_SPEED_DOWNLOAD_T || in->id == CURLINFO_SPEED_UPLOAD_T) {
          rc = curl_easy_getinfo(h, in->id, &t);
          v = (double)t;
        } else {
          rc = curl_easy_getinfo(h, in->id, &v);
        }
        snprintf(val, sizeof val, "%s", sign(v));
        break;
      }
      case K_TIME_T: {
        curl_off_t v = -12345;
        rc = curl_easy_getinfo(h, in->id, &v);
        snprintf(val, sizeof val, "%s", sign((double)v));
        break;
      }
      case K_SOCKET: {
        curl_socket_t v = -12345;
        rc = curl_easy_getinfo(h, in->id, &v);
        snprintf(val, sizeof val, "%s", v >= 0 ? "valid" : v == CURL_SOCKET_BAD ? "bad" : "other");
        break;
      }
      case K_SLIST: {
        struct curl_slist *v = (struct curl_slist *)&marker;
        rc = curl_easy_getinfo(h, in->id, &v);
        if (v == (struct curl_slist *)&marker) {
          snprintf(val, sizeof val, "(untouched)");
        } else {
          int n = 0;
          for (struct curl_slist *s = v; s; s = s->next) n++;
          /* The engine list depends on the machine's OpenSSL: only whether there is one. */
          if (in->id == CURLINFO_SSL_ENGINES)
            snprintf(val, sizeof val, "%s", v ? "a list" : "(null)");
          else
            snprintf(val, sizeof val, "%d entries", n);
          curl_slist_free_all(v);
        }
        break;
      }
      case K_CERTINFO: {
        struct curl_certinfo *v = (struct curl_certinfo *)&marker;
        rc = curl_easy_getinfo(h, in->id, &v);
        if (v == (struct curl_certinfo *)&marker)
          snprintf(val, sizeof val, "(untouched)");
        else if (!v)
          snprintf(val, sizeof val, "(null)");
        else
          snprintf(val, sizeof val, "num_of_certs=%d", v->num_of_certs);
        break;
      }
      case K_TLS: {
        struct curl_tlssessioninfo *v = (struct curl_tlssessioninfo *)&marker;
        rc = curl_easy_getinfo(h, in->id, &v);
        if (v == (struct curl_tlssessioninfo *)&marker)
          snprintf(val, sizeof val, "(untouched)");
        else if (!v)
          snprintf(val, sizeof val, "(null)");
        else
          snprintf(val, sizeof val, "backend=%d internals=%s", (int)v->backend,
                   v->internals ? "set" : "null");
        break;
      }
      default:
        rc = CURLE_OK;
        val[0] = 0;
    }
    if (rc != CURLE_OK)
      trace_line("  %s: error %d", in->name, (int)rc);
    else
      trace_line("  %s=%s", in->name, val);
  }
  /* The order of the moments a transfer goes through. After a redirect each is a sum over
   * its requests (a reused connection adds a lookup but no connect), so only the pairs that
   * stay ordered under that are compared. */
  curl_off_t t[7];
  static const CURLINFO ids[] = {CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T,
                                 CURLINFO_PRETRANSFER_TIME_T, CURLINFO_STARTTRANSFER_TIME_T,
                                 CURLINFO_TOTAL_TIME_T, CURLINFO_REDIRECT_TIME_T,
                                 CURLINFO_APPCONNECT_TIME_T};
  for (int i = 0; i < 7; i++) {
    t[i] = -1;
    curl_easy_getinfo(h, ids[i], &t[i]);
  }
  trace_line("  times: namelookup<=pretransfer=%d connect<=pretransfer=%d pretransfer<=starttransfer=%d "
             "starttransfer<=total=%d redirect<=total=%d",
             t[0] <= t[2], t[1] <= t[2], t[2] <= t[3], t[3] <= t[4], t[5] <= t[4]);
  /* Without a redirect the whole chain holds where a connection was made. */
  if (t[5] == 0 && t[1] > 0)
    trace_line("  times: namelookup<=connect=%d", t[0] <= t[1]);
}

static void bad_ids(CURL *h) {
  long v = 0;
  trace_line("getinfo NONE: %d", (int)curl_easy_getinfo(h, CURLINFO_NONE, &v));
  trace_line("getinfo LONG+63: %d", (int)curl_easy_getinfo(h, (CURLINFO)(CURLINFO_LONG + 63), &v));
  trace_line("getinfo LONG+1 (a string id as long): %d",
             (int)curl_easy_getinfo(h, (CURLINFO)(CURLINFO_LONG + 1), &v));
  trace_line("getinfo 0x700000+2: %d", (int)curl_easy_getinfo(h, (CURLINFO)(0x700000 + 2), &v));
  trace_line("getinfo NULL handle: %d", (int)curl_easy_getinfo(NULL, CURLINFO_RESPONSE_CODE, &v));
}

static CURLcode perform(CURL *h, const char *path) {
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  return curl_easy_perform(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)&marker);
  walk(h, "never ran");
  bad_ids(h);

  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_AUTOREFERER, 1L);
  curl_easy_setopt(h, CURLOPT_REFERER, "http://referer.example/");
  curl_easy_setopt(h, CURLOPT_FILETIME, 1L);
  trace_code("redirect", perform(h, "/a?status=302&location=/b%3Fsize=1234%26hdr=Last-Modified:%2520Tue,%252001%2520Feb%25202022%252003:04:05%2520GMT"));
  walk(h, "after a followed redirect");

  trace_code("again (keep-alive)", perform(h, "/c?text=second&hdr=Retry-After:%2030&hdr=Content-Type:%20text/x-second"));
  walk(h, "after a transfer on the kept connection");

  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=1&b=2");
  trace_code("post", perform(h, "/d?echo=1"));
  walk(h, "after a POST");

  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  trace_code("unfollowed", perform(h, "/e?status=301&location=http://elsewhere.example/z"));
  walk(h, "after an unfollowed redirect");

  curl_easy_reset(h);
  walk(h, "after curl_easy_reset");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
