/* Scenario: option introspection: the full curl_easy_option_next walk and name/id lookups. */
#include "trace.h"

#include <curl/options.h>

static void show(const char *label, const struct curl_easyoption *o) {
  if (!o)
    trace_line("%s -> NULL", label);
  else
    trace_line("%s -> %s id=%d type=%d flags=%u", label, o->name, (int)o->id, (int)o->type,
               o->flags);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct curl_easyoption *o = NULL;
  int count = 0;
  while ((o = curl_easy_option_next(o)) != NULL && count < 10000) {
    show("next", o);
    count++;
  }
  trace_line("count %d", count);
  show("name URL", curl_easy_option_by_name("URL"));
  show("name url", curl_easy_option_by_name("url"));
  show("name CURLOPT_URL", curl_easy_option_by_name("CURLOPT_URL"));
  show("name file", curl_easy_option_by_name("file"));
  show("name Encoding", curl_easy_option_by_name("Encoding"));
  show("name empty", curl_easy_option_by_name(""));
  show("name NULL", curl_easy_option_by_name(NULL));
  show("name nosuch", curl_easy_option_by_name("NOSUCHOPTION"));
  show("id URL", curl_easy_option_by_id(CURLOPT_URL));
  show("id WRITEDATA", curl_easy_option_by_id(CURLOPT_WRITEDATA));
  show("id KEYPASSWD", curl_easy_option_by_id(CURLOPT_KEYPASSWD));
  show("id ACCEPT_ENCODING", curl_easy_option_by_id(CURLOPT_ACCEPT_ENCODING));
  show("id 0", curl_easy_option_by_id((CURLoption)0));
  show("id 99999", curl_easy_option_by_id((CURLoption)99999));
  show("id 10040", curl_easy_option_by_id((CURLoption)10040));
  curl_global_cleanup();
  return 0;
}
