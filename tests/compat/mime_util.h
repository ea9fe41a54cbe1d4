/* Boundary masking for the MIME scenarios: random boundaries become numbered fixed tokens. */
#ifndef XFER_TESTS_COMPAT_MIME_UTIL_H
#define XFER_TESTS_COMPAT_MIME_UTIL_H

#include <string.h>

#include "trace.h"

/* Replaces each distinct "------------------------" + 16 hex digits in the kept body by
 * "------------------------BOUNDARY0000000N" (same length, so Content-Length still holds),
 * numbered in order of first appearance. */
static void mime_mask_boundaries(struct trace_xfer *x) {
  char seen[8][41];
  int nseen = 0;
  for (size_t i = 0; x->body && i + 40 <= x->body_len; i++) {
    if (memcmp(x->body + i, "------------------------", 24) != 0) continue;
    int hex = 1;
    for (int k = 24; k < 40; k++) {
      char c = x->body[i + k];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) hex = 0;
    }
    if (!hex) continue;
    int idx = -1;
    for (int s = 0; s < nseen; s++)
      if (memcmp(seen[s], x->body + i, 40) == 0) idx = s;
    if (idx < 0 && nseen < 8) {
      memcpy(seen[nseen], x->body + i, 40);
      idx = nseen++;
    }
    char token[41] = "------------------------BOUNDARY0000000?";
    token[39] = (char)('0' + idx);
    memcpy(x->body + i, token, 40);
    i += 39;
  }
}

#endif
