// A doubly linked intrusive list: O(1) push, unlink and "am I linked", no allocation.
#pragma once

#include <cstddef>

namespace xfer {

// An object that lives on several lists embeds one ListHook per list.
struct ListHook {
  ListHook* prev = nullptr;
  ListHook* next = nullptr;
  void* owner = nullptr;  // the object embedding this hook, set while linked
  bool linked() const { return next != nullptr; }
};

// Member is the pointer-to-member of the hook inside T, so one T can be on many lists.
template <class T, ListHook T::*Member>
class IntrusiveList {
 public:
  IntrusiveList() { head_.prev = head_.next = &head_; }
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  bool empty() const { return head_.next == &head_; }
  std::size_t size() const { return size_; }

  void push_back(T* item) { insert_before(&head_, item); }
  void push_front(T* item) { insert_before(head_.next, item); }

  void remove(T* item) {
    ListHook* h = &(item->*Member);
    if (!h->linked()) return;
    h->prev->next = h->next;
    h->next->prev = h->prev;
    h->prev = h->next = nullptr;
    --size_;
  }

  T* front() const { return empty() ? nullptr : owner(head_.next); }
  T* back() const { return empty() ? nullptr : owner(head_.prev); }

  T* pop_front() {
    T* item = front();
    if (item) remove(item);
    return item;
  }

  // The element after item, or nullptr at the end.
  T* next_of(T* item) const {
    ListHook* n = (item->*Member).next;
    return n == &head_ ? nullptr : owner(n);
  }

 private:
  static T* owner(const ListHook* h) { return static_cast<T*>(h->owner); }
  void insert_before(ListHook* pos, T* item) {
    ListHook* h = &(item->*Member);
    if (h->linked()) return;
    h->owner = item;
    h->next = pos;
    h->prev = pos->prev;
    pos->prev->next = h;
    pos->prev = h;
    ++size_;
  }

  ListHook head_;
  std::size_t size_ = 0;
};

}  // namespace xfer
