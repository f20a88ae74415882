/* Test program for the DWARF reader's C++ entries: a class with a bit field, a reference, an rvalue
 * reference. Freestanding (no C++ library). Build: ./build.sh */
class Counter {
public:
    explicit Counter(int start) : value(start), flags(5) {}
    int bump(int &by) {
        value += by;
        by++;
        return value;
    }
    int take(int &&moved) {
        value += moved;
        return value + flags;
    }

private:
    int value;
    unsigned flags : 3;
};

extern "C" int run(int n) {
    Counter c(n);
    int step = 2;
    int &ref = step;
    int a = c.bump(ref);
    int &&temp = a * 2;
    int b = c.take(static_cast<int &&>(temp));
    return a + b + ref;
}
