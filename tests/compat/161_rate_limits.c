/* Scenario: CURLOPT_MAX_RECV_SPEED_LARGE and CURLOPT_MAX_SEND_SPEED_LARGE. Argument checks;
   a 120 kB download at 100 kB/s and a 120 kB upload at 100 kB/s each take about a second
   (printed as coarse buckets only, as timing is noisy); 0 lifts the limit; the bodies arrive
   whole and unchanged. */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "trace.h"

static double now_s(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Whether a transfer of `bytes` at `limit` was paced: at least 40% of bytes/limit (libcurl
   7.88 reads up to 100 buffers in a row after each pause, so with a body this small its
   time is either about bytes/limit or about half of it) and no more than three times that
   plus a second. An unlimited transfer takes a few milliseconds. */
static const char *bucket(double took, double bytes, double limit) {
  double ideal = bytes / limit;
  if (took < ideal * 0.4) return "too fast";
  if (took > ideal * 3 + 1) return "too slow";
  return "paced";
}

struct upload {
  char *data;
  size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *p) {
  struct upload *u = p;
  size_t room = size * n, left = u->len - u->off;
  size_t take = left < room ? left : room;
  memcpy(buf, u->data + u->off, take);
  u->off += take;
  return take;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  CURL *h = curl_easy_init();
  trace_code("recv -1", curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)-1));
  trace_code("send -1", curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)-1));
  trace_code("recv 0", curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)0));
  trace_code("send 0", curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)0));
  curl_easy_cleanup(h);

  struct trace_xfer x;
  h = trace_easy_new(&x, 1, "/d?size=120000");
  curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)100000);
  /* libcurl reads up to 100 buffers in a row while the socket has data: with 1 KiB buffers
     a burst stays under the limit's second. */
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 1024L);
  double t0 = now_s();
  trace_result("download limited", curl_easy_perform(h), &x);
  trace_line("download limited: %s", bucket(now_s() - t0, 120000, 100000));
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)0);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  t0 = now_s();
  trace_result("download unlimited", curl_easy_perform(h), &x);
  trace_line("download unlimited under a second: %s", now_s() - t0 < 1.0 ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  struct upload u = {malloc(120000), 120000, 0};
  for (size_t i = 0; i < u.len; i++) u.data[i] = (char)('a' + i % 26);
  h = trace_easy_new(&x, 3, "/u?echo=0");
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u.len);
  curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)100000);
  t0 = now_s();
  trace_result("upload limited", curl_easy_perform(h), &x);
  trace_line("upload limited: %s", bucket(now_s() - t0, 120000, 100000));
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* A POSTFIELDS body is paced too. */
  h = trace_easy_new(&x, 4, "/p");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, u.data);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)u.len);
  curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)100000);
  t0 = now_s();
  trace_result("post limited", curl_easy_perform(h), &x);
  trace_line("post limited: %s", bucket(now_s() - t0, 120000, 100000));
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  free(u.data);

  curl_global_cleanup();
  return 0;
}
