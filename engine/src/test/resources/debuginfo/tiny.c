/* A small freestanding module (no libc) whose debug sections are small enough for the DWARF reader's
 * fuzz test to flip every byte of them. Build: ./build.sh */
typedef struct pair {
    int left;
    unsigned flag : 1;
    short right[3];
} pair;

enum mode { OFF, ON = 3 };

static inline int twice(int x) { return x * 2; }

__attribute__((export_name("sum"))) int sum(const pair *p, int n, enum mode m) {
    int total = 0;
    for (int i = 0; i < n; i++) {
        int v = p[i].left + p[i].right[i % 3];
        if (p[i].flag) v = twice(v);
        total += v;
    }
    return m == ON ? total : -total;
}

__attribute__((export_name("scale"))) long long scale(long long a, double f) {
    double r = a * f;
    return (long long) r;
}
