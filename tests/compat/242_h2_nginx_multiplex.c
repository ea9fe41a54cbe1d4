/* Scenario: the multi handle's HTTP/2 multiplexing controls against a real server, Debian's
   nginx over TLS (tests/support/origins.py, NGINX_TLS: ALPN h2, https://localhost with the
   test CA), the questions 219, 220 and 231 ask of the scripted test server. Every transfer
   is a GET of a docroot file (/hello.txt, /index.html, /big.bin of 1 MiB); nginx's X-Conn
   (its connection serial) is shown as a letter a, b, c... per case, in order of first use by
   transfer id (h2_multi.h). Each transfer shows its result, HTTP_VERSION, status, body size
   and hash, NUM_CONNECTS and letter; each wave how many connections it used; each case how
   many connections nginx accepted (stub_status on the NGINX_TLS_GOAWAY listener counts every
   listener's; it is asked over a connection of its own, not counted). libcurl 7.88:
   - PIPELINING=CURLPIPE_NOTHING, four GETs with PIPEWAIT and four without: four connections
     each time, every transfer still HTTP/2 (PIPEWAIT waits only when multiplexing is on).
   - PIPELINING=CURLPIPE_MULTIPLEX, four GETs with PIPEWAIT: one connection.
   - MAX_CONCURRENT_STREAMS=2, six GETs with PIPEWAIT: #1 and #2 share a; how many
     connections the other four use depends on timing (see streams_free), so only a bound.
     With #1 and #2 held open (paused in their write callbacks) until the other four have sent
     their requests: none of the four joins a.
   - MAX_CONCURRENT_STREAMS=2 and MAX_HOST_CONNECTIONS=1, #1 and #2 held: #3..#6 send nothing
     while the two are held, then all six run on the one connection.
   - MAX_HOST_CONNECTIONS=1, and MAX_TOTAL_CONNECTIONS=1, ten GETs without PIPEWAIT: one
     connection, every transfer a stream of it.
   - PIPELINING=CURLPIPE_NOTHING with MAX_HOST_CONNECTIONS=2, six GETs: #1 and #2 open a and
     b, the other four queue and reuse them (NUM_CONNECTS=0), which one each gets by timing.
   - a second wave of six on the same multi handle after the first is done: the first's
     connection, NUM_CONNECTS=0 for all six.
   Driven only by curl_multi_socket_action (socket and timer callbacks over epoll,
   tests/events/epoll_driver.h, as in 231):
   - ten PIPEWAIT GETs: the callback names one socket, all ten finish on one connection.
   - a 1 MiB GET paused on its first write beside five others: they finish while it is
     paused; curl_easy_pause(CONT) lets it finish whole.
   - two 1 MiB GETs paused on their first write beside three others: once the three are done,
     one paused handle is removed (curl_multi_remove_handle), the other resumed; it finishes
     whole on the same connection, and a later transfer reuses that connection. */
// origin: nginx-h2
#include "h2_multi.h"
#include "../events/epoll_driver.h"

static int goaway_port;
static long accepts_mark;

/* How many connections nginx accepted since the last call, the status request's own left out. */
static long accepted_since_mark(void) {
  long now = mx_nginx_accepts(goaway_port);
  long n = now - accepts_mark - 1;
  accepts_mark = now;
  return n;
}

static void print_accepts(const char *label) {
  trace_line("%s: nginx accepted %ld connections", label, accepted_since_mark());
}

/* Transfer #i's file: the 1 MiB one for #2, #7, #12 (one or two per wave: each 1 MiB body
   costs time on a busy machine), else the index and the hello text in turn. */
static const char *wave_path(int i) {
  if (i % 5 == 2) return "/big.bin";
  return i % 2 ? "/index.html" : "/hello.txt";
}

/* The number of distinct connections the wave's transfers were served on. */
static int wave_connections(const struct mx_wave *w) {
  long seen[MX_MAX];
  int n = 0;
  for (int i = 0; i < w->n; i++) {
    long c = mx_server_conn(&w->t[i]);
    if (c <= 0) continue;
    int known = 0;
    for (int j = 0; j < n; j++) known |= seen[j] == c;
    if (!known) seen[n++] = c;
  }
  return n;
}

