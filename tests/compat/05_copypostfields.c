/* Scenario: COPYPOSTFIELDS copies at setopt time, so overwriting the buffer afterwards is harmless. */
#include <string.h>

#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char buf[64];
  strcpy(buf, "copied=yes&nul=");
  size_t len = strlen(buf);
  buf[len] = '\0'; /* a NUL inside the counted size must be sent too */
  buf[len + 1] = 'X';
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/copy?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(len + 2));
  trace_code("setopt COPYPOSTFIELDS", curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, buf));
  memset(buf, '#', sizeof buf);
  trace_result("copy", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("copy", &x);
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
