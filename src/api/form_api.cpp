// curl_formadd, curl_formget, curl_formfree: the deprecated form API over the MIME tree.
#include <curl/curl.h>

#include <cstdarg>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "http/form_to_mime.h"
#include "http/mime.h"
#include "http/mime_source.h"

namespace {

// One file (or the field itself) while curl_formadd collects options; becomes one
// curl_httppost node. Strings marked *_owned were malloc'ed here.
struct FormEntry {
  char* name = nullptr;
  std::size_t namelength = 0;
  char* value = nullptr;
  curl_off_t contentslength = 0;
  char* buffer = nullptr;
  std::size_t bufferlength = 0;
  char* contenttype = nullptr;
  long flags = 0;
  curl_slist* contentheader = nullptr;
  char* showfilename = nullptr;
  char* userp = nullptr;
  bool name_owned = false;
  bool value_owned = false;
  bool contenttype_owned = false;
  bool showfilename_owned = false;

  void release_owned() {
    if (name_owned) std::free(name);
    if (value_owned) std::free(value);
    if (contenttype_owned) std::free(contenttype);
    if (showfilename_owned) std::free(showfilename);
    name_owned = value_owned = contenttype_owned = showfilename_owned = false;
  }
};

// Reads option arguments from the varargs or, inside CURLFORM_ARRAY, from the array entry.
struct ArgReader {
  va_list* ap;
  const char* array_value = nullptr;
  bool in_array = false;