static void print_wave(struct mx_wave *w, const char *label) {
  mx_print(w, label);
  trace_line("%s: connections used %d", label, wave_connections(w));
}

/* For a wave whose connections depend on timing: every transfer's result, HTTP_VERSION,
   status and body; NUM_CONNECTS and letter only for the first `pinned` transfers; the
   others' letters, when show_on_a, only as whether any is on connection a. Then whether the
   connections used lie in [lo, hi], and whether the NUM_CONNECTS sum, the connections used
   and nginx's count of accepted connections agree. */
static void print_bounded(struct mx_wave *w, const char *label, int pinned, int show_on_a, int lo,
                          int hi) {
  long connects = 0;
  long first = w->n ? mx_server_conn(&w->t[0]) : 0;
  int later_on_a = 0;
  for (int i = 0; i < w->n; i++) {
    struct mx_xfer *t = &w->t[i];
    char what[64];
    snprintf(what, sizeof what, "%s #%d", label, t->id);
    if (t->done) trace_code(what, t->result);
    else trace_line("%s: did not finish", what);
    long version = -1, code = -1, nc = 0;
    curl_easy_getinfo(t->h, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(t->h, CURLINFO_NUM_CONNECTS, &nc);
    if (nc > 0) connects += nc;
    if (i < pinned) {
      trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld conn=%c", what, version,
                 code, nc, mx_conn_letter(mx_server_conn(t)));
    } else {
      trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld", what, version, code);
      later_on_a += mx_server_conn(t) == first;
    }
    trace_line("%s: body bytes=%zu fnv=%08x", what, t->x.body_bytes, (unsigned)t->x.body_fnv);
  }
  int used = wave_connections(w);
  long accepted = accepted_since_mark();
  if (show_on_a)
    trace_line("%s: transfers after #%d on connection a: %s", label, pinned,
               later_on_a ? "some" : "none");
  trace_line("%s: connections used between %d and %d: %s", label, lo, hi,
             used >= lo && used <= hi ? "yes" : "no");
  trace_line("%s: NUM_CONNECTS sum, connections used and nginx's accepted count agree: %s", label,
             connects == used && accepted == used ? "yes" : "no");
}

static CURLM *multi_with(long pipelining) {
  CURLM *m = curl_multi_init();
  trace_mcode("setopt PIPELINING", curl_multi_setopt(m, CURLMOPT_PIPELINING, pipelining));
  return m;
}

static void multi_limit(CURLM *m, CURLMoption option, const char *name, long value) {
  char what[64];
  snprintf(what, sizeof what, "setopt %s=%ld", name, value);
  trace_mcode(what, curl_multi_setopt(m, option, value));
}

/* Four GETs added at once to a multi handle with PIPELINING set as given, run, printed. */
static void pipelining_wave(const char *label, long pipelining, long pipewait) {
  char title[96];
  snprintf(title, sizeof title, "PIPELINING=%s, four GETs %s PIPEWAIT",
           pipelining == CURLPIPE_NOTHING ? "NOTHING" : "MULTIPLEX", pipewait ? "with" : "without");
  mx_case(title);
  CURLM *m = multi_with(pipelining);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 4; i++) mx_new(&w, i, wave_path(i), pipewait);
  mx_add_all(&w);
  trace_line("%s: all finished: %d", label, mx_run(&w));
  print_wave(&w, label);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  print_accepts(label);
}

/* A write callback that returns CURL_WRITEFUNC_PAUSE on its first call (libcurl hands the
   same data again after the unpause), then records like the trace's own. */
struct hold {
  struct trace_xfer *x;
  int calls;
  int paused;
};

static size_t hold_write(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct hold *p = userdata;
  if (p->calls++ == 0) {
    p->paused = 1;
    return CURL_WRITEFUNC_PAUSE;
  }
  return trace_write_cb(ptr, size, nmemb, p->x);
}

