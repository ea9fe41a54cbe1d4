// curl_httppost to MIME: one part per field, a multipart/mixed subpart for several files.
#include "http/form_to_mime.h"

#include <cstdio>
#include <cstring>
#include <memory>

#include "http/mime.h"

namespace xfer::http {

namespace {

// fread and fseeko behind the callback signatures, for the "-" (stdin) file name.
size_t read_stdio(char* buf, size_t size, size_t n, void* arg) {
  return std::fread(buf, size, n, static_cast<FILE*>(arg));
}

int seek_stdio(void* arg, curl_off_t offset, int origin) {
  return fseeko(static_cast<FILE*>(arg), static_cast<off_t>(offset), origin) == 0 ? CURL_SEEKFUNC_OK
                                                                                  : CURL_SEEKFUNC_CANTSEEK;
}

void set_name(MimePart& part, const curl_httppost* post) {
  if (!post->name) {
    part.name_.reset();
    return;
  }
  std::size_t len = post->namelength > 0 ? static_cast<std::size_t>(post->namelength) : std::strlen(post->name);
  part.name_.emplace(post->name, len);
}

// The field's content goes into `part`. libcurl reads flags and lengths from the field's
// first entry even for the later files of a multi-file field; so does this.
Status fill_part(MimePart& part, const curl_httppost* post, const curl_httppost* file,
                 curl_read_callback read_fn) {
  curl_off_t clen = (post->flags & CURL_HTTPPOST_LARGE) ? post->contentlen : post->contentslength;
  if (post->flags & (CURL_HTTPPOST_FILENAME | CURL_HTTPPOST_READFILE)) {
    if (!file->contents) return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "form file without a name");
    if (std::strcmp(file->contents, "-") == 0) {
      set_callback(part, -1, read_stdio, seek_stdio, nullptr, stdin);
    } else {
      Status st = set_file(part, file->contents);
      if (!st) return st;
    }
    if (post->flags & CURL_HTTPPOST_READFILE) part.filename_.reset();
  } else if (post->flags & CURL_HTTPPOST_BUFFER) {
    std::size_t n = post->bufferlength > 0 ? static_cast<std::size_t>(post->bufferlength)
                                           : (post->buffer ? std::strlen(post->buffer) : 0);
    set_data(part, post->buffer ? post->buffer : "", n);
  } else if (post->flags & CURL_HTTPPOST_CALLBACK) {
    set_callback(part, clen ? clen : -1, read_fn, nullptr, nullptr, post->userp);
  } else {
    const char* contents = post->contents ? post->contents : "";
    std::size_t n = clen ? static_cast<std::size_t>(clen) : std::strlen(contents);
    set_data(part, contents, n);
  }
  if (post->showfilename &&
      (post->more || (post->flags & (CURL_HTTPPOST_FILENAME | CURL_HTTPPOST_BUFFER | CURL_HTTPPOST_CALLBACK))))
    part.filename_ = post->showfilename;
  return Status::ok();
}

}  // namespace

Status form_to_mime(curl_httppost* post, curl_read_callback read_fn, curl_mime*& out) {
  out = nullptr;
  if (!post) return Status::ok();  // no mime at all, unlike an empty one
  std::unique_ptr<curl_mime, void (*)(curl_mime*)> form(new_mime(), destroy_mime);
  for (; post; post = post->next) {
    curl_mime* target = form.get();
    if (post->more) {
      curl_mimepart* holder = add_part(form.get());
      set_name(*holder, post);
      curl_mime* files = new_mime();
      Status st = set_subparts(holder, files, true);
      if (!st) {
        destroy_mime(files);
        return st;
      }
      target = files;
    }
    for (curl_httppost* file = post; file; file = file->more) {
      curl_mimepart* part = add_part(target);
      set_headers(*part, file->contentheader, false);
      if (file->contenttype) part->type_ = file->contenttype;
      if (!post->more) set_name(*part, post);
      Status st = fill_part(*part, post, file, read_fn);
      if (!st) return st;
    }
  }
  out = form.release();
  return Status::ok();
}

}  // namespace xfer::http
