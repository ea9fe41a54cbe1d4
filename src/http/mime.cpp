// MIME tree upkeep (content, subparts, boundaries) and its layout: part headers in libcurl's order.
#include "http/mime.h"

#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <new>
#include <random>

namespace xfer::http {

namespace {

struct EncoderEntry {
  const char* name;
  Encoder encoder;
};

constexpr EncoderEntry kEncoders[] = {
    {"binary", Encoder::kBinary},
    {"8bit", Encoder::k8bit},
    {"7bit", Encoder::k7bit},
    {"base64", Encoder::kBase64},
    {"quoted-printable", Encoder::kQuotedPrintable},
};

struct ExtensionType {
  const char* extension;
  const char* type;
};

// The same short list libcurl consults, in the same order (first match wins).
constexpr ExtensionType kExtensionTypes[] = {
    {".gif", "image/gif"},   {".jpg", "image/jpeg"},       {".jpeg", "image/jpeg"},
    {".png", "image/png"},   {".svg", "image/svg+xml"},    {".txt", "text/plain"},
    {".htm", "text/html"},   {".html", "text/html"},       {".pdf", "application/pdf"},
    {".xml", "application/xml"},
};

constexpr const char* kDefaultMultipartType = "multipart/mixed";
constexpr const char* kDefaultFileType = "application/octet-stream";
constexpr const char* kDefaultDisposition = "attachment";

// The value of header `name` in a custom list (leading spaces skipped), or nullptr.
const char* find_header(const curl_slist* list, std::string_view name) {
  for (; list; list = list->next) {
    const char* line = list->data;
    if (!line || strncasecmp(line, name.data(), name.size()) != 0 || line[name.size()] != ':')
      continue;
    const char* value = line + name.size() + 1;
    while (*value == ' ') ++value;
    return value;
  }
  return nullptr;
}

bool is_header(const char* line, std::string_view name) {
  return line && strncasecmp(line, name.data(), name.size()) == 0 && line[name.size()] == ':';
}

// "text/plain" matches "text/plain; charset=x" but not "text/plainer".
bool type_matches(const char* type, std::string_view target) {
  if (!type || strncasecmp(type, target.data(), target.size()) != 0) return false;
  switch (type[target.size()]) {
    case '\0': case '\t': case '\r': case '\n': case ' ': case ';': return true;
    default: return false;
  }
}

// Form names follow the WHATWG rule (percent-encode quote, CR, LF); with FORMESCAPE the
// older backslash style that libcurl keeps as an option.
std::string escape_field(std::string_view s, bool backslash) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (backslash) {
      if (c == '\\' || c == '"') out += '\\';
      out += c;
    } else if (c == '"') {
      out += "%22";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

struct LayoutBuilder {
  Layout& out;
  bool form_escape;

  void literal(std::string_view bytes) {
    if (bytes.empty()) return;
    if (out.segments.empty() || out.segments.back().part)
      out.segments.push_back(Segment{std::string(bytes), nullptr});
    else
      out.segments.back().bytes.append(bytes);
    if (out.size >= 0) out.size += static_cast<std::int64_t>(bytes.size());
  }

  void content(const MimePart& part) {
    std::int64_t n = encoded_content_size(part);
    if (n == 0) return;
    out.segments.push_back(Segment{{}, &part});
    out.size = (n < 0 || out.size < 0) ? -1 : out.size + n;
  }

  // Appends the part's header block (ending with the blank line); `type` receives the
  // content type in effect, which decides what the part's own children inherit.
  void headers(const MimePart& part, const char* disposition, const char*& type) {
    const char* custom = part.type_ ? part.type_->c_str() : find_header(part.user_headers_, "Content-Type");
    type = custom;
    const char* filename = part.filename_ ? part.filename_->c_str() : nullptr;
    if (!type) {
      switch (part.kind_) {
        case PartKind::kMultipart: type = kDefaultMultipartType; break;
        case PartKind::kFile:
          type = content_type_for_filename(filename);
          if (!type) type = content_type_for_filename(part.data_.c_str());
          if (!type && filename) type = kDefaultFileType;
          break;
        default: type = content_type_for_filename(filename); break;
      }
    }
    const char* boundary = nullptr;
    if (part.kind_ == PartKind::kMultipart) {
      if (part.subparts_) boundary = part.subparts_->boundary_.c_str();
    } else if (type && !custom && type_matches(type, "text/plain") && !filename) {
      // A guessed text/plain is the receiver's default anyway; libcurl leaves it out.
      type = nullptr;
    }

    std::string block;
    if (!find_header(part.user_headers_, "Content-Disposition")) {
      if (!disposition && (filename || part.name_ || (type && strncasecmp(type, "multipart/", 10) != 0)))
        disposition = kDefaultDisposition;
      if (disposition && strcasecmp(disposition, kDefaultDisposition) == 0 && !part.name_ && !filename)
        disposition = nullptr;
      if (disposition) {
        block += "Content-Disposition: ";
        block += disposition;
        if (part.name_) block += "; name=\"" + escape_field(*part.name_, form_escape) + "\"";
        if (filename) block += "; filename=\"" + escape_field(filename, form_escape) + "\"";
        block += "\r\n";
      }
    }
    if (type) {
      block += "Content-Type: ";
      block += type;
      if (boundary) {
        block += "; boundary=";
        block += boundary;
      }
      block += "\r\n";
    }
    if (part.encoder_ != Encoder::kNone && !find_header(part.user_headers_, "Content-Transfer-Encoding")) {
      block += "Content-Transfer-Encoding: ";
      block += encoder_name(part.encoder_);
      block += "\r\n";
    }
    for (const curl_slist* h = part.user_headers_; h; h = h->next) {
      if (!h->data || is_header(h->data, "Content-Type")) continue;
      block += h->data;
      block += "\r\n";
    }
    block += "\r\n";
    literal(block);
  }

  void body(const Mime& mime, const char* child_disposition) {
    const std::string& b = mime.boundary_;
    if (mime.parts_.empty()) {
      literal("--" + b + "--\r\n");
      return;
    }
    bool first = true;
    for (const auto& part : mime.parts_) {
      literal((first ? "--" : "\r\n--") + b + "\r\n");
      first = false;
      const char* type = nullptr;
      headers(*part, child_disposition, type);
      if (part->kind_ == PartKind::kMultipart && part->subparts_)
        body(*part->subparts_, type_matches(type, "multipart/form-data") ? "form-data" : nullptr);
      else
        content(*part);
    }
    literal("\r\n--" + b + "--\r\n");
  }
};

}  // namespace

const char* encoder_name(Encoder e) {
  for (const auto& entry : kEncoders)
    if (entry.encoder == e) return entry.name;
  return nullptr;
}

bool encoder_from_name(const char* name, Encoder& out) {
  for (const auto& entry : kEncoders) {
    if (strcasecmp(name, entry.name) == 0) {
      out = entry.encoder;
      return true;
    }
  }
  return false;
}

MimePart::~MimePart() {
  clear_content(*this);
  clear_headers(*this);
}

void clear_content(MimePart& part) {
  curl_free_callback free_fn = part.free_;
  void* arg = part.arg_;
  curl_mime* sub = part.subparts_;
  bool owned = part.owns_subparts_;
  part.kind_ = PartKind::kNone;
  part.data_.clear();
  part.data_.shrink_to_fit();
  part.data_size_ = 0;
  part.read_ = nullptr;
  part.seek_ = nullptr;
  part.free_ = nullptr;
  part.arg_ = nullptr;
  part.subparts_ = nullptr;
  part.owns_subparts_ = false;
  // Cleared before the callbacks run so that a re-entrant call sees an empty part.
  if (free_fn) free_fn(arg);
  if (sub) {
    sub->parent_ = nullptr;
    if (owned) destroy_mime(sub);
  }
}

void clear_headers(MimePart& part) {
  if (part.owns_headers_) curl_slist_free_all(part.user_headers_);
  part.user_headers_ = nullptr;
  part.owns_headers_ = false;
}

Status set_subparts(curl_mimepart* part, curl_mime* sub, bool take_ownership) {
  if (!part) return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "no mime part");
  if (part->kind_ == PartKind::kMultipart && part->subparts_ == sub) return Status::ok();
  clear_content(*part);
  if (!sub) return Status::ok();
  if (sub->parent_) return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "mime already attached");
  // Walking up from the part must not meet `sub`, or the tree would contain itself.
  for (curl_mime* up = part->parent_; up; up = up->parent_ ? up->parent_->parent_ : nullptr) {
    if (up == sub) return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "mime would contain itself");
  }
  sub->parent_ = part;
  part->subparts_ = sub;
  part->owns_subparts_ = take_ownership;
  part->data_size_ = -1;
  part->kind_ = PartKind::kMultipart;
  return Status::ok();
}

