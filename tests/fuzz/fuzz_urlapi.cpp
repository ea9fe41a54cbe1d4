// Fuzz target: the public curl_url_* API, a sequence of set, get, clear and dup calls read from the input.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <curl/curl.h>

#include "fuzz_check.h"

namespace {

constexpr unsigned kAllFlags = (1u << 13) - 1;  // CURLU_DEFAULT_PORT .. CURLU_PUNYCODE

// What a get hands out is a C string the caller frees with curl_free; a failed get hands
// out nothing.
void get_and_check(CURLU* u, CURLUPart part, unsigned flags) {
  char* out = reinterpret_cast<char*>(1);
  const CURLUcode rc = curl_url_get(u, part, &out, flags);
  if (rc == CURLUE_OK) {
    FUZZ_CHECK(out != nullptr);
    (void)std::strlen(out);
    curl_free(out);
  } else {
    FUZZ_CHECK(out == nullptr);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  CURLU* u = curl_url();
  FUZZ_CHECK(u != nullptr);
  // Each record: an operation byte, two flag bytes, a length byte and that many bytes.
  while (in.rest_size() >= 4) {
    // One read per statement: the order of reads inside one expression is the compiler's
    // (gcc reads the rest's size before the length byte that precedes it).
    const unsigned char op = in.byte();
    const unsigned low = in.byte();
    const unsigned high = in.byte();
    const unsigned flags = (low | (high << 8)) & kAllFlags;
    const std::size_t want = in.byte();
    const std::size_t len = std::min<std::size_t>(want, in.rest_size());
    const std::string value(in.rest(), len);
    for (std::size_t i = 0; i < len; ++i) in.byte();
    const CURLUPart part = static_cast<CURLUPart>((op >> 2) % 11);
    switch (op & 3) {
      case 0:
        (void)curl_url_set(u, part, value.c_str(), flags);
        break;
      case 1:
        get_and_check(u, part, flags);
        break;
      case 2:
        (void)curl_url_set(u, part, nullptr, 0);
        break;
      case 3: {
        CURLU* copy = curl_url_dup(u);
        FUZZ_CHECK(copy != nullptr);
        curl_url_cleanup(u);
        u = copy;
        break;
      }
    }
  }
  // Whatever the handle holds now, every part can be asked for.
  for (int part = CURLUPART_URL; part <= CURLUPART_ZONEID; ++part) {
    get_and_check(u, static_cast<CURLUPart>(part), 0);
    get_and_check(u, static_cast<CURLUPart>(part), CURLU_URLDECODE | CURLU_DEFAULT_PORT);
    get_and_check(u, static_cast<CURLUPart>(part), CURLU_URLENCODE | CURLU_NO_DEFAULT_PORT | CURLU_PUNYCODE);
  }
  // A URL the handle prints parses again.
  char* printed = nullptr;
  if (curl_url_get(u, CURLUPART_URL, &printed, 0) == CURLUE_OK) {
    CURLU* again = curl_url();
    (void)curl_url_set(again, CURLUPART_URL, printed, CURLU_NON_SUPPORT_SCHEME);
    curl_url_cleanup(again);
    curl_free(printed);
  }
  curl_url_cleanup(u);
  return 0;
}
