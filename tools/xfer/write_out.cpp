// Expands -w formats; the variable names are curl's where curl has them.
#include "write_out.h"

#include "report.h"

namespace xfer::tool {

namespace {

bool variable(const std::string& name, const Row& row, std::string& out) {
  char buf[64];
  if (name == "url") {
    out += row.shown_url;
  } else if (name == "http_code" || name == "response_code") {
    std::snprintf(buf, sizeof buf, "%03ld", row.status);
    out += buf;
  } else if (name == "size_download") {
    out += std::to_string(static_cast<long long>(row.bytes));
  } else if (name == "resumed_from") {
    out += std::to_string(static_cast<long long>(row.resumed_from));
  } else if (name == "time_total") {
    std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(row.time_us) / 1e6);
    out += buf;
  } else if (name == "filename_effective") {
    out += row.output_path;
  } else if (name == "exitcode") {
    out += std::to_string(static_cast<int>(row.code));
  } else if (name == "errormsg") {
    out += row.code == CURLE_OK ? "" : row.error_text;
  } else if (name == "num_retries") {
    out += std::to_string(row.tries > 0 ? row.tries - 1 : 0);
  } else if (name == "result") {
    out += result_text(row);
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string expand_write_out(const std::string& format, const Row& row) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c == '\\' && i + 1 < format.size()) {
      const char e = format[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    } else if (c == '%' && i + 1 < format.size() && format[i + 1] == '%') {
      out += '%';
      ++i;
    } else if (c == '%' && i + 1 < format.size() && format[i + 1] == '{') {
      const auto close = format.find('}', i + 2);
      if (close == std::string::npos) {
        out += format.substr(i);
        break;
      }
      const std::string name = format.substr(i + 2, close - i - 2);
      if (!variable(name, row, out)) out += format.substr(i, close - i + 1);
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

void print_write_out(std::FILE* out, const std::string& format, const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    const std::string line = expand_write_out(format, row);
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

}  // namespace xfer::tool
