package io.backstep.recorder.replay.condition;

/**
 * The binary operators of the condition language, each with its symbol, its precedence (0 binds
 * loosest, as in C) and its semantics for the operand types it accepts. The parser picks the
 * operand type once; evaluation calls the one method that applies, with no lookup by symbol.
 */
enum Operator {
    OR("||", 0, Category.LOGICAL),
    AND("&&", 1, Category.LOGICAL),
    BIT_OR("|", 2, Category.INTEGER) {
        @Override int i32(int a, int b) { return a | b; }
        @Override long i64(long a, long b) { return a | b; }
    },
    XOR("^", 3, Category.INTEGER) {
        @Override int i32(int a, int b) { return a ^ b; }
        @Override long i64(long a, long b) { return a ^ b; }
    },
    BIT_AND("&", 4, Category.INTEGER) {
        @Override int i32(int a, int b) { return a & b; }
        @Override long i64(long a, long b) { return a & b; }
    },
    EQ("==", 5, Category.COMPARISON) {
        @Override boolean test(int a, int b) { return a == b; }
        @Override boolean test(long a, long b) { return a == b; }
        @Override boolean test(double a, double b) { return a == b; }
    },
    NE("!=", 5, Category.COMPARISON) {
        @Override boolean test(int a, int b) { return a != b; }
        @Override boolean test(long a, long b) { return a != b; }
        @Override boolean test(double a, double b) { return a != b; }
    },
    LT("<", 6, Category.COMPARISON) {
        @Override boolean test(int a, int b) { return a < b; }
        @Override boolean test(long a, long b) { return a < b; }
        @Override boolean test(double a, double b) { return a < b; }
    },
    LE("<=", 6, Category.COMPARISON) {
        @Override boolean test(int a, int b) { return a <= b; }
        @Override boolean test(long a, long b) { return a <= b; }
        @Override boolean test(double a, double b) { return a <= b; }
    },
    GT(">", 6, Category.COMPARISON) {
        @Override boolean test(int a, int b) { return a > b; }
        @Override boolean test(long a, long b) { return a > b; }
        @Override boolean test(double a, double b) { return a > b; }
    },
    GE(">=", 6, Category.COMPARISON) {
        @Override boolean test(int a, int b) { return a >= b; }
        @Override boolean test(long a, long b) { return a >= b; }
        @Override boolean test(double a, double b) { return a >= b; }
    },
    SHL("<<", 7, Category.INTEGER) {
        @Override int i32(int a, int b) { return a << b; }
        @Override long i64(long a, long b) { return a << b; }
    },
    SHR(">>", 7, Category.INTEGER) {
        @Override int i32(int a, int b) { return a >> b; }
        @Override long i64(long a, long b) { return a >> b; }
    },
    SHR_U(">>>", 7, Category.INTEGER) {
        @Override int i32(int a, int b) { return a >>> b; }
        @Override long i64(long a, long b) { return a >>> b; }
    },
    ADD("+", 8, Category.ARITHMETIC) {
        @Override int i32(int a, int b) { return a + b; }
        @Override long i64(long a, long b) { return a + b; }
        @Override double f64(double a, double b) { return a + b; }
    },
    SUB("-", 8, Category.ARITHMETIC) {
        @Override int i32(int a, int b) { return a - b; }
        @Override long i64(long a, long b) { return a - b; }
        @Override double f64(double a, double b) { return a - b; }
    },
    MUL("*", 9, Category.ARITHMETIC) {
        @Override int i32(int a, int b) { return a * b; }
        @Override long i64(long a, long b) { return a * b; }
        @Override double f64(double a, double b) { return a * b; }
    },
    /** Integer division by zero throws ArithmeticException, which makes a breakpoint's condition false. */
    DIV("/", 9, Category.ARITHMETIC) {
        @Override int i32(int a, int b) { return a / b; }
        @Override long i64(long a, long b) { return a / b; }
        @Override double f64(double a, double b) { return a / b; }
    },
    REM("%", 9, Category.ARITHMETIC) {
        @Override int i32(int a, int b) { return a % b; }
        @Override long i64(long a, long b) { return a % b; }
        @Override double f64(double a, double b) { return a % b; }
    };

    /** What an operator does with its operands, and so which operand types it takes and what it gives. */
    enum Category {
        /** {@code && ||}: any operands, short-circuit, an i32 0 or 1. */
        LOGICAL,
        /** Comparisons: operands of a common type, an i32 0 or 1. */
        COMPARISON,
        /** Bitwise operators and shifts: integer operands only. */
        INTEGER,
        /** {@code + - * / %}: any common type. */
        ARITHMETIC
    }

    static final int LEVELS = 10;
    /** The symbols longest first, so that the lexer reads {@code >>>} before {@code >>} and {@code >}. */
    private static final String[] SYMBOLS_LONGEST_FIRST = {
        ">>>", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "&", "^", "|", "!",
    };

    final String symbol;
    final int level;
    final Category category;

    Operator(String symbol, int level, Category category) {
        this.symbol = symbol;
        this.level = level;
        this.category = category;
    }

    int i32(int a, int b) {
        throw new UnsupportedOperationException(symbol);
    }

    long i64(long a, long b) {
        throw new UnsupportedOperationException(symbol);
    }

    double f64(double a, double b) {
        throw new UnsupportedOperationException(symbol);
    }

    boolean test(int a, int b) {
        throw new UnsupportedOperationException(symbol);
    }

    boolean test(long a, long b) {
        throw new UnsupportedOperationException(symbol);
    }

    boolean test(double a, double b) {
        throw new UnsupportedOperationException(symbol);
    }

    /** The binary operator written {@code symbol} at precedence {@code level}, or null. */
    static Operator binary(String symbol, int level) {
        for (Operator o : values()) {
            if (o.level == level && o.symbol.equals(symbol)) return o;
        }
        return null;
    }

    /** The operator symbol (binary or unary) that starts at {@code text[i]}, or null. */
    static String symbolAt(String text, int i) {
        for (String s : SYMBOLS_LONGEST_FIRST) {
            if (text.startsWith(s, i)) return s;
        }
        return null;
    }
}
