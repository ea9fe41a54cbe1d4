// Decides each URL's output destination the way curl pairs -o/-O with URLs.
#include "jobs.h"

namespace xfer::tool {

std::string remote_file_name(const std::string& url) {
  size_t path_start = 0;
  const auto scheme = url.find("://");
  if (scheme != std::string::npos) {
    path_start = url.find('/', scheme + 3);
    if (path_start == std::string::npos) return "index.html";
  }
  const auto path_end = url.find_first_of("?#", path_start);
  const std::string path = url.substr(path_start, path_end == std::string::npos
                                                      ? std::string::npos
                                                      : path_end - path_start);
  const auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  // A name of dots would point outside the output directory.
  if (name.empty() || name == "." || name == "..") return "index.html";
  return name;
}

std::vector<Row> make_rows(const Options& options) {
  std::vector<Row> rows(options.urls.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    row.index = i + 1;
    row.url = options.urls[i];
    std::string name;
    if (i < options.outputs.size())
      name = options.outputs[i];
    else if (options.remote_name)
      name = remote_file_name(row.url);
    if (!name.empty() && name != "-" && !options.output_dir.empty() && name.front() != '/')
      name = options.output_dir + "/" + name;
    if (name == "-") {
      row.to_stdout = true;
    } else if (name.empty()) {
      row.to_stdout = options.to_stdout;
    } else {
      row.output_path = name;
    }
  }
  return rows;
}

}  // namespace xfer::tool
