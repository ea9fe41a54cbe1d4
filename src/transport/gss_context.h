// GssContext: one client-side GSS-API security context (Kerberos, alone or inside SPNEGO), driven token by token.
#pragma once

#include <gssapi/gssapi.h>

#include <string>
#include <string_view>

namespace xfer::transport {

enum class GssMech { kSpnego, kKerberos };

// The context libcurl's Negotiate (SPNEGO) and SOCKS5 GSS-API (Kerberos) build: mutual
// authentication and replay detection asked for, delegation as CURLOPT_GSSAPI_DELEGATION
// says (CURLGSSAPI_DELEGATION_* bits). Credentials are the process's default ones (the
// Kerberos credential cache, or a client keytab): GSS-API never sees a password here.
class GssContext {
 public:
  enum class Step { kContinue, kComplete, kFailed };

  GssContext() = default;
  ~GssContext();
  GssContext(const GssContext&) = delete;
  GssContext& operator=(const GssContext&) = delete;

  // The peer's service: "SERVICE@HOST" (a host-based name) or, when service holds a '/',
  // the service text as a principal name of its own (libcurl's rule for SOCKS5).
  void set_target(std::string_view service, std::string_view host);
  // Feeds the peer's token (empty for the first step) and produces the next one to send
  // (possibly empty when the context completed without one).
  Step step(GssMech mech, long delegation, std::string_view input, std::string& output);
  bool complete() const { return complete_; }
  bool started() const { return ctx_ != GSS_C_NO_CONTEXT; }
  // gss_display_status's text of the last failure.
  const std::string& error() const { return error_; }

  // Protection for SOCKS5 GSS-API's one-byte level message (RFC 1961).
  bool wrap(std::string_view in, std::string& out);
  bool unwrap(std::string_view in, std::string& out);

 private:
  void note_error(OM_uint32 major, OM_uint32 minor);

  gss_ctx_id_t ctx_ = GSS_C_NO_CONTEXT;
  gss_name_t name_ = GSS_C_NO_NAME;
  std::string target_;
  bool host_based_ = true;
  bool complete_ = false;
  std::string error_;
};

}  // namespace xfer::transport
