/*
 * checksum.c - a longer compute workload.
 *
 * Usage: checksum.wasm [kilobytes]   (default 768, valid range 1..65536)
 *
 * Generates `kilobytes` KiB of deterministic pseudo-random data (a mix of
 * English-like words, byte runs and noise), then
 *   - computes CRC-32 (table driven, polynomial 0xEDB88320) and Adler-32,
 *   - compresses it with a small LZ77 coder (hash table of 3-byte prefixes,
 *     64 KiB window) and decompresses it again,
 *   - does the same round trip with a run-length coder,
 * and prints sizes and checksums.  Every round trip is verified.
 *
 * With the default size a run executes roughly 245 million wasm
 * instructions (measured with tools/count-instructions.py: see README.md),
 * so it is the sample for testing recording speed, snapshot spacing and
 * seeking across a long history.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

/* ---------------------------------------------------------------- data */

static uint32_t rng_state = 0xC0FFEE01u;

static uint32_t next_random(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static const char *const WORDS[16] = {
    "time ", "travel ", "debugger ", "wasm ", "memory ", "stack ", "the ", "a ",
    "record ", "replay ", "step ", "back ", "function ", "trap ", "value ", "of ",
};

/* Fills buf with segments of words (compressible), runs and noise. */
NOINLINE static void generate(uint8_t *buf, size_t size)
{
    size_t pos = 0;
    while (pos < size) {
        uint32_t kind = next_random() % 8;
        uint32_t len = 16 + next_random() % 240;
        if (len > size - pos)
            len = (uint32_t)(size - pos);
        if (kind < 5) {            /* words */
            uint32_t done = 0;
            while (done < len) {
                const char *w = WORDS[next_random() % 16];
                while (*w && done < len)
                    buf[pos + done++] = (uint8_t)*w++;
            }
        } else if (kind < 7) {     /* a run of one byte */
            memset(buf + pos, 'A' + (int)(next_random() % 26), len);
        } else {                   /* noise */
            for (uint32_t i = 0; i < len; i++)
                buf[pos + i] = (uint8_t)next_random();
        }
        pos += len;
    }
}

/* ----------------------------------------------------------- checksums */

static uint32_t crc_table[256];

NOINLINE static void crc32_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

NOINLINE static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

NOINLINE static uint32_t adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    while (n > 0) {
        /* 5552 is the largest block for which b cannot overflow 32 bits. */
        size_t block = n < 5552 ? n : 5552;
        n -= block;
        while (block--) {
            a += *p++;
            b += a;
        }
        a %= 65521u;
        b %= 65521u;
    }
    return (b << 16) | a;
}

/* ---------------------------------------------------------------- LZ77 */
/*
 * Stream format: a control byte c, then
 *   c <  0x80: (c + 1) literal bytes follow;
 *   c >= 0x80: a match of length (c & 0x7F) + MIN_MATCH, followed by the
 *              distance (1..65535) as two bytes, little-endian.
 * Worst case output is size + size / 128 + 1 bytes.
 */
#define MIN_MATCH 3
#define MAX_MATCH (0x7F + MIN_MATCH)
#define WINDOW 65535u
#define HASH_BITS 13

