// Slab: 64 KiB chunks aligned to their size, so a block finds its chunk by masking its address.
#include "util/slab.h"

#include <sys/mman.h>

#include <new>

namespace xfer {

struct Slab::Chunk {
  Chunk* prev = nullptr;
  Chunk* next = nullptr;
  void* free = nullptr;      // blocks given back, linked through their first word
  std::size_t used = 0;      // blocks handed out
  std::size_t carved = 0;    // blocks ever handed out from fresh space
};

namespace {

constexpr std::size_t kAlign = 16;

}  // namespace

Slab::Slab(std::size_t block_size) {
  block_ = (block_size < sizeof(void*) ? sizeof(void*) : block_size);
  block_ = (block_ + kAlign - 1) / kAlign * kAlign;
  static_assert(sizeof(Chunk) <= kHeaderBytes && kHeaderBytes % kAlign == 0);
  per_chunk_ = (kChunkBytes - kHeaderBytes) / block_;
}

Slab::~Slab() {
  // Every block must be back by now; the owner destroys its objects first.
  while (partial_) {
    Chunk* c = partial_;
    unlink(c);
    unmap_chunk(c);
  }
  if (spare_) unmap_chunk(spare_);
}

Slab::Chunk* Slab::map_chunk() {
  // Twice the size, then the unaligned ends go back: the chunk starts on a 64 KiB boundary.
  void* raw = mmap(nullptr, 2 * kChunkBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto base = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t start = (base + kChunkBytes - 1) & ~(static_cast<std::uintptr_t>(kChunkBytes) - 1);
  if (start > base) munmap(raw, start - base);
  const std::uintptr_t end = base + 2 * kChunkBytes;
  if (end > start + kChunkBytes) munmap(reinterpret_cast<void*>(start + kChunkBytes), end - start - kChunkBytes);
  ++chunks_;
  return new (reinterpret_cast<void*>(start)) Chunk{};
}

void Slab::unmap_chunk(Chunk* c) {
  c->~Chunk();
  munmap(c, kChunkBytes);
  --chunks_;
}

void Slab::link(Chunk* c) {
  c->prev = nullptr;
  c->next = partial_;
  if (partial_) partial_->prev = c;
  partial_ = c;
}

void Slab::unlink(Chunk* c) {
  if (c->prev) c->prev->next = c->next;
  if (c->next) c->next->prev = c->prev;
  if (partial_ == c) partial_ = c->next;
  c->prev = c->next = nullptr;
}

void* Slab::allocate() {
  if (per_chunk_ == 0) return nullptr;
  if (!partial_) {
    Chunk* c = spare_ ? spare_ : map_chunk();
    if (!c) return nullptr;
    spare_ = nullptr;
    link(c);
  }
  Chunk* c = partial_;
  void* block;
  if (c->free) {
    block = c->free;
    c->free = *static_cast<void**>(block);
  } else {
    block = reinterpret_cast<char*>(c) + kHeaderBytes + c->carved * block_;
    ++c->carved;
  }
  ++c->used;
  if (c->used == per_chunk_) unlink(c);
  return block;
}

void Slab::deallocate(void* block) {
  if (!block) return;
  auto* c = reinterpret_cast<Chunk*>(reinterpret_cast<std::uintptr_t>(block) &
                                     ~(static_cast<std::uintptr_t>(kChunkBytes) - 1));
  // A chunk is on partial_ exactly while some but not all of its blocks are out.
  const bool was_full = c->used == per_chunk_;
  *static_cast<void**>(block) = c->free;
  c->free = block;
  --c->used;
  if (c->used == 0) {
    if (!was_full) unlink(c);
    if (!spare_) {
      c->free = nullptr;
      c->carved = 0;
      spare_ = c;
    } else {
      unmap_chunk(c);
    }
    return;
  }
  if (was_full) link(c);
}

}  // namespace xfer