/* A PIPEWAIT GET whose transfer stops at its first write until curl_easy_pause(CONT). */
static CURL *mx_new_held(struct mx_wave *w, int id, const char *path, struct hold *p) {
  CURL *h = mx_new(w, id, path, 1L);
  memset(p, 0, sizeof *p);
  p->x = &w->t[w->n - 1].x;
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, hold_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, p);
  return h;
}

/* Six PIPEWAIT GETs with MAX_CONCURRENT_STREAMS=2 and nothing else. #1 opens a; the others
   wait for it to speak h2, then leave 7.88's pending queue one after the other, each
   waking the next: #2 joins a; whether #3.. find a free stream on a depends on whether #1
   and #2 have ended by then, and once one of them opened a connection of its own, whether
   the next finds that one's handshake done. Over about 120 runs 7.88 used 1, 2, 3, 4 or 5
   connections (mostly 5 on an idle machine, mostly 1 on a busy one); so only #1 and #2 are
   pinned, the rest shown as a bound. */
static void streams_free(void) {
  mx_case("MAX_CONCURRENT_STREAMS=2, six GETs with PIPEWAIT");
  CURLM *m = multi_with(CURLPIPE_MULTIPLEX);
  multi_limit(m, CURLMOPT_MAX_CONCURRENT_STREAMS, "MAX_CONCURRENT_STREAMS", 2L);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 6; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("streams: all finished: %d", mx_run(&w));
  print_bounded(&w, "streams", 2, 0, 1, 5);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
}

static struct hold holds[2];

/* #1 and #2 are paused and #3..#6 have sent their requests. */
static int held_and_sent(struct mx_wave *w) {
  if (!holds[0].paused || !holds[1].paused) return 0;
  for (int i = 2; i < w->n; i++)
    if (!w->t[i].header_out) return 0;
  return 1;
}

/* #1 and #2 are paused. */
static int held(struct mx_wave *w) {
  (void)w;
  return holds[0].paused && holds[1].paused;
}

/* Runs for MS milliseconds (or until nothing runs). */
static void run_for(struct mx_wave *w, long ms) {
  long end = mx_now_ms() + ms;
  while (mx_now_ms() < end)
    if (!mx_step(w, 20)) break;
}

static int requests_sent_after_two(const struct mx_wave *w) {
  int n = 0;
  for (int i = 2; i < w->n; i++) n += w->t[i].header_out;
  return n;
}

/* Six PIPEWAIT GETs with MAX_CONCURRENT_STREAMS=2, #1 and #2 held open by their write
   callbacks until #3..#6 have sent their requests: a has no free stream for any of them.
   7.88 gave each of the four a connection of its own (five in all) in each of about 120
   runs, busy machine or not; but that rests on each being placed before the previous one's
   new connection has finished its TLS handshake, which timing decides, so only a bound. */
