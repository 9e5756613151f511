// Prints the realtime and monotonic clocks and 8 random bytes: deterministic mode makes the output
// identical run after run.
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
int main(void) {
  struct timespec r, m;
  clock_gettime(CLOCK_REALTIME, &r);
  clock_gettime(CLOCK_MONOTONIC, &m);
  unsigned char bytes[8];
  getentropy(bytes, sizeof bytes);
  printf("realtime %lld.%09ld monotonic %lld.%09ld random ", (long long)r.tv_sec, r.tv_nsec,
         (long long)m.tv_sec, m.tv_nsec);
  for (int i = 0; i < 8; i++) printf("%02x", bytes[i]);
  printf("\n");
  return 0;
}
