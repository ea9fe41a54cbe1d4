// MimeSource: walks a flattened mime, copying literal bytes and streaming part contents.
#include "http/mime_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <optional>
#include <vector>

#include "http/form_to_mime.h"
#include "http/mime_encoder.h"

namespace xfer::http {

namespace {

constexpr std::size_t kRawChunk = 4096;

ReadResult data(std::size_t n) { return {n, ReadStatus::kData, Status::ok()}; }
ReadResult eof() { return {0, ReadStatus::kEof, Status::ok()}; }
ReadResult failure(CURLcode code, const char* why) { return {0, ReadStatus::kError, Status::fail(code, why)}; }

// The raw bytes of one part's content, then its encoding; lives while that part streams.
class PartStream {
 public:
  explicit PartStream(const MimePart& part) : part_(part) {}
  ~PartStream() { close_file(); }
  PartStream(const PartStream&) = delete;
  PartStream& operator=(const PartStream&) = delete;

  ReadResult read(char* buf, std::size_t cap) {
    switch (part_.encoder_) {
      case Encoder::kBase64:
      case Encoder::kQuotedPrintable: return read_encoded(buf, cap);
      case Encoder::k7bit: {
        ReadResult r = read_raw(buf, cap);
        if (r.status == ReadStatus::kData) {
          for (std::size_t i = 0; i < r.n; ++i)
            if (static_cast<unsigned char>(buf[i]) & 0x80)
              return failure(CURLE_READ_ERROR, "8-bit data in a 7bit mime part");
        }
        return r;
      }
      default: return read_raw(buf, cap);
    }
  }

