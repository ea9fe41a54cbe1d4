// SIGINT/SIGTERM stop the run, SIGWINCH re-reads the width; SIGPIPE becomes a write error.
#pragma once

namespace xfer::tool {

// Installs the handlers; SIGPIPE and SIGXFSZ are ignored so they show up as write errors.
void install_signal_handlers();
// The stop signal received (SIGINT or SIGTERM), 0 when none.
int stop_signal();
// True once after each SIGWINCH.
bool take_resize();

}  // namespace xfer::tool
