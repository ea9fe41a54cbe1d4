/* Clocks for the hand-run probes: process CPU (user+system) and monotonic wall time, in s. */
#pragma once

#include <sys/resource.h>
#include <time.h>

static inline double probe_cpu_seconds(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return (double)r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + (double)r.ru_stime.tv_sec +
         r.ru_stime.tv_usec / 1e6;
}

static inline double probe_wall_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}
