/* Functions Lua's standard library calls that WASI preview 1 does not offer: sandboxed jobs have no
   processes to spawn and no temporary files outside their preopens, so both report failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

FILE *tmpfile(void) {
  errno = ENOTSUP;
  return NULL;
}

int system(const char *command) {
  if (command == NULL) {
    return 0; /* no shell is available */
  }
  errno = ENOTSUP;
  return -1;
}
