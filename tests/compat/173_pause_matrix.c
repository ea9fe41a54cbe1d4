/* Scenario: curl_easy_pause in every combination: from outside between curl_multi_perform
 * calls and from inside the write and progress callbacks; pausing and unpausing in one
 * callback; unpausing from the progress callback; RECV/SEND/ALL/CONT mixed; on a handle
 * that never ran, that finished or that was removed; TIMEOUT firing while paused. Only
 * counts and bytes are printed: how the body is cut into writes depends on timing. */
#include <stdint.h>
#include <string.h>

#include "trace.h"

enum mode {
  OUTSIDE_RECV,      /* main loop: RECV once the body flows, CONT later */
  OUTSIDE_ALL_SEND,  /* main loop: ALL, later SEND (receiving goes on, sending stays off) */
  INSIDE_RECV,       /* write callback: pause(RECV) and take the bytes */
  INSIDE_RECV_CONT,  /* write callback: pause(RECV) then pause(CONT), take the bytes */
  WRITE_PAUSE,       /* write callback: CURL_WRITEFUNC_PAUSE, main loop CONT */
  WRITE_PAUSE_XFERINFO, /* CURL_WRITEFUNC_PAUSE, the progress callback unpauses */
  XFERINFO_RECV,     /* progress callback: pause(RECV) once bytes came, main loop CONT */
  WRITE_PAUSE_TIMEOUT,  /* CURL_WRITEFUNC_PAUSE and nobody unpauses: TIMEOUT_MS fires */
  WRITE_PAUSE_AGAIN, /* CURL_WRITEFUNC_PAUSE, and again on the redelivery */
};

struct run {
  enum mode mode;
  CURL *h;
  int paused;           /* the application's view: paused, not yet continued */
  int pause_done;       /* the one pause of the run happened */
  int paused_rounds;
  int in_pause_call;    /* inside the main loop's curl_easy_pause(CONT) */
  int in_xferinfo;
  long writes, writes_while_paused, writes_in_pause_call, writes_in_xferinfo;
  long pause_returns;
  int cb_rc1, cb_rc2;   /* curl_easy_pause results from inside callbacks */
  int cont_rc;
  int unpaused_by_xferinfo;
  int running_while_paused;
  size_t bytes, max_write;
  uint32_t fnv;
};

static void take(struct run *r, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) r->fnv = (r->fnv ^ (unsigned char)p[i]) * 16777619u;
  r->bytes += n;
  if (n > r->max_write) r->max_write = n;
}

static size_t write_cb(char *p, size_t s, size_t n, void *u) {
  struct run *r = u;
  size_t len = s * n;
  r->writes++;
  if (r->paused && !r->in_pause_call) r->writes_while_paused++;
  if (r->in_pause_call) r->writes_in_pause_call++;
  if (r->in_xferinfo) r->writes_in_xferinfo++;
  if (!r->pause_done) {
    switch (r->mode) {
      case INSIDE_RECV:
        r->pause_done = 1;
        r->cb_rc1 = curl_easy_pause(r->h, CURLPAUSE_RECV);
        r->paused = 1;
        take(r, p, len);
        return len;
      case INSIDE_RECV_CONT:
        r->pause_done = 1;
        r->cb_rc1 = curl_easy_pause(r->h, CURLPAUSE_RECV);
        r->cb_rc2 = curl_easy_pause(r->h, CURLPAUSE_CONT);
        take(r, p, len);
        return len;
      case WRITE_PAUSE:
      case WRITE_PAUSE_XFERINFO:
      case WRITE_PAUSE_TIMEOUT:
        r->pause_done = 1;
        r->paused = 1;
        r->pause_returns++;
        return CURL_WRITEFUNC_PAUSE;
      case WRITE_PAUSE_AGAIN:
        /* Pauses on the first write and on the first one the unpause hands over. */
        if (r->pause_returns == 0 || r->in_pause_call) {
          if (r->in_pause_call) r->pause_done = 1;
          r->paused = 1;
          r->pause_returns++;
          return CURL_WRITEFUNC_PAUSE;
        }
        break;
      default:
        break;
    }
  }
  take(r, p, len);
  return len;
}

