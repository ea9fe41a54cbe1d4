/* Scenario: CURLOPT_IOCTLFUNCTION / IOCTLDATA (deprecated). An upload that a 307 or 308
   redirect makes libcurl send again is rewound through the ioctl callback when no
   SEEKFUNCTION is set: it gets the easy handle, CURLIOCMD_RESTARTREAD and IOCTLDATA; any
   answer but CURLIOE_OK fails with CURLE_SEND_FAIL_REWIND. A SEEKFUNCTION is asked instead
   when both are set (its failure fails the transfer, the ioctl callback is not tried), and
   the ioctl callback replaces the fseek of the default read function's FILE* (one that does
   not seek resends an empty body). No rewind, no call. The calls and echoed bodies are
   printed. */
#include <stdio.h>
#include <string.h>

#include "trace.h"

static const char text[] = "The quick brown fox jumps over the lazy dog";

struct source {
  size_t off;
  int ioctl_calls;
  int seek_calls;
  int last_cmd;
  int handle_ok;
  int clientp_ok;
  curlioerr ioctl_answer;
  int seek_answer;
  CURL *h;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  size_t n = sizeof text - 1 - s->off;
  if (n > size * nmemb) n = size * nmemb;
  if (n > 20) n = 20;
  memcpy(buf, text + s->off, n);
  s->off += n;
  return n;
}

static curlioerr ioctl_cb(CURL *handle, int cmd, void *clientp) {
  struct source *s = clientp;
  s->ioctl_calls++;
  s->last_cmd = cmd;
  s->handle_ok = handle == s->h;
  s->clientp_ok = 1;
  if (s->ioctl_answer == CURLIOE_OK) s->off = 0;
  return s->ioctl_answer;
}

static int seek_cb(void *userp, curl_off_t offset, int origin) {
  struct source *s = userp;
  s->seek_calls++;
  if (s->seek_answer == CURL_SEEKFUNC_OK && origin == SEEK_SET) s->off = (size_t)offset;
  return s->seek_answer;
}

/* method 'U' PUT (size -1: chunked), 'P' POST through the read callback. */
static void run(const char *label, char method, long long size, const char *pq, curlioerr answer, int with_seek,
                int seek_answer) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  x.keep_body = 1;
  struct source s = {0, 0, 0, -1, 0, 0, answer, seek_answer, h};
  if (method == 'U') {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  }
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &s);
  curl_easy_setopt(h, CURLOPT_IOCTLFUNCTION, ioctl_cb);
  curl_easy_setopt(h, CURLOPT_IOCTLDATA, &s);
  if (with_seek) {
    curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
    curl_easy_setopt(h, CURLOPT_SEEKDATA, &s);
  }
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  trace_line("%s: ioctl calls %d cmd %d handle %s clientp %s; seek calls %d", label, s.ioctl_calls, s.last_cmd,
             s.handle_ok ? "ok" : "-", s.clientp_ok ? "ok" : "-", s.seek_calls);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static int file_ioctl_calls;

static curlioerr file_ioctl(CURL *handle, int cmd, void *clientp) {
  (void)handle;
  file_ioctl_calls++;
  if (cmd == CURLIOCMD_RESTARTREAD && clientp) fseek((FILE *)clientp, 0, SEEK_SET);
  return CURLIOE_OK;
}

/* The default read function on a FILE*: the ioctl callback, not fseek, rewinds it. */
static void run_file(const char *label, int seeks) {
  FILE *f = tmpfile();
  fputs(text, f);
  rewind(f);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/r?status=307&location=/t%3Fecho%3D1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READDATA, f);
  curl_easy_setopt(h, CURLOPT_IOCTLFUNCTION, file_ioctl);
  curl_easy_setopt(h, CURLOPT_IOCTLDATA, seeks ? f : NULL);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  file_ioctl_calls = 0;
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  trace_line("%s: ioctl calls %d", label, file_ioctl_calls);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  fclose(f);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const long long n = (long long)(sizeof text - 1);
  const char *to_echo307 = "/r?status=307&location=/t%3Fecho%3D1";
  const char *to_echo308 = "/r?status=308&location=/t%3Fecho%3D1";

  run("put 307", 'U', n, to_echo307, CURLIOE_OK, 0, 0);
  run("put chunked 307", 'U', -1, to_echo307, CURLIOE_OK, 0, 0);
  run("post 308", 'P', n, to_echo308, CURLIOE_OK, 0, 0);
  run("post 302 (becomes GET)", 'P', n, "/r?status=302&location=/t%3Fecho%3D1", CURLIOE_OK, 0, 0);
  run("no redirect", 'U', n, "/t?echo=1", CURLIOE_OK, 0, 0);
  run("ioctl FAILRESTART", 'U', n, to_echo307, CURLIOE_FAILRESTART, 0, 0);
  run("ioctl UNKNOWNCMD", 'U', n, to_echo307, CURLIOE_UNKNOWNCMD, 0, 0);
  run("seek set too", 'U', n, to_echo307, CURLIOE_OK, 1, CURL_SEEKFUNC_OK);
  run("seek fails, ioctl set", 'U', n, to_echo307, CURLIOE_OK, 1, CURL_SEEKFUNC_FAIL);
  run("seek cantseek, ioctl set", 'U', n, to_echo307, CURLIOE_OK, 1, CURL_SEEKFUNC_CANTSEEK);
  run_file("file, ioctl seeks", 1);
  run_file("file, ioctl does not seek", 0);

  curl_global_cleanup();
  return 0;
}
