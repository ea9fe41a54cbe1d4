/* Scenario: the forms of Content-Length libcurl 7.88 reads (issue 20, finding 6).
   libcurl reads each Content-Length line of a final response as a leading integer (blanks
   and a '+' allowed, the rest of the line ignored) and the last line wins; a negative or
   empty value is "Invalid Content-Length: value" (8); one beyond 2^63-1 is read to the
   close (curl test 395), or 63 with CURLOPT_MAXFILESIZE. Interim 1xx, 204 and 304 answers'
   lengths are not read at all. xfer refuses two different lengths where libcurl takes the
   last (docs/DIFFERENCES.md): no case here has one. */
#include "raw_reply.h"

#define OK200 "/z?raw=HTTP/1.1%20200%20OK%0D%0A"
#define BODY "%0D%0Aabcdefgh"

static void with_length_info(const char *label, const char *path, long head, curl_off_t maxsize) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  CURL *h = trace_easy_new(&x, 1, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_NOBODY, head);
  if (maxsize) curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, maxsize);
  CURLcode rc = curl_easy_perform(h);
  raw_print(label, h, rc, &x, err, 0);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  with_length_info("dup-same", OK200 "Content-Length:%205%0D%0AContent-Length:%205%0D%0A" BODY, 0, 0);
  with_length_info("list-same", OK200 "Content-Length:%205,%205%0D%0A" BODY, 0, 0);
  with_length_info("list-same-nospace", OK200 "Content-Length:%203,3%0D%0A" BODY, 0, 0);
  with_length_info("plus", OK200 "Content-Length:%20%2B5%0D%0A" BODY, 0, 0);
  with_length_info("tabs", OK200 "Content-Length:%09%094%09%0D%0A" BODY, 0, 0);
  with_length_info("no-blank", OK200 "Content-Length:6%0D%0A" BODY, 0, 0);
  with_length_info("trailing-text", OK200 "Content-Length:%205%20bytes%0D%0A" BODY, 0, 0);
  with_length_info("trailing-junk", OK200 "Content-Length:%202x%0D%0A" BODY, 0, 0);
  with_length_info("leading-zeros", OK200 "Content-Length:%20000007%0D%0A" BODY, 0, 0);
  with_length_info("case", OK200 "cOnTeNt-LeNgTh:%203%0D%0A" BODY, 0, 0);
  with_length_info("zero", OK200 "Content-Length:%200%0D%0A" BODY, 0, 0);
  with_length_info("negative", OK200 "Content-Length:%20-5%0D%0A" BODY, 0, 0);
  with_length_info("empty", OK200 "Content-Length:%0D%0A" BODY, 0, 0);
  with_length_info("blank-only", OK200 "Content-Length:%20%20%0D%0A" BODY, 0, 0);
  with_length_info("letters", OK200 "Content-Length:%20abc%0D%0A" BODY, 0, 0);
  with_length_info("second-bad", OK200 "Content-Length:%205%0D%0AContent-Length:%20x%0D%0A" BODY, 0, 0);
  with_length_info("overflow", OK200 "Content-Length:%2036893488147419103232%0D%0A" BODY, 0, 0);
  with_length_info("overflow-maxfilesize", OK200 "Content-Length:%2036893488147419103232%0D%0A" BODY, 0, 100);
  with_length_info("int64-max", OK200 "Content-Length:%209223372036854775807%0D%0A%0D%0Aab", 0, 0);
  with_length_info("head-dup", OK200 "Content-Length:%205%0D%0AContent-Length:%205%0D%0A%0D%0A", 1, 0);
  with_length_info("head-plus", OK200 "Content-Length:%20%2B7%0D%0A%0D%0A", 1, 0);
  with_length_info("204-invalid", "/z?raw=HTTP/1.1%20204%20No%20Content%0D%0AContent-Length:%20x%0D%0A%0D%0A", 0, 0);
  with_length_info("304-dup", "/z?raw=HTTP/1.1%20304%20Not%20Modified%0D%0AContent-Length:%205%0D%0AContent-Length:%205%0D%0A%0D%0A", 0, 0);
  with_length_info("100-invalid",
                   "/z?raw=HTTP/1.1%20100%20Continue%0D%0AContent-Length:%20x%0D%0A%0D%0AHTTP/1.1%20200%20OK%0D%0AContent-Length:%203%0D%0A" BODY, 0, 0);
  with_length_info("chunked-and-plus",
                   OK200 "Content-Length:%20%2B9%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A3%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  with_length_info("204-none", "/z?raw=HTTP/1.1%20204%20No%20Content%0D%0A%0D%0A", 0, 0);
  with_length_info("plus-minus", OK200 "Content-Length:%20%2B-5%0D%0A" BODY, 0, 0);
  with_length_info("space-before-colon", OK200 "Content-Length%20:%205%0D%0AContent-Length:%203%0D%0A" BODY, 0, 0);
  with_length_info("trailer-plus",
                   OK200 "Transfer-Encoding:%20chunked%0D%0A%0D%0A3%0D%0Aabc%0D%0A0%0D%0AContent-Length:%20%2B5%0D%0A%0D%0A", 0, 0);
  with_length_info("between-fields", OK200 "X-A:%201%0D%0AContent-Length:%20%2B4%0D%0AX-B:%202%0D%0A" BODY, 0, 0);
  with_length_info("http10-plus", "/z?raw=HTTP/1.0%20200%20OK%0D%0AContent-Length:%20%2B2%0D%0A" BODY, 0, 0);
  curl_global_cleanup();
  return 0;
}
