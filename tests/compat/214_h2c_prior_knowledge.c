/* Scenario: cleartext HTTP/2 by prior knowledge (CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE on
   http://): the preface goes first, no Upgrade. GET with the request fields as the server got
   them, a reused connection for a second handle's transfer in one multi, a redirect, POST of a
   memory body and of a read callback that pauses once (CURL_READFUNC_PAUSE, resumed with
   curl_easy_pause), a write callback that pauses the download once (resumed), a 500 kB body,
   HEAD, MAX_SEND_SPEED and MAX_RECV_SPEED pacing, a reset stream (92) and the transfer after
   it. A handle without prior knowledge on the
   same multi speaks HTTP/1.1 to the same port (its own connection). Every prior-knowledge
   handle sets FORBID_REUSE: libcurl 7.88 fails a reused h2c connection with 16 (curl #10634,
   fixed in 8.0; DIFFERENCES.md), which xfer does not copy; reuse over h2 is pinned by 213. */
// server: --h2
#include <stdio.h>
#include <string.h>

#include "h2_scenario.h"
#include "trace.h"

struct body {
  const char *data;
  size_t left;
  int paused_once;
};

static CURL *paused_reader;

static size_t read_body(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct body *b = userdata;
  if (!b->paused_once) {
    b->paused_once = 1;
    return CURL_READFUNC_PAUSE;
  }
  size_t n = size * nmemb;
  if (n > b->left) n = b->left;
  memcpy(buf, b->data, n);
  b->data += n;
  b->left -= n;
  return n;
}

static int write_paused_once;

static size_t pausing_write(char *ptr, size_t size, size_t nmemb, void *userdata) {
  if (!write_paused_once) {
    write_paused_once = 1;
    return CURL_WRITEFUNC_PAUSE;
  }
  return trace_write_cb(ptr, size, nmemb, userdata);
}

static void print_info(const char *label, CURL *h) {
  trace_line("%s:", label);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, HEADER_SIZE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
}

static void easy_run(const char *label, CURL *h, const char *path, int id) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  trace_xfer_print_headers(label, &x);
  if (strstr(path, "echo=1")) h2_print_echo(label, &x);
  else trace_xfer_print_body(label, &x);
  print_info(label, h);
  trace_xfer_free(&x);
}

/* Runs the multi until h is done, resuming a paused handle once nothing else moves. */
static CURLcode multi_until_done(CURLM *m, CURL *resume) {
  int running = 1;
  CURLcode result = CURLE_OK;
  for (int round = 0; round < 2000 && running; ++round) {
    curl_multi_perform(m, &running);
    int left = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left)))
      if (msg->msg == CURLMSG_DONE) result = msg->data.result;
    if (!running) break;
    int n = 0;
    curl_multi_poll(m, NULL, 0, 20, &n);
    if (resume && round == 10) curl_easy_pause(resume, CURLPAUSE_CONT);
  }
  return result;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  easy_run("get", h, "/?echo=1", 1);
  easy_run("get again", h, "/?size=10", 2);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  easy_run("redirect", h, "/?status=301&location=/%3Fsize=7", 3);
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  easy_run("head", h, "/?size=100", 4);
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  easy_run("big", h, "/?size=500000", 5);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "field=value");
  easy_run("post", h, "/?echo=1", 6);
  /* Paced both ways (about half a second each); only the outcome is compared. */
  static char big_post[30000];
  memset(big_post, 'p', sizeof big_post);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)sizeof big_post);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, big_post);
  curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)60000);
  easy_run("post paced", h, "/?size=3", 9);
  curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)0);
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)120000);
  easy_run("get paced", h, "/?size=60000", 10);
  curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)0);
  easy_run("reset", h, "/?h2rst=2", 7);
  easy_run("after reset", h, "/?size=5", 8);

  /* Handles on one multi: the prior-knowledge ones share nothing with the h1 one. */
  CURLM *m = curl_multi_init();
  CURL *plain = curl_easy_init();
  struct trace_xfer xp;
  trace_xfer_init(&xp, 20);
  trace_xfer_attach(plain, &xp);
  curl_easy_setopt(plain, CURLOPT_URL, trace_url("/?size=6"));
  curl_multi_add_handle(m, plain);
  trace_code("plain h1 in multi", multi_until_done(m, NULL));
  print_info("plain h1 in multi", plain);
  curl_multi_remove_handle(m, plain);

  /* A read callback that pauses once, resumed from outside. */
  struct body b = {"paused upload body", 18, 0};
  CURL *up = curl_easy_init();
  struct trace_xfer xu;
  trace_xfer_init(&xu, 21);
  xu.keep_body = 1;
  trace_xfer_attach(up, &xu);
  curl_easy_setopt(up, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  curl_easy_setopt(up, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(up, CURLOPT_URL, trace_url("/?echo=1"));
  curl_easy_setopt(up, CURLOPT_POST, 1L);
  curl_easy_setopt(up, CURLOPT_POSTFIELDSIZE, 18L);
  curl_easy_setopt(up, CURLOPT_READFUNCTION, read_body);
  curl_easy_setopt(up, CURLOPT_READDATA, &b);
  paused_reader = up;
  curl_multi_add_handle(m, up);
  trace_code("paused upload", multi_until_done(m, up));
  h2_print_echo("paused upload", &xu);
  print_info("paused upload", up);
  curl_multi_remove_handle(m, up);

  /* A write callback that pauses once, resumed from outside. */
  CURL *dl = curl_easy_init();
  struct trace_xfer xd;
  trace_xfer_init(&xd, 22);
  trace_xfer_attach(dl, &xd);
  curl_easy_setopt(dl, CURLOPT_WRITEFUNCTION, pausing_write);
  curl_easy_setopt(dl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  curl_easy_setopt(dl, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(dl, CURLOPT_URL, trace_url("/?size=200000"));
  curl_multi_add_handle(m, dl);
  trace_code("paused download", multi_until_done(m, dl));
  trace_xfer_print_body("paused download", &xd);
  print_info("paused download", dl);
  curl_multi_remove_handle(m, dl);

  curl_easy_cleanup(plain);
  curl_easy_cleanup(up);
  curl_easy_cleanup(dl);
  curl_multi_cleanup(m);
  curl_easy_cleanup(h);
  trace_xfer_free(&xp);
  trace_xfer_free(&xu);
  trace_xfer_free(&xd);
  curl_global_cleanup();
  return 0;
}
