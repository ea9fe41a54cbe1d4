// --json: the final table as JSON lines, one object per URL, for scripts.
#include <string>

#include "report.h"

namespace xfer::tool {

namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", u);
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* state_name(const Row& row) {
  if (row.interrupted) return row.tries == 0 ? "not-started" : "interrupted";
  if (row.code != CURLE_OK) return "failed";
  return row.status >= 400 && !(row.status == 416 && row.resumed_from > 0) ? "http-error" : "ok";
}

}  // namespace

void print_json_report(std::FILE* out, const std::vector<Row>& rows, long long elapsed_us) {
  size_t failed = 0;
  long long bytes = 0;
  for (const Row& row : rows) {
    if (row.code != CURLE_OK) ++failed;
    bytes += static_cast<long long>(row.bytes);
    std::fprintf(out,
                 "{\"index\":%zu,\"url\":%s,\"result\":\"%s\",\"code\":%d,\"status\":%ld,"
                 "\"bytes\":%lld,\"resumed_from\":%lld,\"time_ms\":%.3f,\"tries\":%d,"
                 "\"file\":%s,\"error\":%s}\n",
                 row.index, json_string(row.shown_url).c_str(), state_name(row),
                 static_cast<int>(row.code), row.status, static_cast<long long>(row.bytes),
                 static_cast<long long>(row.resumed_from),
                 static_cast<double>(row.time_us) / 1000.0, row.tries,
                 row.output_path.empty() ? "null" : json_string(row.output_path).c_str(),
                 row.code == CURLE_OK ? "null" : json_string(row.error_text).c_str());
  }
  std::fprintf(out,
               "{\"summary\":{\"transfers\":%zu,\"failed\":%zu,\"bytes\":%lld,\"time_ms\":%.3f}}\n",
               rows.size(), failed, bytes, static_cast<double>(elapsed_us) / 1000.0);
}

}  // namespace xfer::tool
