# CMake's file(DOWNLOAD) and file(UPLOAD), which run on the libcurl CMake links: one
# "=== case" section per check (printed as "-- === case" by message(STATUS)).
# usage: cmake -DBASE=http://.. -DTLS=https://.. -DCA=ca.pem -DREFUSED=http://.. -DHASH=sha256
#              -P transfer.cmake     (run in an empty folder)
cmake_minimum_required(VERSION 3.18)

set(messages "")

# Prints the numeric status; the message (curl_easy_strerror's text) goes to its own case.
function(show title status)
  list(GET status 0 code)
  list(GET status 1 text)
  message(STATUS "status: ${code}")
  set(messages "${messages}${title}: ${code} ${text}\n" PARENT_SCOPE)
endfunction()

function(show_file path)
  if(EXISTS "${path}")
    file(SIZE "${path}" size)
    file(SHA256 "${path}" sum)
    message(STATUS "file: ${size} bytes sha256 ${sum}")
    if(size LESS 600)
      file(READ "${path}" content)
      message(STATUS "content:\n${content}")
    endif()
  else()
    message(STATUS "file: missing")
  endif()
endfunction()

macro(download title url)
  message(STATUS "=== cmake-${title}")
  file(REMOVE "${title}.out")
  file(DOWNLOAD "${url}" "${title}.out" STATUS st ${ARGN})
  show(${title} "${st}")
  show_file("${title}.out")
  set(messages "${messages}" PARENT_SCOPE)
endmacro()

download(download "${BASE}/x?size=100000")
download(download-expected-hash "${BASE}/x?size=100000" EXPECTED_HASH SHA256=${HASH})
download(download-chunked "${BASE}/x?size=20000&chunked=1&chunk=999")
download(download-redirect "${BASE}/r?status=302&location=/x%3Fsize%3D321")
download(download-404 "${BASE}/x?status=404&size=10")
download(download-headers "${BASE}/e?echo=1" HTTPHEADER "X-Build: yes" HTTPHEADER "Accept: text/x"
         USERPWD "builder:secret")
download(download-timeout "${BASE}/x?size=10&delay=3000" TIMEOUT 1)
download(download-inactivity "${BASE}/x?size=100&drip=2500&dripsize=50" INACTIVITY_TIMEOUT 1)
download(download-refused "${REFUSED}")
download(download-tls-cainfo "${TLS}/x?size=500" TLS_VERIFY ON TLS_CAINFO "${CA}")
download(download-tls-untrusted "${TLS}/x?size=500" TLS_VERIFY ON)
download(download-tls-noverify "${TLS}/x?size=500" TLS_VERIFY OFF)

message(STATUS "=== cmake-download-log")
file(DOWNLOAD "${BASE}/x?size=100" log.out LOG log STATUS st)
show(download-log "${st}")
message(STATUS "log:\n${log}")

file(WRITE upload.txt "uploaded by cmake\n")
file(APPEND upload.txt "second line\n")

message(STATUS "=== cmake-upload")
file(UPLOAD upload.txt "${BASE}/e?echo=1" STATUS st)
show(upload "${st}")

message(STATUS "=== cmake-upload-headers-log")
file(UPLOAD upload.txt "${BASE}/e?echo=1" STATUS st LOG log HTTPHEADER "X-Up: 1"
     USERPWD "u:p")
show(upload-headers-log "${st}")
message(STATUS "log:\n${log}")

message(STATUS "=== cmake-upload-404")
file(UPLOAD upload.txt "${BASE}/x?status=404&size=3" STATUS st)
show(upload-404 "${st}")

message(STATUS "=== cmake-upload-refused")
file(UPLOAD upload.txt "${REFUSED}" STATUS st)
show(upload-refused "${st}")

message(STATUS "=== cmake-status-messages")
message(STATUS "${messages}")
