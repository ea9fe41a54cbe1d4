/* Scenario: curl_easy_duphandle with a MIME post (curl test 654). The duplicate owns a deep
 * copy of the mime; curl_mime_free of the original unbinds it from the original handle,
 * which then posts nothing. A callback part's free callback runs once per copy. HTTPHEADER
 * is not copied: both handles use the application's list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mime_util.h"
#include "trace.h"

struct reader {
  const char *data;
  size_t left;
  int frees;
};

static size_t read_one(char *ptr, size_t size, size_t nmemb, void *userp) {
  struct reader *r = userp;
  if (size * nmemb < 1 || r->left == 0) return 0;
  *ptr = *r->data++;
  r->left--;
  return 1;
}

static void free_reader(void *userp) { ((struct reader *)userp)->frees++; }

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char dir[] = "/tmp/xfer-compat-100-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[64];
  snprintf(path, sizeof path, "%s/file100.txt", dir);
  FILE *fp = fopen(path, "wb");
  if (!fp || fwrite("This is data from a file\n", 1, 25, fp) != 25) return 1;
  fclose(fp);

  struct reader rd = {"dummy\n", 6, 0};
  struct trace_xfer x, y;
  CURL *h = trace_easy_new(&x, 1, "/654?echo=1");
  x.keep_body = 1;
  struct curl_slist *hdrs = curl_slist_append(NULL, "X-Dup: 1");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);

  curl_mime *mime = curl_mime_init(h);
  curl_mimepart *part = curl_mime_addpart(mime);
  curl_mime_data(part, "hello", CURL_ZERO_TERMINATED);
  curl_mime_name(part, "greeting");
  curl_mime_type(part, "application/X-Greeting");
  curl_mime_encoder(part, "base64");
  curl_mime_headers(part, curl_slist_append(NULL, "X-Test-Number: 654"), 1);
  part = curl_mime_addpart(mime);
  curl_mime_filedata(part, path);
  part = curl_mime_addpart(mime);
  curl_mime_data_cb(part, 6, read_one, NULL, free_reader, &rd);
  curl_mimepart *nest = curl_mime_addpart(mime);
  curl_mime_name(nest, "nested");
  curl_mime *sub = curl_mime_init(h);
  part = curl_mime_addpart(sub);
  curl_mime_filename(part, "inner.txt");
  curl_mime_data(part, "inner", CURL_ZERO_TERMINATED);
  curl_mime_subparts(nest, sub);
  trace_code("setopt MIMEPOST", curl_easy_setopt(h, CURLOPT_MIMEPOST, mime));

  CURL *d = curl_easy_duphandle(h);
  trace_line("duphandle: %s", d ? "ok" : "NULL");
  /* The list is shared, not copied: what the app appends now reaches the duplicate too. */
  curl_slist_append(hdrs, "X-Late: 1");
  curl_mime_free(mime);
  trace_line("frees after curl_mime_free: %d", rd.frees);

  trace_result("orig", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("orig", &x);

  trace_xfer_init(&y, 2);
  y.keep_body = 1;
  curl_easy_setopt(d, CURLOPT_WRITEDATA, &y);
  curl_easy_setopt(d, CURLOPT_HEADERDATA, &y);
  trace_result("dup", curl_easy_perform(d), &y);
  mime_mask_boundaries(&y);
  trace_xfer_print_body_text("dup", &y);
  curl_easy_cleanup(d);
  trace_line("frees after duplicate cleanup: %d", rd.frees);

  /* A mime set on a handle that is cleaned up first is freed afterwards without harm. */
  curl_mime *late = curl_mime_init(h);
  curl_mime_data(curl_mime_addpart(late), "x", CURL_ZERO_TERMINATED);
  trace_code("setopt MIMEPOST again", curl_easy_setopt(h, CURLOPT_MIMEPOST, late));
  curl_easy_cleanup(h);
  curl_mime_free(late);
  trace_line("mime freed after its handle");

  trace_xfer_free(&x);
  trace_xfer_free(&y);
  curl_slist_free_all(hdrs);
  unlink(path);
  rmdir(dir);
  curl_global_cleanup();
  return 0;
}
