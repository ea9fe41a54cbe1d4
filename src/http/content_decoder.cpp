// ContentDecoder: gzip/deflate (zlib), br (libbrotlidec) and zstd (libzstd) decoding stages
// chained in Content-Encoding order.
#include "http/content_decoder.h"

#include "util/ascii.h"

#include <strings.h>

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
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

// The list names what ContentDecoder::built_in_codings() offers, in the same order.
constexpr Status kUnknownCoding = Status::fail(CURLE_BAD_CONTENT_ENCODING,
                                               "Unrecognized content encoding type. libcurl "
                                               "understands deflate, gzip, br, zstd content "
                                               "encodings.");
constexpr Status kTooManyCodings = Status::fail(
    CURLE_BAD_CONTENT_ENCODING, "Reject response due to more than 5 content encodings");
constexpr Status kOutOfMemory = Status::fail(CURLE_OUT_OF_MEMORY, "out of memory");
// Bytes after the end of a compressed stream: libcurl fails with a write error and leaves
// ERRORBUFFER empty, hence no reason.
constexpr Status kTrailingGarbage = Status::fail(CURLE_WRITE_ERROR, nullptr);
constexpr Status kAbortedByOutput = Status::fail(CURLE_WRITE_ERROR, nullptr);
// libcurl 7.88 reports brotli and zstd failures by code alone: ERRORBUFFER stays empty.
constexpr Status kCorruptSilently = Status::fail(CURLE_BAD_CONTENT_ENCODING, nullptr);
constexpr Status kAlreadyFailed =
    Status::fail(CURLE_BAD_CONTENT_ENCODING, "content decoding already failed");

// zlib's messages are static literals; the reason has to be one too, so each known message
// maps to a prefixed literal (the errorbuffer text libcurl shows).
Status zlib_failure(const z_stream& z) {
  static constexpr const char* kReasons[] = {
      "Error while processing content unencoding: incorrect header check",
      "Error while processing content unencoding: unknown compression method",
      "Error while processing content unencoding: invalid window size",
      "Error while processing content unencoding: unknown header flags set",
      "Error while processing content unencoding: header crc mismatch",
      "Error while processing content unencoding: invalid block type",
      "Error while processing content unencoding: invalid stored block lengths",
      "Error while processing content unencoding: too many length or distance symbols",
      "Error while processing content unencoding: invalid code lengths set",
      "Error while processing content unencoding: invalid bit length repeat",
      "Error while processing content unencoding: invalid code -- missing end-of-block",
      "Error while processing content unencoding: invalid literal/lengths set",
      "Error while processing content unencoding: invalid distances set",
      "Error while processing content unencoding: invalid literal/length code",
      "Error while processing content unencoding: invalid distance code",
      "Error while processing content unencoding: invalid distance too far back",
      "Error while processing content unencoding: incorrect data check",
      "Error while processing content unencoding: incorrect length check",
  };
  constexpr std::size_t kPrefix = sizeof("Error while processing content unencoding: ") - 1;
  if (z.msg) {
    for (const char* reason : kReasons)
      if (std::strcmp(reason + kPrefix, z.msg) == 0)
        return Status::fail(CURLE_BAD_CONTENT_ENCODING, reason);
  }
  return Status::fail(CURLE_BAD_CONTENT_ENCODING,
                      "Error while processing content unencoding: Unknown failure within "
                      "decompression software.");
}

enum class Coding { kGzip, kDeflate, kBrotli, kZstd, kUnknown };

bool is_identity(std::string_view name) {
  return ascii_iequals(name, "identity") || ascii_iequals(name, "none");
}

