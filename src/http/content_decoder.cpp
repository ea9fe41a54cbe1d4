// ContentDecoder: zlib-backed gzip/deflate decoding stages chained in Content-Encoding order.
#include "http/content_decoder.h"

#include "util/ascii.h"

#include <strings.h>

#include <zlib.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace xfer::http {
namespace {

constexpr std::size_t kPieceSize = 16 * 1024;
// libcurl refuses a response stacking more codings than this (CVE-2023-23916), and counts
// "identity" and unknown codings too.
constexpr std::size_t kMaxCodings = 5;
// After a raw deflate stream (the fallback for servers that omit the zlib wrapper) libcurl
// lets this many bytes of whatever trailer the server appended pass unread.
constexpr std::size_t kRawTrailerAllowance = 4;

constexpr Status kUnknownCoding = Status::fail(
    CURLE_BAD_CONTENT_ENCODING,
    "Unrecognized content encoding type. libcurl understands deflate, gzip content encodings.");
constexpr Status kTooManyCodings = Status::fail(
    CURLE_BAD_CONTENT_ENCODING, "Reject response due to more than 5 content encodings");
constexpr Status kOutOfMemory = Status::fail(CURLE_OUT_OF_MEMORY, "out of memory");
// Bytes after the end of a compressed stream: libcurl fails with a write error and leaves
// ERRORBUFFER empty, hence no reason.
constexpr Status kTrailingGarbage = Status::fail(CURLE_WRITE_ERROR, nullptr);
constexpr Status kAbortedByOutput = Status::fail(CURLE_WRITE_ERROR, nullptr);

// zlib's messages are static literals; the reason has to be one too, so each known message
// maps to a prefixed literal (the errorbuffer text libcurl shows).
Status zlib_failure(const z_stream& z) {
  static constexpr const char* kReasons[] = {
      "Content decoding failed: incorrect header check",
      "Content decoding failed: unknown compression method",
      "Content decoding failed: invalid window size",
      "Content decoding failed: unknown header flags set",
      "Content decoding failed: header crc mismatch",
      "Content decoding failed: invalid block type",
      "Content decoding failed: invalid stored block lengths",
      "Content decoding failed: too many length or distance symbols",
      "Content decoding failed: invalid code lengths set",
      "Content decoding failed: invalid bit length repeat",
      "Content decoding failed: invalid code -- missing end-of-block",
      "Content decoding failed: invalid literal/lengths set",
      "Content decoding failed: invalid distances set",
      "Content decoding failed: invalid literal/length code",
      "Content decoding failed: invalid distance code",
      "Content decoding failed: invalid distance too far back",
      "Content decoding failed: incorrect data check",
      "Content decoding failed: incorrect length check",
  };
  constexpr std::size_t kPrefix = sizeof("Content decoding failed: ") - 1;
  if (z.msg) {
    for (const char* reason : kReasons)
      if (std::strcmp(reason + kPrefix, z.msg) == 0)
        return Status::fail(CURLE_BAD_CONTENT_ENCODING, reason);
  }
  return Status::fail(CURLE_BAD_CONTENT_ENCODING,
                      "Content decoding failed: Unknown failure within "
                      "decompression software.");
}

enum class Coding { kGzip, kDeflate, kUnknown };


bool is_identity(std::string_view name) {
  return ascii_iequals(name, "identity") || ascii_iequals(name, "none");
}

Coding coding_of(std::string_view name) {
  if (ascii_iequals(name, "gzip") || ascii_iequals(name, "x-gzip")) return Coding::kGzip;
  if (ascii_iequals(name, "deflate")) return Coding::kDeflate;
  return Coding::kUnknown;
}

// Splits the list as libcurl reads it: blanks and commas separate, a name runs to the next
// comma with trailing whitespace dropped.
template <typename Fn>
void for_each_coding(std::string_view list, Fn&& fn) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == '\t' || list[i] == ',')) ++i;
    std::size_t start = i;
    std::size_t len = 0;
    for (; i < list.size() && list[i] != ','; ++i) {
      char c = list[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f')
        len = i - start + 1;
    }
    if (len > 0) fn(list.substr(start, len));
  }
}

using Sink = std::function<bool(const char*, std::size_t)>;

// One decoding stage: a zlib inflater and the buffer its output goes through.
class Stage {
 public:
  enum class State {
    kProbing,   // deflate only: no output yet, a data error may mean a raw stream
    kInflating,
    kTrailer,   // raw deflate ended; up to a few more bytes are tolerated
    kEnded,
    kFailed,
  };

