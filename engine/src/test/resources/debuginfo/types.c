/* Test program for the DWARF reader (io.backstep.engine.debuginfo): every kind of C type, locals in
 * memory and in Wasm locals, an inlined function, a lexical block. Its output is checked against what
 * the reader evaluates from the engine's state. Build: ./build.sh */
#include <stdio.h>
#include <string.h>

typedef unsigned int uint;

enum color { RED, GREEN = 5, BLUE = -2 };

struct flags {
    unsigned a : 3;
    unsigned b : 5;
    int c : 7;
    unsigned char d;
};

struct point {
    int x;
    int y;
};

union number {
    int i;
    float f;
    unsigned char bytes[4];
};

struct node {
    int value;
    struct node *next;
    const char *name;
    double weight;
    struct point pos;
    int grid[2][3];
    enum color color;
    struct flags flags;
    union number num;
    int (*op)(int, int);
};

static int add(int a, int b) { return a + b; }

volatile int sink;
int counter = 7;
const char *const greeting = "hello";

static inline int square(int v) {
    int sq = v * v;
    return sq;
}

__attribute__((noinline)) int sum_array(const int *restrict values, int n) {
    int total = 0;
    for (int i = 0; i < n; i++) {
        int v = values[i];
        total += v;
    }
    return total;
}

__attribute__((noinline)) long long mix(long long big, uint small, double d) {
    long long r = big * 3 + small;
    if (d > 1.0) {
        int scaled = (int) (d * 10);
        r += scaled;
        sink = scaled;
    }
    r += square(small);
    return r;
}

__attribute__((noinline)) int walk(struct node *head) {
    int count = 0;
    struct node *cur = head;
    while (cur) {
        count += cur->value;
        cur = cur->next;
    }
    sink = count;
    return count;
}

int main(void) {
    struct node second = {20, 0, "second", 2.5, {3, 4}, {{1, 2, 3}, {4, 5, 6}}, BLUE, {5, 17, -9, 200}, {0}, add};
    struct node first = {10, &second, "first", 1.5, {1, 2}, {{7, 8, 9}, {10, 11, 12}}, GREEN, {1, 2, 3, 4}, {0}, add};
    first.num.i = 0x01020304;
    second.num.f = 1.0f;
    int values[5] = {1, 2, 3, 4, 5};
    int total = sum_array(values, 5);
    long long m = mix(1000000000000LL, 7u, 2.25);
    int w = walk(&first);
    enum color c = first.color;
    printf("total=%d mix=%lld walk=%d color=%d op=%d counter=%d %s\n", total, m, w, (int) c,
           first.op(first.pos.x, second.pos.y), counter, greeting);
    printf("flags a=%u b=%u c=%d d=%u grid=%d num=%08x\n", second.flags.a, second.flags.b, second.flags.c,
           second.flags.d, second.grid[1][2], (unsigned) first.num.i);
    return 0;
}
