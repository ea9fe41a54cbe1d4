// LD_PRELOAD interposer that fails the Nth allocation made by one library (xfer's libcurl.so.4).
//
// Environment:
//   XFER_TORTURE_FAIL_AT=N   fail the Nth counted allocation (0 or unset: only count)
//   XFER_TORTURE_LIB=NAME    the library whose allocations count (default "libcurl.so.4")
//   XFER_TORTURE_REPORT=PATH lines for the driver: "injected N size S in CALL" and its
//                            stack ("frame LIB OFFSET SYMBOL"), "api CALL code|ptr VALUE"
//                            (what the public call that saw the failure returned),
//                            "call-live ADDR" (what that call allocated and still held when
//                            it returned), "crash signal S" and its stack, "counted C"
//
// An allocation counts when its caller is inside the target library. The C++ runtime's own
// allocators (std::string's out-of-line members, std::function...) are called by xfer but
// live in libstdc++.so, so when the immediate caller is libstdc++ (or libgcc_s) the stack
// is unwound to the first frame outside them, and that frame decides. OpenSSL, zlib, libc
// internals (getaddrinfo, fopen) and the scenario program are never failed: their
// allocation failures are not xfer's to handle, and failing them would mostly test them.
//
// The real allocator is whatever comes next in symbol lookup (dlsym RTLD_NEXT): libc's, or
// LeakSanitizer's when liblsan.so is preloaded after this library, which is how the driver
// checks for leaks.
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unwind.h>

#include <atomic>
#include <cstddef>
#include <new>

namespace {

using MallocFn = void* (*)(size_t);
using CallocFn = void* (*)(size_t, size_t);
using ReallocFn = void* (*)(void*, size_t);
using FreeFn = void (*)(void*);
using MemalignFn = int (*)(void**, size_t, size_t);
using AlignedAllocFn = void* (*)(size_t, size_t);

MallocFn real_malloc;
CallocFn real_calloc;
ReallocFn real_realloc;
FreeFn real_free;
MemalignFn real_posix_memalign;
AlignedAllocFn real_aligned_alloc;
AlignedAllocFn real_memalign;

// dlsym may allocate while the real functions are being looked up; those few early
// requests are served from here and never freed.
alignas(64) char boot_arena[64 * 1024];
std::atomic<size_t> boot_used{0};
thread_local bool resolving = false;

void* boot_alloc(size_t n) {
  size_t need = (n + 63) & ~size_t{63};
  size_t at = boot_used.fetch_add(need);
  if (at + need > sizeof boot_arena) return nullptr;
  return boot_arena + at;
}

bool in_boot(void* p) {
  return p >= static_cast<void*>(boot_arena) && p < static_cast<void*>(boot_arena + sizeof boot_arena);
}

void resolve_real() {
  if (real_free != nullptr) return;
  resolving = true;
  real_malloc = reinterpret_cast<MallocFn>(dlsym(RTLD_NEXT, "malloc"));
  real_calloc = reinterpret_cast<CallocFn>(dlsym(RTLD_NEXT, "calloc"));
  real_realloc = reinterpret_cast<ReallocFn>(dlsym(RTLD_NEXT, "realloc"));
  real_posix_memalign = reinterpret_cast<MemalignFn>(dlsym(RTLD_NEXT, "posix_memalign"));
  real_aligned_alloc = reinterpret_cast<AlignedAllocFn>(dlsym(RTLD_NEXT, "aligned_alloc"));
  real_memalign = reinterpret_cast<AlignedAllocFn>(dlsym(RTLD_NEXT, "memalign"));
  real_free = reinterpret_cast<FreeFn>(dlsym(RTLD_NEXT, "free"));
  resolving = false;
}

struct Range {
  uintptr_t lo, hi;
};
constexpr int kMaxRanges = 16;
// Plain data, zero-initialized before any code runs: a dynamic initializer could run after
// torture_init (both sit in .init_array) and wipe what it found.
struct RangeSet {
  Range r[kMaxRanges];
  int n;
  bool has(uintptr_t a) const {
    for (int i = 0; i < n; ++i)
      if (a >= r[i].lo && a < r[i].hi) return true;
    return false;
  }
};

RangeSet target;   // the library whose allocations count
RangeSet runtime;  // libstdc++ and libgcc_s: looked through to their caller
RangeSet self;     // this interposer: looked through as well
bool ready = false;
long fail_at = 0;
std::atomic<long> counted{0};
std::atomic<bool> injected{false};
int report_fd = -1;
const char* target_name = "libcurl.so.4";
uintptr_t target_base = 0;
char target_path[512];

thread_local bool busy = false;  // the unwinder or dladdr called back into us
// The outermost public API call running on this thread, and whether the failure was
// injected inside it: its return value is what the driver judges.
thread_local const char* api_name = nullptr;
thread_local bool api_hit = false;
// The target's allocations made during the current API call and not yet freed: when the
// call fails, those still live at its return are reported, so the driver can tell a leak
// of the failing call's partial work (the library's fault) from an object the program
// lost after a later call failed.
constexpr int kCallAllocs = 512;
thread_local void* call_allocs[kCallAllocs];
thread_local int call_alloc_count = 0;
thread_local bool last_counted = false;

void remember(void* p) {
  if (p == nullptr || api_name == nullptr || !last_counted || call_alloc_count >= kCallAllocs) return;
  call_allocs[call_alloc_count++] = p;
}

void forget(void* p) {
  if (api_name == nullptr) return;
  for (int i = 0; i < call_alloc_count; ++i) {
    if (call_allocs[i] == p) {
      call_allocs[i] = call_allocs[--call_alloc_count];
      return;
    }
  }
}

void report(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void report(const char* fmt, ...) {
  if (report_fd < 0) return;
  char line[768];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > static_cast<int>(sizeof line) - 1) n = sizeof line - 1;
  ssize_t w = write(report_fd, line, static_cast<size_t>(n));
  (void)w;
}

void add_exec_segments(RangeSet& set, dl_phdr_info* info) {
  for (int i = 0; i < info->dlpi_phnum && set.n < kMaxRanges; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || (ph.p_flags & PF_X) == 0) continue;
    uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
    set.r[set.n++] = Range{lo, lo + ph.p_memsz};
  }
}