static int xferinfo_cb(void *u, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
  struct run *r = u;
  (void)dt;
  (void)ut;
  (void)un;
  if (r->mode == XFERINFO_RECV && !r->pause_done && dn > 0) {
    r->pause_done = 1;
    r->paused = 1;
    r->cb_rc1 = curl_easy_pause(r->h, CURLPAUSE_RECV);
  }
  if (r->mode == WRITE_PAUSE_XFERINFO && r->paused && !r->unpaused_by_xferinfo) {
    r->unpaused_by_xferinfo = 1;
    r->paused = 0;
    r->in_xferinfo = 1;
    r->cb_rc2 = curl_easy_pause(r->h, CURLPAUSE_CONT);
    r->in_xferinfo = 0;
  }
  return 0;
}

static void cont(struct run *r, int bits) {
  r->paused = 0;
  r->paused_rounds = 0;
  r->in_pause_call = 1;
  r->cont_rc = curl_easy_pause(r->h, bits);
  r->in_pause_call = 0;
}

static void one(CURLM *m, enum mode mode, const char *label, const char *path) {
  struct run r;
  memset(&r, 0, sizeof r);
  r.mode = mode;
  r.fnv = 2166136261u;
  r.cont_rc = -1;
  r.cb_rc1 = r.cb_rc2 = -1;
  CURL *h = curl_easy_init();
  r.h = h;
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &r);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  if (mode == WRITE_PAUSE_TIMEOUT) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 300L);
  curl_multi_add_handle(m, h);
  int running = 1;
  for (int loop = 0; running && loop < 60; loop++) {
    curl_multi_perform(m, &running);
    if (!running) break;
    if (r.paused && r.pause_done == 1) {
      r.paused_rounds++;
      if (r.paused_rounds == 1) r.running_while_paused = running;
      /* The progress callback gets the first chance in its mode; the loop only backs it up. */
      int limit = mode == WRITE_PAUSE_XFERINFO ? 55 : 5;
      if (mode != WRITE_PAUSE_TIMEOUT && r.paused_rounds == limit)
        cont(&r, mode == OUTSIDE_ALL_SEND ? CURLPAUSE_SEND : CURLPAUSE_CONT);
    }
    if (r.paused && r.pause_done == 0 && mode == WRITE_PAUSE_AGAIN && r.paused_rounds++ == 5)
      cont(&r, CURLPAUSE_CONT);
    if ((mode == OUTSIDE_RECV || mode == OUTSIDE_ALL_SEND) && !r.pause_done && r.writes > 0) {
      r.pause_done = 1;
      r.paused = 1;
      r.cb_rc1 = curl_easy_pause(h, mode == OUTSIDE_RECV ? CURLPAUSE_RECV : CURLPAUSE_ALL);
    }
    curl_multi_poll(m, NULL, 0, 10, NULL);
  }
  int left;
  CURLMsg *msg = curl_multi_info_read(m, &left);
  if (!msg && running) {
    /* libcurl ends no transfer while its sending side is paused, a download included. */
    trace_line("%s: still running after the body, bytes=%zu", label, r.bytes);
    cont(&r, CURLPAUSE_CONT);
    for (int loop = 0; running && loop < 100; loop++) {
      curl_multi_perform(m, &running);
      if (running) curl_multi_poll(m, NULL, 0, 10, NULL);
    }
    msg = curl_multi_info_read(m, &left);
  }
  char what[128];
  snprintf(what, sizeof what, "%s: result", label);
  trace_code(what, msg ? msg->data.result : CURLE_FAILED_INIT);
  trace_line("%s: writes_while_paused=%ld pause_returns=%ld cb_rc=%d,%d cont_rc=%d", label,
             r.writes_while_paused, r.pause_returns, r.cb_rc1, r.cb_rc2, r.cont_rc);
  trace_line("%s: running_while_paused=%d unpaused_by_xferinfo=%d delivered_in_cont=%s in_xferinfo=%s",
             label, r.running_while_paused, r.unpaused_by_xferinfo,
             r.writes_in_pause_call ? "yes" : "no", r.writes_in_xferinfo ? "yes" : "no");
  trace_line("%s: bytes=%zu fnv=%08x max_write<=16384: %s", label, r.bytes, r.fnv,
             r.max_write <= 16384 ? "yes" : "no");
  /* A transfer that ends paused has counted what it read, held or not: one read's worth. */
  curl_off_t dl = -1;
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &dl);
  if (mode == WRITE_PAUSE_TIMEOUT)
    trace_line("%s: SIZE_DOWNLOAD_T %s", label, dl > 0 && dl < 200000 ? "part of the body" : "other");
  else
    trace_line("%s: SIZE_DOWNLOAD_T=%lld", label, (long long)dl);
  /* The transfer is over, its message still queued: is there anything left to pause? */
  trace_code("  pause(CONT) once done", curl_easy_pause(h, CURLPAUSE_CONT));
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
}

