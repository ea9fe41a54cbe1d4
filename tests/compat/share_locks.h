/* Lock callbacks for the share scenarios: count locks and unlocks per kind of data, note
   nesting and unlocks without a lock, print whether one kind's locks were taken and undone. */
#ifndef XFER_TESTS_COMPAT_SHARE_LOCKS_H
#define XFER_TESTS_COMPAT_SHARE_LOCKS_H

#include <string.h>

#include "trace.h"

static long share_locks[CURL_LOCK_DATA_LAST + 1], share_unlocks[CURL_LOCK_DATA_LAST + 1];
static int share_depth[CURL_LOCK_DATA_LAST + 1];
static int share_nested, share_unmatched;

static void on_lock(CURL *h, curl_lock_data d, curl_lock_access a, void *u) {
  (void)h;
  (void)a;
  (void)u;
  if (d < 0 || d > CURL_LOCK_DATA_LAST) return;
  if (share_depth[d]) share_nested = 1;
  share_depth[d]++;
  share_locks[d]++;
}

static void on_unlock(CURL *h, curl_lock_data d, void *u) {
  (void)h;
  (void)u;
  if (d < 0 || d > CURL_LOCK_DATA_LAST) return;
  if (share_depth[d] == 0) share_unmatched = 1;
  else share_depth[d]--;
  share_unlocks[d]++;
}

/* Whether `kind` locks were taken since the last call and whether every lock was undone;
   with_unmatched adds whether an unlock came without its lock. Counts start again. */
static void share_locks_print(const char *label, const char *name, curl_lock_data kind, int with_unmatched) {
  if (with_unmatched)
    trace_line("%s: %s locks %s, balanced %s, nested %s, unmatched unlock %s", label, name,
               share_locks[kind] ? "taken" : "none", share_locks[kind] == share_unlocks[kind] ? "yes" : "no",
               share_nested ? "yes" : "no", share_unmatched ? "yes" : "no");
  else
    trace_line("%s: %s locks %s, balanced %s, nested %s", label, name, share_locks[kind] ? "taken" : "none",
               share_locks[kind] == share_unlocks[kind] ? "yes" : "no", share_nested ? "yes" : "no");
  memset(share_locks, 0, sizeof share_locks);
  memset(share_unlocks, 0, sizeof share_unlocks);
  share_nested = 0;
  share_unmatched = 0;
}

#endif
