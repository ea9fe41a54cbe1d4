// The multi loop: keeps up to parallel-max easy handles in one multi handle until all rows finish.
#pragma once

#include <vector>

#include "options.h"
#include "progress.h"
#include "row.h"

namespace xfer::tool {

struct RunTotals {
  long long elapsed_us = 0;
  bool setup_failed = false;   // the multi handle itself could not be created or driven
  int stop_signal = 0;         // SIGINT/SIGTERM ended the run early
  bool stdout_broken = false;  // stdout was closed under us (EPIPE)
};

// Runs every row to completion; rows come back Done with code, status, bytes and time set.
RunTotals run_transfers(const Options& options, std::vector<Row>& rows, Progress& progress);

// curl's exit rule: 0 when all succeeded, else the first failed row's code (by row order).
int exit_code_for(const std::vector<Row>& rows);

}  // namespace xfer::tool
