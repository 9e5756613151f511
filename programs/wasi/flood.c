// Writes lines to stdout forever (until a cap or the fuel budget stops it).
#include <stdio.h>
int main(void) {
  for (unsigned long i = 0;; i++) printf("line %lu of a flood of output\n", i);
}
