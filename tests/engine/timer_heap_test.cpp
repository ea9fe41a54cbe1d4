// TimerHeap against a sorted reference: random schedules, moves, cancels and pops agree.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <vector>

#include "engine/timer_heap.h"

using xfer::TimePoint;
using xfer::TimerEntry;
using xfer::TimerHeap;

TEST_CASE("timer heap keeps the earliest deadline on top through every kind of update", "[timer_heap]") {
  constexpr int kEntries = 64;
  std::vector<TimerEntry> entries(kEntries);
  std::map<int, long> due;  // entry -> deadline (ms), the reference
  for (int i = 0; i < kEntries; ++i) entries[i].owner = &entries[i];
  TimerHeap heap;
  std::mt19937 rng(7);
  const auto at = [](long ms) { return TimePoint() + std::chrono::milliseconds(ms); };
  const auto earliest = [&] {
    long best = -1;
    for (const auto& [i, ms] : due) best = best < 0 || ms < best ? ms : best;
    return best < 0 ? TimePoint::max() : at(best);
  };
  for (int step = 0; step < 5000; ++step) {
    const int i = static_cast<int>(rng() % kEntries);
    switch (rng() % 4) {
      case 0:
      case 1: {  // insert or move, earlier or later
        const long ms = static_cast<long>(rng() % 1000);
        heap.schedule(entries[i], at(ms));
        due[i] = ms;
        break;
      }
      case 2:
        heap.cancel(entries[i]);
        due.erase(i);
        break;
      case 3: {
        const TimePoint now = at(static_cast<long>(rng() % 1000));
        while (TimerEntry* e = heap.pop_due(now)) {
          const int k = static_cast<int>(e - entries.data());
          REQUIRE(due.count(k) == 1);
          CHECK(at(due[k]) <= now);
          CHECK(at(due[k]) == earliest());  // popped in deadline order
          due.erase(k);
          CHECK_FALSE(e->queued());
        }
        CHECK((heap.empty() || heap.earliest() > now));
        break;
      }
    }
    REQUIRE(heap.size() == due.size());
    REQUIRE(heap.earliest() == earliest());
    for (int k = 0; k < kEntries; ++k) REQUIRE(entries[k].queued() == (due.count(k) == 1));
  }
  heap.schedule(entries[0], TimePoint::max());  // max() removes
  CHECK_FALSE(entries[0].queued());
}
