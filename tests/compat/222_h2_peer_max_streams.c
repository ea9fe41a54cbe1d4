/* Scenario: a server that allows two concurrent streams (SETTINGS_MAX_CONCURRENT_STREAMS=2,
   --h2-max-streams 2), over TLS (ALPN h2). Each case first completes one GET alone, so its
   connection has the server's SETTINGS before the six GETs (#1 and #2 slow, delay=250,
   added first) are placed: libcurl 7.88 places streams before the SETTINGS arrive otherwise,
   and the server then refuses the extra ones (REFUSED_STREAM), which 7.88 retries on fresh
   connections, a race. Pinned:
   - with PIPEWAIT: #1 and #2 go on the warm connection; #3..#6 each open a connection of
     their own (the new ones are not known to speak h2 when the transfers are placed): five
     connections in all;
   - with MAX_HOST_CONNECTIONS=1: the one connection, at most two streams at a time; #3..#6
     wait until a stream ends, so the slow two finish first. */
// server: --tls server --h2 --h2-max-streams 2
#include "h2_multi.h"

#define N 6

static long mark;

static void warm_then_six(const char *label, long max_host) {
  CURLM *m = curl_multi_init();
  if (max_host)
    trace_mcode("setopt MAX_HOST_CONNECTIONS",
                curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, max_host));
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  mx_warm_up(&w, label);
  for (int i = 0; i < N; i++) {
    char path[64];
    if (i < 2)
      snprintf(path, sizeof path, "/six?size=%d&delay=250", 1000 * (i + 1));
    else
      snprintf(path, sizeof path, "/six?size=%d", 1000 * (i + 1));
    mx_new(&w, i + 1, path, 1L);
  }
  mx_add_all(&w);
  trace_line("all finished: %d", mx_run(&w));
  mx_print(&w, label);
  /* Without a host limit #3..#6 wait for TLS handshakes of their own, which may outlast the
     delay on a loaded machine: where the slow two finish is shown only with the limit. */
  if (max_host) mx_print_slow_pair(&w, label);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  mx_print_server_connections(label, MX_TLS, &mark);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  mark = mx_server_connections(MX_TLS);
  mx_case("server allows 2 streams: a warm-up GET, then six with PIPEWAIT");
  warm_then_six("peer limit", 0);
  mx_case("server allows 2 streams, MAX_HOST_CONNECTIONS=1: a warm-up GET, then six");
  warm_then_six("peer limit+host", 1);
  curl_global_cleanup();
  return 0;
}
