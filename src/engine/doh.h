// DohLookup: one name resolved over DNS-over-HTTPS by internal POST transfers, as libcurl 7.88 does it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "transport/address.h"
#include "util/status.h"
#include "util/time.h"

struct Curl_easy;

namespace xfer {

class Easy;
class Multi;
class Transfer;
struct EasyOptions;

// The A probe and, when IPv6 may be used, the AAAA probe: each an internal easy handle on
// the owner's engine, POSTing one query to CURLOPT_DOH_URL. They count as running
// transfers and use the engine's connections, but produce no CURLMsg; when both are done
// the answers become the owner's addresses (or its CURLE_COULDNT_RESOLVE_HOST).
class DohLookup {
 public:
  struct Probe {
    std::unique_ptr<Curl_easy> easy;
    std::uint16_t type = 0;
    std::string query;
    std::string answer;
    bool done = false;
    bool ok = false;
  };

  DohLookup(Multi& multi, Transfer& owner, std::string host, std::uint16_t port);
  ~DohLookup();  // takes the probes off the engine
  DohLookup(const DohLookup&) = delete;
  DohLookup& operator=(const DohLookup&) = delete;

  // Builds the probes from the owner's options; they are enlisted by the caller.
  Status prepare(const EasyOptions& parent, long ip_version, Duration time_left);
  std::vector<Probe>& probes() { return probes_; }
  // A probe's transfer ended; true once every probe has.
  bool probe_done(const Easy& e, bool ok);
  // The addresses the answers hold (port set), or the failure the owner reports.
  Status result(std::vector<transport::Address>& out) const;

  Transfer* owner() const { return owner_; }
  void orphan() { owner_ = nullptr; }
  const std::string& host() const { return host_; }
  std::uint16_t port() const { return port_; }

 private:
  Multi& multi_;
  Transfer* owner_;
  std::string host_;
  std::uint16_t port_;
  std::vector<Probe> probes_;
};

}  // namespace xfer
