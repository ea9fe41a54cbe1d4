/* Scenario: HTTP/2 multiplexing on the multi interface over TLS (ALPN h2), six transfers to
   one host per case, each case on a multi handle of its own; the cases are in
   h2_multiplex_cases.h, shared with 221 (the same over h2c prior knowledge). Each transfer
   shows its result, HTTP_VERSION, status, body, NUM_CONNECTS and which server connection
   served it (a, b, ...); each case the connections the server accepted. libcurl 7.88:
   - PIPEWAIT, added at once: one connection, all six streams on it.
   - without PIPEWAIT, added at once: six connections (none is known to speak h2 when the
     others start); a second wave afterwards puts all six on the first of the six idle
     connections, as streams, and opens none.
   - CURLMOPT_PIPELINING=CURLPIPE_NOTHING (PIPEWAIT set): six connections, each still h2; a
     second wave reuses them one transfer each.
   - a slow response (delay=300) beside five fast ones: one connection, the slow one's
     CURLMSG_DONE comes last.
   - uploads (100 kB from memory, 60 kB from a read callback, a small form) beside three
     GETs: one connection, every body arrives whole.
   - one stream reset by the server (CANCEL): 92 for it alone, the other five complete, and a
     later transfer reuses the connection (the server counts its 7th request there).
   - one stream refused (REFUSED_STREAM), added once five others are under way: retried on a
     fresh connection five times (NUM_CONNECTS=5), then 56; the five complete on the first.
   - a hanging transfer removed (curl_multi_remove_handle) while three others wait for
     delayed answers: they complete on the same connection, which a later transfer reuses. */
// server: --tls server --h2
#include "h2_multiplex_cases.h"

int main(int argc, char **argv) { return mx_cases_main(argc, argv, MX_TLS); }
