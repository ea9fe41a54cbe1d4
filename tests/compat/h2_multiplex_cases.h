/* The cases of the HTTP/2 multiplexing scenarios: 219 runs them over TLS (ALPN h2) and is
   judged by libcurl; 221 runs the very same cases over cleartext prior knowledge (h2c), judged
   by 221_h2c_multiplex.expected because libcurl 7.88 fails every stream that joins an h2c
   connection (curl #10634). The trace never names the scheme, so both expect the same lines.
   Each case runs on a multi handle of its own (an empty connection cache) and ends with the
   number of connections the server accepted for it. */
#ifndef XFER_TESTS_COMPAT_H2_MULTIPLEX_CASES_H
#define XFER_TESTS_COMPAT_H2_MULTIPLEX_CASES_H

#include "h2_multi.h"

#define MX_N 6

static long mx_mark;

static void mx_end_case(const char *label, struct mx_wave *w, CURLM *m) {
  mx_wave_cleanup(w);
  curl_multi_cleanup(m);
  mx_print_server_connections(label, w->scheme, &mx_mark);
}

/* Six GETs added at once with PIPEWAIT: the first opens the connection, the others wait to
   learn it speaks h2 and then ride on it as streams. */
static void mx_case_pipewait(enum mx_scheme s) {
  mx_case("six GETs added at once with PIPEWAIT");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, s);
  for (int i = 0; i < MX_N; i++) {
    char path[64];
    snprintf(path, sizeof path, "/p?size=%d&delay=50", 1000 * (i + 1));
    mx_new(&w, i + 1, path, 1L);
  }
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "pipewait");
  mx_end_case("pipewait", &w, m);
}

/* Six GETs (ids 1-6, PREFIX?size=1000..6000&delay=50) added at once and run to the end,
   then six more (ids 11-16, PREFIX2?...) on the same multi handle: each wave printed. The
   second wave is left in w for mx_end_case. */
static void mx_two_waves(struct mx_wave *w, CURLM *m, enum mx_scheme s, const char *prefix, long pipewait) {
  for (int wave = 0; wave < 2; wave++) {
    if (wave) mx_wave_cleanup(w);
    mx_wave_init(w, m, s);
    for (int i = 0; i < MX_N; i++) {
      char path[64];
      snprintf(path, sizeof path, "%s%s?size=%d&delay=50", prefix, wave ? "2" : "", 1000 * (i + 1));
      mx_new(w, i + 1 + 10 * wave, path, pipewait);
    }
    mx_add_all(w);
    trace_line("all finished: %d", mx_run(w));
    mx_print(w, wave ? "second wave" : "first wave");
  }
}

/* Without PIPEWAIT, every transfer that starts before the first connection knows it speaks h2
   opens a connection of its own: all six start in the first perform. A second wave, once
   the first is over, finds six idle h2 connections and multiplexes all six on one. */
static void mx_case_no_pipewait(enum mx_scheme s) {
  mx_case("six GETs added at once without PIPEWAIT, then six more");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_two_waves(&w, m, s, "/n", 0L);
  mx_end_case("no pipewait", &w, m);
}

/* CURLMOPT_PIPELINING = CURLPIPE_NOTHING: no multiplexing, one connection per transfer (each
   still speaks h2), PIPEWAIT notwithstanding; a second wave reuses the idle ones. */
static void mx_case_pipe_nothing(enum mx_scheme s) {
  mx_case("CURLPIPE_NOTHING: six GETs with PIPEWAIT, then six more");
  CURLM *m = curl_multi_init();
  trace_mcode("setopt PIPELINING", curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING));
  struct mx_wave w;
  mx_two_waves(&w, m, s, "/x", 1L);
  mx_end_case("nothing", &w, m);
}

/* A slow response (delay=300) added first, five fast ones beside it on the same connection:
   the slow one's CURLMSG_DONE comes last. Only its place is printed (the fast ones race). */
static void mx_case_slow_beside_fast(enum mx_scheme s) {
  mx_case("one slow response beside five fast ones");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, s);
  mx_new(&w, 1, "/slow?size=3000&delay=300", 1L);
  for (int i = 1; i < MX_N; i++) {
    char path[64];
    snprintf(path, sizeof path, "/fast?size=%d", 500 * i);
    mx_new(&w, i + 1, path, 1L);
  }
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "slow/fast");
  trace_line("slow/fast: the slow #1 finished as %d of %d", w.t[0].done, w.done_count);
  mx_end_case("slow/fast", &w, m);
}

/* Read callback for a pattern upload of a known size, a few kB per call. */
struct mx_source {
  size_t sent;
  size_t size;
};

static size_t mx_read_pattern(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct mx_source *src = userdata;
  size_t n = size * nmemb;
  if (n > src->size - src->sent) n = src->size - src->sent;
  if (n > 5000) n = 5000;
  for (size_t i = 0; i < n; i++) buf[i] = (char)('a' + (src->sent + i) % 26);
  src->sent += n;
  return n;
}

/* Uploads beside downloads on one connection: a 100 kB memory body (more than a stream's and
   the connection's initial window, 65535), a 60 kB body from a read callback, a small form
   post, and three GETs; the server echoes each request body back. The read-callback body
   stays within one window: libcurl 7.88 sometimes stalls such an upload for good when it
   exhausts the stream's window beside other streams (about one run in twenty under load,
   stuck at 65535 bytes past a multiple of the callback's 5000), a race. */