  Stage(Coding coding, char* buffer) : coding_(coding), buffer_(buffer) {}
  ~Stage() {
    if (zlib_live_) inflateEnd(&z_);
  }
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

  Status start() {
    std::memset(&z_, 0, sizeof z_);
    // gzip accepts a zlib wrapper as well (zlib's automatic header detection), like libcurl.
    int bits = coding_ == Coding::kGzip ? MAX_WBITS + 32 : MAX_WBITS;
    if (inflateInit2(&z_, bits) != Z_OK) return kOutOfMemory;
    zlib_live_ = true;
    state_ = coding_ == Coding::kDeflate ? State::kProbing : State::kInflating;
    return Status::ok();
  }

  Status write(const char* in, std::size_t len, const Sink& next) {
    switch (state_) {
      case State::kProbing: return step_probing(in, len, next);
      case State::kInflating: return step_inflating(in, len, next);
      case State::kTrailer: return step_trailer(len);
      case State::kEnded: return step_ended(len);
      case State::kFailed: return step_failed(len);
    }
    return Status::ok();
  }

  // The body ended. libcurl 7.88 does not check that a compressed stream was complete.
  Status finish() { return Status::ok(); }

 private:
  // Keeps what it consumed until output appears, so a restart as raw deflate sees the whole
  // stream however the body was split.
  Status step_probing(const char* in, std::size_t len, const Sink& next) {
    probed_.append(in, len);
    Status s = inflate_some(in, len, next);
    if (state_ != State::kProbing) {
      std::string().swap(probed_);
      return s;
    }
    if (s.is_ok()) return s;
    return restart_raw(next);
  }

  // Some servers send deflate without the zlib wrapper; libcurl retries such a body as a
  // raw stream when the wrapped reading fails before producing anything.
  Status restart_raw(const Sink& next) {
    inflateEnd(&z_);
    zlib_live_ = false;
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) {
      state_ = State::kFailed;
      return kOutOfMemory;
    }
    zlib_live_ = true;
    state_ = State::kInflating;
    trailer_left_ = kRawTrailerAllowance;
    std::string retry;
    retry.swap(probed_);
    return inflate_some(retry.data(), retry.size(), next);
  }

  Status step_inflating(const char* in, std::size_t len, const Sink& next) {
    return inflate_some(in, len, next);
  }

  Status step_trailer(std::size_t len) {
    std::size_t take = len < trailer_left_ ? len : trailer_left_;
    trailer_left_ -= take;
    if (len > take) return fail(kTrailingGarbage);
    if (trailer_left_ == 0) end_stream();
    return Status::ok();
  }

  Status step_ended(std::size_t len) {
    if (len == 0) return Status::ok();
    state_ = State::kFailed;
    return kTrailingGarbage;
  }

  // The engine stops feeding after an error; should it not, the stage stays failed.
  Status step_failed(std::size_t len) {
    if (len == 0) return Status::ok();
    return Status::fail(CURLE_BAD_CONTENT_ENCODING, "content decoding already failed");
  }

  // Runs zlib over the input, passing each buffer-full downstream. A probe that meets a data
  // error before any output stays in kProbing so the caller can restart it.
  Status inflate_some(const char* in, std::size_t len, const Sink& next) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    z_.avail_in = static_cast<uInt>(len);
    for (;;) {
      z_.next_out = reinterpret_cast<Bytef*>(buffer_);
      z_.avail_out = static_cast<uInt>(kPieceSize);
      int rc = inflate(&z_, Z_SYNC_FLUSH);
      std::size_t out_len = kPieceSize - z_.avail_out;
      if (out_len > 0 && (rc == Z_OK || rc == Z_STREAM_END)) {
        if (state_ == State::kProbing) state_ = State::kInflating;
        if (!next(buffer_, out_len)) {
          state_ = State::kFailed;
          return kAbortedByOutput;
        }
      }
      if (rc == Z_STREAM_END) return after_stream_end();
      if (rc == Z_BUF_ERROR) return Status::ok();  // needs more input
      if (rc != Z_OK) {
        Status s = rc == Z_MEM_ERROR ? kOutOfMemory : zlib_failure(z_);
        // A probe keeps its state so the caller can restart it as raw deflate.
        if (!(state_ == State::kProbing && rc == Z_DATA_ERROR)) state_ = State::kFailed;
        return s;
      }
      if (z_.avail_in == 0 && z_.avail_out != 0) return Status::ok();
    }
  }

  Status after_stream_end() {
    std::size_t left = z_.avail_in;
    std::size_t take = left < trailer_left_ ? left : trailer_left_;
    trailer_left_ -= take;
    if (left > take) return fail(kTrailingGarbage);
    if (trailer_left_ > 0) {
      state_ = State::kTrailer;
      return Status::ok();
    }
    end_stream();
    return Status::ok();
  }

  void end_stream() {
    if (zlib_live_) inflateEnd(&z_);
    zlib_live_ = false;
    state_ = State::kEnded;
  }

  Status fail(Status s) {
    end_stream();
    state_ = State::kFailed;
    return s;
  }

  Coding coding_;
  char* buffer_;
  z_stream z_{};
  bool zlib_live_ = false;
  State state_ = State::kFailed;
  std::size_t trailer_left_ = 0;
  std::string probed_;
};

}  // namespace