int collect(dl_phdr_info* info, size_t, void*) {
  const char* name = info->dlpi_name != nullptr ? info->dlpi_name : "";
  const char* base = strrchr(name, '/');
  base = base != nullptr ? base + 1 : name;
  Dl_info self_info;
  if (dladdr(reinterpret_cast<void*>(&collect), &self_info) != 0 &&
      self_info.dli_fbase == reinterpret_cast<void*>(info->dlpi_addr)) {
    add_exec_segments(self, info);
  } else if (strncmp(base, target_name, strlen(target_name)) == 0 && *target_name != '\0') {
    if (target.n == 0) {
      target_base = info->dlpi_addr;
      snprintf(target_path, sizeof target_path, "%s", name);
    }
    add_exec_segments(target, info);
  } else if (strncmp(base, "libstdc++.so", 12) == 0 || strncmp(base, "libgcc_s.so", 11) == 0) {
    add_exec_segments(runtime, info);
  }
  return 0;
}

struct WalkState {
  int verdict;  // -1 undecided, 0 no, 1 yes
  int depth;
};

_Unwind_Reason_Code walk_frame(_Unwind_Context* ctx, void* arg) {
  auto* st = static_cast<WalkState*>(arg);
  uintptr_t ip = _Unwind_GetIP(ctx);
  if (ip == 0 || ++st->depth > 24) return _URC_END_OF_STACK;
  if (self.has(ip) || runtime.has(ip)) return _URC_NO_REASON;
  st->verdict = target.has(ip) ? 1 : 0;
  return _URC_END_OF_STACK;
}

// Whether the allocation being made now is one of the target library's.
bool caller_counts(void* ret) {
  if (!ready || busy || resolving) return false;
  uintptr_t ra = reinterpret_cast<uintptr_t>(ret);
  if (target.has(ra)) return true;
  if (!runtime.has(ra)) return false;
  busy = true;
  WalkState st{-1, 0};
  _Unwind_Backtrace(walk_frame, &st);
  busy = false;
  return st.verdict == 1;
}