static void streams_held(void) {
  mx_case("MAX_CONCURRENT_STREAMS=2, six GETs with PIPEWAIT, #1 and #2 held open");
  CURLM *m = multi_with(CURLPIPE_MULTIPLEX);
  multi_limit(m, CURLMOPT_MAX_CONCURRENT_STREAMS, "MAX_CONCURRENT_STREAMS", 2L);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  CURL *h1 = mx_new_held(&w, 1, "/index.html", &holds[0]);
  CURL *h2 = mx_new_held(&w, 2, "/hello.txt", &holds[1]);
  for (int i = 3; i <= 6; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("streams held: #1 and #2 paused, #3..#6 sent: %d", mx_run_until(&w, held_and_sent));
  trace_code("streams held: curl_easy_pause(#1, CONT)", curl_easy_pause(h1, CURLPAUSE_CONT));
  trace_code("streams held: curl_easy_pause(#2, CONT)", curl_easy_pause(h2, CURLPAUSE_CONT));
  trace_line("streams held: all finished: %d", mx_run(&w));
  print_bounded(&w, "streams held", 2, 1, 2, 5);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
}

/* Six PIPEWAIT GETs, MAX_CONCURRENT_STREAMS=2 and MAX_HOST_CONNECTIONS=1, #1 and #2 held open
   for 300 ms after both paused: the other four can neither join a nor open a connection. */
static void streams_one_connection(void) {
  mx_case("MAX_CONCURRENT_STREAMS=2 and MAX_HOST_CONNECTIONS=1, six GETs with PIPEWAIT, "
          "#1 and #2 held open");
  CURLM *m = multi_with(CURLPIPE_MULTIPLEX);
  multi_limit(m, CURLMOPT_MAX_CONCURRENT_STREAMS, "MAX_CONCURRENT_STREAMS", 2L);
  multi_limit(m, CURLMOPT_MAX_HOST_CONNECTIONS, "MAX_HOST_CONNECTIONS", 1L);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  CURL *h1 = mx_new_held(&w, 1, "/index.html", &holds[0]);
  CURL *h2 = mx_new_held(&w, 2, "/hello.txt", &holds[1]);
  for (int i = 3; i <= 6; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("streams+host: #1 and #2 paused: %d", mx_run_until(&w, held));
  run_for(&w, 300);
  trace_line("streams+host: requests #3..#6 sent while #1 and #2 were held: %d, finished: %d",
             requests_sent_after_two(&w), w.done_count);
  trace_code("streams+host: curl_easy_pause(#1, CONT)", curl_easy_pause(h1, CURLPAUSE_CONT));
  trace_code("streams+host: curl_easy_pause(#2, CONT)", curl_easy_pause(h2, CURLPAUSE_CONT));
  trace_line("streams+host: all finished: %d", mx_run(&w));
  print_wave(&w, "streams+host");
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  print_accepts("streams+host");
}

/* Ten GETs without PIPEWAIT under a connection limit of one (per host or in all). */
static void one_connection(const char *label, CURLMoption option, const char *name) {
  char title[96];
  snprintf(title, sizeof title, "%s=1, ten GETs without PIPEWAIT", name);
  mx_case(title);
  CURLM *m = multi_with(CURLPIPE_MULTIPLEX);
  multi_limit(m, option, name, 1L);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 10; i++) mx_new(&w, i, wave_path(i), 0L);
  mx_add_all(&w);
  trace_line("%s: all finished: %d", label, mx_run(&w));
  print_wave(&w, label);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  print_accepts(label);
}

/* Six GETs without multiplexing on at most two connections: #1 and #2 open them, the other
   four queue for them. Which of the two each queued transfer gets is timing, so their
   letters are shown as "a or b". */
static void nothing_queue(void) {
  mx_case("PIPELINING=NOTHING and MAX_HOST_CONNECTIONS=2, six GETs");
  CURLM *m = multi_with(CURLPIPE_NOTHING);
  multi_limit(m, CURLMOPT_MAX_HOST_CONNECTIONS, "MAX_HOST_CONNECTIONS", 2L);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 6; i++) mx_new(&w, i, wave_path(i), 0L);
  mx_add_all(&w);
  trace_line("queue: all finished: %d", mx_run(&w));
  long a = mx_server_conn(&w.t[0]), b = mx_server_conn(&w.t[1]);
  for (int i = 0; i < w.n; i++) {
    struct mx_xfer *t = &w.t[i];
    char what[64];
    snprintf(what, sizeof what, "queue #%d", t->id);
    if (t->done) trace_code(what, t->result);
    else trace_line("%s: did not finish", what);
    long version = -1, code = -1, nc = -1;
    curl_easy_getinfo(t->h, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(t->h, CURLINFO_NUM_CONNECTS, &nc);
    long c = mx_server_conn(t);
    if (i < 2)
      trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld conn=%c", what, version,
                 code, nc, mx_conn_letter(c));
    else
      trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld conn=%s", what, version,
                 code, nc, c > 0 && (c == a || c == b) ? "a or b" : "another");
    trace_line("%s: body bytes=%zu fnv=%08x", what, t->x.body_bytes, (unsigned)t->x.body_fnv);
  }
  trace_line("queue: connections used %d", wave_connections(&w));
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  print_accepts("queue");
}

