/* Helpers for the HTTP/2 scenarios (21N_h2*): the server's echo of a request, its port masked. */
#ifndef XFER_TESTS_COMPAT_H2_SCENARIO_H
#define XFER_TESTS_COMPAT_H2_SCENARIO_H

#include <string.h>

#include "trace.h"

/* Prints an echo=1 body line by line ("server got ..."), with the port of any
   127.0.0.1:PORT or localhost:PORT authority masked (it differs between runs). Consumes the
   body (strtok). */
static void h2_print_echo(const char *label, struct trace_xfer *x) {
  if (!x->body) return;
  char *save = NULL;
  for (char *line = strtok_r(x->body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[n - 1] = '\0';
    char *at = strstr(line, "127.0.0.1:");
    if (!at) at = strstr(line, "localhost:");
    if (at) strcpy(strchr(at, ':'), ":PORT");
    trace_line("%s: server got %s", label, line);
  }
}

#endif
