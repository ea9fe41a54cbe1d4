// Process-wide initialisation state behind curl_global_init/cleanup.
#pragma once

namespace xfer::api {

// Initialises once if the application did not; false if initialisation failed.
bool ensure_global_init();

}  // namespace xfer::api
