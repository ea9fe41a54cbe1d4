// TimerHeap: sift operations keep each entry's heap_index current so updates are O(log n).
#include "engine/timer_heap.h"

namespace xfer {

void TimerHeap::schedule(TimerEntry& e, TimePoint deadline) {
  if (deadline == TimePoint::max()) {
    cancel(e);
    return;
  }
  if (!e.queued()) {
    heap_.push_back(Slot{deadline, &e});
    e.heap_index = heap_.size() - 1;
    sift_up(e.heap_index);
    return;
  }
  const std::size_t i = e.heap_index;
  const TimePoint old = heap_[i].deadline;
  heap_[i].deadline = deadline;
  if (deadline < old)
    sift_up(i);
  else if (old < deadline)
    sift_down(i);
}

void TimerHeap::cancel(TimerEntry& e) {
  if (!e.queued()) return;
  const std::size_t i = e.heap_index;
  const Slot last = heap_.back();
  heap_.pop_back();
  e.heap_index = TimerEntry::kNotQueued;
  if (last.entry == &e) return;
  place(i, last);
  sift_up(i);
  sift_down(last.entry->heap_index);
}

TimerEntry* TimerHeap::pop_due(TimePoint now) {
  if (heap_.empty() || heap_[0].deadline > now) return nullptr;
  TimerEntry* e = heap_[0].entry;
  cancel(*e);
  return e;
}

void TimerHeap::sift_up(std::size_t i) {
  const Slot s = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!(s.deadline < heap_[parent].deadline)) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, s);
}

void TimerHeap::sift_down(std::size_t i) {
  const Slot s = heap_[i];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_[child + 1].deadline < heap_[child].deadline) ++child;
    if (!(heap_[child].deadline < s.deadline)) break;
    place(i, heap_[child]);
    i = child;
  }
  place(i, s);
}

}  // namespace xfer
