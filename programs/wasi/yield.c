// Calls sched_yield the number of times given as its first argument.
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3;
  for (int i = 0; i < n; i++) sched_yield();
  printf("yielded %d times\n", n);
  return 0;
}
