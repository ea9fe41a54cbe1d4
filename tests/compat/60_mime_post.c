/* Scenario: CURLOPT_MIMEPOST with data, file, encoded, custom-header and nested parts; echoed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mime_util.h"
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* A fixed file name inside a fresh directory: the name shows in the request. */
  char dir[] = "/tmp/xfer-compat-60-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[64];
  snprintf(path, sizeof path, "%s/upload.html", dir);
  FILE *fp = fopen(path, "wb");
  if (!fp || fwrite("<p>file body</p>\n", 1, 17, fp) != 17) return 1;
  fclose(fp);

  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/mime?echo=1");
  x.keep_body = 1;
  curl_mime *m = curl_mime_init(h);
  curl_mimepart *p = curl_mime_addpart(m);
  curl_mime_name(p, "field");
  curl_mime_data(p, "value", CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "quote\"d");
  curl_mime_filename(p, "notes.txt");
  curl_mime_data(p, "text\r\nlines", CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "b64");
  curl_mime_encoder(p, "base64");
  curl_mime_data(p, "0123456789012345678901234567890123456789012345678901234567890123456789", CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "upload");
  curl_mime_filedata(p, path);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "hdr");
  curl_mime_headers(p, curl_slist_append(curl_slist_append(NULL, "X-Part: 1"), "Content-Type: app/custom"), 1);
  curl_mime_data(p, "\x00\x01\x02", 3);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "nested");
  curl_mime *sub = curl_mime_init(h);
  curl_mime_data(curl_mime_addpart(sub), "inner one", CURL_ZERO_TERMINATED);
  curl_mimepart *q = curl_mime_addpart(sub);
  curl_mime_filename(q, "pic.png");
  curl_mime_data(q, "PNG", 3);
  curl_mime_subparts(p, sub);
  curl_mime_addpart(m); /* an empty part */
  curl_easy_setopt(h, CURLOPT_MIMEPOST, m);
  trace_result("mime", curl_easy_perform(h), &x);
  mime_mask_boundaries(&x);
  trace_xfer_print_body_text("mime", &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  trace_xfer_free(&x);

  /* A Content-Type request header changes the top-level type; the boundary is kept. */
  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  curl_mime *m2 = curl_mime_init(h);
  curl_mime_data(curl_mime_addpart(m2), "related", CURL_ZERO_TERMINATED);
  struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: multipart/related");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_MIMEPOST, m2);
  trace_result("related", curl_easy_perform(h), &x);
  mime_mask_boundaries(&x);
  trace_xfer_print_body_text("related", &x);
  trace_xfer_free(&x);

  curl_easy_cleanup(h);
  curl_mime_free(m);
  curl_mime_free(m2);
  curl_slist_free_all(hdrs);
  unlink(path);
  rmdir(dir);
  curl_global_cleanup();
  return 0;
}
