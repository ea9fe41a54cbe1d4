// curl_slist: the C string list, with malloc'ed nodes and strings as applications expect.
#include <cstdlib>
#include <cstring>

#include <curl/curl.h>

extern "C" CURL_EXTERN struct curl_slist* curl_slist_append(struct curl_slist* list, const char* data) {
  if (!data) return nullptr;
  char* copy = strdup(data);
  if (!copy) return nullptr;
  auto* node = static_cast<curl_slist*>(std::malloc(sizeof(curl_slist)));
  if (!node) {
    std::free(copy);
    return nullptr;
  }
  node->data = copy;
  node->next = nullptr;
  if (!list) return node;
  curl_slist* last = list;
  while (last->next) last = last->next;
  last->next = node;
  return list;
}

extern "C" CURL_EXTERN void curl_slist_free_all(struct curl_slist* list) {
  while (list) {
    curl_slist* next = list->next;
    std::free(list->data);
    std::free(list);
    list = next;
  }
}
