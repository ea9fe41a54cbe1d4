/* Scenario: CURLOPT_LOCALPORT, CURLOPT_LOCALPORTRANGE and CURLOPT_INTERFACE: binding the
 * local end before connect, the codes of a failed bind, and which connections a transfer
 * asking for a binding may reuse. Prints whether ports are in range, never their numbers. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "trace.h"

/* A listening socket on 0.0.0.0:port keeps that port from being bound again. */
static int hold_port(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons((unsigned short)port);
  if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0 || listen(fd, 1) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* The first of 20 consecutive ports that can all be bound now. Taken below the kernel's
 * ephemeral range (32768 and up), where no other socket is handed a neighbour meanwhile. */
static int free_port_block(void) {
  for (int start = 20000 + (getpid() % 500) * 20, tries = 0; tries < 500; tries++, start += 20) {
    if (start + 20 > 32000) start = 20000;
    int ok = 1;
    for (int p = start; p < start + 20 && ok; p++) {
      int fd = hold_port(p);
      ok = fd >= 0;
      if (fd >= 0) close(fd);
    }
    if (ok) return start;
  }
  return trace_free_port();
}

static long local_port(CURL *h) {
  long p = -1;
  curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &p);
  return p;
}

static void run(CURL *h, struct trace_xfer *x, const char *label) {
  trace_result(label, curl_easy_perform(h), x);
  INFO_LONG(h, NUM_CONNECTS);
}

static void interface_case(const char *label, const char *dev, const char *url) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 0, "/if?size=1");
  if (url) curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_INTERFACE, dev);
  trace_code(label, curl_easy_perform(h));
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;

  /* Option values libcurl refuses. */
  {
    CURL *h = curl_easy_init();
    trace_code("LOCALPORT -1", curl_easy_setopt(h, CURLOPT_LOCALPORT, -1L));
    trace_code("LOCALPORT 65536", curl_easy_setopt(h, CURLOPT_LOCALPORT, 65536L));
    trace_code("LOCALPORT 65535", curl_easy_setopt(h, CURLOPT_LOCALPORT, 65535L));
    trace_code("LOCALPORTRANGE -1", curl_easy_setopt(h, CURLOPT_LOCALPORTRANGE, -1L));
    trace_code("LOCALPORTRANGE 65536", curl_easy_setopt(h, CURLOPT_LOCALPORTRANGE, 65536L));
    trace_code("LOCALPORTRANGE 10", curl_easy_setopt(h, CURLOPT_LOCALPORTRANGE, 10L));
    trace_code("INTERFACE lo", curl_easy_setopt(h, CURLOPT_INTERFACE, "lo"));
    trace_code("INTERFACE NULL", curl_easy_setopt(h, CURLOPT_INTERFACE, NULL));
    curl_easy_cleanup(h);
  }

  /* A free port, bound exactly. */
  int base = free_port_block();
  {
    CURL *h = trace_easy_new(&x, 1, "/a?size=5");
    curl_easy_setopt(h, CURLOPT_LOCALPORT, (long)base);
    run(h, &x, "local port");
    trace_line("local port is the requested one: %s", local_port(h) == base ? "yes" : "no");
    /* The same binding again: the connection is reused. */
    run(h, &x, "same binding");
    /* No binding asked for: a bound connection serves too. */
    curl_easy_setopt(h, CURLOPT_LOCALPORT, 0L);
    run(h, &x, "no binding");
    /* Another port: not that connection. */
    curl_easy_setopt(h, CURLOPT_LOCALPORT, (long)base + 1);
    run(h, &x, "other port");
    trace_line("local port is the second one: %s", local_port(h) == base + 1 ? "yes" : "no");
    /* The same port with a range: not the same binding either. */
    curl_easy_setopt(h, CURLOPT_LOCALPORTRANGE, 3L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    run(h, &x, "with a range");
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  /* The first port is taken: the range is walked. */
  {
    int held = hold_port(base + 10);
    CURL *h = trace_easy_new(&x, 2, "/b?size=1");
    curl_easy_setopt(h, CURLOPT_LOCALPORT, (long)base + 10);
    curl_easy_setopt(h, CURLOPT_LOCALPORTRANGE, 5L);
    run(h, &x, "range walk");
    long p = local_port(h);
    trace_line("held port skipped: %s, within range: %s", held < 0 ? "no hold" : (p != base + 10 ? "yes" : "no"),
               p > base + 10 && p < base + 15 ? "yes" : "no");
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
    /* No other port to try. */
    h = trace_easy_new(&x, 3, "/c");
    curl_easy_setopt(h, CURLOPT_LOCALPORT, (long)base + 10);
    curl_easy_setopt(h, CURLOPT_LOCALPORTRANGE, 1L);
    run(h, &x, "held port");
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
    if (held >= 0) close(held);
  }

  /* Interfaces, addresses and names. */
  interface_case("interface lo", "lo", NULL);
  interface_case("interface if!lo", "if!lo", NULL);
  interface_case("interface if!no-such-if0", "if!no-such-if0", NULL);
  interface_case("interface 127.0.0.1", "127.0.0.1", NULL);
  interface_case("interface host!127.0.0.1", "host!127.0.0.1", NULL);
  interface_case("interface host!localhost", "host!localhost", NULL);
  interface_case("interface host!::1 to IPv4", "host!::1", NULL);
  interface_case("interface 192.0.2.1", "192.0.2.1", NULL);
  interface_case("interface host!no-such-host.invalid", "host!no-such-host.invalid", NULL);

  /* An interface binding with reuse: the same name reuses, another name does not. */
  {
    CURL *h = trace_easy_new(&x, 4, "/d?size=2");
    curl_easy_setopt(h, CURLOPT_INTERFACE, "host!127.0.0.1");
    run(h, &x, "bound by name");
    INFO_STR(h, LOCAL_IP);
    run(h, &x, "bound by name again");
    curl_easy_setopt(h, CURLOPT_INTERFACE, "127.0.0.1");
    run(h, &x, "bound by another name");
    curl_easy_setopt(h, CURLOPT_INTERFACE, NULL);
    run(h, &x, "unbound");
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  /* duphandle carries the binding, reset drops it. */
  {
    CURL *h = trace_easy_new(&x, 5, "/e");
    curl_easy_setopt(h, CURLOPT_INTERFACE, "if!no-such-if0");
    CURL *d = curl_easy_duphandle(h);
    trace_code("dup keeps the interface", curl_easy_perform(d));
    curl_easy_cleanup(d);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, trace_url("/e"));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, trace_write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    trace_code("reset drops it", curl_easy_perform(h));
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
