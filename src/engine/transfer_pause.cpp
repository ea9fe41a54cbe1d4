// Transfer, output to the application and pausing: the write and header callbacks, what a
// paused transfer holds back, and curl_easy_pause.
#include <algorithm>
#include <cstdio>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"

namespace xfer {

CURLcode Transfer::set_pause(int bitmask) {
  // libcurl 7.88 answers CURLE_BAD_FUNCTION_ARGUMENT to a handle without a connection:
  // never run, not started yet, waiting for a slot, finished or removed.
  if (!attached_ || state_ < TransferState::kResolving || state_ == TransferState::kDone)
    return CURLE_BAD_FUNCTION_ARGUMENT;
  const bool recv_was = recv_paused_;
  const bool send_was = send_paused_;
  recv_paused_ = (bitmask & CURLPAUSE_RECV) != 0;
  send_paused_ = (bitmask & CURLPAUSE_SEND) != 0;
  if (recv_was && !recv_paused_ && state_ == TransferState::kReceiving) {
    // As libcurl does, output held back is handed over inside curl_easy_pause itself.
    Step s = Step::kWait;
    flush_held(s);
    if (state_ == TransferState::kDone) return CURLE_OK;
  }
  if ((recv_was && !recv_paused_) || (send_was && !send_paused_)) multi_.make_ready_soon(*this);
  return CURLE_OK;
}

Transfer::Step Transfer::paused_wait() {
  // An h2 connection goes on for its other streams: its link decides what to watch.
  if (H2Link* l = conn_->h2()) multi_.link_due(*l);
  else multi_.poller().update(conn_->slot, 0);
  return Step::kWait;
}

Transfer::Step Transfer::complete_or_hold() {
  if (!recv_paused_ && !send_paused_) return response_complete();
  // The response is all here, but the application paused: it ends once the held output is
  // out and, as in libcurl, not while sending stays paused either (a download included).
  held_complete_ = true;
  return paused_wait();
}

std::size_t Transfer::call_write(const char* data, std::size_t len) {
  const EasyOptions& o = easy_.opts;
  CallbackScope scope(multi_);
  return o.write_fn ? o.write_fn(const_cast<char*>(data), 1, len, o.write_data)
                    : std::fwrite(data, 1, len, static_cast<FILE*>(o.write_data));
}

std::size_t Transfer::call_header(const char* data, std::size_t len) {
  const EasyOptions& o = easy_.opts;
  CallbackScope scope(multi_);
  char* p = const_cast<char*>(data);
  if (o.header_fn) return o.header_fn(p, 1, len, o.header_data);
  if (o.write_fn) return o.write_fn(p, 1, len, o.header_data);
  return std::fwrite(p, 1, len, static_cast<FILE*>(o.header_data));
}

void Transfer::hold(std::uint8_t kind, std::uint8_t origin, const char* data, std::size_t len) {
  // libcurl keeps one buffer per kind of output and appends to the one of the same kind:
  // header lines held together come back in one header callback call.
  std::vector<HeldOutput>& held = rare().held;
  auto same = std::find_if(held.begin(), held.end(),
                           [&](const HeldOutput& h) { return h.kind == kind && h.origin == origin; });
  if (same == held.end()) same = held.insert(held.end(), HeldOutput{kind, origin, {}});
  same->bytes.append(data, len);
}

bool Transfer::client_write(std::uint8_t kind, std::uint8_t origin, const char* data, std::size_t len) {
  if (len == 0) return true;
  if (recv_paused_) {
    hold(kind, origin, data, len);
    return true;
  }
  const EasyOptions& o = easy_.opts;
  if (kind & kOutBody) {
    const std::size_t cap = o.buffer_size > 0 ? static_cast<std::size_t>(o.buffer_size) : CURL_MAX_WRITE_SIZE;
    for (std::size_t off = 0; off < len;) {
      const std::size_t n = std::min(len - off, cap);
      const std::size_t got = call_write(data + off, n);
      if (got == CURL_WRITEFUNC_PAUSE) {
        // What this piece and the rest carry waits, the header part included.
        recv_paused_ = true;
        hold(kind, origin, data + off, len - off);
        return true;
      }
      if (got != n) {
        result_ = Status::fail(CURLE_WRITE_ERROR, (kind & kOutHeader) ? "The header callback did not take all bytes"
                                                                        : "The write callback did not take all bytes");
        return false;
      }
      off += n;
    }
  }
  if (kind & kOutHeader) {
    // The header API learns a field line when it is handed over, before the callback sees
    // it; a held run of lines handed over at once gives it only the first, as in libcurl.
    if (!(kind & kOutStatus)) {
      const std::string_view all(data, len);
      const std::size_t eol = all.find('\n');
      easy_.headers().add(all.substr(0, eol == std::string_view::npos ? len : eol + 1), origin);
    }
    if (o.header_fn || o.header_data) {
      const std::size_t got = call_header(data, len);
      if (got == CURL_WRITEFUNC_PAUSE) {
        // The body side (CURLOPT_HEADER) already took it: only the header part waits.
        recv_paused_ = true;
        hold(static_cast<std::uint8_t>(kind & ~kOutBody), origin, data, len);
        return true;
      }
      if (got != len) {
        result_ = Status::fail(CURLE_WRITE_ERROR, "The header callback did not take all bytes");
        return false;
      }
    }
  }
  return true;
}

bool Transfer::flush_held(Step& s) {
  if (rare_ && !rare_->held.empty()) {
    // Taken out first: a callback that pauses again holds its output afresh.
    std::vector<HeldOutput> out;
    out.swap(rare_->held);
    bool ok = true;
    for (HeldOutput& h : out)
      if (ok) ok = client_write(h.kind, h.origin, h.bytes.data(), h.bytes.size());
    if (!ok) {
      s = fail(result_);
      return false;
    }
  }
  if (recv_paused_ || (held_complete_ && send_paused_)) {
    s = Step::kWait;
    return false;
  }
  if (held_complete_) {
    held_complete_ = false;
    s = response_complete();
    return false;
  }
  return true;
}

}  // namespace xfer
