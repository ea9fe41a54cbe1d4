// GssContext over MIT's GSS-API library: name import, gss_init_sec_context steps, wrap and unwrap.
#include "transport/gss_context.h"

#include <curl/curl.h>
#include <gssapi/gssapi_krb5.h>

namespace xfer::transport {

namespace {

// SPNEGO, 1.3.6.1.5.5.2, and Kerberos 5, 1.2.840.113554.1.2.2.
gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};
gss_OID_desc kKerberosOid = {9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")};

std::string display(OM_uint32 code, int type, gss_OID mech) {
  std::string text;
  OM_uint32 context = 0;
  do {
    OM_uint32 minor = 0;
    gss_buffer_desc buf = GSS_C_EMPTY_BUFFER;
    if (GSS_ERROR(gss_display_status(&minor, code, type, mech, &context, &buf))) break;
    if (!text.empty()) text += ". ";
    text.append(static_cast<const char*>(buf.value), buf.length);
    gss_release_buffer(&minor, &buf);
  } while (context != 0);
  return text;
}

}  // namespace

GssContext::~GssContext() {
  OM_uint32 minor = 0;
  if (ctx_ != GSS_C_NO_CONTEXT) gss_delete_sec_context(&minor, &ctx_, GSS_C_NO_BUFFER);
  if (name_ != GSS_C_NO_NAME) gss_release_name(&minor, &name_);
}

void GssContext::set_target(std::string_view service, std::string_view host) {
  host_based_ = service.find('/') == std::string_view::npos;
  target_.assign(service);
  if (host_based_) {
    target_ += '@';
    target_.append(host);
  }
}

void GssContext::note_error(OM_uint32 major, OM_uint32 minor) {
  error_ = display(major, GSS_C_GSS_CODE, GSS_C_NO_OID);
  const std::string detail = display(minor, GSS_C_MECH_CODE, GSS_C_NO_OID);
  if (!detail.empty()) error_ += ". " + detail;
}

GssContext::Step GssContext::step(GssMech mech, long delegation, std::string_view input, std::string& output) {
  output.clear();
  OM_uint32 minor = 0;
  if (name_ == GSS_C_NO_NAME) {
    gss_buffer_desc text{target_.size(), target_.data()};
    const OM_uint32 major =
        gss_import_name(&minor, &text, host_based_ ? GSS_C_NT_HOSTBASED_SERVICE : GSS_C_NO_OID, &name_);
    if (GSS_ERROR(major)) {
      note_error(major, minor);
      return Step::kFailed;
    }
  }
  OM_uint32 flags = GSS_C_REPLAY_FLAG | GSS_C_MUTUAL_FLAG;
  if (delegation & CURLGSSAPI_DELEGATION_POLICY_FLAG) flags |= GSS_C_DELEG_POLICY_FLAG;
  if (delegation & CURLGSSAPI_DELEGATION_FLAG) flags |= GSS_C_DELEG_FLAG;
  gss_buffer_desc in{input.size(), const_cast<char*>(input.data())};
  gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
  OM_uint32 ret_flags = 0;
  const OM_uint32 major =
      gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, &ctx_, name_, mech == GssMech::kSpnego ? &kSpnegoOid : &kKerberosOid,
                           flags, 0, GSS_C_NO_CHANNEL_BINDINGS, input.empty() ? GSS_C_NO_BUFFER : &in, nullptr, &out,
                           &ret_flags, nullptr);
  if (out.length) output.assign(static_cast<const char*>(out.value), out.length);
  OM_uint32 release_minor = 0;  // minor must survive for the error text
  gss_release_buffer(&release_minor, &out);
  if (GSS_ERROR(major)) {
    note_error(major, minor);
    return Step::kFailed;
  }
  complete_ = major == GSS_S_COMPLETE;
  return complete_ ? Step::kComplete : Step::kContinue;
}

bool GssContext::wrap(std::string_view in, std::string& out) {
  OM_uint32 minor = 0;
  gss_buffer_desc plain{in.size(), const_cast<char*>(in.data())};
  gss_buffer_desc sealed = GSS_C_EMPTY_BUFFER;
  const OM_uint32 major = gss_wrap(&minor, ctx_, 0, GSS_C_QOP_DEFAULT, &plain, nullptr, &sealed);
  if (GSS_ERROR(major)) {
    note_error(major, minor);
    return false;
  }
  out.assign(static_cast<const char*>(sealed.value), sealed.length);
  gss_release_buffer(&minor, &sealed);
  return true;
}

bool GssContext::unwrap(std::string_view in, std::string& out) {
  OM_uint32 minor = 0;
  gss_buffer_desc sealed{in.size(), const_cast<char*>(in.data())};
  gss_buffer_desc plain = GSS_C_EMPTY_BUFFER;
  const OM_uint32 major = gss_unwrap(&minor, ctx_, &sealed, &plain, nullptr, nullptr);
  if (GSS_ERROR(major)) {
    note_error(major, minor);
    return false;
  }
  out.assign(static_cast<const char*>(plain.value), plain.length);
  gss_release_buffer(&minor, &plain);
  return true;
}

}  // namespace xfer::transport
