/* Backstep's benchmark driver for zlib, written here: deflates generated text-like data at the default
   level and at level 9, inflates both back and checks them. Usage: zlib_bench [KIB] (default 2048).
   Prints the sizes and checksums, which must be the same natively and in any engine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zlib.h"

/* Words with a little binary noise: compresses about as well as source code or logs. */
static void fill(unsigned char *p, size_t n) {
    static const char *words[] = {"deflate", "inflate", "window", "huffman", "literal", "length", "distance",
                                  "block", "stored", "fixed", "dynamic", "adler", "stream", "flush", "level",
                                  "match", "lazy", "chain", "hash", "bits"};
    uint32_t x = 2463534242u;
    size_t i = 0;
    while (i < n) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        const char *w = words[x % 20];
        for (size_t k = 0; w[k] && i < n; k++) p[i++] = (unsigned char)w[k];
        if (i < n) p[i++] = (x >> 9) % 9 == 0 ? '\n' : ' ';
        if ((x >> 5) % 61 == 0) for (int k = 0; k < 6 && i < n; k++) p[i++] = (unsigned char)(x >> (k * 4));
    }
}

/* Deflates src at level into dst (capacity cap), returns the compressed size or -1. */
static long pack(const unsigned char *src, size_t n, unsigned char *dst, size_t cap, int level) {
    uLongf len = (uLongf)cap;
    return compress2(dst, &len, src, (uLong)n, level) == Z_OK ? (long)len : -1;
}

/* Inflates dst (len bytes) and compares it with src. */
static int roundtrip(const unsigned char *src, size_t n, const unsigned char *dst, long len, unsigned char *back) {
    uLongf out = (uLongf)n;
    memset(back, 0, n);
    return len > 0 && uncompress(back, &out, dst, (uLong)len) == Z_OK && out == n && memcmp(src, back, n) == 0;
}

int main(int argc, char **argv) {
    size_t n = (size_t)(argc > 1 ? atoi(argv[1]) : 2048) * 1024;
    size_t cap = compressBound((uLong)n);
    unsigned char *src = malloc(n), *back = malloc(n), *dst = malloc(cap);
    if (!src || !back || !dst) return 2;
    fill(src, n);
    long standard = pack(src, n, dst, cap, Z_DEFAULT_COMPRESSION);
    int ok1 = roundtrip(src, n, dst, standard, back);
    long best = pack(src, n, dst, cap, 9);
    int ok2 = roundtrip(src, n, dst, best, back);
    printf("in=%zu level6=%ld level9=%ld crc32=%08lx adler32=%08lx roundtrip=%s\n", n, standard, best,
           crc32(0L, src, (uInt)n), adler32(1L, src, (uInt)n), ok1 && ok2 ? "ok" : "FAILED");
    return ok1 && ok2 ? 0 : 1;
}
