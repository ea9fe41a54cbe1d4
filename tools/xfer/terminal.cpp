// Asks the kernel for the window size (TIOCGWINSZ).
#include "terminal.h"

#include <sys/ioctl.h>

#include <cstdlib>

namespace xfer::tool {

int terminal_width(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const int n = std::atoi(columns);
    if (n > 0) return n;
  }
  return 80;
}

}  // namespace xfer::tool
