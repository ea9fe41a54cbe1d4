// EngineHarness: the bounded pump and CURLMsg bookkeeping shared by the engine tests.
#include "engine_harness.h"

namespace xfer::enginetest {
namespace {

// WRITEDATA for bodies nobody keeps; not NULL, since xfer passes stdout in place of NULL.
char discard_tag;

}  // namespace

std::size_t collect_body(char* data, std::size_t size, std::size_t n, void* userdata) {
  if (userdata != &discard_tag) static_cast<std::string*>(userdata)->append(data, size * n);
  return size * n;
}

EasyPtr make_easy(const std::string& url, std::string* body) {
  EasyPtr h(curl_easy_init());
  if (!h) return h;
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA,
                   body ? static_cast<void*>(body) : static_cast<void*>(&discard_tag));
  return h;
}

int EngineHarness::perform() {
  multi.perform(&running);
  int left = 0;
  // Bounded by the number of handles: each has at most one message queued.
  for (std::size_t i = 0; i <= multi.handle_count(); ++i) {
    CURLMsg* m = multi.info_read(&left);
    if (!m) break;
    if (m->msg == CURLMSG_DONE) finished.push_back(Finished{m->easy_handle, m->data.result});
  }
  return running;
}

bool EngineHarness::pump_until(const std::function<bool()>& done, Duration wall, int max_rounds) {
  const TimePoint wall_end = SteadyClock::now() + wall;
  for (int round = 0; round < max_rounds; ++round) {
    perform();
    if (done()) return true;
    if (SteadyClock::now() >= wall_end) return false;
    // Interruptible: sleeps even when the engine has no socket yet, so this never spins.
    multi.wait(nullptr, 0, 5, nullptr, true);
  }
  return false;
}

bool EngineHarness::pump_until_finished(std::size_t count, Duration wall) {
  return pump_until([&] { return finished.size() >= count; }, wall);
}

bool EngineHarness::has_finished(CURL* h) const {
  for (const Finished& f : finished)
    if (f.easy == h) return true;
  return false;
}

CURLcode EngineHarness::result_of(CURL* h) const {
  for (const Finished& f : finished)
    if (f.easy == h) return f.result;
  return CURL_LAST;
}

long EngineHarness::timeout_ms() {
  long ms = -2;
  curl_multi_timeout(&multi, &ms);
  return ms;
}

}  // namespace xfer::enginetest
