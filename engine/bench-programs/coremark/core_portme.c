/* Backstep's port of EEMBC CoreMark to a hosted C environment (wasm32-wasi via wasi-libc, or native), written here. */
#include <time.h>
#include "coremark.h"

ee_u32 default_num_contexts = 1;

static struct timespec started, stopped;

void
start_time(void)
{
    clock_gettime(CLOCK_MONOTONIC, &started);
}

void
stop_time(void)
{
    clock_gettime(CLOCK_MONOTONIC, &stopped);
}

/* Microseconds between start_time and stop_time. */
CORE_TICKS
get_time(void)
{
    int64_t ns = (int64_t)(stopped.tv_sec - started.tv_sec) * 1000000000
                 + (stopped.tv_nsec - started.tv_nsec);
    return (CORE_TICKS)(ns / 1000);
}

secs_ret
time_in_secs(CORE_TICKS ticks)
{
    return (secs_ret)ticks / 1e6;
}

void
portable_init(core_portable *p, int *argc, char *argv[])
{
    (void)argc;
    (void)argv;
    if (sizeof(ee_ptr_int) != sizeof(ee_u8 *) || sizeof(ee_u32) != 4)
        ee_printf("ERROR! core_portme.h's data types do not fit this target\n");
    p->portable_id = 1;
}

void
portable_fini(core_portable *p)
{
    p->portable_id = 0;
}