Coding coding_of(std::string_view name) {
  if (ascii_iequals(name, "gzip") || ascii_iequals(name, "x-gzip")) return Coding::kGzip;
  if (ascii_iequals(name, "deflate")) return Coding::kDeflate;
  if (ascii_iequals(name, "br")) return Coding::kBrotli;
  if (ascii_iequals(name, "zstd")) return Coding::kZstd;
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

// One decoding stage: bytes in (any split), decoded pieces out through the stage's own
// buffer of kPieceSize bytes.
class Stage {
 public:
  virtual ~Stage() = default;
  virtual Status start() = 0;
  virtual Status write(const char* in, std::size_t len, const Sink& next) = 0;
  // The body ended. libcurl 7.88 checks no coding for a complete stream.
  virtual Status finish() { return Status::ok(); }
};

// gzip or deflate: a zlib inflater.
class ZlibStage final : public Stage {
 public:
  enum class State {
    kProbing,   // deflate only: no output yet, a data error may mean a raw stream
    kInflating,
    kTrailer,   // raw deflate ended; up to a few more bytes are tolerated
    kEnded,
    kFailed,
  };

  ZlibStage(Coding coding, char* buffer) : coding_(coding), buffer_(buffer) {}
  ~ZlibStage() override {
    if (zlib_live_) inflateEnd(&z_);
  }
  ZlibStage(const ZlibStage&) = delete;
  ZlibStage& operator=(const ZlibStage&) = delete;

  Status start() override {
    std::memset(&z_, 0, sizeof z_);
    // gzip accepts a zlib wrapper as well (zlib's automatic header detection), like libcurl.
    int bits = coding_ == Coding::kGzip ? MAX_WBITS + 32 : MAX_WBITS;
    if (inflateInit2(&z_, bits) != Z_OK) return kOutOfMemory;
    zlib_live_ = true;
    state_ = coding_ == Coding::kDeflate ? State::kProbing : State::kInflating;
    return Status::ok();
  }

  Status write(const char* in, std::size_t len, const Sink& next) override {
    switch (state_) {
      case State::kProbing: return step_probing(in, len, next);
      case State::kInflating: return step_inflating(in, len, next);
      case State::kTrailer: return step_trailer(len);
      case State::kEnded: return step_ended(len);
      case State::kFailed: return step_failed(len);
    }
    return Status::ok();
  }


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
    return kAlreadyFailed;
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

// libcurl 7.88 sorts brotli's errors three ways: malformed data is a content-encoding
// failure, failed allocations are out of memory, and the rest (a reserved bit set, a
// distance beyond the window, the library's own "unreachable") surface as a write error.
Status brotli_failure(BrotliDecoderErrorCode error) {
  switch (error) {
    case BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE:
    case BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE:
    case BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET:
    case BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME:
    case BROTLI_DECODER_ERROR_FORMAT_CL_SPACE:
    case BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE:
    case BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT:
    case BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1:
    case BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2:
    case BROTLI_DECODER_ERROR_FORMAT_TRANSFORM:
    case BROTLI_DECODER_ERROR_FORMAT_DICTIONARY:
    case BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS:
    case BROTLI_DECODER_ERROR_FORMAT_PADDING_1:
    case BROTLI_DECODER_ERROR_FORMAT_PADDING_2:
    case BROTLI_DECODER_ERROR_INVALID_ARGUMENTS:
      return kCorruptSilently;
    case BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES:
    case BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS:
    case BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP:
    case BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1:
    case BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2:
    case BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES:
      return kOutOfMemory;
    default:
      return Status::fail(CURLE_WRITE_ERROR, nullptr);
  }
}

// br: a brotli decoder. Its memory is bounded by the stream's window (at most 16 MiB, as
// the format allows; libcurl sets no lower cap either), whatever the body's length.
class BrotliStage final : public Stage {
 public:
  explicit BrotliStage(char* buffer) : buffer_(buffer) {}
  ~BrotliStage() override { release(); }
  BrotliStage(const BrotliStage&) = delete;
  BrotliStage& operator=(const BrotliStage&) = delete;

  Status start() override {
    state_ = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    return state_ ? Status::ok() : kOutOfMemory;
  }

  // As in libcurl, a stream that has ended takes no more bytes (a write error, no reason),
  // and a failed one stays failed.
  Status write(const char* in, std::size_t len, const Sink& next) override {
    if (len == 0) return Status::ok();
    if (ended_) return kTrailingGarbage;
    if (!state_) return kAlreadyFailed;
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(in);
    std::size_t avail_in = len;
    for (;;) {
      auto* next_out = reinterpret_cast<std::uint8_t*>(buffer_);
      std::size_t avail_out = kPieceSize;
      BrotliDecoderResult r =
          BrotliDecoderDecompressStream(state_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
      // Whatever came out before an error is delivered, as libcurl does.
      std::size_t produced = kPieceSize - avail_out;
      if (produced > 0 && !next(buffer_, produced)) return fail(kAbortedByOutput);
      switch (r) {
        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
          continue;
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
          return Status::ok();
        case BROTLI_DECODER_RESULT_SUCCESS:
          release();
          ended_ = true;
          return avail_in > 0 ? kTrailingGarbage : Status::ok();
        case BROTLI_DECODER_RESULT_ERROR:
          break;
      }
      return fail(brotli_failure(BrotliDecoderGetErrorCode(state_)));
    }
  }

 private:
  Status fail(Status s) {
    release();
    return s;
  }

  void release() {
    if (state_) BrotliDecoderDestroyInstance(state_);
    state_ = nullptr;
  }

  char* buffer_;
  BrotliDecoderState* state_ = nullptr;
  bool ended_ = false;
};

// zstd: a zstd stream decoder. Frames may follow one another (each is decoded, as libcurl
// does); bytes that start no frame fail. Memory is bounded by the frame's window, which
// libzstd caps at 128 MiB by default (libcurl keeps that default).
//
// libzstd (1.5) checks the first bytes of a frame it gets in a call too short to read the
// frame's start (kFrameStart bytes) against the current magic numbers, and recognises a
// legacy frame (an older format's magic) only in a call that holds that start whole. So a
// legacy frame read in one piece decodes, and fails when its first bytes are split: here
// such a start (at most 4 bytes, copied) is held until the call that completes it, and a
// legacy frame decodes however the body is split. Any other short start goes on at once,
// as libzstd judges those the same at any split.
class ZstdStage final : public Stage {
 public:
  explicit ZstdStage(char* buffer) : buffer_(buffer) {}
  ~ZstdStage() override { release(); }
  ZstdStage(const ZstdStage&) = delete;
  ZstdStage& operator=(const ZstdStage&) = delete;

  Status start() override {
    stream_ = ZSTD_createDStream();
    return stream_ ? Status::ok() : kOutOfMemory;
  }

  Status write(const char* in, std::size_t len, const Sink& next) override {
    if (len == 0) return Status::ok();
    if (!stream_) return kAlreadyFailed;
    while (held_ > 0 && len > 0) {
      const std::size_t take = std::min(kFrameStart - held_, len);
      std::memcpy(start_ + held_, in, take);
      in += take;
      len -= take;
      const std::size_t n = held_ + take;
      held_ = 0;
      if (Status st = decode(start_, n, next, false); !st) return st;
    }
    return len > 0 ? decode(in, len, next, false) : Status::ok();
  }

  // A legacy frame's start still held when the body ends goes to libzstd as it is: read in
  // one piece, libzstd would have refused it (it is no current magic number's start).
  Status finish() override {
    if (held_ == 0 || !stream_) return Status::ok();
    const std::size_t n = held_;
    held_ = 0;
    return decode(start_, n, [](const char*, std::size_t) { return true; }, true);
  }

 private:
  // What libzstd reads of a frame before it judges it: the magic number and one byte.
  static constexpr std::size_t kFrameStart = 5;

  // Whether n bytes (fewer than kFrameStart) may begin a legacy frame: a magic number
  // 0xFD2FB51E or 0xFD2FB522 to 0xFD2FB527 (formats v0.1 to v0.7), little-endian.
  static bool legacy_start(const char* p, std::size_t n) {
    static constexpr unsigned char kRest[] = {0xB5, 0x2F, 0xFD};
    const auto first = static_cast<unsigned char>(p[0]);
    if (first != 0x1E && (first < 0x22 || first > 0x27)) return false;
    for (std::size_t i = 1; i < n && i < 4; ++i)
      if (static_cast<unsigned char>(p[i]) != kRest[i - 1]) return false;
    return true;
  }

  Status decode(const char* in, std::size_t len, const Sink& next, bool at_end) {
    ZSTD_inBuffer input{in, len, 0};
    for (;;) {
      const std::size_t left = input.size - input.pos;
      const char* rest = static_cast<const char*>(input.src) + input.pos;
      if (at_frame_start_ && !at_end && left > 0 && left < kFrameStart && legacy_start(rest, left)) {
        held_ = left;
        std::memmove(start_, rest, left);
        return Status::ok();
      }
      ZSTD_outBuffer output{buffer_, kPieceSize, 0};
      std::size_t rc = ZSTD_decompressStream(stream_, &output, &input);
      // libcurl drops the output of the failing call and leaves ERRORBUFFER empty, for
      // allocation failures inside libzstd as well.
      if (ZSTD_isError(rc)) return fail(kCorruptSilently);
      // 0: a frame ended and all of it is out, so the next byte starts another.
      at_frame_start_ = rc == 0;
      if (output.pos > 0 && !next(buffer_, output.pos)) return fail(kAbortedByOutput);
      if (input.pos == input.size && output.pos < output.size) return Status::ok();
    }
  }

  Status fail(Status s) {
    release();
    return s;
  }

  void release() {
    if (stream_) ZSTD_freeDStream(stream_);
    stream_ = nullptr;
  }

  char* buffer_;
  ZSTD_DStream* stream_ = nullptr;
  bool at_frame_start_ = true;
  char start_[kFrameStart] = {};
  std::size_t held_ = 0;
};

std::unique_ptr<Stage> make_stage(Coding coding, char* buffer) {
  switch (coding) {
    case Coding::kGzip:
    case Coding::kDeflate:
      return std::make_unique<ZlibStage>(coding, buffer);
    case Coding::kBrotli:
      return std::make_unique<BrotliStage>(buffer);
    case Coding::kZstd:
      return std::make_unique<ZstdStage>(buffer);
    case Coding::kUnknown:
      break;
  }
  return nullptr;
}

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

Status ContentDecoder::init(std::string_view content_encoding, std::string_view transfer_encoding) {
  std::string all(content_encoding);
  for_each_coding(transfer_encoding, [&](std::string_view name) {
    if (name.size() == 7 && strncasecmp(name.data(), "chunked", 7) == 0) return;
    if (!all.empty()) all += ", ";
    all.append(name);
  });
  return init(all);
}

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
    std::unique_ptr<Stage> stage = make_stage(c, impl_->buffers.get() + i * kPieceSize);
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

const char* ContentDecoder::built_in_codings() { return "deflate, gzip, br, zstd"; }

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