static uint32_t hash3(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Writes pending literals in[start..end) as literal runs of up to 128. */
static size_t flush_literals(const uint8_t *in, size_t start, size_t end, uint8_t *out, size_t o)
{
    while (start < end) {
        size_t run = end - start < 128 ? end - start : 128;
        out[o++] = (uint8_t)(run - 1);
        memcpy(out + o, in + start, run);
        o += run;
        start += run;
    }
    return o;
}

NOINLINE static size_t lz_compress(const uint8_t *in, size_t n, uint8_t *out)
{
    static uint32_t head[1u << HASH_BITS]; /* last position + 1 per hash, 0 = none */
    memset(head, 0, sizeof head);
    size_t i = 0, lit = 0, o = 0;
    while (i + MIN_MATCH <= n) {
        uint32_t h = hash3(in + i);
        size_t cand = head[h];
        head[h] = (uint32_t)i + 1;
        size_t len = 0;
        if (cand != 0 && i - (cand - 1) <= WINDOW) {
            const uint8_t *a = in + cand - 1, *b = in + i;
            size_t max = n - i < MAX_MATCH ? n - i : MAX_MATCH;
            while (len < max && a[len] == b[len])
                len++;
        }
        if (len >= MIN_MATCH) {
            size_t dist = i - (cand - 1);
            o = flush_literals(in, lit, i, out, o);
            out[o++] = (uint8_t)(0x80 | (len - MIN_MATCH));
            out[o++] = (uint8_t)(dist & 0xFF);
            out[o++] = (uint8_t)(dist >> 8);
            /* Index a few positions inside the match so later data finds it. */
            for (size_t k = 1; k < len && i + k + MIN_MATCH <= n; k += 4)
                head[hash3(in + i + k)] = (uint32_t)(i + k) + 1;
            i += len;
            lit = i;
        } else {
            i++;
        }
    }
    return flush_literals(in, lit, n, out, o);
}

/* Returns the decoded size, or (size_t)-1 if the stream is malformed. */
NOINLINE static size_t lz_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t c = in[i++];
        if (c < 0x80) {
            size_t run = (size_t)c + 1;
            if (i + run > n || o + run > cap)
                return (size_t)-1;
            memcpy(out + o, in + i, run);
            i += run;
            o += run;
        } else {
            size_t len = (size_t)(c & 0x7F) + MIN_MATCH;
            if (i + 2 > n)
                return (size_t)-1;
            size_t dist = (size_t)in[i] | (size_t)in[i + 1] << 8;
            i += 2;
            if (dist == 0 || dist > o || o + len > cap)
                return (size_t)-1;
            for (size_t k = 0; k < len; k++) /* may overlap: copy bytewise */
                out[o + k] = out[o + k - dist];
            o += len;
        }
    }
    return o;
}

/* ----------------------------------------------------------------- RLE */
/* Pairs (count 1..255, byte).  Worst case output is 2 * size. */

NOINLINE static size_t rle_compress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t b = in[i];
        size_t run = 1;
        while (i + run < n && run < 255 && in[i + run] == b)
            run++;
        out[o++] = (uint8_t)run;
        out[o++] = b;
        i += run;
    }
    return o;
}

NOINLINE static size_t rle_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        size_t run = in[i];
        if (o + run > cap)
            return (size_t)-1;
        memset(out + o, in[i + 1], run);
        o += run;
    }
    return o;
}

/* ---------------------------------------------------------------- main */

static void report_round_trip(const char *name, const uint8_t *orig, size_t n,
                              const uint8_t *packed, size_t packed_n,
                              const uint8_t *unpacked, size_t unpacked_n)
{
    int ok = unpacked_n == n && memcmp(orig, unpacked, n) == 0;
    /* 64-bit so the per-mille ratio cannot overflow wasm32's 32-bit size_t. */
    uint32_t permille = (uint32_t)((uint64_t)packed_n * 1000 / n);
    printf("%-5s %9u -> %9u bytes (%3u.%u%%), packed crc32 %08x, round trip %s\n",
           name, (unsigned)n, (unsigned)packed_n, permille / 10, permille % 10,
           crc32(packed, packed_n), ok ? "ok" : "FAILED");
}

int main(int argc, char **argv)
{
    size_t kib = 768;
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v < 1 || v > 65536) {
            printf("kilobytes must be between 1 and 65536\n");
            return 1;
        }
        kib = (size_t)v;
    }
    size_t n = kib * 1024;
    uint8_t *data = malloc(n);
    uint8_t *packed = malloc(2 * n + 16);
    uint8_t *unpacked = malloc(n);
    if (!data || !packed || !unpacked) {
        printf("out of memory\n");
        return 1;
    }

    generate(data, n);
    crc32_init();
    printf("input: %u bytes\n", (unsigned)n);
    printf("crc32   %08x\n", crc32(data, n));
    printf("adler32 %08x\n", adler32(data, n));

    size_t lz_n = lz_compress(data, n, packed);
    memset(unpacked, 0, n);
    size_t lz_back = lz_decompress(packed, lz_n, unpacked, n);
    report_round_trip("lz77", data, n, packed, lz_n, unpacked, lz_back);

    size_t rle_n = rle_compress(data, n, packed);
    memset(unpacked, 0, n);
    size_t rle_back = rle_decompress(packed, rle_n, unpacked, n);
    report_round_trip("rle", data, n, packed, rle_n, unpacked, rle_back);

    free(unpacked);
    free(packed);
    free(data);
    return 0;
}