struct ContentDecoder::Impl {
  // In decoding order: the last coding the server applied comes first.
  std::vector<std::unique_ptr<Stage>> stages;
  std::unique_ptr<char[]> buffers;
  bool unknown = false;  // reported once the first body byte arrives, as libcurl does
  bool failed = false;

  Status push(std::size_t index, const char* data, std::size_t len, const Sink& out) {
    if (index == stages.size()) return out(data, len) ? Status::ok() : kAbortedByOutput;
    Status downstream = Status::ok();
    Sink next = [&](const char* d, std::size_t n) {
      downstream = push(index + 1, d, n, out);
      return downstream.is_ok();
    };
    Status s = stages[index]->write(data, len, next);
    return downstream.is_ok() ? s : downstream;
  }
};

ContentDecoder::ContentDecoder() : impl_(std::make_unique<Impl>()) {}
ContentDecoder::~ContentDecoder() = default;

Status ContentDecoder::init(std::string_view content_encoding) {
  impl_ = std::make_unique<Impl>();
  std::vector<Coding> codings;
  bool too_many = coding_count(content_encoding) > kMaxCodings;
  for_each_coding(content_encoding, [&](std::string_view name) {
    if (is_identity(name)) return;
    Coding c = coding_of(name);
    if (c == Coding::kUnknown) impl_->unknown = true;
    codings.push_back(c);
  });
  if (too_many) {
    impl_->failed = true;
    return kTooManyCodings;
  }
  if (impl_->unknown || codings.empty()) return Status::ok();

  impl_->buffers.reset(new (std::nothrow) char[kPieceSize * codings.size()]);
  if (!impl_->buffers) return kOutOfMemory;
  for (std::size_t i = 0; i < codings.size(); ++i) {
    Coding c = codings[codings.size() - 1 - i];
    auto stage = std::make_unique<Stage>(c, impl_->buffers.get() + i * kPieceSize);
    Status s = stage->start();
    if (!s) {
      impl_->stages.clear();
      impl_->failed = true;
      return s;
    }
    impl_->stages.push_back(std::move(stage));
  }
  return Status::ok();
}

std::size_t ContentDecoder::coding_count(std::string_view content_encoding) {
  std::size_t count = 0;
  for_each_coding(content_encoding, [&](std::string_view) { ++count; });
  return count;
}

std::size_t ContentDecoder::transfer_coding_count(std::string_view transfer_encoding) {
  std::size_t count = 0;
  for_each_coding(transfer_encoding, [&](std::string_view name) {
    if (!(name.size() == 7 && strncasecmp(name.data(), "chunked", 7) == 0)) ++count;
  });
  return count;
}

bool ContentDecoder::active() const {
  return impl_->unknown || !impl_->stages.empty();
}

Status ContentDecoder::feed(const char* in, std::size_t len, const Sink& out) {
  if (impl_->failed) return kTooManyCodings;
  if (len == 0) return Status::ok();
  if (impl_->unknown) return kUnknownCoding;
  if (impl_->stages.empty()) return out(in, len) ? Status::ok() : kAbortedByOutput;
  return impl_->push(0, in, len, out);
}

Status ContentDecoder::finish() {
  for (auto& stage : impl_->stages) {
    Status s = stage->finish();
    if (!s) return s;
  }
  return Status::ok();
}

}  // namespace xfer::http
