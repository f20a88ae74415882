/*
 * bench.c - a small CPU benchmark in the spirit of embedded benchmarks:
 * four kernels, each run `iterations` times, results folded into a CRC-16.
 *
 * Usage: bench.wasm [iterations]   (default 200, valid range 1..100000)
 *
 *   list_kernel    - build, search, reverse and merge-sort a linked list
 *                    whose nodes live in a fixed pool (pointer chasing),
 *   matrix_kernel  - 20x20 integer matrix multiply plus a row/col scan,
 *   parse_kernel   - a state machine that tokenizes a text of numbers,
 *                    words and operators and evaluates running sums,
 *   crc16          - CRC-16/CCITT over every kernel's result.
 *
 * Each kernel's input depends on the iteration number, so no iteration can
 * be skipped.  The default run is about 50 million wasm instructions; the
 * count scales linearly with `iterations`.  Useful for comparing engine
 * speed with and without recording.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))

/* ---------------------------------------------------------- CRC-16 */

static uint16_t crc16_update(uint16_t crc, uint32_t value)
{
    for (int byte = 0; byte < 4; byte++) {
        crc ^= (uint16_t)(((value >> (8 * byte)) & 0xFFu) << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
    }
    return crc;
}

/* ------------------------------------------------------ linked list */

#define POOL 256

struct node {
    int32_t key;
    uint32_t value;
    struct node *next;
};

static struct node pool[POOL];

static struct node *list_merge(struct node *a, struct node *b)
{
    struct node head, *tail = &head;
    while (a && b) {
        if (a->key <= b->key) {
            tail->next = a;
            a = a->next;
        } else {
            tail->next = b;
            b = b->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

/* Recursive merge sort of a singly linked list (halves found with slow/fast pointers). */
NOINLINE static struct node *list_sort(struct node *list)
{
    if (!list || !list->next)
        return list;
    struct node *slow = list, *fast = list->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    struct node *second = slow->next;
    slow->next = NULL;
    return list_merge(list_sort(list), list_sort(second));
}

NOINLINE static struct node *list_reverse(struct node *list)
{
    struct node *prev = NULL;
    while (list) {
        struct node *next = list->next;
        list->next = prev;
        prev = list;
        list = next;
    }
    return prev;
}

NOINLINE static uint32_t list_kernel(uint32_t seed)
{
    /* Build the list in a scrambled order (i * 97 mod 256 visits every node). */
    struct node *list = NULL;
    for (uint32_t i = 0; i < POOL; i++) {
        struct node *n = &pool[(i * 97u) & (POOL - 1)];
        n->key = (int32_t)((i * 2654435761u ^ seed) % 1000u) - 500;
        n->value = i;
        n->next = list;
        list = n;
    }
    uint32_t found = 0;
    for (int32_t k = -500; k < 500; k += 37)
        for (struct node *n = list; n; n = n->next)
            if (n->key == k) {
                found += n->value;
                break;
            }
    list = list_sort(list_reverse(list));
    uint32_t check = found;
    uint32_t pos = 0;
    for (struct node *n = list; n; n = n->next, pos++)
        check = check * 31u + (uint32_t)n->key * (pos + 1u);
    return check;
}

/* ------------------------------------------------------------ matrix */

#define N 20

static int32_t ma[N][N], mb[N][N], mc[N][N];

NOINLINE static uint32_t matrix_kernel(uint32_t seed)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (int32_t)((seed + (uint32_t)(i * N + j)) % 17u) - 8;
            mb[i][j] = (int32_t)((seed ^ (uint32_t)(j * N + i)) % 13u) - 6;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t sum = 0;
            for (int k = 0; k < N; k++)
                sum += ma[i][k] * mb[k][j];
            mc[i][j] = sum;
        }
    /* The largest row sum and how many entries are negative. */
    int32_t best = INT32_MIN;
    uint32_t negative = 0;
    for (int i = 0; i < N; i++) {
        int32_t row = 0;
        for (int j = 0; j < N; j++) {
            row += mc[i][j];
            negative += mc[i][j] < 0;
        }
        if (row > best)
            best = row;
    }
    return (uint32_t)best * 65599u + negative;
}

/* ------------------------------------------------------------- parser */

static const char TEXT[] =
    "let total = 12 + 7 * 3 - 40 + 1999 ; again 5 5 5 - 2 + 300 * 2 ; "
    "numbers like 4096 and 65535 , words like replay and rewind - 77 ; ";

enum state { START, NUMBER, WORD, OTHER };

/* Tokenizes TEXT; + and - apply to the next number, ';' ends a sum. */
NOINLINE static uint32_t parse_kernel(uint32_t seed)
{
    enum state st = START;
    uint32_t number = 0, words = 0, sums = seed & 0xFFu;
    int32_t sum = 0, sign = 1;
    for (const char *p = TEXT;; p++) {
        char c = *p;
        switch (st) {
        case NUMBER:
            if (c >= '0' && c <= '9') {
                number = number * 10u + (uint32_t)(c - '0') + (seed & 1u);
                continue;
            }
            sum += sign * (int32_t)(number % 100000u);
            sign = 1;
            break;
        case WORD:
            if ((c >= 'a' && c <= 'z') || c == '_')
                continue;
            words++;
            break;
        default:
            break;
        }
        if (c == '\0')
            break;
        if (c >= '0' && c <= '9') {
            st = NUMBER;
            number = (uint32_t)(c - '0');
        } else if (c >= 'a' && c <= 'z') {
            st = WORD;
        } else {
            st = OTHER;
            if (c == '-')
                sign = -1;
            else if (c == ';') {
                sums = sums * 131u + (uint32_t)sum;
                sum = 0;
            }
        }
    }
    return sums ^ (words << 24);
}

/* --------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    uint32_t iterations = 200;
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v < 1 || v > 100000) {
            printf("iterations must be between 1 and 100000\n");
            return 1;
        }
        iterations = (uint32_t)v;
    }
    uint16_t crc_list = 0, crc_matrix = 0, crc_parse = 0;
    for (uint32_t it = 0; it < iterations; it++) {
        uint32_t seed = it * 0x9E3779B9u + 12345u;
        crc_list = crc16_update(crc_list, list_kernel(seed));
        crc_matrix = crc16_update(crc_matrix, matrix_kernel(seed));
        crc_parse = crc16_update(crc_parse, parse_kernel(seed));
    }
    uint16_t total = crc16_update(crc16_update(crc16_update(0, crc_list), crc_matrix), crc_parse);
    printf("iterations: %u\n", iterations);
    printf("list   crc %04x\n", crc_list);
    printf("matrix crc %04x\n", crc_matrix);
    printf("parse  crc %04x\n", crc_parse);
    printf("total  crc %04x\n", total);
    return 0;
}
