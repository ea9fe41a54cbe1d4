// LF to CRLF conversion and trailer blocks for request bodies.
#include "http/upload_framing.h"

#include <cstring>

namespace xfer::http {

std::size_t lf_to_crlf(const char* in, std::size_t n, char* out) {
  std::size_t o = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (in[i] == '\n') out[o++] = '\r';
    out[o++] = in[i];
  }
  return o;
}

std::string trailer_block(const curl_slist* lines, std::size_t* skipped) {
  std::string out;
  std::size_t dropped = 0;
  for (; lines; lines = lines->next) {
    const char* text = lines->data ? lines->data : "";
    const char* colon = std::strchr(text, ':');
    if (!colon || colon[1] != ' ') {
      ++dropped;
      continue;
    }
    out.append(text);
    out.append("\r\n");
  }
  out.append("\r\n");
  if (skipped) *skipped = dropped;
  return out;
}

}  // namespace xfer::http
