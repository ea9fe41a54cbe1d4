// The MIME tree behind curl_mime/curl_mimepart and its flattening into a byte layout.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

struct curl_mime;
struct curl_mimepart;

namespace xfer::http {

enum class PartKind : std::uint8_t { kNone, kData, kFile, kCallback, kMultipart };
enum class Encoder : std::uint8_t { kNone, kBinary, k8bit, k7bit, kBase64, kQuotedPrintable };

// The header value libcurl writes for each encoder ("base64", ...); nullptr for kNone.
const char* encoder_name(Encoder e);
// Case-insensitive lookup of an encoder by name; false when the name is unknown.
bool encoder_from_name(const char* name, Encoder& out);

struct MimePart {
  MimePart() = default;
  MimePart(const MimePart&) = delete;
  MimePart& operator=(const MimePart&) = delete;
  ~MimePart();

  curl_mime* parent_ = nullptr;
  PartKind kind_ = PartKind::kNone;
  std::optional<std::string> name_;
  std::optional<std::string> filename_;
  std::optional<std::string> type_;
  Encoder encoder_ = Encoder::kNone;
  curl_slist* user_headers_ = nullptr;
  bool owns_headers_ = false;
  std::string data_;            // the bytes of a kData part, the path of a kFile part
  std::int64_t data_size_ = 0;  // raw content size, -1 when unknown
  curl_read_callback read_ = nullptr;
  curl_seek_callback seek_ = nullptr;
  curl_free_callback free_ = nullptr;
  void* arg_ = nullptr;
  curl_mime* subparts_ = nullptr;
  bool owns_subparts_ = false;
};

struct Mime {
  curl_mimepart* parent_ = nullptr;  // the part this mime is attached to as subparts
  std::string boundary_;
  std::vector<std::unique_ptr<curl_mimepart>> parts_;
};

// Drops a part's content: runs its free callback, releases or unbinds its subparts.
void clear_content(MimePart& part);
// Drops the part's custom header list (freed only when the part owns it).
void clear_headers(MimePart& part);
// Attaches `sub` as the part's content; BAD_FUNCTION_ARGUMENT for a mime that is already
// attached somewhere or that would contain itself.
Status set_subparts(curl_mimepart* part, curl_mime* sub, bool take_ownership);
// Frees a mime and its parts, first detaching it from the part that holds it.
void destroy_mime(curl_mime* mime);
// A new empty mime with a random boundary (throws std::bad_alloc like any allocation).
curl_mime* new_mime();
// Appends an empty part to the mime.
curl_mimepart* add_part(curl_mime* mime);
// Content setters: each replaces what the part held before.
void set_data(MimePart& part, const char* data, std::size_t size);
// Records the path and its size (-1 unless a regular file) and names the part after the
// file; READ_ERROR when the file cannot be read now, though the part is set all the same.
Status set_file(MimePart& part, const char* path);
void set_callback(MimePart& part, std::int64_t size, curl_read_callback read_fn,
                  curl_seek_callback seek_fn, curl_free_callback free_fn, void* arg);
void set_headers(MimePart& part, curl_slist* headers, bool take_ownership);
// Copies src into dst (an empty part) as curl_easy_duphandle copies a handle's MIMEPOST:
// data and file parts by value (a file that cannot be read now is copied all the same),
// callback parts by their callbacks and argument (so the free callback runs once per
// copy), subparts as a new mime owned by dst with a boundary of its own, custom headers as
// a list dst owns, and name, filename, type and encoder. Throws std::bad_alloc; dst is
// left empty then.
void duplicate_part(MimePart& dst, const MimePart& src);
// A fresh random boundary: 24 dashes then 16 lowercase hex digits, as libcurl 7.88 makes.
std::string make_boundary();
// Test seam: replaces a mime's boundary so serialized bytes are predictable.
void set_boundary(curl_mime* mime, std::string_view boundary);
// The content type libcurl guesses from a file name's extension, or nullptr.
const char* content_type_for_filename(const char* filename);

// A flattened mime: literal bytes (boundaries, part headers) interleaved with references to
// part contents, which the source streams through the part's encoder.
struct Segment {
  std::string bytes;               // used when part == nullptr
  const MimePart* part = nullptr;  // a content segment
};

struct LayoutOptions {
  // Value of the application's own Content-Type request header, if it set one.
  const char* content_type = nullptr;
  // CURLMIMEOPT_FORMESCAPE: backslash-escape names instead of percent-encoding.
  bool form_escape = false;
  // curl_formget includes the top-level Content-Type header and blank line in the bytes.
  bool with_top_headers = false;
};

struct Layout {
  std::vector<Segment> segments;
  std::int64_t size = 0;     // -1 when some content size is unknown
  std::string content_type;  // request header value, boundary included
};

// A null mime (an empty form list) lays out as no body and a type without boundary.
Status build_layout(const curl_mime* mime, const LayoutOptions& options, Layout& out);

// Encoded size of a part's content (-1 unknown), as used in the layout size.
std::int64_t encoded_content_size(const MimePart& part);

}  // namespace xfer::http

// The C handles are the tree nodes themselves, so the API casts nothing.
struct curl_mimepart : xfer::http::MimePart {};
struct curl_mime : xfer::http::Mime {};
