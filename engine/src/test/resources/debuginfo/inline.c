/* A static function that clang -O2 inlines twice into main (the inlined-frames tests of the DWARF reader
 * and of line breakpoints). Prints each call's argument and result, which the tests compare with the
 * variables of the inlined frames. */
#include <stdio.h>

static int scale(int value, int factor)
{
    int scaled = value * factor; /* the breakpoint line */
    if (scaled > 100)
        scaled -= 100;
    printf("scale(%d, %d) = %d\n", value, factor, scaled);
    return scaled;
}

int main(int argc, char **argv)
{
    (void)argv;
    volatile int base = argc + 6;
    int small = scale(base, 3);
    int large = scale(base, 20);
    printf("small=%d large=%d\n", small, large);
    return 0;
}
