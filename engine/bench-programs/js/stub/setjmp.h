/* setjmp for wasm32-wasi, which has none, written here: setjmp returns 0 and longjmp aborts. A script
   that never throws (the benchmark's) runs unchanged; one that throws stops with a trap. */
#ifndef BACKSTEP_SETJMP_STUB_H
#define BACKSTEP_SETJMP_STUB_H
#include <stdlib.h>
typedef int jmp_buf[1];
#define setjmp(env) ((void)(env), 0)
#define longjmp(env, value) ((void)(env), (void)(value), abort())
#endif
