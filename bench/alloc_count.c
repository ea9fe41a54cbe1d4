/* LD_PRELOAD shim: counts heap calls and live heap bytes, read by the bench programs through dlsym. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>

/* glibc's own entry points: calling them avoids dlsym(RTLD_NEXT), which itself allocates. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *ptr);

struct BenchAllocSnapshot {
  uint64_t allocations; /* malloc + calloc + realloc + aligned variants */
  uint64_t frees;
  uint64_t bytes_requested;
  int64_t live_bytes; /* usable size of every block not yet freed */
};

static uint64_t allocations;
static uint64_t frees;
static uint64_t bytes_requested;
static int64_t live_bytes;

/* Relaxed atomics: resolver threads allocate too, and only totals matter. */
static void note_alloc(void *ptr, size_t size) {
  if (!ptr)
    return;
  __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&bytes_requested, size, __ATOMIC_RELAXED);
  __atomic_add_fetch(&live_bytes, (int64_t)malloc_usable_size(ptr), __ATOMIC_RELAXED);
}

static void note_free(void *ptr) {
  if (!ptr)
    return;
  __atomic_add_fetch(&frees, 1, __ATOMIC_RELAXED);
  __atomic_sub_fetch(&live_bytes, (int64_t)malloc_usable_size(ptr), __ATOMIC_RELAXED);
}

void bench_alloc_snapshot(struct BenchAllocSnapshot *out) {
  out->allocations = __atomic_load_n(&allocations, __ATOMIC_RELAXED);
  out->frees = __atomic_load_n(&frees, __ATOMIC_RELAXED);
  out->bytes_requested = __atomic_load_n(&bytes_requested, __ATOMIC_RELAXED);
  out->live_bytes = __atomic_load_n(&live_bytes, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
  void *p = __libc_malloc(size);
  note_alloc(p, size);
  return p;
}

void *calloc(size_t count, size_t size) {
  void *p = __libc_calloc(count, size);
  note_alloc(p, count * size);
  return p;
}

/* A realloc is one allocation event; the old block's bytes leave the live total first. */
void *realloc(void *ptr, size_t size) {
  size_t old = ptr ? malloc_usable_size(ptr) : 0;
  void *p = __libc_realloc(ptr, size);
  if (!p)
    return p;
  __atomic_sub_fetch(&live_bytes, (int64_t)old, __ATOMIC_RELAXED);
  note_alloc(p, size);
  return p;
}

void free(void *ptr) {
  note_free(ptr);
  __libc_free(ptr);
}

void *memalign(size_t alignment, size_t size) {
  void *p = __libc_memalign(alignment, size);
  note_alloc(p, size);
  return p;
}

void *aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
  void *p = memalign(alignment, size);
  if (!p)
    return 12; /* ENOMEM */
  *out = p;
  return 0;
}
