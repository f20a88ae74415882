/*
 * fib.c - naive recursive Fibonacci.
 *
 * Usage: fib.wasm [n]      (default n = 25, valid range 0..40)
 *
 * fib(25) makes 242785 calls, so this is a good sample for watching a deep
 * and very repetitive call tree: step into a few levels, then use "step
 * out" / "reverse step out" to climb back up, or set a breakpoint on
 * `fib` with a condition such as n == 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t calls; /* how many fib() calls have returned */

/*
 * Deliberately the slow exponential version: the point is the call tree.
 * The counter is bumped after the recursive calls; that keeps the second
 * call out of tail position, so clang -O2 keeps both as real wasm calls
 * instead of turning one of them into a loop.
 */
__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
    uint32_t result = n;
    if (n >= 2)
        result = fib(n - 1) + fib(n - 2);
    calls++;
    return result;
}

int main(int argc, char **argv)
{
    uint32_t n = 25;
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v < 0 || v > 40) {
            printf("n must be between 0 and 40\n");
            return 1;
        }
        n = (uint32_t)v;
    }
    /* A few small values first so the start of the run is easy to follow. */
    for (uint32_t i = 0; i <= 10 && i < n; i++)
        printf("fib(%u) = %u\n", i, fib(i));
    calls = 0;
    uint32_t result = fib(n);
    printf("fib(%u) = %u\n", n, result);
    printf("calls: %u\n", calls);
    return 0;
}
