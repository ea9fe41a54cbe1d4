/* Scenario: HTTP/2 multiplexing on the multi interface over cleartext prior knowledge (h2c):
   the cases of 219 (h2_multiplex_cases.h), whose trace never names the scheme. libcurl 7.88
   fails every transfer that joins an existing h2c connection, whether as a second stream
   or on reuse, with 16 (it stacks a second HTTP/2 layer onto the connection, curl #10634,
   fixed in 8.0; docs/DIFFERENCES.md), so 221_h2c_multiplex.expected is the judge: libcurl's
   own trace of the same cases over TLS (219), where the connection handling is the same
   code. */
// server: --h2
// oracle: 221_h2c_multiplex.expected
#include "h2_multiplex_cases.h"

int main(int argc, char **argv) { return mx_cases_main(argc, argv, MX_H2C); }
