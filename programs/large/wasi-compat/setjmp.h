/* wasm32-wasi has no setjmp/longjmp without the exception-handling proposal. Lua raises errors
   with longjmp; in this build a Lua error ends the program (abort), which is enough for a module
   used to benchmark decoding and to run error-free scripts. */
#ifndef TIMESLICE_SETJMP_STUB_H
#define TIMESLICE_SETJMP_STUB_H
#include <stdlib.h>
typedef int jmp_buf[1];
#define setjmp(buf) ((void)(buf), 0)
#define longjmp(buf, value) ((void)(buf), (void)(value), abort())
#endif