  char* text() { return in_array ? const_cast<char*>(array_value) : va_arg(*ap, char*); }
  std::size_t length() {
    return in_array ? reinterpret_cast<std::size_t>(array_value) : static_cast<std::size_t>(va_arg(*ap, long));
  }
  curl_off_t large_length() {
    return in_array ? static_cast<curl_off_t>(reinterpret_cast<std::size_t>(array_value)) : va_arg(*ap, curl_off_t);
  }
  curl_slist* list() {
    return in_array ? reinterpret_cast<curl_slist*>(const_cast<char*>(array_value)) : va_arg(*ap, curl_slist*);
  }
};

// A later CURLFORM_FILE or CURLFORM_CONTENTTYPE on a file field starts the next file.
FormEntry& next_file(std::vector<FormEntry>& entries) {
  entries.emplace_back();
  entries.back().flags = CURL_HTTPPOST_FILENAME;
  return entries.back();
}

CURLFORMcode collect(std::vector<FormEntry>& entries, va_list* ap) {
  ArgReader args{ap};
  const curl_forms* array = nullptr;
  for (;;) {
    FormEntry* cur = &entries.back();
    int option;
    if (args.in_array) {
      option = array->option;
      args.array_value = array->value;
      ++array;
      if (option == CURLFORM_END) {
        args.in_array = false;
        continue;
      }
    } else {
      option = va_arg(*ap, int);
      if (option == CURLFORM_END) return CURL_FORMADD_OK;
    }
    switch (option) {
      case CURLFORM_ARRAY:
        if (args.in_array) return CURL_FORMADD_ILLEGAL_ARRAY;
        array = va_arg(*ap, const curl_forms*);
        if (!array) return CURL_FORMADD_NULL;
        args.in_array = true;
        break;
      case CURLFORM_PTRNAME:
      case CURLFORM_COPYNAME: {
        if (option == CURLFORM_PTRNAME) cur->flags |= CURL_HTTPPOST_PTRNAME;
        if (cur->name) return CURL_FORMADD_OPTION_TWICE;
        char* name = args.text();
        if (!name) return CURL_FORMADD_NULL;
        cur->name = name;
        break;
      }
      case CURLFORM_NAMELENGTH:
        if (cur->namelength) return CURL_FORMADD_OPTION_TWICE;
        cur->namelength = args.length();
        break;
      case CURLFORM_PTRCONTENTS:
      case CURLFORM_COPYCONTENTS: {
        if (option == CURLFORM_PTRCONTENTS) cur->flags |= CURL_HTTPPOST_PTRCONTENTS;
        if (cur->value) return CURL_FORMADD_OPTION_TWICE;
        char* value = args.text();
        if (!value) return CURL_FORMADD_NULL;
        cur->value = value;
        break;
      }
      case CURLFORM_CONTENTSLENGTH:
        cur->contentslength = static_cast<curl_off_t>(args.length());
        break;
      case CURLFORM_CONTENTLEN:
        cur->flags |= CURL_HTTPPOST_LARGE;
        cur->contentslength = args.large_length();
        break;
      case CURLFORM_FILECONTENT: {
        if (cur->flags & (CURL_HTTPPOST_PTRCONTENTS | CURL_HTTPPOST_READFILE)) return CURL_FORMADD_OPTION_TWICE;
        const char* file = args.text();
        if (!file) return CURL_FORMADD_NULL;
        cur->value = strdup(file);
        if (!cur->value) return CURL_FORMADD_MEMORY;
        cur->value_owned = true;
        cur->flags |= CURL_HTTPPOST_READFILE;
        break;
      }
      case CURLFORM_FILE: {
        const char* file = args.text();
        if (cur->value && !(cur->flags & CURL_HTTPPOST_FILENAME)) return CURL_FORMADD_OPTION_TWICE;
        if (!file) return CURL_FORMADD_NULL;
        // The next entry first: made after the copy, a failed one would leak it.
        if (cur->value) cur = &next_file(entries);
        char* copy = strdup(file);
        if (!copy) return CURL_FORMADD_MEMORY;
        cur->value = copy;
        cur->value_owned = true;
        cur->flags |= CURL_HTTPPOST_FILENAME;
        break;
      }
      case CURLFORM_BUFFERPTR: {
        cur->flags |= CURL_HTTPPOST_PTRBUFFER | CURL_HTTPPOST_BUFFER;
        if (cur->buffer) return CURL_FORMADD_OPTION_TWICE;
        char* buffer = args.text();
        if (!buffer) return CURL_FORMADD_NULL;
        cur->buffer = buffer;
        cur->value = buffer;  // marks the field as having content
        break;
      }
      case CURLFORM_BUFFERLENGTH:
        if (cur->bufferlength) return CURL_FORMADD_OPTION_TWICE;
        cur->bufferlength = args.length();
        break;
      case CURLFORM_STREAM: {
        cur->flags |= CURL_HTTPPOST_CALLBACK;
        if (cur->userp) return CURL_FORMADD_OPTION_TWICE;
        char* userp = args.text();
        if (!userp) return CURL_FORMADD_NULL;
        cur->userp = userp;
        cur->value = userp;  // marks the field as having content
        break;
      }
      case CURLFORM_CONTENTTYPE: {
        const char* type = args.text();
        if (cur->contenttype && !(cur->flags & CURL_HTTPPOST_FILENAME)) return CURL_FORMADD_OPTION_TWICE;
        if (!type) return CURL_FORMADD_NULL;
        if (cur->contenttype) cur = &next_file(entries);
        char* copy = strdup(type);
        if (!copy) return CURL_FORMADD_MEMORY;
        cur->contenttype = copy;
        cur->contenttype_owned = true;
        break;
      }
      case CURLFORM_CONTENTHEADER: {
        curl_slist* list = args.list();
        if (cur->contentheader) return CURL_FORMADD_OPTION_TWICE;
        cur->contentheader = list;
        break;
      }
      case CURLFORM_FILENAME:
      case CURLFORM_BUFFER: {
        const char* shown = args.text();
        if (cur->showfilename) return CURL_FORMADD_OPTION_TWICE;
        if (!shown) return CURL_FORMADD_NULL;
        cur->showfilename = strdup(shown);
        if (!cur->showfilename) return CURL_FORMADD_MEMORY;
        cur->showfilename_owned = true;
        break;
      }
      default: return CURL_FORMADD_UNKNOWN_OPTION;
    }
  }
}

bool incomplete(const FormEntry& e, bool first) {
  return ((!e.name || !e.value) && first) || (e.contentslength && (e.flags & CURL_HTTPPOST_FILENAME)) ||
         ((e.flags & CURL_HTTPPOST_FILENAME) && (e.flags & CURL_HTTPPOST_PTRCONTENTS)) ||
         (!e.buffer && (e.flags & CURL_HTTPPOST_BUFFER) && (e.flags & CURL_HTTPPOST_PTRBUFFER)) ||
         ((e.flags & CURL_HTTPPOST_READFILE) && (e.flags & CURL_HTTPPOST_PTRCONTENTS));
}

char* copy_bytes(const char* src, std::size_t n, bool terminate) {
  auto* out = static_cast<char*>(std::malloc(n + (terminate ? 1 : 0)));
  if (!out) return nullptr;
  std::memcpy(out, src, n);
  if (terminate) out[n] = '\0';
  return out;
}

// Completes each entry (guessed types, private copies) and links it into the list;
// entries after the first become the field's additional files through `more`.
CURLFORMcode link_entries(std::vector<FormEntry>& entries, curl_httppost** first, curl_httppost** last,
                          std::size_t& linked) {
  curl_httppost* field = nullptr;
  curl_httppost* prev = nullptr;
  const char* prev_type = nullptr;
  for (FormEntry& e : entries) {
    bool is_first = &e == &entries.front();
    if (incomplete(e, is_first)) return CURL_FORMADD_INCOMPLETE;
    if ((e.flags & (CURL_HTTPPOST_FILENAME | CURL_HTTPPOST_BUFFER)) && !e.contenttype) {
      const char* f = (e.flags & CURL_HTTPPOST_BUFFER) ? e.showfilename : e.value;
      const char* type = xfer::http::content_type_for_filename(f);
      if (!type) type = prev_type;
      if (!type) type = "application/octet-stream";
      e.contenttype = strdup(type);
      if (!e.contenttype) return CURL_FORMADD_MEMORY;
      e.contenttype_owned = true;
    }
    if (e.name && e.namelength) {
      for (std::size_t i = 0; i < e.namelength; ++i)
        if (!e.name[i]) return CURL_FORMADD_NULL;
    }
    if (!(e.flags & CURL_HTTPPOST_PTRNAME) && is_first) {
      if (!e.name) return CURL_FORMADD_MEMORY;
      char* copy = copy_bytes(e.name, e.namelength ? e.namelength : std::strlen(e.name), true);
      if (!copy) return CURL_FORMADD_MEMORY;
      e.name = copy;
      e.name_owned = true;
    }
    if (!(e.flags & (CURL_HTTPPOST_FILENAME | CURL_HTTPPOST_READFILE | CURL_HTTPPOST_PTRCONTENTS |
                     CURL_HTTPPOST_PTRBUFFER | CURL_HTTPPOST_CALLBACK)) &&
        e.value) {
      // The copy may hold NUL bytes; without a length it keeps the terminator.
      std::size_t n = e.contentslength ? static_cast<std::size_t>(e.contentslength) : std::strlen(e.value) + 1;
      char* copy = copy_bytes(e.value, n, false);
      if (!copy) return CURL_FORMADD_MEMORY;
      e.value = copy;
      e.value_owned = true;
    }
    std::size_t namelength = e.namelength ? e.namelength : (e.name ? std::strlen(e.name) : 0);
    if (e.bufferlength > LONG_MAX || namelength > LONG_MAX) return CURL_FORMADD_MEMORY;
    auto* post = static_cast<curl_httppost*>(std::calloc(1, sizeof(curl_httppost)));
    if (!post) return CURL_FORMADD_MEMORY;
    post->name = e.name;
    post->namelength = static_cast<long>(namelength);
    post->contents = e.value;
    post->contentlen = e.contentslength;
    post->buffer = e.buffer;
    post->bufferlength = static_cast<long>(e.bufferlength);
    post->contenttype = e.contenttype;
    post->contentheader = e.contentheader;
    post->showfilename = e.showfilename;
    post->userp = e.userp;
    post->flags = e.flags | CURL_HTTPPOST_LARGE;
    if (!field) {
      field = post;
      if (*last) (*last)->next = post;
      else *first = post;
      *last = post;
    } else {
      prev->more = post;
    }
    prev = post;
    // The node now owns what was allocated for it.
    e.name_owned = e.value_owned = e.contenttype_owned = e.showfilename_owned = false;
    ++linked;
    if (e.contenttype) prev_type = e.contenttype;
  }
  return CURL_FORMADD_OK;
}

}  // namespace

