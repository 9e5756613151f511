// Prints a greeting to stdout and a note to stderr.
#include <stdio.h>
int main(void) {
  printf("hello from wasi\n");
  fprintf(stderr, "this is stderr\n");
  return 0;
}