static void mx_case_uploads(enum mx_scheme s) {
  static char big[100000];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('A' + i % 23);
  struct mx_source src = {0, 60000};
  mx_case("uploads multiplexed beside GETs");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, s);
  CURL *h = mx_new(&w, 1, "/up?echo=1", 1L);
  w.t[0].x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)sizeof big);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, big);
  mx_new(&w, 2, "/down?size=200000", 1L);
  h = mx_new(&w, 3, "/up?echo=1", 1L);
  w.t[2].x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, mx_read_pattern);
  curl_easy_setopt(h, CURLOPT_READDATA, &src);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)src.size);
  mx_new(&w, 4, "/down?size=100000", 1L);
  h = mx_new(&w, 5, "/up?echo=1", 1L);
  w.t[4].x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "small=form&post=5");
  mx_new(&w, 6, "/down?size=10", 1L);
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "uploads");
  for (int i = 0; i < w.n; i++) {
    if (!w.t[i].x.keep_body) continue;
    char what[32];
    snprintf(what, sizeof what, "uploads #%d", w.t[i].id);
    mx_print_echo_summary(what, &w.t[i].x);
    curl_off_t up = -1;
    curl_easy_getinfo(w.t[i].h, CURLINFO_SIZE_UPLOAD_T, &up);
    trace_line("%s: SIZE_UPLOAD_T=%lld", what, (long long)up);
  }
  mx_end_case("uploads", &w, m);
}

/* A follow-up GET on the same multi once a wave is over: which connection it takes, and the
   server's count of requests on that connection (x-req) so far. */
static void mx_follow_up(struct mx_wave *w, const char *label, int id) {
  mx_wave_cleanup(w);
  mx_new(w, id, "/after?size=7", 1L);
  mx_add_all(w);
  trace_line("%s: finished: %d", label, mx_run(w));
  mx_print(w, label);
  trace_line("%s: x-req=%ld", label, mx_header_number(&w->t[0].x, "x-req"));
}

/* One stream reset by the server (h2rst=8, CANCEL) among five that are answered after a
   short delay: it fails alone with 92, the others complete on the same connection, which a
   later transfer still reuses. */
static void mx_case_one_fails(enum mx_scheme s) {
  mx_case("one stream reset among six");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, s);
  for (int i = 0; i < MX_N; i++) {
    char path[64];
    if (i == 2)
      snprintf(path, sizeof path, "/r?h2rst=8");
    else
      snprintf(path, sizeof path, "/r?size=%d&delay=100", 1000 * (i + 1));
    mx_new(&w, i + 1, path, 1L);
  }
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "reset");
  mx_follow_up(&w, "after reset", 7);
  mx_end_case("reset", &w, m);
}

/* Every transfer added so far has sent its request. */
static int mx_all_sent(struct mx_wave *w) {
  for (int i = 0; i < w->n; i++)
    if (w->t[i].added && !w->t[i].header_out) return 0;
  return 1;
}

/* One stream refused by the server (h2rst=7, REFUSED_STREAM: not processed, safe to retry),
   added once five others (answered after a delay) have sent their requests on the
   connection. libcurl 7.88 retries the refused request on a fresh connection each time
   (NUM_CONNECTS counts them) and gives up after five retries with 56; the five complete on
   the first connection. (Added together with the others, the refusal may come back before
   they are placed, and 7.88, which then no longer puts new streams on that connection,
   opens one for each of them: a race.) */
static void mx_case_refused(enum mx_scheme s) {
  mx_case("one stream refused beside five");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, s);
  for (int i = 0; i < MX_N - 1; i++) {
    char path[64];
    snprintf(path, sizeof path, "/f?size=%d&delay=100", 1000 * (i + 1));
    mx_new(&w, i + 1, path, 1L);
  }
  mx_add_all(&w);
  trace_line("refused: five sent: %d", mx_run_until(&w, mx_all_sent));
  mx_new(&w, MX_N, "/f?h2rst=7", 1L);
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "refused");
  mx_end_case("refused", &w, m);
}

/* The hanging #3 is removed once its request went out and #1 and #2 are done, while #4..#6
   still wait for their delayed answers; they complete, and the connection serves a later
   transfer. */
static int mx_ready_to_remove(struct mx_wave *w) {
  return w->t[0].done && w->t[1].done && w->t[2].header_out;
}

static void mx_case_remove_midway(enum mx_scheme s) {
  mx_case("one handle removed while the others run");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, s);
  mx_new(&w, 1, "/q?size=100", 1L);
  mx_new(&w, 2, "/q?size=200", 1L);
  mx_new(&w, 3, "/q?hang=1", 1L);
  for (int i = 3; i < MX_N; i++) {
    char path[64];
    snprintf(path, sizeof path, "/q?size=%d&delay=300", 1000 * (i + 1));
    mx_new(&w, i + 1, path, 1L);
  }
  mx_add_all(&w);
  int ready = mx_run_until(&w, mx_ready_to_remove);
  trace_line("remove: #1 and #2 done, #3 sent: %d", ready);
  int still = 0;
  for (int i = 3; i < MX_N; i++) still += !w.t[i].done;
  trace_line("remove: #4..#6 still running: %d", still);
  trace_mcode("remove #3", curl_multi_remove_handle(m, w.t[2].h));
  w.t[2].removed = 1;
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "remove");
  mx_follow_up(&w, "after remove", 7);
  mx_end_case("remove", &w, m);
}

static int mx_cases_main(int argc, char **argv, enum mx_scheme s) {
  tls_begin(argc, argv);
  mx_mark = mx_server_connections(s);
  mx_case_pipewait(s);
  mx_case_no_pipewait(s);
  mx_case_pipe_nothing(s);
  mx_case_slow_beside_fast(s);
  mx_case_uploads(s);
  mx_case_one_fails(s);
  mx_case_refused(s);
  mx_case_remove_midway(s);
  curl_global_cleanup();
  return 0;
}

#endif
