# file(DOWNLOAD) with an EXPECTED_HASH the content does not have. usage: cmake -DURL=.. -P ..
file(DOWNLOAD "${URL}" mismatch.out STATUS st
     EXPECTED_HASH SHA256=0000000000000000000000000000000000000000000000000000000000000000)
message(STATUS "status: ${st}")
