// GssAcceptor on the system's GSS-API (MIT krb5): gss_accept_sec_context and friends.
#include "gss_acceptor.h"

#include <gssapi/gssapi.h>

namespace xfer::test {
namespace {

gss_buffer_desc view_buffer(std::string_view s) {
  return gss_buffer_desc{s.size(), const_cast<char*>(s.data())};
}

// Copies a buffer GSS-API allocated and releases it.
std::string take(gss_buffer_desc& b) {
  std::string out(static_cast<const char*>(b.value), b.length);
  OM_uint32 minor = 0;
  gss_release_buffer(&minor, &b);
  return out;
}

// Every message gss_display_status has for one status value, joined by "; ".
std::string status_text(OM_uint32 code, int type) {
  std::string out;
  OM_uint32 context = 0;
  do {
    OM_uint32 minor = 0;
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    if (gss_display_status(&minor, code, type, GSS_C_NO_OID, &context, &text) != GSS_S_COMPLETE) break;
    if (!out.empty()) out += "; ";
    out += take(text);
  } while (context != 0);
  return out;
}

}  // namespace

struct GssAcceptor::Impl {
  gss_ctx_id_t context = GSS_C_NO_CONTEXT;
  gss_name_t source = GSS_C_NO_NAME;
  gss_cred_id_t delegated = GSS_C_NO_CREDENTIAL;
  OM_uint32 flags = 0;

  ~Impl() {
    OM_uint32 minor = 0;
    if (context != GSS_C_NO_CONTEXT) gss_delete_sec_context(&minor, &context, GSS_C_NO_BUFFER);
    if (source != GSS_C_NO_NAME) gss_release_name(&minor, &source);
    if (delegated != GSS_C_NO_CREDENTIAL) gss_release_cred(&minor, &delegated);
  }
};

bool GssAcceptor::available() { return true; }
GssAcceptor::GssAcceptor() : impl_(std::make_unique<Impl>()) {}
GssAcceptor::~GssAcceptor() = default;

GssAcceptor::Step GssAcceptor::accept(std::string_view token) {
  Step step;
  gss_buffer_desc in = view_buffer(token);
  gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
  OM_uint32 minor = 0;
  // A name or credential of an earlier round is replaced, not leaked.
  if (impl_->source != GSS_C_NO_NAME) gss_release_name(&minor, &impl_->source);
  if (impl_->delegated != GSS_C_NO_CREDENTIAL) gss_release_cred(&minor, &impl_->delegated);
  OM_uint32 major = gss_accept_sec_context(&minor, &impl_->context, GSS_C_NO_CREDENTIAL, &in,
                                           GSS_C_NO_CHANNEL_BINDINGS, &impl_->source, nullptr, &out,
                                           &impl_->flags, nullptr, &impl_->delegated);
  step.token = take(out);
  if (GSS_ERROR(major)) {
    step.error = status_text(major, GSS_C_GSS_CODE) + " / " + status_text(minor, GSS_C_MECH_CODE);
    return step;
  }
  step.state = (major & GSS_S_CONTINUE_NEEDED) ? State::more : State::done;
  return step;
}

std::string GssAcceptor::client_name() const {
  if (impl_->source == GSS_C_NO_NAME) return {};
  OM_uint32 minor = 0;
  gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
  if (gss_display_name(&minor, impl_->source, &text, nullptr) != GSS_S_COMPLETE) return {};
  return take(text);
}

std::string GssAcceptor::service_name() const {
  OM_uint32 minor = 0;
  gss_name_t target = GSS_C_NO_NAME;
  if (impl_->context == GSS_C_NO_CONTEXT ||
      gss_inquire_context(&minor, impl_->context, nullptr, &target, nullptr, nullptr, nullptr, nullptr,
                          nullptr) != GSS_S_COMPLETE)
    return {};
  gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
  OM_uint32 major = gss_display_name(&minor, target, &text, nullptr);
  gss_release_name(&minor, &target);
  if (major != GSS_S_COMPLETE) return {};
  return take(text);
}

bool GssAcceptor::delegated() const {
  return (impl_->flags & GSS_C_DELEG_FLAG) && impl_->delegated != GSS_C_NO_CREDENTIAL;
}

std::optional<std::string> GssAcceptor::wrap(std::string_view message) const {
  gss_buffer_desc in = view_buffer(message);
  gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
  OM_uint32 minor = 0;
  if (gss_wrap(&minor, impl_->context, 0, GSS_C_QOP_DEFAULT, &in, nullptr, &out) != GSS_S_COMPLETE)
    return std::nullopt;
  return take(out);
}

std::optional<std::string> GssAcceptor::unwrap(std::string_view token) const {
  gss_buffer_desc in = view_buffer(token);
  gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
  OM_uint32 minor = 0;
  if (impl_->context == GSS_C_NO_CONTEXT ||
      gss_unwrap(&minor, impl_->context, &in, &out, nullptr, nullptr) != GSS_S_COMPLETE) {
    if (out.length) take(out);
    return std::nullopt;
  }
  return take(out);
}

}  // namespace xfer::test
