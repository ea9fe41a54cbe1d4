// Signal handlers only set flags; the transfer loop looks at them at least every 100 ms.
#include "signals.h"

#include <signal.h>

namespace xfer::tool {

namespace {

volatile sig_atomic_t g_stop = 0;
volatile sig_atomic_t g_resized = 0;

void on_stop(int sig) {
  // A second Ctrl-C while the first is being handled means "now": leave at once.
  if (g_stop != 0) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
  g_stop = sig;
}

void on_winch(int) { g_resized = 1; }

void set_handler(int sig, void (*fn)(int)) {
  struct sigaction sa {};
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: let a sleeping poll return early
  sigaction(sig, &sa, nullptr);
}

}  // namespace

void install_signal_handlers() {
  set_handler(SIGINT, on_stop);
  set_handler(SIGTERM, on_stop);
  set_handler(SIGWINCH, on_winch);
  signal(SIGPIPE, SIG_IGN);
  // A file-size limit (ulimit -f) then fails the write with EFBIG, like a full disk does.
  signal(SIGXFSZ, SIG_IGN);
}

int stop_signal() { return g_stop; }

bool take_resize() {
  if (g_resized == 0) return false;
  g_resized = 0;
  return true;
}

}  // namespace xfer::tool
