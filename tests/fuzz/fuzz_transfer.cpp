// Fuzz target: a whole transfer through the public API, the server's response being the input, served over a socketpair.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <curl/curl.h>

#include "fuzz_check.h"

namespace {

// What a socketpair holds without a reader: the response is written whole before the
// transfer starts, so it must fit the socket's buffer.
constexpr std::size_t kMaxResponse = 64 * 1024;

// The transfer's end of the socketpair, handed out once: any second connection (a redirect,
// a retry) is refused, so nothing ever leaves the machine.
struct Socket {
  int fd = -1;
  bool handed_out = false;
  bool closed = false;
};

curl_socket_t open_socket(void* clientp, curlsocktype, curl_sockaddr*) {
  auto* s = static_cast<Socket*>(clientp);
  if (s->handed_out) return CURL_SOCKET_BAD;
  s->handed_out = true;
  return s->fd;
}

int socket_options(void*, curl_socket_t, curlsocktype) { return CURL_SOCKOPT_ALREADY_CONNECTED; }

int close_socket(void* clientp, curl_socket_t fd) {
  auto* s = static_cast<Socket*>(clientp);
  FUZZ_CHECK(fd == s->fd && !s->closed);
  s->closed = true;
  return ::close(fd);
}

// Write and header callbacks that may refuse after a number of bytes (or calls), from
// the input's option bytes.
struct Sink {
  std::size_t body = 0;
  std::size_t headers = 0;
  long refuse_body_after = -1;
  long refuse_header_after = -1;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* s = static_cast<Sink*>(userp);
  FUZZ_CHECK(size == 1 && (n == 0 || data != nullptr));
  if (s->refuse_body_after >= 0 && s->body + n > static_cast<std::size_t>(s->refuse_body_after)) return 0;
  s->body += n;
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* s = static_cast<Sink*>(userp);
  FUZZ_CHECK(size == 1 && n > 0 && data != nullptr);
  if (s->refuse_header_after >= 0 && s->headers >= static_cast<std::size_t>(s->refuse_header_after)) return 0;
  ++s->headers;
  return n;
}

// The codes a transfer may end with when the server says anything at all; a code outside
// this list (a timeout above all: the server's side is closed) is a finding.
bool sane(CURLcode rc) {
  switch (rc) {
    case CURLE_OK:
    case CURLE_UNSUPPORTED_PROTOCOL:   // "HTTP/3" status lines, a redirect elsewhere
    case CURLE_URL_MALFORMAT:          // a Location that does not parse, when followed
    case CURLE_COULDNT_CONNECT:        // a redirect or retry wanting a second connection
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP_RETURNED_ERROR:    // FAILONERROR
    case CURLE_WRITE_ERROR:            // a callback refused, or bytes after a compressed stream
    case CURLE_OUT_OF_MEMORY:          // libcurl's code for a header line above 100 KiB
    case CURLE_RANGE_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_FUNCTION_ARGUMENT:  // a NUL byte in a trailer, as libcurl
    case CURLE_SEND_ERROR:             // the request met a closed peer
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned char a = in.byte();
  const unsigned char b = in.byte();
  const unsigned char c = in.byte();
  const std::size_t len = in.rest_size() < kMaxResponse ? in.rest_size() : kMaxResponse;

  int fds[2];
  FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  Socket sock;
  sock.fd = fds[0];
  const int server = fds[1];
  int buffer = 4 * static_cast<int>(kMaxResponse);
  ::setsockopt(server, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  std::size_t sent = 0;
  while (sent < len) {
    const ssize_t n = ::send(server, in.rest() + sent, len - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n <= 0) break;  // a full buffer: the transfer sees a shorter response
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(server, SHUT_WR);

  Sink sink;
  if (c & 1) sink.refuse_body_after = c >> 1;
  if (c & 2) sink.refuse_header_after = c >> 4;
  CURL* easy = curl_easy_init();
  FUZZ_CHECK(easy != nullptr);
  curl_slist* connect_to = curl_slist_append(nullptr, "::127.0.0.1:80");
  curl_slist* aliases = curl_slist_append(nullptr, "ICY 200");
  curl_easy_setopt(easy, CURLOPT_URL, "http://127.0.0.1/");
  // Every host a redirect names is connected to (and refused) at 127.0.0.1, never resolved.
  curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to);
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, &sock);
  curl_easy_setopt(easy, CURLOPT_SOCKOPTFUNCTION, socket_options);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, &sock);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http");
  if (a & 1) curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  if (a & 2) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  if (a & 4) curl_easy_setopt(easy, CURLOPT_HTTP09_ALLOWED, 1L);
  if (a & 8) curl_easy_setopt(easy, CURLOPT_IGNORE_CONTENT_LENGTH, 1L);
  if (a & 16) curl_easy_setopt(easy, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
  if (a & 32) curl_easy_setopt(easy, CURLOPT_FAILONERROR, 1L);
  if (a & 64) {
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 2L);
  }
  if (a & 128) curl_easy_setopt(easy, CURLOPT_COOKIEFILE, "");
  if (b & 1) curl_easy_setopt(easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  if (b & 2) curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(100));
  if (b & 4) curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "a=b");
  if (b & 8) curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_0));
  if (b & 16) curl_easy_setopt(easy, CURLOPT_HTTP200ALIASES, aliases);
  if (b & 32) {
    curl_easy_setopt(easy, CURLOPT_USERPWD, "user:secret");
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_ANY));
  }
  if (b & 64) curl_easy_setopt(easy, CURLOPT_RANGE, "0-9");

  CURLcode rc = CURLE_OK;
  if (b & 128) {
    // The multi interface, polled as an application would.
    CURLM* multi = curl_multi_init();
    curl_multi_add_handle(multi, easy);
    int running = 1;
    for (int round = 0; running && round < 1000; ++round) {
      FUZZ_CHECK(curl_multi_perform(multi, &running) == CURLM_OK);
      if (running) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    FUZZ_CHECK(running == 0);
    int left = 0;
    bool seen = false;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      FUZZ_CHECK(msg->msg == CURLMSG_DONE && msg->easy_handle == easy && !seen);
      rc = msg->data.result;
      seen = true;
    }
    FUZZ_CHECK(seen);
    curl_multi_remove_handle(multi, easy);
    curl_multi_cleanup(multi);
  } else {
    rc = curl_easy_perform(easy);
  }
  if (!sane(rc)) {
    std::fprintf(stderr, "transfer ended with %d (%s)\n", rc, curl_easy_strerror(rc));
    FUZZ_CHECK(sane(rc));
  }
  long code = -1;
  FUZZ_CHECK(curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK);
  FUZZ_CHECK(code >= 0);  // "HTTP/2 20002" is a 20002 to libcurl
  curl_off_t down = -1;
  FUZZ_CHECK(curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &down) == CURLE_OK);
  FUZZ_CHECK(down >= 0);
  curl_easy_cleanup(easy);
  curl_slist_free_all(connect_to);
  curl_slist_free_all(aliases);

  // The transfer's socket is closed with its handle, through the application's callback.
  if (sock.handed_out) FUZZ_CHECK(sock.closed);
  else ::close(sock.fd);
  ::close(server);
  return 0;
}
