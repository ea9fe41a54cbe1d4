// Slab: fixed-size blocks for short-lived objects, carved from chunks that go back to the system once empty.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xfer {

// Why not the general heap: a burst of such objects (ten thousand transfers connecting at
// once) freed between longer-lived allocations leaves holes that stay resident. Blocks
// here come from their own 64 KiB chunks; a chunk whose blocks are all back is unmapped
// (one is kept as a spare), so the memory leaves with the burst. Not thread-safe: one
// engine, one thread at a time.
class Slab {
 public:
  explicit Slab(std::size_t block_size);
  ~Slab();
  Slab(const Slab&) = delete;
  Slab& operator=(const Slab&) = delete;

  void* allocate();  // nullptr when the system has no memory to give
  void deallocate(void* block);

  std::size_t chunks() const { return chunks_; }  // mapped, the spare included
  static constexpr std::size_t kChunkBytes = 64 * 1024;

 private:
  struct Chunk;
  static constexpr std::size_t kHeaderBytes = 64;  // the Chunk record at the chunk's start
  Chunk* map_chunk();
  void unmap_chunk(Chunk* c);
  void link(Chunk* c);
  void unlink(Chunk* c);

  std::size_t block_;
  std::size_t per_chunk_;
  Chunk* partial_ = nullptr;  // chunks with a free block
  Chunk* spare_ = nullptr;    // an empty chunk kept so a steady trickle does not remap
  std::size_t chunks_ = 0;
};

}  // namespace xfer
