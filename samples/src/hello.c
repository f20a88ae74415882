/*
 * hello.c - the smallest useful Backstep sample.
 *
 * Prints a greeting, then every command-line argument after the program
 * name (argv[0] is skipped so the output does not depend on how the host
 * names the program).  A good first program to single-step: main, a loop,
 * and calls into wasi-libc's printf which ends in the WASI fd_write import.
 */
#include <stdio.h>
#include <string.h>

/* Kept out of main so there is a real call to step into. */
static unsigned count_chars(int argc, char **argv)
{
    unsigned total = 0;
    for (int i = 1; i < argc; i++)
        total += (unsigned)strlen(argv[i]);
    return total;
}

int main(int argc, char **argv)
{
    printf("Hello from Backstep!\n");
    printf("arguments: %d\n", argc - 1);
    for (int i = 1; i < argc; i++)
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    printf("total argument characters: %u\n", count_chars(argc, argv));
    printf("Goodbye.\n");
    return 0;
}
