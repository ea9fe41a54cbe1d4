/* Scenario: HTTP/2 server push when the URL names its port (https://localhost:PORT/), the
   promise's :authority being "localhost:PORT" as the request's. libcurl 7.88 resets both
   pushes without asking the push callback (it hands the authority, port included, to
   curl_url_set as a host name, which refuses it); the pushes are the server's to make and
   the callback's to judge, so this case is judged by its expected trace: both accepted and
   received like scenario 224's "accept" case (DIFFERENCES.md). The program is 224's, built
   to run this case alone. */
// server: --tls server --h2
// oracle: 227_h2_push_port.expected
#define PUSH_WITH_PORT_ONLY 1
#include "224_h2_server_push.c"
