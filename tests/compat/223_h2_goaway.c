/* Scenario: a server that says GOAWAY(NO_ERROR) on an HTTP/2 connection (TLS, ALPN h2) while
   streams are open. Each case runs on a multi handle of its own and warms its connection
   up with one GET alone first (mx_warm_up), so the wave's transfers all go out in one pass
   before the GOAWAY can come back. Every transfer shows its result, status, body,
   NUM_CONNECTS and connection letter; each case ends with the connections the server
   accepted. Cases:
   - h2goawaynow=1 on the second stream of four: GOAWAY with last-stream-id = that stream as
     soon as its request is in. The first (delayed) and the second are answered on a; the
     two above it are never answered, and 7.88 retries each on a connection of its own (b
     and c): a, still busy with the first, already told the host multiplexes, so PIPEWAIT
     does not wait for b. No wave follows: which of b and c a later transfer takes depends
     on which retry went first.
   - h2goawaynow=1 (answered after 300 ms) on the first stream of two: the one above it is
     retried on b. A second wave then goes to b: a is not used again. (Were a gone before
     the retries, the second of two retried transfers would wait for b instead, with
     PIPEWAIT: whether it is gone is a race, hence one retried transfer here, and the
     slow answers that keep a busy.)
   - h2goaway=1 (GOAWAY once the answer is out) on a lone GET, then two more GETs: they
     need a new connection. */
// server: --tls server --h2
#include "h2_multi.h"

static long mark;

static void end_case(const char *label, struct mx_wave *w, CURLM *m) {
  mx_wave_cleanup(w);
  curl_multi_cleanup(m);
  mx_print_server_connections(label, MX_TLS, &mark);
}

/* Adds the wave's transfers (ids FIRST_ID, FIRST_ID+1, ... with the given paths) at once and
   runs them to the end. */
static void run_wave(struct mx_wave *w, const char *label, int first_id, const char *const *paths, int n) {
  for (int i = 0; i < n; i++) mx_new(w, first_id + i, paths[i], 1L);
  mx_add_all(w);
  trace_line("%s: all finished: %d", label, mx_run(w));
  mx_print(w, label);
}

/* Two GETs on the same multi once the GOAWAY'd wave is over: which connection they take. */
static void wave_after(struct mx_wave *w, const char *label, int first_id) {
  static const char *const after[] = {"/after?size=11", "/after?size=12"};
  mx_wave_cleanup(w);
  run_wave(w, label, first_id, after, 2);
}

static void case_goaway_now(const char *title, const char *label, const char *const *paths, int n,
                            int then_more) {
  mx_case(title);
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  mx_warm_up(&w, label);
  run_wave(&w, label, 1, paths, n);
  if (then_more) {
    char what[64];
    snprintf(what, sizeof what, "%s, after", label);
    wave_after(&w, what, 11);
  }
  end_case(label, &w, m);
}

static void case_goaway_after_answer(void) {
  static const char *const lone[] = {"/g?h2goaway=1&size=100"};
  mx_case("h2goaway=1 on a lone GET, then two more GETs");
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  run_wave(&w, "goaway after answer", 1, lone, 1);
  wave_after(&w, "goaway after answer, after", 11);
  end_case("goaway after answer", &w, m);
}

int main(int argc, char **argv) {
  static const char *const middle[] = {"/g?delay=300&size=1000", "/g?h2goawaynow=1&size=2000",
                                       "/g?delay=300&size=3000", "/g?delay=300&size=4000"};
  static const char *const first[] = {"/g?h2goawaynow=1&delay=300&size=1000", "/g?delay=300&size=2000"};
  tls_begin(argc, argv);
  mark = mx_server_connections(MX_TLS);
  case_goaway_now("h2goawaynow=1 on the second of four streams", "goaway middle", middle, 4, 0);
  case_goaway_now("h2goawaynow=1 on the first of two streams", "goaway first", first, 2, 1);
  case_goaway_after_answer();
  curl_global_cleanup();
  return 0;
}
