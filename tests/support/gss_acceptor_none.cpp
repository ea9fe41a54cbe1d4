// GssAcceptor for a test server built without GSS-API: nothing is ever accepted.
#include "gss_acceptor.h"

namespace xfer::test {

struct GssAcceptor::Impl {};

bool GssAcceptor::available() { return false; }
GssAcceptor::GssAcceptor() = default;
GssAcceptor::~GssAcceptor() = default;

GssAcceptor::Step GssAcceptor::accept(std::string_view) {
  Step s;
  s.error = "no GSS-API";
  return s;
}

std::string GssAcceptor::client_name() const { return {}; }
bool GssAcceptor::delegated() const { return false; }
std::string GssAcceptor::service_name() const { return {}; }
std::optional<std::string> GssAcceptor::wrap(std::string_view) const { return std::nullopt; }
std::optional<std::string> GssAcceptor::unwrap(std::string_view) const { return std::nullopt; }

}  // namespace xfer::test