extern "C" CURL_EXTERN CURLFORMcode curl_formadd(struct curl_httppost** httppost, struct curl_httppost** last_post,
                                                 ...) {
  va_list ap;
  va_start(ap, last_post);
  CURLFORMcode rc;
  std::vector<FormEntry> entries;
  try {
    entries.emplace_back();
    rc = collect(entries, &ap);
    if (rc == CURL_FORMADD_OK) {
      std::size_t linked = 0;
      rc = link_entries(entries, httppost, last_post, linked);
    }
  } catch (const std::bad_alloc&) {
    rc = CURL_FORMADD_MEMORY;
  }
  va_end(ap);
  for (FormEntry& e : entries) e.release_owned();
  return rc;
}

extern "C" CURL_EXTERN void curl_formfree(struct curl_httppost* form) {
  while (form) {
    curl_httppost* next = form->next;
    curl_formfree(form->more);
    if (!(form->flags & CURL_HTTPPOST_PTRNAME)) std::free(form->name);
    if (!(form->flags & (CURL_HTTPPOST_PTRCONTENTS | CURL_HTTPPOST_BUFFER | CURL_HTTPPOST_CALLBACK)))
      std::free(form->contents);
    std::free(form->contenttype);
    std::free(form->showfilename);
    std::free(form);
    form = next;
  }
}

extern "C" CURL_EXTERN int curl_formget(struct curl_httppost* form, void* arg, curl_formget_callback append) {
  try {
    xfer::http::MimeSourceOptions options;
    options.with_top_headers = true;
    // Streamed fields have no read function here, so they serialize empty as in libcurl.
    options.form_read = nullptr;
    curl_mime* mime = nullptr;
    xfer::Status st = xfer::http::form_to_mime(form, nullptr, mime);
    if (!st) return static_cast<int>(st.code);
    std::unique_ptr<curl_mime, void (*)(curl_mime*)> owned(mime, xfer::http::destroy_mime);
    std::string content_type;
    auto source = xfer::http::make_mime_source(mime, options, content_type, st);
    if (!source) return static_cast<int>(st.code);
    char buf[8192];
    for (;;) {
      xfer::http::ReadResult r = source->read(buf, sizeof buf);
      if (r.status == xfer::http::ReadStatus::kEof) return CURLE_OK;
      if (r.status == xfer::http::ReadStatus::kAbort) return CURLE_ABORTED_BY_CALLBACK;
      if (r.status != xfer::http::ReadStatus::kData) return CURLE_READ_ERROR;
      if (append(arg, buf, r.n) != r.n) return CURLE_READ_ERROR;
    }
  } catch (const std::bad_alloc&) {
    return CURLE_OUT_OF_MEMORY;
  }
}