 private:
  ReadResult read_raw(char* buf, std::size_t cap) {
    std::int64_t limit = part_.data_size_;
    if (limit >= 0 && offset_ >= limit) return eof();
    switch (part_.kind_) {
      case PartKind::kData: {
        std::size_t left = part_.data_.size() - static_cast<std::size_t>(offset_);
        std::size_t n = left < cap ? left : cap;
        if (n == 0) return eof();
        std::memcpy(buf, part_.data_.data() + offset_, n);
        offset_ += static_cast<std::int64_t>(n);
        return data(n);
      }
      case PartKind::kFile: return read_file(buf, cap);
      case PartKind::kCallback: {
        std::size_t n = part_.read_(buf, 1, cap, part_.arg_);
        if (n == CURL_READFUNC_ABORT)
          return {0, ReadStatus::kAbort, Status::fail(CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback")};
        if (n == CURL_READFUNC_PAUSE) return {0, ReadStatus::kPause, Status::ok()};
        if (n > cap) return failure(CURLE_READ_ERROR, "The read callback returned more bytes than asked for");
        if (n == 0) return eof();
        offset_ += static_cast<std::int64_t>(n);
        return data(n);
      }
      default: return eof();
    }
  }

  ReadResult read_file(char* buf, std::size_t cap) {
    if (fd_ < 0) {
      fd_ = ::open(part_.data_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) return failure(CURLE_READ_ERROR, "cannot open the file of a mime part");
    }
    if (part_.data_size_ >= 0 && static_cast<std::int64_t>(cap) > part_.data_size_ - offset_)
      cap = static_cast<std::size_t>(part_.data_size_ - offset_);
    for (;;) {
      ssize_t n = ::read(fd_, buf, cap);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return failure(CURLE_READ_ERROR, "cannot read the file of a mime part");
      if (n == 0) {
        close_file();
        return eof();
      }
      offset_ += n;
      return data(static_cast<std::size_t>(n));
    }
  }

  ReadResult read_encoded(char* buf, std::size_t cap) {
    for (;;) {
      if (out_pos_ < out_.size()) {
        std::size_t n = out_.size() - out_pos_;
        if (n > cap) n = cap;
        std::memcpy(buf, out_.data() + out_pos_, n);
        out_pos_ += n;
        if (out_pos_ == out_.size()) {
          out_.clear();
          out_pos_ = 0;
        }
        return data(n);
      }
      if (raw_done_ && in_.empty()) return eof();
      if (!raw_done_) {
        char chunk[kRawChunk];
        ReadResult r = read_raw(chunk, sizeof chunk);
        if (r.status == ReadStatus::kEof) raw_done_ = true;
        else if (r.status != ReadStatus::kData) return r;
        in_.append(chunk, r.n);
      }
      std::size_t used = part_.encoder_ == Encoder::kBase64 ? base64_.encode(in_, raw_done_, out_)
                                                            : qp_.encode(in_, raw_done_, out_);
      in_.erase(0, used);
      if (raw_done_ && out_.empty()) in_.clear();  // nothing more can come out
    }
  }

  void close_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  const MimePart& part_;
  std::int64_t offset_ = 0;
  int fd_ = -1;
  bool raw_done_ = false;
  std::string in_;
  std::string out_;
  std::size_t out_pos_ = 0;
  Base64Encoder base64_;
  QuotedPrintableEncoder qp_;
};

struct MimeDeleter {
  void operator()(curl_mime* m) const { destroy_mime(m); }
};

class MimeSource final : public BodySource {
 public:
  MimeSource(Layout layout, std::unique_ptr<curl_mime, MimeDeleter> owned)
      : layout_(std::move(layout)), owned_(std::move(owned)), opened_(layout_.segments.size(), false) {}

  ReadResult read(char* buf, std::size_t cap) override {
    if (failed_) return *failed_;
    std::size_t filled = 0;
    while (filled < cap && index_ < layout_.segments.size()) {
      const Segment& seg = layout_.segments[index_];
      if (!seg.part) {
        std::size_t n = seg.bytes.size() - offset_;
        if (n > cap - filled) n = cap - filled;
        std::memcpy(buf + filled, seg.bytes.data() + offset_, n);
        filled += n;
        offset_ += n;
        if (offset_ == seg.bytes.size()) next_segment();
        continue;
      }
      // An application callback is called with an empty buffer, so that a pause or an
      // abort it returns never has to be held back behind bytes already copied.
      if (seg.part->kind_ == PartKind::kCallback && filled > 0) break;
      if (!stream_) {
        stream_ = std::make_unique<PartStream>(*seg.part);
        opened_[index_] = true;
      }
      ReadResult r = stream_->read(buf + filled, cap - filled);
      switch (r.status) {
        case ReadStatus::kData: filled += r.n; break;
        case ReadStatus::kEof: next_segment(); break;
        case ReadStatus::kPause:
          if (filled > 0) return data(filled);
          return r;
        case ReadStatus::kAbort:
        case ReadStatus::kError:
          failed_ = r;
          if (filled > 0) return data(filled);
          return r;
      }
    }
    return filled > 0 ? data(filled) : eof();
  }

  std::int64_t size() const override { return layout_.size; }

  bool rewind() override {
    // Parts already read must be able to start over; data and files always can.
    for (std::size_t i = 0; i < opened_.size(); ++i) {
      if (!opened_[i]) continue;
      const MimePart& part = *layout_.segments[i].part;
      if (part.kind_ != PartKind::kCallback) continue;
      if (!part.seek_ || part.seek_(part.arg_, 0, SEEK_SET) != CURL_SEEKFUNC_OK) return false;
    }
    stream_.reset();
    index_ = 0;
    offset_ = 0;
    failed_.reset();
    opened_.assign(opened_.size(), false);
    return true;
  }

 private:
  void next_segment() {
    stream_.reset();
    ++index_;
    offset_ = 0;
  }

  Layout layout_;
  std::unique_ptr<curl_mime, MimeDeleter> owned_;
  std::vector<bool> opened_;
  std::size_t index_ = 0;
  std::size_t offset_ = 0;
  std::unique_ptr<PartStream> stream_;
  std::optional<ReadResult> failed_;
};

std::unique_ptr<BodySource> make_source(curl_mime* mime, std::unique_ptr<curl_mime, MimeDeleter> owned,
                                        const MimeSourceOptions& options, std::string& content_type,
                                        Status& error) {
  LayoutOptions lo;
  lo.content_type = options.content_type;
  lo.form_escape = options.form_escape;
  lo.with_top_headers = options.with_top_headers;
  Layout layout;
  error = build_layout(mime, lo, layout);
  if (!error) return nullptr;
  content_type = layout.content_type;
  return std::make_unique<MimeSource>(std::move(layout), std::move(owned));
}

}  // namespace

std::unique_ptr<BodySource> make_mime_source(curl_mime* mime, std::string& content_type, Status& error) {
  return make_mime_source(mime, MimeSourceOptions{}, content_type, error);
}

std::unique_ptr<BodySource> make_mime_source(curl_mime* mime, const MimeSourceOptions& options,
                                             std::string& content_type, Status& error) {
  try {
    return make_source(mime, nullptr, options, content_type, error);
  } catch (const std::bad_alloc&) {
    error = Status::fail(CURLE_OUT_OF_MEMORY, "out of memory building a mime body");
    return nullptr;
  }
}

std::unique_ptr<BodySource> make_form_source(curl_httppost* post, std::string& content_type, Status& error) {
  return make_form_source(post, MimeSourceOptions{}, content_type, error);
}

std::unique_ptr<BodySource> make_form_source(curl_httppost* post, const MimeSourceOptions& options,
                                             std::string& content_type, Status& error) {
  try {
    curl_read_callback read_fn =
        options.form_read ? options.form_read : reinterpret_cast<curl_read_callback>(std::fread);
    curl_mime* mime = nullptr;
    error = form_to_mime(post, read_fn, mime);
    if (!error) return nullptr;
    std::unique_ptr<curl_mime, MimeDeleter> owned(mime);
    return make_source(mime, std::move(owned), options, content_type, error);
  } catch (const std::bad_alloc&) {
    error = Status::fail(CURLE_OUT_OF_MEMORY, "out of memory building a form body");
    return nullptr;
  }
}

}  // namespace xfer::http
