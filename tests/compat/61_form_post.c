/* Scenario: CURLOPT_HTTPPOST built with curl_formadd (contents, buffer, files, array); echoed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mime_util.h"
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* A fixed file name inside a fresh directory: the name shows in the request. */
  char dir[] = "/tmp/xfer-compat-61-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[64];
  snprintf(path, sizeof path, "%s/notes.txt", dir);
  FILE *fp = fopen(path, "wb");
  if (!fp || fwrite("file text\n", 1, 10, fp) != 10) return 1;
  fclose(fp);

  struct curl_httppost *first = NULL, *last = NULL;
  trace_line("add plain %d", (int)curl_formadd(&first, &last, CURLFORM_COPYNAME, "plain", CURLFORM_COPYCONTENTS,
                                               "value", CURLFORM_END));
  trace_line("add binary %d", (int)curl_formadd(&first, &last, CURLFORM_PTRNAME, "bin", CURLFORM_PTRCONTENTS,
                                                "a\0b", CURLFORM_CONTENTSLENGTH, 3L, CURLFORM_END));
  trace_line("add buffer %d", (int)curl_formadd(&first, &last, CURLFORM_COPYNAME, "buf", CURLFORM_BUFFER, "x.pdf",
                                                CURLFORM_BUFFERPTR, "pdfbytes", CURLFORM_BUFFERLENGTH, 8L,
                                                CURLFORM_END));
  trace_line("add file %d", (int)curl_formadd(&first, &last, CURLFORM_COPYNAME, "file", CURLFORM_FILE, path,
                                              CURLFORM_END));
  trace_line("add files %d", (int)curl_formadd(&first, &last, CURLFORM_COPYNAME, "files", CURLFORM_FILE, path,
                                               CURLFORM_FILE, path, CURLFORM_CONTENTTYPE, "app/x", CURLFORM_END));
  trace_line("add filecontent %d", (int)curl_formadd(&first, &last, CURLFORM_COPYNAME, "fc", CURLFORM_FILECONTENT,
                                                     path, CURLFORM_END));
  struct curl_forms arr[] = {{CURLFORM_COPYNAME, "arr"}, {CURLFORM_COPYCONTENTS, "from array"}, {CURLFORM_END, NULL}};
  trace_line("add array %d", (int)curl_formadd(&first, &last, CURLFORM_ARRAY, arr, CURLFORM_END));

  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/form?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HTTPPOST, first);
  trace_result("form", curl_easy_perform(h), &x);
  mime_mask_boundaries(&x);
  trace_xfer_print_body_text("form", &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  trace_xfer_free(&x);

  /* A form naming a file that is gone fails before any byte is sent. */
  struct curl_httppost *bad = NULL, *bad_last = NULL;
  curl_formadd(&bad, &bad_last, CURLFORM_COPYNAME, "gone", CURLFORM_FILE, "/nonexistent/xfer-61", CURLFORM_END);
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_HTTPPOST, bad);
  trace_code("missing file", curl_easy_perform(h));
  trace_xfer_free(&x);

  curl_easy_cleanup(h);
  curl_formfree(first);
  curl_formfree(bad);
  unlink(path);
  rmdir(dir);
  curl_global_cleanup();
  return 0;
}
