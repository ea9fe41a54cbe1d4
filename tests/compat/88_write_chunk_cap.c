/* Scenario: the write callback never gets more than CURLOPT_BUFFERSIZE (default CURL_MAX_WRITE_SIZE) bytes at once, however much one read brings. */
#include "trace.h"

struct chunks {
  size_t total;
  size_t largest;
};

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct chunks *c = userdata;
  size_t n = size * nmemb;
  (void)ptr;
  c->total += n;
  if (n > c->largest)
    c->largest = n;
  return n;
}

static void one(const char *label, long buffer_size, long cap) {
  struct trace_xfer x;
  struct chunks c = {0, 0};
  CURL *h = trace_easy_new(&x, 1, "/big?size=3000000");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
  if (buffer_size > 0)
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, buffer_size);
  trace_result(label, curl_easy_perform(h), &x);
  /* Chunk sizes depend on timing; only the cap and the total are the same in every run. */
  trace_line("%s: total=%zu largest within cap=%s", label, c.total,
             c.largest > 0 && c.largest <= (size_t)cap ? "yes" : "no");
  trace_xfer_free(&x);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  one("default", 0, CURL_MAX_WRITE_SIZE);
  one("1 KiB", 1024, 1024);
  one("500 KB", 512000, 512000);
  curl_global_cleanup();
  return 0;
}