/* A handle that never ran, one added but not yet driven, one removed while paused. */
static void lifecycle(CURLM *m) {
  CURL *h = curl_easy_init();
  struct run quiet;
  memset(&quiet, 0, sizeof quiet);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/x?text=hello"));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &quiet);
  trace_code("fresh pause(ALL)", curl_easy_pause(h, CURLPAUSE_ALL));
  trace_code("fresh pause(CONT)", curl_easy_pause(h, CURLPAUSE_CONT));
  curl_multi_add_handle(m, h);
  trace_code("added pause(RECV)", curl_easy_pause(h, CURLPAUSE_RECV));
  trace_code("added pause(CONT)", curl_easy_pause(h, CURLPAUSE_CONT));
  curl_multi_remove_handle(m, h);
  trace_code("removed unrun pause(CONT)", curl_easy_pause(h, CURLPAUSE_CONT));
  trace_code("easy_perform after", curl_easy_perform(h));
  trace_code("performed pause(CONT)", curl_easy_pause(h, CURLPAUSE_CONT));
  curl_easy_cleanup(h);

  struct run r;
  memset(&r, 0, sizeof r);
  r.mode = WRITE_PAUSE;
  r.fnv = 2166136261u;
  h = curl_easy_init();
  r.h = h;
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/x?size=100000"));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
  curl_multi_add_handle(m, h);
  int running = 1;
  for (int loop = 0; running && loop < 100 && !r.paused; loop++) {
    curl_multi_perform(m, &running);
    if (!r.paused) curl_multi_poll(m, NULL, 0, 10, NULL);
  }
  trace_line("removed: paused before removal=%d", r.paused);
  curl_multi_remove_handle(m, h);
  trace_code("removed pause(CONT)", curl_easy_pause(h, CURLPAUSE_CONT));
  trace_code("removed pause(ALL)", curl_easy_pause(h, CURLPAUSE_ALL));
  trace_line("removed: writes=%ld", r.writes);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  lifecycle(m);
  one(m, OUTSIDE_RECV, "outside RECV", "/x?size=200000&drip=5&dripsize=20000");
  one(m, OUTSIDE_ALL_SEND, "outside ALL then SEND", "/x?size=200000&drip=5&dripsize=20000");
  one(m, INSIDE_RECV, "inside write pause(RECV)", "/x?size=200000");
  one(m, INSIDE_RECV_CONT, "inside write pause(RECV)+pause(CONT)", "/x?size=200000");
  one(m, WRITE_PAUSE, "WRITEFUNC_PAUSE", "/x?size=200000");
  one(m, WRITE_PAUSE, "WRITEFUNC_PAUSE whole small reply", "/x?text=hello%20there");
  one(m, WRITE_PAUSE, "WRITEFUNC_PAUSE chunked", "/x?size=200000&chunked=1&chunk=1000");
  one(m, WRITE_PAUSE_AGAIN, "WRITEFUNC_PAUSE again on redelivery", "/x?text=hello%20again");
  one(m, WRITE_PAUSE_XFERINFO, "WRITEFUNC_PAUSE, xferinfo unpauses", "/x?size=200000");
  one(m, XFERINFO_RECV, "xferinfo pause(RECV)", "/x?size=200000&chunked=1&chunk=1000&drip=5&dripsize=20000");
  one(m, WRITE_PAUSE_TIMEOUT, "paused past TIMEOUT_MS", "/x?size=200000&drip=1&dripsize=50000");
  curl_multi_cleanup(m);
  curl_global_cleanup();
  return 0;
}
