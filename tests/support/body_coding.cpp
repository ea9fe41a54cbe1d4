// Compresses reply bodies with zlib for the gzip=/deflate= URL parameters.
#include "body_coding.h"

#include <zlib.h>

namespace xfer::test {

std::string encode_body(std::string_view body, BodyCoding coding) {
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

}  // namespace xfer::test
