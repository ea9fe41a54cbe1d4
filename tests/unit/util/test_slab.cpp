// Slab: blocks are distinct and aligned, come back for reuse, and empty chunks are unmapped.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include "util/slab.h"

using xfer::Slab;

TEST_CASE("slab hands out distinct, aligned, writable blocks", "[slab]") {
  Slab slab(100);
  std::vector<void*> blocks;
  std::set<void*> seen;
  for (int i = 0; i < 2000; ++i) {  // several chunks' worth
    void* p = slab.allocate();
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(p) % 16 == 0);
    std::memset(p, i & 0xff, 100);
    CHECK(seen.insert(p).second);
    blocks.push_back(p);
  }
  CHECK(slab.chunks() > 1);
  // Nothing overlapped: every block still holds its own pattern.
  for (std::size_t i = 0; i < blocks.size(); ++i)
    CHECK(static_cast<unsigned char*>(blocks[i])[99] == static_cast<unsigned char>(i & 0xff));
  for (void* p : blocks) slab.deallocate(p);
  // Everything back: only the spare chunk stays mapped.
  CHECK(slab.chunks() == 1);
}

TEST_CASE("slab reuses freed blocks and drains chunks freed in allocation order", "[slab]") {
  Slab slab(464);
  void* a = slab.allocate();
  slab.deallocate(a);
  CHECK(slab.allocate() == a);  // the spare chunk is taken again, from its start
  slab.deallocate(a);

  // A burst (thousands connecting at once) freed oldest first gives its memory back.
  std::vector<void*> burst;
  for (int i = 0; i < 10000; ++i) burst.push_back(slab.allocate());
  const std::size_t peak = slab.chunks();
  CHECK(peak >= 10000 * 464 / Slab::kChunkBytes);
  for (std::size_t i = 0; i < burst.size() / 2; ++i) slab.deallocate(burst[i]);
  CHECK(slab.chunks() < peak);
  for (std::size_t i = burst.size() / 2; i < burst.size(); ++i) slab.deallocate(burst[i]);
  CHECK(slab.chunks() == 1);
}

TEST_CASE("slab refills a chunk that was full once a block comes back", "[slab]") {
  Slab slab(Slab::kChunkBytes / 4);  // a handful of blocks per chunk
  std::vector<void*> blocks;
  for (int i = 0; i < 12; ++i) blocks.push_back(slab.allocate());
  const std::size_t chunks = slab.chunks();
  slab.deallocate(blocks[0]);           // its chunk was full: now it has room again
  void* again = slab.allocate();
  CHECK(again == blocks[0]);
  CHECK(slab.chunks() == chunks);       // no new chunk was needed
  blocks[0] = again;
  for (void* p : blocks) slab.deallocate(p);
  CHECK(slab.chunks() == 1);
}