_Unwind_Reason_Code print_frame(_Unwind_Context* ctx, void* arg) {
  int* depth = static_cast<int*>(arg);
  uintptr_t ip = _Unwind_GetIP(ctx);
  if (ip == 0 || ++*depth > 32) return _URC_END_OF_STACK;
  Dl_info di;
  if (dladdr(reinterpret_cast<void*>(ip - 1), &di) != 0 && di.dli_fname != nullptr) {
    const char* base = strrchr(di.dli_fname, '/');
    base = base != nullptr ? base + 1 : di.dli_fname;
    report("frame %s 0x%lx %s\n", base,
           static_cast<unsigned long>(ip - 1 - reinterpret_cast<uintptr_t>(di.dli_fbase)),
           di.dli_sname != nullptr ? di.dli_sname : "?");
  } else {
    report("frame ? 0x%lx ?\n", static_cast<unsigned long>(ip));
  }
  return _URC_NO_REASON;
}

void print_stack() {
  bool was = busy;
  busy = true;
  int depth = 0;
  _Unwind_Backtrace(print_frame, &depth);
  busy = was;
}

// Counts a target allocation; true when this one is the one to fail.
bool should_fail(void* ret, size_t size) {
  last_counted = caller_counts(ret);
  if (!last_counted) return false;
  long n = counted.fetch_add(1) + 1;
  if (fail_at <= 0 || n != fail_at) return false;
  injected.store(true);
  report("injected %ld size %zu in %s\n", n, size, api_name != nullptr ? api_name : "(no api call)");
  if (api_name != nullptr) api_hit = true;
  print_stack();
  return true;
}

void on_crash(int sig) {
  report("crash signal %d\n", sig);
  print_stack();
  signal(sig, SIG_DFL);
  raise(sig);
}

__attribute__((constructor)) void torture_init() {
  resolve_real();
  const char* lib = getenv("XFER_TORTURE_LIB");
  if (lib != nullptr) target_name = lib;
  const char* at = getenv("XFER_TORTURE_FAIL_AT");
  if (at != nullptr) fail_at = strtol(at, nullptr, 10);
  const char* path = getenv("XFER_TORTURE_REPORT");
  if (path != nullptr) report_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  busy = true;
  dl_iterate_phdr(collect, nullptr);
  busy = false;
  report("target %s base 0x%lx segments %d\n", target_path, static_cast<unsigned long>(target_base),
         target.n);
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) signal(sig, on_crash);
  ready = true;
}

__attribute__((destructor)) void torture_fini() {
  report("counted %ld%s\n", counted.load(), injected.load() ? " injected" : "");
}

void* do_malloc(void* ret, size_t n) {
  if (real_malloc == nullptr) {
    if (resolving) return boot_alloc(n);
    resolve_real();
  }
  if (should_fail(ret, n)) return nullptr;
  void* p = real_malloc(n);
  remember(p);
  return p;
}

void* do_aligned(void* ret, size_t align, size_t n) {
  if (real_posix_memalign == nullptr) resolve_real();
  if (should_fail(ret, n)) return nullptr;
  void* p = nullptr;
  if (align < sizeof(void*)) align = sizeof(void*);
  if (real_posix_memalign(&p, align, n) != 0) return nullptr;
  remember(p);
  return p;
}

}  // namespace

