// Sleeps for the milliseconds given as its first argument (nanosleep -> poll_oneoff), then says so.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(int argc, char **argv) {
  long ms = argc > 1 ? atol(argv[1]) : 10;
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
  printf("slept %ld ms\n", ms);
  return 0;
}
