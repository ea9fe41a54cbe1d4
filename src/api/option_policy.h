// What curl_easy_setopt does with each option that is not an implemented HTTP(S) feature.
#pragma once

#include <cstdint>

#include <curl/curl.h>

namespace xfer::api {

// The option policy of docs/OPTIONS.md, one class per option outside the implemented set.
enum class OptionClass : std::uint8_t {
  // Configures a protocol xfer does not speak (FTP, SSH, mail, RTSP...): checked as libcurl
  // checks it and stored, as a libcurl built with that protocol does. It cannot act: URLs of
  // those schemes are refused with CURLE_UNSUPPORTED_PROTOCOL.
  kOtherProtocol,
  // Deprecated: libcurl 7.88 accepts it and does nothing with it either.
  kNoEffect,
  // An HTTP(S) feature not built yet: its off (or default) values are accepted, every
  // other value is refused with CURLE_NOT_BUILT_IN. `issue` names who delivers it.
  kPending,
  // Refused whatever the value, with libcurl's own answer (Debian's libcurl refuses it too:
  // built without c-ares, without WebSockets, or the option was removed).
  kRefused,
};

struct OptionPolicy {
  int id;
  OptionClass cls;
  // Numeric options. kPending: the two values that mean off or default (may be equal);
  // kOtherProtocol: the valid range [a, b], as libcurl checks it.
  long a;
  long b;
  // kPending pointer options accept NULL only, unless any_value is set (a *DATA pointer,
  // inert without its callback, or a setting of a feature refused unless off); with
  // any_value a numeric option takes every value too.
  bool any_value;
  // kPending string options: "" is off as well (CURLOPT_PROXY "" means "no proxy").
  bool empty_is_off;
  // kRefused: libcurl's answer to every value. kPending: its answer to the off values
  // (CURLE_OK but for the few options libcurl refuses even those).
  CURLcode answer;
  // kOtherProtocol: the protocols it configures; kPending: the feature and its issue.
  const char* note;
};

// nullptr for options that are implemented (or unknown).
const OptionPolicy* option_policy(int id);

// The policy's verdict for one setopt call. For kOtherProtocol the caller stores the value
// when this answers CURLE_OK.
CURLcode policy_check(const OptionPolicy& p, long number, const void* pointer);

}  // namespace xfer::api
