/* Scenario: scenario 229's accepted pushes from nghttpd: the push callback takes both
   promised answers (/style.css, /script.js), which complete as transfers #101 and #102 beside
   the page. nghttpd answers the page and both pushes at once, and libcurl 7.88 crashes
   (SIGSEGV) when a pushed answer arrives beside another open stream (224's header comment), so
   this case is judged by its expected trace: both pushes accepted and received, the
   connection reused afterwards (DIFFERENCES.md). The program is 229's, built to run this
   case alone. */
// origin: nghttpd
// oracle: 230_h2_nghttpd_push_accept.expected
#define PUSH_ACCEPT_ONLY 1
#include "229_h2_nghttpd_push.c"
