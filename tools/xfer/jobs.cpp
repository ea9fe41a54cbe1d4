// Decides each URL's destination: -o pairing, remote names, and never two transfers per file.
#include "jobs.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "redact.h"

namespace xfer::tool {

namespace {

// Beyond this many numbered variants of one name the row is refused instead.
constexpr int kMaxNumberedNames = 999;
// After this many names were looked up in one directory, its entries are read once and a
// name not among them costs no lstat: 2,000 URLs into an empty directory made 4,000
// failed lstat calls (NAME and NAME.part) before the first transfer could start.
constexpr int kLookupsBeforeListing = 16;
// A directory with more entries than this is not held in memory; lstat answers instead.
constexpr size_t kMaxListing = 65536;

// lstat(2), skipped where a directory's listing shows the name absent. The listing is as
// old as the first look-up after kLookupsBeforeListing; lstat's answer was a snapshot too.
class Names {
 public:
  bool lstat(const std::string& path, struct stat* st) {
    const auto slash = path.rfind('/');
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (!base.empty() && base != "." && base != "..") {
      const std::string dir = slash == std::string::npos ? "."
                              : slash == 0               ? "/"
                                                         : path.substr(0, slash);
      Dir& d = dirs_[dir];
      if (d.state == Dir::Counting && ++d.lookups > kLookupsBeforeListing) list(dir, d);
      if (d.state == Dir::Listed && !d.names.contains(base)) return false;
    }
    return ::lstat(path.c_str(), st) == 0;
  }
  bool exists(const std::string& path) {
    struct stat st;
    return lstat(path, &st);
  }

 private:
  struct Dir {
    enum { Counting, Listed, Unlisted } state = Counting;
    int lookups = 0;
    std::unordered_set<std::string> names;
  };

  static void list(const std::string& dir, Dir& d) {
    d.state = Dir::Unlisted;
    DIR* handle = ::opendir(dir.c_str());
    if (!handle) return;
    errno = 0;
    while (const dirent* entry = ::readdir(handle)) {
      if (d.names.size() >= kMaxListing) break;
      d.names.insert(entry->d_name);
    }
    // readdir returns null at the end and on an error; only errno tells them apart.
    const bool whole = errno == 0 && d.names.size() < kMaxListing;
    ::closedir(handle);
    if (whole) {
      d.state = Dir::Listed;
    } else {
      d.names.clear();
    }
  }

