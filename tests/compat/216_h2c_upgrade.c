/* Scenario: CURL_HTTP_VERSION_2_0 on http:// asks to switch with "Upgrade: h2c" and
   HTTP2-Settings. Against a server that does not switch (this server without --h2 answers in
   HTTP/1.1) the request keeps the upgrade lines: their place among the application's lines,
   cookies, a POST body's lines, a HEAD; HTTP_VERSION stays 1.1 and the connection is reused
   by the next request, which offers the upgrade again. HTTP_VERSION 2TLS on http:// asks for
   nothing (libcurl upgrades only for 2_0). */
#include "h2c_upgrade_body.h"
