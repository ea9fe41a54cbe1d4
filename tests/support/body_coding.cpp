// Compresses reply bodies with zlib, libbrotlienc and libzstd for the coding URL parameters.
#include "body_coding.h"

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>

namespace xfer::test {
namespace {

std::string zlib_encode(std::string_view body, BodyCoding coding) {
  // zlib picks the wrapper from the window bits: +16 gzip, negative raw, plain zlib.
  int bits = coding == BodyCoding::gzip ? MAX_WBITS + 16
             : coding == BodyCoding::raw_deflate ? -MAX_WBITS
                                                 : MAX_WBITS;
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return {};
  return out;
}

std::string brotli_encode(std::string_view body) {
  std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) return {};
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                             body.size(), reinterpret_cast<const std::uint8_t*>(body.data()),
                             &size, reinterpret_cast<std::uint8_t*>(out.data())))
    return {};
  out.resize(size);
  return out;
}

std::string zstd_encode(std::string_view body) {
  std::string out(ZSTD_compressBound(body.size()), '\0');
  std::size_t size = ZSTD_compress(out.data(), out.size(), body.data(), body.size(), 3);
  if (ZSTD_isError(size)) return {};
  out.resize(size);
  return out;
}

}  // namespace

std::string encode_body(std::string_view body, BodyCoding coding) {
  switch (coding) {
    case BodyCoding::brotli: return brotli_encode(body);
    case BodyCoding::zstd: return zstd_encode(body);
    case BodyCoding::gzip:
    case BodyCoding::zlib:
    case BodyCoding::raw_deflate: break;
  }
  return zlib_encode(body, coding);
}

}  // namespace xfer::test