/* Two waves of six PIPEWAIT GETs on one multi handle, the second added once the first is done. */
static void second_wave(void) {
  mx_case("a second wave on the same multi handle");
  CURLM *m = multi_with(CURLPIPE_MULTIPLEX);
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 6; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("first: all finished: %d", mx_run(&w));
  print_wave(&w, "first");
  mx_wave_cleanup(&w);
  for (int i = 7; i <= 12; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("second: all finished: %d", mx_run(&w));
  print_wave(&w, "second");
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  print_accepts("second wave");
}

/* ---- The event API: curl_multi_socket_action over epoll, never curl_multi_perform. ---- */

static int sa_synced;      /* evd.done_ids already copied into the wave */
static unsigned sa_whats;  /* a bit per what-value the socket callback was given */

static int sa_socket_hook(struct evd_state *st, CURL *easy, curl_socket_t s, int what,
                          void *socketp, int ordinal) {
  (void)st;
  (void)easy;
  (void)s;
  (void)socketp;
  (void)ordinal;
  if (what >= 0 && what <= CURL_POLL_REMOVE) sa_whats |= 1u << what;
  return 0;
}

static CURLM *sa_multi(void) {
  CURLM *m = multi_with(CURLPIPE_MULTIPLEX);
  evd_init(m);
  evd.socket_hook = sa_socket_hook;
  sa_synced = 0;
  sa_whats = 0;
  return m;
}

/* Copies the CURLMSG_DONE messages the driver collected into the wave. */
static void sa_sync(struct mx_wave *w) {
  for (; sa_synced < evd.ndone; sa_synced++) {
    for (int i = 0; i < w->n; i++) {
      struct mx_xfer *t = &w->t[i];
      if (t->id != evd.done_ids[sa_synced] || t->done) continue;
      t->done = ++w->done_count;
      t->result = evd.done_results[sa_synced];
    }
  }
}

/* Drives socket_action until nothing runs or until(w) holds, at most 3 s. Returns 1 when the
   goal was met. */
static int sa_run_until(struct mx_wave *w, int (*until)(struct mx_wave *w)) {
  long end = evd_now_ms() + 3000;
  for (int turn = 0; turn < 20000 && evd_now_ms() < end; turn++) {
    evd_step(20);
    sa_sync(w);
    if (until && until(w)) return 1;
    if (!until && evd.running == 0) return 1;
  }
  return 0;
}

static int sa_run(struct mx_wave *w) { return sa_run_until(w, NULL); }

static void sa_print_end(const char *label, struct mx_wave *w, int finished) {
  trace_line("%s: all finished: %d, running_handles=%d, CURLMSG_DONE count=%d", label, finished,
             evd.running, w->done_count);
  trace_mcode("socket_action", evd.last_mcode);
}

/* The sockets the callback named, as distinct descriptors (a socket left without a transfer
   for a moment gets REMOVE and may come back, as often as timing makes it, so registrations
   are not counted), and the what-values it was given. */
static void sa_print_sockets(const char *label) {
  int distinct = 0;
  for (int i = 0; i < evd.nsockets; i++) {
    int seen = 0;
    for (int j = 0; j < i; j++) seen |= evd.sockets[j].fd == evd.sockets[i].fd;
    distinct += !seen;
  }
  trace_line("%s: distinct sockets the callback named: %d; every registration ended with "
             "REMOVE: %s", label, distinct, evd.nsockets && evd_all_removed() ? "yes" : "no");
  trace_line("%s: what-values:%s%s%s%s", label, sa_whats & (1u << CURL_POLL_IN) ? " IN" : "",
             sa_whats & (1u << CURL_POLL_OUT) ? " OUT" : "",
             sa_whats & (1u << CURL_POLL_INOUT) ? " INOUT" : "",
             sa_whats & (1u << CURL_POLL_REMOVE) ? " REMOVE" : "");
}

static void sa_end_case(const char *label, struct mx_wave *w, CURLM *m) {
  mx_wave_cleanup(w);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();
  print_accepts(label);
}

static void sa_wave(void) {
  mx_case("ten PIPEWAIT GETs driven by socket_action");
  CURLM *m = sa_multi();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 10; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  int finished = sa_run(&w);
  sa_print_end("events", &w, finished);
  print_wave(&w, "events");
  sa_print_sockets("events");
  sa_end_case("events", &w, m);
}

/* Every transfer but #1 is done. */
static int sa_others_done(struct mx_wave *w) {
  for (int i = 1; i < w->n; i++)
    if (!w->t[i].done) return 0;
  return 1;
}

static void sa_pause(void) {
  mx_case("a paused transfer beside five others, driven by socket_action");
  CURLM *m = sa_multi();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  CURL *h1 = mx_new_held(&w, 1, "/big.bin", &holds[0]);
  for (int i = 2; i <= 6; i++) mx_new(&w, i, i % 2 ? "/hello.txt" : "/index.html", 1L);
  mx_add_all(&w);
  int others = sa_run_until(&w, sa_others_done);
  trace_line("pause: the five others finished while #1 was paused: %d", others);
  trace_line("pause: #1 paused=%d done=%s body bytes so far=%zu running_handles=%d",
             holds[0].paused, w.t[0].done ? "yes" : "no", w.t[0].x.body_bytes, evd.running);
  trace_code("pause: curl_easy_pause(#1, CONT)", curl_easy_pause(h1, CURLPAUSE_CONT));
  int finished = sa_run(&w);
  sa_print_end("pause", &w, finished);
  trace_line("pause: #1 finished last: %s", w.t[0].done == w.n ? "yes" : "no");
  print_wave(&w, "pause");
  sa_print_sockets("pause");
  sa_end_case("pause", &w, m);
}

/* #1, #2 and #5 are done, #3 and #4 paused. */
static int sa_ready_to_remove(struct mx_wave *w) {
  return w->t[0].done && w->t[1].done && w->t[4].done && holds[0].paused && holds[1].paused;
}

static void sa_remove(void) {
  mx_case("a handle removed mid-transfer while another goes on, driven by socket_action");
  CURLM *m = sa_multi();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  mx_new(&w, 1, "/hello.txt", 1L);
  mx_new(&w, 2, "/index.html", 1L);
  mx_new_held(&w, 3, "/big.bin", &holds[0]);
  CURL *h4 = mx_new_held(&w, 4, "/big.bin", &holds[1]);
  mx_new(&w, 5, "/hello.txt", 1L);
  mx_add_all(&w);
  int ready = sa_run_until(&w, sa_ready_to_remove);
  trace_line("remove: #1, #2 and #5 done, #3 and #4 paused: %d; #3 done=%s, #4 done=%s", ready,
             w.t[2].done ? "yes" : "no", w.t[3].done ? "yes" : "no");
  trace_mcode("remove: curl_multi_remove_handle(#3)", curl_multi_remove_handle(m, w.t[2].h));
  w.t[2].removed = 1;
  trace_code("remove: curl_easy_pause(#4, CONT)", curl_easy_pause(h4, CURLPAUSE_CONT));
  int finished = sa_run(&w);
  sa_print_end("remove", &w, finished);
  print_wave(&w, "remove");
  sa_print_sockets("remove");
  mx_wave_cleanup(&w);
  mx_new(&w, 6, "/index.html", 1L);
  mx_add_all(&w);
  finished = sa_run(&w);
  sa_print_end("after remove", &w, finished);
  print_wave(&w, "after remove");
  sa_end_case("remove", &w, m);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  mx_origin_port = trace_origin_port("NGINX_TLS");
  goaway_port = trace_origin_port("NGINX_TLS_GOAWAY");
  accepts_mark = mx_nginx_accepts(goaway_port);
  pipelining_wave("nothing+pipewait", CURLPIPE_NOTHING, 1L);
  pipelining_wave("nothing", CURLPIPE_NOTHING, 0L);
  pipelining_wave("multiplex", CURLPIPE_MULTIPLEX, 1L);
  streams_free();
  streams_held();
  streams_one_connection();
  one_connection("host", CURLMOPT_MAX_HOST_CONNECTIONS, "MAX_HOST_CONNECTIONS");
  one_connection("total", CURLMOPT_MAX_TOTAL_CONNECTIONS, "MAX_TOTAL_CONNECTIONS");
  nothing_queue();
  second_wave();
  sa_wave();
  sa_pause();
  sa_remove();
  curl_global_cleanup();
  return 0;
}
