/*
 * sort.c - sorting and searching heap-allocated records.
 *
 * Usage: sort.wasm [count]     (default 64 records, valid range 1..100000)
 *
 * Builds `count` employee records with malloc, each with a generated name,
 * then:
 *   - sorts an array of pointers by name with a hand-written merge sort
 *     (merge_sort / merge: good for stepping and watching the temp buffer),
 *   - sorts a second view by salary with libc qsort (comparator calls come
 *     from inside wasi-libc, so the call stack crosses into libc),
 *   - binary-searches the name view for a few names, some of them missing.
 * All orderings are total (ties broken by the unique id) so the output is
 * the same with any qsort implementation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

struct employee {
    char name[16];
    uint32_t id;      /* unique, 1000 + creation order */
    uint32_t age;     /* 20..64 */
    uint32_t salary;  /* 30000..129999 */
};

static uint32_t rng_state = 0x5eed1234u;

/* xorshift32 */
NOINLINE static uint32_t next_random(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static const char *const SYLLABLES[16] = {
    "ka", "ri", "mo", "ten", "sa", "lu", "vin", "do",
    "mer", "ya", "zo", "bel", "ne", "gar", "fi", "ost",
};

/* Two or three syllables, first letter upper-case, e.g. "Tenlu", "Karimo". */
NOINLINE static void make_name(char *out, size_t size)
{
    uint32_t parts = 2 + next_random() % 2;
    out[0] = '\0';
    for (uint32_t i = 0; i < parts; i++)
        strncat(out, SYLLABLES[next_random() % 16], size - strlen(out) - 1);
    out[0] = (char)(out[0] - 'a' + 'A');
}

NOINLINE static struct employee *new_employee(uint32_t index)
{
    struct employee *e = malloc(sizeof *e);
    if (!e) {
        printf("out of memory\n");
        exit(1);
    }
    make_name(e->name, sizeof e->name);
    e->id = 1000 + index;
    e->age = 20 + next_random() % 45;
    e->salary = 30000 + next_random() % 100000;
    return e;
}

/* Name order, ties by id: a total order. */
NOINLINE static int compare_by_name(const struct employee *a, const struct employee *b)
{
    int c = strcmp(a->name, b->name);
    if (c != 0)
        return c;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* qsort comparator: salary descending, ties by id. */
static int compare_by_salary(const void *pa, const void *pb)
{
    const struct employee *a = *(const struct employee *const *)pa;
    const struct employee *b = *(const struct employee *const *)pb;
    if (a->salary != b->salary)
        return a->salary > b->salary ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Merges the sorted runs items[lo..mid) and items[mid..hi) via tmp. */
NOINLINE static void merge(struct employee **items, struct employee **tmp,
                           size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        tmp[k++] = compare_by_name(items[i], items[j]) <= 0 ? items[i++] : items[j++];
    while (i < mid)
        tmp[k++] = items[i++];
    while (j < hi)
        tmp[k++] = items[j++];
    memcpy(items + lo, tmp + lo, (hi - lo) * sizeof *items);
}

/* Top-down merge sort of items[lo..hi). */
NOINLINE static void merge_sort(struct employee **items, struct employee **tmp,
                                size_t lo, size_t hi)
{
    if (hi - lo < 2)
        return;
    size_t mid = lo + (hi - lo) / 2;
    merge_sort(items, tmp, lo, mid);
    merge_sort(items, tmp, mid, hi);
    merge(items, tmp, lo, mid, hi);
}

/* Returns the first record with this name in the name-sorted view, or NULL. */
NOINLINE static struct employee *find_by_name(struct employee **items, size_t n,
                                              const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(items[mid]->name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && strcmp(items[lo]->name, name) == 0)
        return items[lo];
    return NULL;
}

static void print_employee(const char *prefix, const struct employee *e)
{
    printf("%s%-12s id %u  age %2u  salary %6u\n",
           prefix, e->name, e->id, e->age, e->salary);
}

/* Prints at most `shown` records from the start of a view. */
static void print_view(const char *title, struct employee **items, size_t n, size_t shown)
{
    printf("%s:\n", title);
    for (size_t i = 0; i < n && i < shown; i++)
        print_employee("  ", items[i]);
    if (n > shown)
        printf("  ... %u more\n", (unsigned)(n - shown));
}

int main(int argc, char **argv)
{
    size_t n = 64;
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v < 1 || v > 100000) {
            printf("count must be between 1 and 100000\n");
            return 1;
        }
        n = (size_t)v;
    }

    struct employee **by_name = malloc(n * sizeof *by_name);
    struct employee **by_salary = malloc(n * sizeof *by_salary);
    struct employee **tmp = malloc(n * sizeof *tmp);
    if (!by_name || !by_salary || !tmp) {
        printf("out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        by_name[i] = by_salary[i] = new_employee((uint32_t)i);
    printf("created %u employees\n", (unsigned)n);
    print_view("in creation order", by_name, n, 5);

    merge_sort(by_name, tmp, 0, n);
    print_view("sorted by name (merge sort)", by_name, n, 12);

    qsort(by_salary, n, sizeof *by_salary, compare_by_salary);
    print_view("sorted by salary, highest first (qsort)", by_salary, n, 8);

    /* Check both views really are sorted. */
    size_t bad = 0;
    for (size_t i = 1; i < n; i++) {
        if (compare_by_name(by_name[i - 1], by_name[i]) > 0)
            bad++;
        if (compare_by_salary(&by_salary[i - 1], &by_salary[i]) > 0)
            bad++;
    }
    printf("order check: %s\n", bad == 0 ? "ok" : "FAILED");

    /* Search for the first, middle and last names plus some that are absent. */
    const char *queries[6] = {
        by_name[0]->name, by_name[n / 2]->name, by_name[n - 1]->name,
        "Aardvark", "Mimo", "Zzz",
    };
    for (int q = 0; q < 6; q++) {
        struct employee *e = find_by_name(by_name, n, queries[q]);
        if (e)
            print_employee("found     ", e);
        else
            printf("not found %s\n", queries[q]);
    }

    uint64_t payroll = 0;
    for (size_t i = 0; i < n; i++)
        payroll += by_name[i]->salary;
    printf("total payroll: %llu\n", (unsigned long long)payroll);

    for (size_t i = 0; i < n; i++)
        free(by_name[i]);
    free(tmp);
    free(by_salary);
    free(by_name);
    return 0;
}
