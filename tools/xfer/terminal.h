// The terminal's width, for a live view that never wraps.
#pragma once

namespace xfer::tool {

// Columns of the terminal on fd; $COLUMNS, then 80, when it cannot be asked.
int terminal_width(int fd);

}  // namespace xfer::tool