void destroy_mime(curl_mime* mime) {
  if (!mime) return;
  if (curl_mimepart* holder = mime->parent_) {
    // The holder must not free this mime again nor keep a dangling pointer to it.
    holder->owns_subparts_ = false;
    clear_content(*holder);
  }
  // Parts go first to last, as the application added them, so free callbacks run in order.
  for (auto& part : mime->parts_) part.reset();
  delete mime;
}

curl_mime* new_mime() {
  auto mime = std::make_unique<curl_mime>();
  mime->boundary_ = make_boundary();
  return mime.release();
}

curl_mimepart* add_part(curl_mime* mime) {
  auto part = std::make_unique<curl_mimepart>();
  part->parent_ = mime;
  mime->parts_.push_back(std::move(part));
  return mime->parts_.back().get();
}

void set_data(MimePart& part, const char* data, std::size_t size) {
  std::string copy(data, size);
  clear_content(part);
  part.data_ = std::move(copy);
  part.data_size_ = static_cast<std::int64_t>(size);
  part.kind_ = PartKind::kData;
}

Status set_file(MimePart& part, const char* path) {
  std::string copy(path);
  std::string base = copy;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  if (auto slash = base.rfind('/'); slash != std::string::npos && base.size() > 1) base.erase(0, slash + 1);
  clear_content(part);
  Status result = Status::ok();
  struct stat st {};
  bool readable = ::stat(path, &st) == 0 && ::access(path, R_OK) == 0;
  if (!readable) result = Status::fail(CURLE_READ_ERROR, "cannot read the file of a mime part");
  part.data_ = std::move(copy);
  part.data_size_ = (readable && S_ISREG(st.st_mode)) ? static_cast<std::int64_t>(st.st_size) : -1;
  part.kind_ = PartKind::kFile;
  part.filename_ = std::move(base);
  return result;
}

