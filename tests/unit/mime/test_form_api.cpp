// curl_formadd / curl_formget / curl_formfree, checked against what Debian's libcurl produced.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include <curl/curl.h>

namespace {

size_t collect(void* arg, const char* buf, size_t len) {
  static_cast<std::string*>(arg)->append(buf, len);
  return len;
}

std::string formget_normalized(curl_httppost* form) {
  std::string out;
  REQUIRE(curl_formget(form, &out, collect) == 0);
  return std::regex_replace(out, std::regex("-{24}[0-9a-f]{16}"), "BOUNDARY");
}

}  // namespace

TEST_CASE("curl_formadd error codes", "[form]") {
  curl_httppost* f = nullptr;
  curl_httppost* l = nullptr;
  CHECK(curl_formadd(&f, &l, CURLFORM_COPYNAME, "a", CURLFORM_COPYNAME, "b", CURLFORM_END) ==
        CURL_FORMADD_OPTION_TWICE);
  CHECK(curl_formadd(&f, &l, CURLFORM_COPYNAME, "a", CURLFORM_END) == CURL_FORMADD_INCOMPLETE);
  CHECK(curl_formadd(&f, &l, CURLFORM_COPYNAME, static_cast<char*>(nullptr), CURLFORM_END) == CURL_FORMADD_NULL);
  CHECK(curl_formadd(&f, &l, CURLFORM_OBSOLETE, "x", CURLFORM_END) == CURL_FORMADD_UNKNOWN_OPTION);
  curl_forms nested[] = {{CURLFORM_ARRAY, nullptr}, {CURLFORM_END, nullptr}};
  CHECK(curl_formadd(&f, &l, CURLFORM_ARRAY, nested, CURLFORM_END) == CURL_FORMADD_ILLEGAL_ARRAY);
  CHECK(curl_formadd(&f, &l, CURLFORM_COPYNAME, "x", CURLFORM_FILE, "/etc/hostname", CURLFORM_CONTENTSLENGTH, 3L,
                     CURLFORM_END) == CURL_FORMADD_INCOMPLETE);
  CHECK(f == nullptr);
}

TEST_CASE("curl_formadd builds the list libcurl builds", "[form]") {
  curl_httppost* f = nullptr;
  curl_httppost* l = nullptr;
  REQUIRE(curl_formadd(&f, &l, CURLFORM_COPYNAME, "plain", CURLFORM_COPYCONTENTS, "value", CURLFORM_END) == 0);
  REQUIRE(curl_formadd(&f, &l, CURLFORM_PTRNAME, "binary", CURLFORM_PTRCONTENTS, "a\0b\"c", CURLFORM_CONTENTSLENGTH,
                       5L, CURLFORM_END) == 0);
  REQUIRE(curl_formadd(&f, &l, CURLFORM_COPYNAME, "namelenXXX", CURLFORM_NAMELENGTH, 7L, CURLFORM_COPYCONTENTS, "v",
                       CURLFORM_CONTENTTYPE, "text/plain", CURLFORM_END) == 0);
  REQUIRE(curl_formadd(&f, &l, CURLFORM_COPYNAME, "buf", CURLFORM_BUFFER, "data.pdf", CURLFORM_BUFFERPTR,
                       "bufbytes", CURLFORM_BUFFERLENGTH, 3L, CURLFORM_END) == 0);
  curl_forms arr[] = {{CURLFORM_COPYNAME, "arr"}, {CURLFORM_COPYCONTENTS, "arrval"}, {CURLFORM_END, nullptr}};
  REQUIRE(curl_formadd(&f, &l, CURLFORM_ARRAY, arr, CURLFORM_FILENAME, "arr.txt", CURLFORM_END) == 0);
  REQUIRE(curl_formadd(&f, &l, CURLFORM_COPYNAME, "stream", CURLFORM_STREAM, reinterpret_cast<void*>(1),
                       CURLFORM_CONTENTLEN, static_cast<curl_off_t>(4), CURLFORM_FILENAME, "s.bin", CURLFORM_END) == 0);
  REQUIRE(l != nullptr);
  CHECK(f->flags == 128);
  CHECK(f->next->flags == 140);
  CHECK(f->next->next->namelength == 7);
  CHECK(std::string(f->next->next->next->contenttype) == "application/pdf");
  CHECK(l->flags == 192);
  CHECK(l->contentlen == 4);

  // libcurl's output for the same list, boundaries replaced.
  std::string expected =
      "Content-Type: multipart/form-data; boundary=BOUNDARY\r\n\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"plain\"\r\n\r\nvalue\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"binary\"\r\n\r\n" + std::string("a\0b\"c", 5) + "\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"namelen\"\r\nContent-Type: text/plain\r\n\r\nv\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"buf\"; filename=\"data.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\nbuf\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"arr\"\r\n\r\narrval\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"stream\"; filename=\"s.bin\"\r\n\r\n\r\n"
      "--BOUNDARY--\r\n";
  CHECK(formget_normalized(f) == expected);
  curl_formfree(f);
}

TEST_CASE("curl_formget of an empty list and of a missing file", "[form]") {
  CHECK(formget_normalized(nullptr) == "Content-Type: multipart/form-data\r\n\r\n");
  curl_httppost* f = nullptr;
  curl_httppost* l = nullptr;
  REQUIRE(curl_formadd(&f, &l, CURLFORM_COPYNAME, "nf", CURLFORM_FILE, "/nonexistent/xfer", CURLFORM_END) == 0);
  CHECK(std::string(f->contenttype) == "application/octet-stream");
  std::string out;
  CHECK(curl_formget(f, &out, collect) == CURLE_READ_ERROR);
  CHECK(out.empty());
  curl_formfree(f);
}
