// TimerHeap: a binary min-heap of deadlines, one entry per owner, with O(log n) update/remove.
#pragma once

#include <cstddef>
#include <vector>

#include "util/time.h"

namespace xfer {

// Embedded in whatever owns a deadline (a transfer); the heap stores pointers to it.
struct TimerEntry {
  TimePoint deadline = TimePoint::max();
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
  TimePoint earliest() const { return heap_.empty() ? TimePoint::max() : heap_[0]->deadline; }
  // Removes and returns the earliest entry if it is due at `now`, else nullptr.
  TimerEntry* pop_due(TimePoint now);

 private:
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void place(std::size_t i, TimerEntry* e) {
    heap_[i] = e;
    e->heap_index = i;
  }
  std::vector<TimerEntry*> heap_;
};

}  // namespace xfer
