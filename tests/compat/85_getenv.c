/* Scenario: curl_getenv copies a set variable and returns NULL for unset and empty ones. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "trace.h"

#include <stdlib.h>
#include <string.h>

static void show(const char *name) {
  char *v = curl_getenv(name);
  trace_line("%s -> %s%s%s", name, v ? "[" : "NULL", v ? v : "", v ? "]" : "");
  curl_free(v);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  setenv("XFER_GETENV_SET", "some value", 1);
  setenv("XFER_GETENV_EMPTY", "", 1);
  unsetenv("XFER_GETENV_UNSET");
  show("XFER_GETENV_SET");
  show("XFER_GETENV_EMPTY");
  show("XFER_GETENV_UNSET");
  /* The copy belongs to the caller: changing it leaves the environment alone. */
  char *v = curl_getenv("XFER_GETENV_SET");
  if (v) v[0] = 'S';
  curl_free(v);
  show("XFER_GETENV_SET");
  curl_global_cleanup();
  return 0;
}