void set_callback(MimePart& part, std::int64_t size, curl_read_callback read_fn,
                  curl_seek_callback seek_fn, curl_free_callback free_fn, void* arg) {
  clear_content(part);
  if (!read_fn) return;
  part.read_ = read_fn;
  part.seek_ = seek_fn;
  part.free_ = free_fn;
  part.arg_ = arg;
  part.data_size_ = size;
  part.kind_ = PartKind::kCallback;
}

void set_headers(MimePart& part, curl_slist* headers, bool take_ownership) {
  if (part.owns_headers_ && part.user_headers_ != headers) curl_slist_free_all(part.user_headers_);
  part.user_headers_ = headers;
  part.owns_headers_ = headers && take_ownership;
}

namespace {

void copy_into(MimePart& dst, const MimePart& src) {
  switch (src.kind_) {
    case PartKind::kNone: break;
    case PartKind::kData: set_data(dst, src.data_.data(), src.data_.size()); break;
    case PartKind::kFile:
      // As libcurl's duplicate: the path is recorded even when the file is unreadable now.
      (void)set_file(dst, src.data_.c_str());
      break;
    case PartKind::kCallback:
      set_callback(dst, src.data_size_, src.read_, src.seek_, src.free_, src.arg_);
      break;
    case PartKind::kMultipart: {
      // Nobody else knows the copy, so dst owns it.
      curl_mime* sub = new_mime();
      (void)set_subparts(static_cast<curl_mimepart*>(&dst), sub, true);
      for (const auto& part : src.subparts_->parts_) copy_into(*add_part(sub), *part);
      break;
    }
  }
  if (src.user_headers_) {
    curl_slist* copy = nullptr;
    for (const curl_slist* h = src.user_headers_; h; h = h->next) {
      curl_slist* grown = curl_slist_append(copy, h->data);
      if (!grown) {
        curl_slist_free_all(copy);
        throw std::bad_alloc();
      }
      copy = grown;
    }
    set_headers(dst, copy, true);
  }
  dst.encoder_ = src.encoder_;
  dst.type_ = src.type_;
  dst.name_ = src.name_;
  dst.filename_ = src.filename_;
}

}  // namespace

void duplicate_part(MimePart& dst, const MimePart& src) {
  try {
    copy_into(dst, src);
  } catch (...) {
    clear_content(dst);
    clear_headers(dst);
    throw;
  }
}

std::string make_boundary() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string b(24, '-');
  std::uint64_t bits = rng();
  for (int i = 0; i < 16; ++i) {
    b += kHex[bits & 0xf];
    bits >>= 4;
  }
  return b;
}

void set_boundary(curl_mime* mime, std::string_view boundary) {
  if (mime) mime->boundary_.assign(boundary);
}

const char* content_type_for_filename(const char* filename) {
  if (!filename) return nullptr;
  std::size_t len = std::strlen(filename);
  for (const auto& entry : kExtensionTypes) {
    std::size_t elen = std::strlen(entry.extension);
    if (len >= elen && strcasecmp(filename + len - elen, entry.extension) == 0) return entry.type;
  }
  return nullptr;
}

std::int64_t encoded_content_size(const MimePart& part) {
  std::int64_t raw = 0;
  switch (part.kind_) {
    case PartKind::kNone: return 0;
    case PartKind::kData: raw = static_cast<std::int64_t>(part.data_.size()); break;
    case PartKind::kFile:
    case PartKind::kCallback: raw = part.data_size_; break;
    case PartKind::kMultipart: return -1;  // flattened by the layout, never asked here
  }
  switch (part.encoder_) {
    case Encoder::kBase64: {
      if (raw <= 0) return raw;
      std::int64_t chars = 4 * (1 + (raw - 1) / 3);
      return chars + 2 * ((chars - 1) / 76);
    }
    case Encoder::kQuotedPrintable:
      // Only encoding tells how long the result is.
      return raw == 0 ? 0 : -1;
    default: return raw;
  }
}

Status build_layout(const curl_mime* mime, const LayoutOptions& options, Layout& out) {
  out = Layout{};
  const char* type = options.content_type ? options.content_type : "multipart/form-data";
  out.content_type = type;
  // An empty form list has no mime at all: the type goes out without a boundary, no body.
  if (mime) {
    out.content_type += "; boundary=";
    out.content_type += mime->boundary_;
  }
  LayoutBuilder builder{out, options.form_escape};
  if (options.with_top_headers) builder.literal("Content-Type: " + out.content_type + "\r\n\r\n");
  if (mime) builder.body(*mime, type_matches(type, "multipart/form-data") ? "form-data" : nullptr);
  return Status::ok();
}

}  // namespace xfer::http
