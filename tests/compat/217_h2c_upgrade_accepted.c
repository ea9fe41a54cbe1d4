/* Scenario: CURL_HTTP_VERSION_2_0 on http:// to a server that switches (--h2): "101
   Switching Protocols" (what the header callback sees of it), then the answer to the same
   request as HTTP/2 stream 1 (the server echoes the HTTP/1.1 request it upgraded); the
   connection speaks h2 from then on, so the next requests go as h2 streams without asking
   again: the application's lines, cookies, POST, HEAD. HTTP_VERSION and NUM_CONNECTS. */
// server: --h2
#include "h2c_upgrade_body.h"
