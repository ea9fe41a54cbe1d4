# file(DOWNLOAD) of a byte range (RANGE_START/RANGE_END, CMake >= 3.24). usage: cmake -DURL=.. -P ..
file(DOWNLOAD "${URL}" range.out STATUS st RANGE_START 10 RANGE_END 19)
list(GET st 0 code)
message(STATUS "status: ${code}")
file(READ range.out content)
message(STATUS "content:\n${content}")
