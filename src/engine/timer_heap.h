// TimerHeap: a binary min-heap of deadlines, one entry per owner, with O(log n) update/remove.
#pragma once

#include <cstddef>
#include <vector>

#include "util/time.h"

namespace xfer {

// Embedded in whatever owns a deadline (a transfer); the heap points back to it.
struct TimerEntry {
  std::size_t heap_index = kNotQueued;
  void* owner = nullptr;  // whose deadline this is, for the engine to dispatch
  static constexpr std::size_t kNotQueued = static_cast<std::size_t>(-1);
  bool queued() const { return heap_index != kNotQueued; }
};

class TimerHeap {
 public:
  // Inserts, moves or (for TimePoint::max()) removes the entry.
  void schedule(TimerEntry& e, TimePoint deadline);
  void cancel(TimerEntry& e);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  TimePoint earliest() const { return heap_.empty() ? TimePoint::max() : heap_[0].deadline; }
  // Removes and returns the earliest entry if it is due at `now`, else nullptr.
  TimerEntry* pop_due(TimePoint now);

 private:
  // The deadline sits in the heap beside its entry, so sifting compares without visiting
  // the owners (each a different transfer, rarely in cache); only a moved entry is
  // written, to note its new index.
  struct Slot {
    TimePoint deadline;
    TimerEntry* entry;
  };
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void place(std::size_t i, const Slot& s) {
    heap_[i] = s;
    s.entry->heap_index = i;
  }
  std::vector<Slot> heap_;
};

}  // namespace xfer
