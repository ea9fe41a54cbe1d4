// Byte layout of a MIME tree against bytes captured from Debian's libcurl 7.88 (boundaries fixed).
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <string>

#include <curl/curl.h>

#include "http/mime.h"
#include "http/mime_source.h"
#include "mime_test_util.h"

using xfer::test::boundary_of;
using xfer::test::drain;

namespace {

// Captured from libcurl posting the same tree (request body, chunking removed).
const char kExpected[] =
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"field\"\r\n"
    "\r\n"
    "value\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"q%22n%0D%0Ax\"; filename=\"a.txt\"\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "text here\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"b64\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2\r\n"
    "Nzg5MDEyMzQ1Njc4OQ==\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"qp\"\r\n"
    "Content-Type: text/x\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "line one=20\r\n"
    "h=E9llo=3Dx\ttab =0Aend aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=20\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"hdr\"\r\n"
    "Content-Type: app/custom\r\n"
    "X-Custom: yes\r\n"
    "\r\n"
    "h\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"sub\"\r\n"
    "Content-Type: multipart/mixed; boundary=------------------------bbbbbbbbbbbbbbbb\r\n"
    "\r\n"
    "--------------------------bbbbbbbbbbbbbbbb\r\n"
    "\r\n"
    "s1\r\n"
    "--------------------------bbbbbbbbbbbbbbbb\r\n"
    "Content-Disposition: attachment; filename=\"x.png\"\r\n"
    "Content-Type: image/png\r\n"
    "\r\n"
    "s2\r\n"
    "--------------------------bbbbbbbbbbbbbbbb\r\n"
    "Content-Disposition: attachment; name=\"nm\"\r\n"
    "\r\n"
    "s3\r\n"
    "--------------------------bbbbbbbbbbbbbbbb--\r\n"
    "\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; filename=\"f.html\"\r\n"
    "Content-Type: text/html\r\n"
    "\r\n"
    "<p>hi</p>\n"
    "\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"empty\"\r\n"
    "\r\n"
    "\r\n"
    "--------------------------aaaaaaaaaaaaaaaa\r\n"
    "Content-Disposition: form-data; name=\"cb\"\r\n"
    "\r\n"
    "cbdatacbdata\r\n"
    "--------------------------aaaaaaaaaaaaaaaa--\r\n";

size_t two_chunks(char* buf, size_t, size_t, void* arg) {
  int* calls = static_cast<int*>(arg);
  if (*calls >= 2) return 0;
  ++*calls;
  std::memcpy(buf, "cbdata", 6);
  return 6;
}

// A file named f.html in a fresh temporary directory, removed at scope exit.
struct TempFile {
  std::string dir;
  std::string path;
  TempFile(const char* name, const std::string& content) {
    char tmpl[] = "/tmp/xfer-mime-XXXXXX";
    dir = mkdtemp(tmpl);
    path = dir + "/" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
  ~TempFile() {
    std::remove(path.c_str());
    std::remove(dir.c_str());
  }
};

}  // namespace

TEST_CASE("mime tree serializes like libcurl 7.88", "[mime]") {
  TempFile file("f.html", "<p>hi</p>\n");
  int calls = 0;
  curl_mime* m = curl_mime_init(nullptr);
  xfer::http::set_boundary(m, boundary_of('a'));
  curl_mimepart* p = curl_mime_addpart(m);
  curl_mime_name(p, "field");
  curl_mime_data(p, "value", CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "q\"n\r\nx");
  curl_mime_filename(p, "a.txt");
  curl_mime_data(p, "text here", CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "b64");
  REQUIRE(curl_mime_encoder(p, "BASE64") == CURLE_OK);
  curl_mime_data(p, "0123456789012345678901234567890123456789012345678901234567890123456789",
                 CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "qp");
  curl_mime_encoder(p, "quoted-printable");
  curl_mime_type(p, "text/x");
  curl_mime_data(p,
                 "line one \r\nh\xe9llo=x\ttab \nend aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ",
                 CURL_ZERO_TERMINATED);
  p = curl_mime_addpart(m);
  curl_slist* hl = curl_slist_append(nullptr, "X-Custom: yes");
  hl = curl_slist_append(hl, "content-type: app/custom");
  curl_mime_headers(p, hl, 1);
  curl_mime_name(p, "hdr");
  curl_mime_data(p, "h", 1);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "sub");
  curl_mime* s = curl_mime_init(nullptr);
  xfer::http::set_boundary(s, boundary_of('b'));
  curl_mimepart* q = curl_mime_addpart(s);
  curl_mime_data(q, "s1", 2);
  q = curl_mime_addpart(s);
  curl_mime_filename(q, "x.png");
  curl_mime_data(q, "s2", 2);
  q = curl_mime_addpart(s);
  curl_mime_name(q, "nm");
  curl_mime_data(q, "s3", 2);
  REQUIRE(curl_mime_subparts(p, s) == CURLE_OK);
  p = curl_mime_addpart(m);
  REQUIRE(curl_mime_filedata(p, file.path.c_str()) == CURLE_OK);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "empty");
  p = curl_mime_addpart(m);
  curl_mime_name(p, "cb");
  curl_mime_data_cb(p, -1, two_chunks, nullptr, nullptr, &calls);

  std::string type;
  xfer::Status st;
  auto src = xfer::http::make_mime_source(m, type, st);
  REQUIRE(src);
  CHECK(type == "multipart/form-data; boundary=" + boundary_of('a'));
  CHECK(src->size() == -1);
  std::string body = drain(*src);
  CHECK(body == kExpected);

  CHECK_FALSE(src->rewind());  // the callback part was read and has no seek function
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("known sizes add up to the serialized length", "[mime]") {
  TempFile file("data.bin", std::string(1000, 'z'));
  curl_mime* m = curl_mime_init(nullptr);
  curl_mimepart* p = curl_mime_addpart(m);
  curl_mime_name(p, "a");
  curl_mime_data(p, "xyz", 3);
  p = curl_mime_addpart(m);
  curl_mime_filedata(p, file.path.c_str());
  p = curl_mime_addpart(m);
  curl_mime_encoder(p, "base64");
  curl_mime_filedata(p, file.path.c_str());
  curl_mime_type(p, "application/x-thing");
  p = curl_mime_addpart(m);
  curl_mime* s = curl_mime_init(nullptr);
  curl_mime_addpart(s);
  curl_mime_data(curl_mime_addpart(s), "inner", 5);
  curl_mime_subparts(p, s);
  std::string type;
  xfer::Status st;
  auto src = xfer::http::make_mime_source(m, type, st);
  REQUIRE(src);
  std::string body = drain(*src, 7);
  CHECK(src->size() == static_cast<std::int64_t>(body.size()));
  REQUIRE(src->rewind());
  CHECK(drain(*src, 1) == body);
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("an empty mime is only the closing boundary", "[mime]") {
  curl_mime* m = curl_mime_init(nullptr);
  xfer::http::set_boundary(m, boundary_of('c'));
  std::string type;
  xfer::Status st;
  xfer::http::MimeSourceOptions opts;
  opts.content_type = "multipart/related";
  auto src = xfer::http::make_mime_source(m, opts, type, st);
  REQUIRE(src);
  CHECK(type == "multipart/related; boundary=" + boundary_of('c'));
  CHECK(src->size() == 46);
  CHECK(drain(*src) == "--" + boundary_of('c') + "--\r\n");
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("part header rules", "[mime]") {
  curl_mime* m = curl_mime_init(nullptr);
  xfer::http::set_boundary(m, boundary_of('d'));
  // A custom Content-Disposition replaces the generated one; a custom encoding header
  // suppresses the generated one even with an encoder set.
  curl_mimepart* p = curl_mime_addpart(m);
  curl_mime_name(p, "n");
  curl_slist* h = curl_slist_append(nullptr, "Content-Disposition: inline");
  h = curl_slist_append(h, "Content-Transfer-Encoding: x-mine");
  curl_mime_headers(p, h, 1);
  curl_mime_encoder(p, "8bit");
  curl_mime_data(p, "v", 1);
  // An unknown encoder name fails and leaves no encoder.
  p = curl_mime_addpart(m);
  curl_mime_encoder(p, "base64");
  CHECK(curl_mime_encoder(p, "rot13") == CURLE_BAD_FUNCTION_ARGUMENT);
  curl_mime_data(p, "w", 1);
  // FORMESCAPE: backslashes instead of percent escapes.
  p = curl_mime_addpart(m);
  curl_mime_name(p, "a\"b\\c");
  std::string type;
  xfer::Status st;
  xfer::http::MimeSourceOptions opts;
  opts.form_escape = true;
  auto src = xfer::http::make_mime_source(m, opts, type, st);
  REQUIRE(src);
  std::string b = boundary_of('d');
  CHECK(drain(*src) == "--" + b + "\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: x-mine\r\n\r\nv\r\n"
                       "--" + b + "\r\nContent-Disposition: form-data\r\n\r\nw\r\n"
                       "--" + b + "\r\nContent-Disposition: form-data; name=\"a\\\"b\\\\c\"\r\n\r\n\r\n"
                       "--" + b + "--\r\n");
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("subparts cannot form a cycle or be attached twice", "[mime]") {
  curl_mime* a = curl_mime_init(nullptr);
  curl_mime* b = curl_mime_init(nullptr);
  curl_mimepart* pa = curl_mime_addpart(a);
  REQUIRE(curl_mime_subparts(pa, b) == CURLE_OK);
  CHECK(curl_mime_subparts(pa, b) == CURLE_OK);  // the same again is accepted
  curl_mimepart* pb = curl_mime_addpart(b);
  CHECK(curl_mime_subparts(pb, a) == CURLE_BAD_FUNCTION_ARGUMENT);
  curl_mime* c = curl_mime_init(nullptr);
  curl_mimepart* pc = curl_mime_addpart(c);
  CHECK(curl_mime_subparts(pc, b) == CURLE_BAD_FUNCTION_ARGUMENT);
  CHECK(curl_mime_subparts(nullptr, b) == CURLE_BAD_FUNCTION_ARGUMENT);
  curl_mime_free(c);
  curl_mime_free(a);  // frees b too
}

TEST_CASE("boundaries look like libcurl's", "[mime]") {
  std::string b = xfer::http::make_boundary();
  REQUIRE(b.size() == 40);
  CHECK(b.substr(0, 24) == std::string(24, '-'));
  for (char c : b.substr(24)) CHECK(std::strchr("0123456789abcdef", c) != nullptr);
  CHECK(xfer::http::make_boundary() != b);
}