  std::unordered_map<std::string, Dir> dirs_;
};

void refuse(Row& row, const std::string& why) {
  row.state = RowState::Done;
  row.code = CURLE_WRITE_ERROR;
  row.error_text = why;
}

// --create-dirs: every missing directory above `path`; a failure shows later, at the open.
void make_parent_dirs(const std::string& path) {
  for (auto slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    ::mkdir(path.substr(0, slash).c_str(), 0777);
}

std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What lstat says about a name; asked once per candidate name.
struct NameInfo {
  bool exists = false;
  struct stat st {};
};

class Namer {
 public:
  explicit Namer(const Options& o) : o_(o) {}
  void place(Row& row, std::string name, bool explicit_name);

 private:
  NameInfo look(const std::string& name) {
    NameInfo info;
    info.exists = names_.lstat(name, &info.st);
    return info;
  }
  bool taken(const std::string& name, const NameInfo& info) {
    return claimed_.count(name) != 0 || info.exists ||
           (!o_.resume && names_.exists(name + ".part"));
  }
  void claim(Row& row, const std::string& name, const NameInfo& info, bool explicit_name);

  const Options& o_;
  std::set<std::string> claimed_;
  Names names_;
};

void Namer::claim(Row& row, const std::string& name, const NameInfo& info, bool explicit_name) {
  if (info.exists) {
    if (S_ISDIR(info.st.st_mode)) return refuse(row, name + " is a directory");
    // Root may write anywhere, so the mode bits, not access(), say what the owner meant.
    if ((info.st.st_mode & S_IWUSR) == 0) return refuse(row, name + " is read-only; not replaced");
  }
  claimed_.insert(name);
  row.sink = Sink::File;
  row.output_path = name;
  row.part_path = name + ".part";
  // A name that is resumed or replaced may have an old .meta; a fresh one has none.
  row.meta_may_exist = o_.resume || o_.clobber == Clobber::Overwrite || explicit_name;
}

void Namer::place(Row& row, std::string name, bool explicit_name) {
  const NameInfo info = look(name);
  const mode_t mode = info.st.st_mode;
  // Devices and pipes (/dev/null, /dev/full, a FIFO) are written in place: no .part, no rename.
  if (info.exists && !S_ISREG(mode) && !S_ISDIR(mode) && !S_ISLNK(mode)) {
    row.sink = Sink::Direct;
    row.output_path = name;
    return;
  }
  if (o_.resume && claimed_.count(name) == 0 && info.exists && !names_.exists(name + ".part")) {
    row.state = RowState::Done;
    row.output_path = name;
    row.note = "already complete (-C)";
    claimed_.insert(name);
    return;
  }
  // An explicit -o name is the user's choice, so it replaces an existing file as curl's does.
  const Clobber policy =
      explicit_name ? (o_.clobber == Clobber::Refuse ? Clobber::Refuse : Clobber::Overwrite)
                    : o_.clobber;
  const bool used_in_run = claimed_.count(name) != 0;
  if (used_in_run && policy == Clobber::Refuse)
    return refuse(row, name + " is already used by an earlier URL");
  // Even --clobber never lets two URLs of one run share a file: those get numbered below.
  if (!used_in_run && (policy == Clobber::Overwrite || !taken(name, info)))
    return claim(row, name, info, explicit_name);
  if (!used_in_run && policy == Clobber::Refuse)
    return refuse(row, name + " exists (--no-clobber)");
  for (int n = 1; n <= kMaxNumberedNames; ++n) {
    const std::string candidate = name + "." + std::to_string(n);
    const NameInfo candidate_info = look(candidate);
    if (!taken(candidate, candidate_info)) return claim(row, candidate, candidate_info, false);
  }
  refuse(row, "no free name left for " + name);
}

}  // namespace

std::string remote_file_name(const std::string& url) {
  size_t path_start = 0;
  const auto scheme = url.find("://");
  if (scheme != std::string::npos) {
    path_start = url.find('/', scheme + 3);
    if (path_start == std::string::npos) return "index.html";
  }
  const auto path_end = url.find_first_of("?#", path_start);
  const std::string path = url.substr(
      path_start, path_end == std::string::npos ? std::string::npos : path_end - path_start);
  const auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  // A name of dots would point outside the output directory.
  if (name.empty() || name == "." || name == "..") return "index.html";
  return name;
}

std::vector<Row> make_rows(const Options& options,
                           const std::map<std::string, std::string>& checksum_list) {
  std::vector<Row> rows(options.urls.size());
  Namer namer(options);
  for (size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    row.index = i + 1;
    row.url = options.urls[i];
    row.shown_url = redact_url(row.url);
    const bool explicit_name = i < options.outputs.size();
    std::string name = explicit_name ? options.outputs[i] : std::string();
    std::string wanted;  // the name before any numbering, which a checksum list knows
    if (name == "-" || (name.empty() && options.to_stdout)) {
      row.sink = Sink::Stdout;
    } else if (name.empty() && options.discard) {
      row.sink = Sink::Discard;
    } else {
      if (name.empty()) name = remote_file_name(row.url);
      if (!options.output_dir.empty() && name.front() != '/')
        name = options.output_dir + "/" + name;
      wanted = name;
      if (options.create_dirs) make_parent_dirs(name);
      namer.place(row, name, explicit_name);
    }
    if (i < options.checksums.size()) {
      row.expected_sha256 = options.checksums[i];
    } else if (!wanted.empty()) {
      const auto it = checksum_list.find(base_name(wanted));
      if (it != checksum_list.end()) row.expected_sha256 = it->second;
    }
  }
  return rows;
}

}  // namespace xfer::tool
