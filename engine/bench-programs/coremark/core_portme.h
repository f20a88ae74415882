/* Backstep's port of EEMBC CoreMark to a hosted C environment (wasm32-wasi via wasi-libc, or native), written here. */
#ifndef CORE_PORTME_H
#define CORE_PORTME_H

#include <stddef.h>
#include <stdint.h>

/* What the environment offers: floating point, stdio and printf (ee_printf is printf). */
#define HAS_FLOAT  1
#define HAS_STDIO  1
#define HAS_PRINTF 1

/* One context, the data in a static array, the seeds and the iteration count from the command line:
   coremark SEED1 SEED2 SEED3 ITERATIONS (the performance run is 0x0 0x0 0x66 N). */
#define MULTITHREAD       1
#define MEM_METHOD        MEM_STATIC
#define SEED_METHOD       SEED_ARG
#define MAIN_HAS_NOARGC   0
#define MAIN_HAS_NORETURN 0

/* Strings for the report; build.sh passes FLAGS_STR, the flags it compiled with. */
#ifndef COMPILER_VERSION
#if defined(__clang__)
#define COMPILER_VERSION __VERSION__ /* e.g. "Debian Clang 14.0.6" */
#else
#define COMPILER_VERSION "GCC " __VERSION__
#endif
#endif
#ifndef FLAGS_STR
#define FLAGS_STR "(unknown)"
#endif
#define COMPILER_FLAGS FLAGS_STR
#define MEM_LOCATION   "STATIC"

/* Fixed-size types CoreMark computes with. */
typedef signed short   ee_s16;
typedef unsigned short ee_u16;
typedef signed int     ee_s32;
typedef unsigned int   ee_u32;
typedef unsigned char  ee_u8;
typedef float          ee_f32;
typedef uintptr_t      ee_ptr_int;
typedef size_t         ee_size_t;

/* Round a pointer up to a multiple of 4 bytes. */
#define align_mem(x) (void *)(((ee_ptr_int)(x) + 3) & ~(ee_ptr_int)3)

/* Timer ticks are microseconds of CLOCK_MONOTONIC. */
typedef uint64_t CORE_TICKS;

/* Per-context data: nothing beyond an id, as there is a single context. */
typedef struct
{
    ee_u8 portable_id;
} core_portable;

extern ee_u32 default_num_contexts;

void portable_init(core_portable *p, int *argc, char *argv[]);
void portable_fini(core_portable *p);

#endif /* CORE_PORTME_H */
