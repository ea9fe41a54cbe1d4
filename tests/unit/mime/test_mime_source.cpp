// MimeSource streaming: callback statuses, rewinds, 7bit checks, missing files.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include <curl/curl.h>

#include "http/mime_source.h"
#include "mime_test_util.h"

using xfer::http::ReadStatus;
using xfer::test::drain;

namespace {

struct Script {
  std::size_t results[4];
  int calls = 0;
  int seeks = 0;
  bool frees = false;
};

size_t scripted_read(char* buf, size_t, size_t n, void* arg) {
  auto* s = static_cast<Script*>(arg);
  std::size_t r = s->calls < 4 ? s->results[s->calls] : 0;
  ++s->calls;
  if (r > 0 && r <= n) std::memset(buf, 'r', r);
  return r;
}

int scripted_seek(void* arg, curl_off_t, int) {
  auto* s = static_cast<Script*>(arg);
  ++s->seeks;
  s->calls = 0;
  return CURL_SEEKFUNC_OK;
}

void scripted_free(void* arg) { static_cast<Script*>(arg)->frees = true; }

// One callback part behind a small data part; returns the source.
std::unique_ptr<xfer::http::BodySource> callback_source(curl_mime*& m, Script& s, curl_off_t size,
                                                        bool seekable) {
  m = curl_mime_init(nullptr);
  curl_mime_data(curl_mime_addpart(m), "lead", 4);
  curl_mime_data_cb(curl_mime_addpart(m), size, scripted_read, seekable ? scripted_seek : nullptr, scripted_free, &s);
  std::string type;
  xfer::Status st;
  return xfer::http::make_mime_source(m, type, st);
}

}  // namespace

TEST_CASE("a paused callback resumes on the next read", "[mime][source]") {
  Script s{{CURL_READFUNC_PAUSE, 3, 0, 0}};
  curl_mime* m = nullptr;
  auto src = callback_source(m, s, -1, false);
  char buf[4096];
  auto r = src->read(buf, sizeof buf);
  REQUIRE(r.status == ReadStatus::kData);  // the boundary, headers and "lead" first
  CHECK(s.calls == 0);
  r = src->read(buf, sizeof buf);
  CHECK(r.status == ReadStatus::kPause);
  CHECK(s.calls == 1);
  r = src->read(buf, sizeof buf);
  REQUIRE(r.status == ReadStatus::kData);
  CHECK(std::string(buf, r.n) == "rrr");
  ReadStatus last{};
  std::string rest = drain(*src, 4096, &last);
  CHECK(last == ReadStatus::kEof);
  CHECK(rest.substr(0, 4) == "\r\n--");
  src.reset();
  curl_mime_free(m);
  CHECK(s.frees);
}

TEST_CASE("an aborting callback aborts the body and stays aborted", "[mime][source]") {
  Script s{{2, CURL_READFUNC_ABORT, 0, 0}};
  curl_mime* m = nullptr;
  auto src = callback_source(m, s, -1, false);
  ReadStatus last{};
  drain(*src, 4096, &last);
  CHECK(last == ReadStatus::kAbort);
  char buf[16];
  auto r = src->read(buf, sizeof buf);
  CHECK(r.status == ReadStatus::kAbort);
  CHECK(r.error.code == CURLE_ABORTED_BY_CALLBACK);
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("a callback returning more than asked is a read error", "[mime][source]") {
  Script s{{100000, 0, 0, 0}};
  curl_mime* m = nullptr;
  auto src = callback_source(m, s, -1, false);
  ReadStatus last{};
  drain(*src, 64, &last);
  CHECK(last == ReadStatus::kError);
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("a known-size callback is not read past its size; seek allows a rewind", "[mime][source]") {
  Script s{{3, 3, 3, 3}};
  curl_mime* m = nullptr;
  auto src = callback_source(m, s, 6, true);
  std::int64_t size = src->size();
  std::string body = drain(*src);
  CHECK(static_cast<std::int64_t>(body.size()) == size);
  CHECK(s.calls == 2);
  REQUIRE(src->rewind());
  CHECK(s.seeks == 1);
  CHECK(drain(*src) == body);
  src.reset();
  curl_mime_free(m);
}

TEST_CASE("7bit rejects 8-bit bytes, missing files fail at read time", "[mime][source]") {
  curl_mime* m = curl_mime_init(nullptr);
  curl_mimepart* p = curl_mime_addpart(m);
  curl_mime_encoder(p, "7bit");
  curl_mime_data(p, "ok\xc3\xa9", CURL_ZERO_TERMINATED);
  std::string type;
  xfer::Status st;
  auto src = xfer::http::make_mime_source(m, type, st);
  ReadStatus last{};
  drain(*src, 4096, &last);
  CHECK(last == ReadStatus::kError);
  src.reset();
  curl_mime_free(m);

  m = curl_mime_init(nullptr);
  p = curl_mime_addpart(m);
  CHECK(curl_mime_filedata(p, "/nonexistent/xfer/file.txt") == CURLE_READ_ERROR);
  src = xfer::http::make_mime_source(m, type, st);
  REQUIRE(src);
  CHECK(src->size() == -1);
  drain(*src, 4096, &last);
  CHECK(last == ReadStatus::kError);
  src.reset();
  curl_mime_free(m);
}
