/* What a sleep in epoll_wait and the wake-up after it are charged on this machine. The
   parent (CPU 1) writes a byte, sleeps in epoll_wait until the child (CPU 0, spinning on a
   non-blocking pipe, so the parent never has to wake it) answers after DELAY_US, and reads
   the answer; then the same write/epoll_wait/read on a pipe to itself, with no sleep.
   Usage: sleep_cost [DELAY_US] [ROUNDS]   (needs two CPUs) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe_clock.h"

static void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");
}

/* CPU per round of write, epoll_wait and read, with the answer coming from `in`. */
static double rounds_cpu(int out, int in, long rounds) {
  const int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = in};
  epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev);
  char c = 'x';
  const double start = probe_cpu_seconds();
  for (long i = 0; i < rounds; i++) {
    struct epoll_event got;
    if (write(out, &c, 1) != 1 || epoll_wait(ep, &got, 1, 5000) != 1 || read(in, &c, 1) != 1) {
      fprintf(stderr, "sleep_cost: round %ld failed\n", i);
      exit(1);
    }
  }
  close(ep);
  return (probe_cpu_seconds() - start) / (double)rounds;
}

int main(int argc, char **argv) {
  const double delay = (argc > 1 ? atof(argv[1]) : 0) * 1e-6;
  const long rounds = argc > 2 ? atol(argv[2]) : 100000;
  if (rounds <= 0 || rounds > 10000000 || delay < 0 || delay > 0.01) {
    fprintf(stderr, "usage: %s [DELAY_US <= 10000] [ROUNDS <= 10000000]\n", argv[0]);
    return 2;
  }
  int to_child[2], to_parent[2], self[2];
  if (pipe(to_child) || pipe(to_parent) || pipe(self)) {
    perror("pipe");
    return 1;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    pin(0);
    fcntl(to_child[0], F_SETFL, O_NONBLOCK);
    char c;
    for (long i = 0; i < rounds; i++) {
      const double give_up = probe_wall_seconds() + 5;
      while (read(to_child[0], &c, 1) != 1)
        if (probe_wall_seconds() > give_up) _exit(1);
      const double t = probe_wall_seconds();
      while (probe_wall_seconds() - t < delay) {
      }
      if (write(to_parent[1], &c, 1) != 1) _exit(1);
    }
    _exit(0);
  }
  pin(1);
  const double sleeping = rounds_cpu(to_child[1], to_parent[0], rounds);
  int status = 0;
  waitpid(pid, &status, 0);
  const double awake = rounds_cpu(self[1], self[0], rounds);
  printf("{\"delay_us\": %.1f, \"cpu_us_per_round_sleeping\": %.2f, \"cpu_us_per_round_awake\": %.2f, "
         "\"sleep_cost_us\": %.2f}\n",
         delay * 1e6, sleeping * 1e6, awake * 1e6, (sleeping - awake) * 1e6);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