extern "C" {

void* malloc(size_t n) { return do_malloc(__builtin_return_address(0), n); }

void* calloc(size_t a, size_t b) {
  if (real_calloc == nullptr) {
    if (resolving) {
      void* p = boot_alloc(a * b);
      if (p != nullptr) memset(p, 0, a * b);
      return p;
    }
    resolve_real();
  }
  if (should_fail(__builtin_return_address(0), a * b)) return nullptr;
  void* p = real_calloc(a, b);
  remember(p);
  return p;
}

void* realloc(void* p, size_t n) {
  if (in_boot(p)) {
    void* q = do_malloc(__builtin_return_address(0), n);
    if (q != nullptr) memcpy(q, p, n);
    return q;
  }
  if (real_realloc == nullptr) resolve_real();
  if (should_fail(__builtin_return_address(0), n)) return nullptr;
  forget(p);
  void* q = real_realloc(p, n);
  remember(q);
  return q;
}

void free(void* p) {
  if (p == nullptr || in_boot(p)) return;
  if (real_free == nullptr) resolve_real();
  forget(p);
  real_free(p);
}

int posix_memalign(void** out, size_t align, size_t n) {
  if (real_posix_memalign == nullptr) resolve_real();
  if (should_fail(__builtin_return_address(0), n)) return 12;  // ENOMEM
  int rc = real_posix_memalign(out, align, n);
  if (rc == 0) remember(*out);
  return rc;
}

void* aligned_alloc(size_t align, size_t n) {
  return do_aligned(__builtin_return_address(0), align, n);
}

void* memalign(size_t align, size_t n) { return do_aligned(__builtin_return_address(0), align, n); }

char* strdup(const char* s) {
  size_t n = strlen(s) + 1;
  auto* p = static_cast<char*>(do_malloc(__builtin_return_address(0), n));
  if (p != nullptr) memcpy(p, s, n);
  return p;
}

char* strndup(const char* s, size_t max) {
  size_t n = strnlen(s, max);
  auto* p = static_cast<char*>(do_malloc(__builtin_return_address(0), n + 1));
  if (p != nullptr) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

}  // extern "C"

// The replaceable C++ allocation functions: the throwing ones throw std::bad_alloc, the
// nothrow ones return null, exactly as the standard library's would on exhaustion.
namespace {
void* new_impl(void* ret, size_t n) {
  void* p = do_malloc(ret, n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* new_aligned_impl(void* ret, size_t n, std::align_val_t a) {
  void* p = do_aligned(ret, static_cast<size_t>(a), n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(size_t n) { return new_impl(__builtin_return_address(0), n); }
void* operator new[](size_t n) { return new_impl(__builtin_return_address(0), n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  return do_malloc(__builtin_return_address(0), n == 0 ? 1 : n);
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept {
  return do_malloc(__builtin_return_address(0), n == 0 ? 1 : n);
}
void* operator new(size_t n, std::align_val_t a) {
  return new_aligned_impl(__builtin_return_address(0), n, a);
}
void* operator new[](size_t n, std::align_val_t a) {
  return new_aligned_impl(__builtin_return_address(0), n, a);
}
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return do_aligned(__builtin_return_address(0), static_cast<size_t>(a), n == 0 ? 1 : n);
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return do_aligned(__builtin_return_address(0), static_cast<size_t>(a), n == 0 ? 1 : n);
}
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }

// Wrappers over libcurl's public calls (by name, so they work on xfer and on libcurl): each
// reports what the call returned when the failure was injected during it. Variadic calls
// pass their single argument on as a pointer-sized value, which is how every option and
// info argument travels on x86-64 and aarch64.
namespace {
struct ApiScope {
  const char* prev;
  explicit ApiScope(const char* name) : prev(api_name) {
    if (prev == nullptr) {
      api_name = name;
      api_hit = false;
      call_alloc_count = 0;
    }
  }
  bool outermost_hit() const { return prev == nullptr && api_hit; }
  ~ApiScope() {
    if (prev == nullptr) {
      if (api_hit) {
        for (int i = 0; i < call_alloc_count; ++i) report("call-live %p\n", call_allocs[i]);
      }
      api_name = nullptr;
      api_hit = false;
      call_alloc_count = 0;
    }
  }
};

void* next_fn(const char* name) {
  void* f = dlsym(RTLD_NEXT, name);
  if (f == nullptr) abort();
  return f;
}
}  // namespace

#define API_CODE(name, params, args)                                       \
  extern "C" int name params {                                             \
    static auto real = reinterpret_cast<int(*) params>(next_fn(#name));     \
    ApiScope scope(#name);                                                 \
    int rc = real args;                                                    \
    if (scope.outermost_hit()) report("api %s code %d\n", #name, rc);       \
    return rc;                                                             \
  }
#define API_PTR(name, params, args)                                        \
  extern "C" void* name params {                                           \
    static auto real = reinterpret_cast<void* (*) params>(next_fn(#name));  \
    ApiScope scope(#name);                                                 \
    void* p = real args;                                                   \
    if (scope.outermost_hit()) report("api %s ptr %s\n", #name, p != nullptr ? "set" : "null"); \
    return p;                                                              \
  }
#define API_VARARG(name)                                                   \
  extern "C" int name(void* h, int what, ...) {                            \
    static auto real = reinterpret_cast<int (*)(void*, int, ...)>(next_fn(#name)); \
    va_list ap;                                                            \
    va_start(ap, what);                                                    \
    void* arg = va_arg(ap, void*);                                         \
    va_end(ap);                                                            \
    ApiScope scope(#name);                                                 \
    int rc = real(h, what, arg);                                           \
    if (scope.outermost_hit()) report("api %s(%d) code %d\n", #name, what, rc); \
    return rc;                                                             \
  }

API_CODE(curl_global_init, (long f), (f))
API_CODE(curl_easy_perform, (void* h), (h))
API_CODE(curl_easy_pause, (void* h, int b), (h, b))
API_CODE(curl_easy_upkeep, (void* h), (h))
API_CODE(curl_easy_recv, (void* h, void* b, size_t n, size_t* got), (h, b, n, got))
API_CODE(curl_easy_send, (void* h, const void* b, size_t n, size_t* sent), (h, b, n, sent))
API_CODE(curl_multi_add_handle, (void* m, void* h), (m, h))
API_CODE(curl_multi_remove_handle, (void* m, void* h), (m, h))
API_CODE(curl_multi_perform, (void* m, int* running), (m, running))
API_CODE(curl_multi_socket_action, (void* m, int s, int ev, int* running), (m, s, ev, running))
API_CODE(curl_multi_wait, (void* m, void* fds, unsigned n, int ms, int* num), (m, fds, n, ms, num))
API_CODE(curl_multi_poll, (void* m, void* fds, unsigned n, int ms, int* num), (m, fds, n, ms, num))
API_CODE(curl_multi_wakeup, (void* m), (m))
API_CODE(curl_multi_assign, (void* m, int s, void* p), (m, s, p))
API_CODE(curl_multi_fdset, (void* m, void* r, void* w, void* e, int* mx), (m, r, w, e, mx))
API_CODE(curl_multi_cleanup, (void* m), (m))
API_CODE(curl_share_cleanup, (void* s), (s))
API_CODE(curl_url_set, (void* u, int part, const char* v, unsigned f), (u, part, v, f))
API_CODE(curl_url_get, (void* u, int part, char** v, unsigned f), (u, part, v, f))
API_CODE(curl_mime_name, (void* p, const char* n), (p, n))
API_CODE(curl_mime_filename, (void* p, const char* n), (p, n))
API_CODE(curl_mime_type, (void* p, const char* n), (p, n))
API_CODE(curl_mime_encoder, (void* p, const char* n), (p, n))
API_CODE(curl_mime_data, (void* p, const char* d, size_t n), (p, d, n))
API_CODE(curl_mime_filedata, (void* p, const char* n), (p, n))
API_CODE(curl_mime_subparts, (void* p, void* s), (p, s))
API_CODE(curl_mime_headers, (void* p, void* l, int own), (p, l, own))
API_CODE(curl_easy_header, (void* h, const char* n, size_t i, unsigned o, int r, void** out),
         (h, n, i, o, r, out))
API_PTR(curl_easy_init, (void), ())
API_PTR(curl_easy_duphandle, (void* h), (h))
API_PTR(curl_multi_init, (void), ())
API_PTR(curl_share_init, (void), ())
API_PTR(curl_url, (void), ())
API_PTR(curl_url_dup, (void* u), (u))
API_PTR(curl_slist_append, (void* l, const char* s), (l, s))
API_PTR(curl_mime_init, (void* h), (h))
API_PTR(curl_mime_addpart, (void* m), (m))
API_PTR(curl_easy_escape, (void* h, const char* s, int n), (h, s, n))
API_PTR(curl_easy_unescape, (void* h, const char* s, int n, int* out), (h, s, n, out))
API_PTR(curl_multi_info_read, (void* m, int* left), (m, left))
API_VARARG(curl_easy_setopt)
API_VARARG(curl_easy_getinfo)
API_VARARG(curl_multi_setopt)
API_VARARG(curl_share_setopt)
