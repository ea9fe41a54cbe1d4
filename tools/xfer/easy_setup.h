// Maps the command line onto each easy handle (CURLOPT_*), and the lists shared by all handles.
#pragma once

#include <curl/curl.h>

#include <string>

#include "options.h"
#include "row.h"

namespace xfer::tool {

// Built once per run; every easy handle borrows these.
struct EasyCommon {
  curl_slist* headers = nullptr;
  curl_slist* resolve = nullptr;
  curl_slist* connect_to = nullptr;
  CURLSH* share = nullptr;  // cookies (and DNS) shared, so one jar sees every transfer
  std::string cainfo;       // --cacert, else $CURL_CA_BUNDLE, else $SSL_CERT_FILE
  std::string capath;       // --capath, else $SSL_CERT_DIR
  bool progress_callbacks = false;

  EasyCommon() = default;
  EasyCommon(const EasyCommon&) = delete;
  EasyCommon& operator=(const EasyCommon&) = delete;
  ~EasyCommon();
};

void init_easy_common(EasyCommon& common, const Options& options);

// Sets every option for the row's next try. On a refused option returns its code and names
// the option in `refused` (so the row can say which feature the library lacks).
CURLcode setup_easy(CURL* easy, Row& row, const Options& options, const EasyCommon& common,
                    std::string& refused);

}  // namespace xfer::tool
