/* Scenario: the multi handle's limits on HTTP/2 over TLS (ALPN h2), six transfers each, two of
   them slow (delay=250) and added first, so whether the others queue behind them shows in
   the order of CURLMSG_DONE. libcurl 7.88, pinned here:
   - MAX_CONCURRENT_STREAMS=2 with PIPEWAIT: #1 and #2 share the first connection; #3..#6 do
     not queue, each opens a connection of its own (five in all): the new ones are not known
     to speak h2 when the transfers are placed, and PIPEWAIT waits only while no connection
     to the host is known to multiplex. (Where the slow two finish is not shown: the
     others' TLS handshakes may outlast their delay on a loaded machine.)
   - MAX_CONCURRENT_STREAMS=2 with MAX_HOST_CONNECTIONS=1: one connection, at most two streams
     on it; #3..#6 wait until a stream ends, so the slow two finish first.
   - MAX_HOST_CONNECTIONS=1 without PIPEWAIT: the five that cannot open a connection wait,
     then all six run as streams of the one connection (the slow two finish last).
   - MAX_TOTAL_CONNECTIONS=1 without PIPEWAIT: the same.
   - MAX_TOTAL_CONNECTIONS=1 with two host names (localhost, 127.0.0.1) alternating: the three
     to localhost share the first connection; the other three wait until it is idle, then it
     is closed to make room and they share a new one; a later transfer to localhost needs a
     third connection. Which of the waiting three opens the second connection is racy, so
     that case shows NUM_CONNECTS only as a sum. */
// server: --tls server --h2
#include "h2_multi.h"

#define N 6

static long mark;

/* Six GETs: #1 and #2 slow, #3..#6 fast. */
static void six(struct mx_wave *w, const char *name, long pipewait) {
  for (int i = 0; i < N; i++) {
    char path[96];
    if (i < 2)
      snprintf(path, sizeof path, "/%s?size=%d&delay=250", name, 1000 * (i + 1));
    else
      snprintf(path, sizeof path, "/%s?size=%d", name, 1000 * (i + 1));
    mx_new(w, i + 1, path, pipewait);
  }
}

/* show_order: print where the slow two finished (not where the fast ones need connections of
   their own: their TLS handshakes may outlast the delay on a loaded machine). */
static void finish(struct mx_wave *w, CURLM *m, const char *label, int show_order) {
  trace_line("all finished: %d", mx_run(w));
  mx_print(w, label);
  if (show_order) mx_print_slow_pair(w, label);
  mx_wave_cleanup(w);
  curl_multi_cleanup(m);
  mx_print_server_connections(label, MX_TLS, &mark);
}

static void streams_only(void) {
  mx_case("MAX_CONCURRENT_STREAMS=2, six GETs with PIPEWAIT");
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAX_CONCURRENT_STREAMS",
              curl_multi_setopt(m, CURLMOPT_MAX_CONCURRENT_STREAMS, 2L));
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  six(&w, "s", 1L);
  mx_add_all(&w);
  finish(&w, m, "streams", 0);
}

static void streams_one_host_connection(void) {
  mx_case("MAX_CONCURRENT_STREAMS=2 and MAX_HOST_CONNECTIONS=1, six GETs with PIPEWAIT");
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAX_CONCURRENT_STREAMS",
              curl_multi_setopt(m, CURLMOPT_MAX_CONCURRENT_STREAMS, 2L));
  trace_mcode("setopt MAX_HOST_CONNECTIONS", curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 1L));
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  six(&w, "sh", 1L);
  mx_add_all(&w);
  finish(&w, m, "streams+host", 1);
}

static void one_host_connection(void) {
  mx_case("MAX_HOST_CONNECTIONS=1, six GETs without PIPEWAIT");
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAX_HOST_CONNECTIONS", curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 1L));
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  six(&w, "h", 0L);
  mx_add_all(&w);
  finish(&w, m, "host", 1);
}

static void one_connection_in_all(void) {
  mx_case("MAX_TOTAL_CONNECTIONS=1, six GETs without PIPEWAIT");
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAX_TOTAL_CONNECTIONS", curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 1L));
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  six(&w, "t", 0L);
  mx_add_all(&w);
  finish(&w, m, "total", 1);
}

static void one_connection_two_hosts(void) {
  mx_case("MAX_TOTAL_CONNECTIONS=1, six GETs with PIPEWAIT to two host names");
  mx_hide_num_connects = 1;
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAX_TOTAL_CONNECTIONS", curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 1L));
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 0; i < N; i++) {
    char path[64];
    snprintf(path, sizeof path, "/two?size=%d&delay=150", 1000 * (i + 1));
    CURL *h = mx_new(&w, i + 1, path, 1L);
    if (i % 2) curl_easy_setopt(h, CURLOPT_URL, mx_url_on(MX_TLS, "127.0.0.1", path));
  }
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "two hosts");
  int last_localhost = 0, first_other = N + 1;
  for (int i = 0; i < N; i++) {
    if (i % 2 == 0 && w.t[i].done > last_localhost) last_localhost = w.t[i].done;
    if (i % 2 == 1 && w.t[i].done < first_other) first_other = w.t[i].done;
  }
  trace_line("two hosts: localhost's three finished before 127.0.0.1's: %s",
             last_localhost < first_other ? "yes" : "no");
  mx_wave_cleanup(&w);
  mx_hide_num_connects = 0;
  mx_new(&w, 7, "/two-after?size=7", 1L);
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, "localhost again");
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  mx_print_server_connections("two hosts", MX_TLS, &mark);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  mark = mx_server_connections(MX_TLS);
  streams_only();
  streams_one_host_connection();
  one_host_connection();
  one_connection_in_all();
  one_connection_two_hosts();
  curl_global_cleanup();
  return 0;
}
