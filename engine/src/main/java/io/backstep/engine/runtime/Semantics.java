package io.backstep.engine.runtime;

/**
 * What each numeric instruction computes, once for both tiers: the interpreter ({@link Machine}'s
 * loop and {@link Ops#numeric}) and translated code (which the translator emits as static calls to
 * these methods, small enough for HotSpot to inline) call the same method. A method is named after
 * its instruction's mnemonic in camel case ({@code i64.extend_i32_u} is {@code i64ExtendI32U}, see
 * {@code code.Opcode#semantics}) and works on slots: i32 is {@code (long) int}, f32 its raw bits
 * zero-extended, i64 and f64 as they are. One that traps throws before anything changes.
 */
final class Semantics {
    private Semantics() {
    }

    private static final int CANONICAL_NAN_F32 = 0x7FC00000;
    private static final long CANONICAL_NAN_F64 = 0x7FF8000000000000L;

    private static float f(long slot) {
        return Float.intBitsToFloat((int) slot);
    }

    private static double d(long slot) {
        return Double.longBitsToDouble(slot);
    }

    private static long fb(float v) {
        return Float.floatToRawIntBits(v) & 0xFFFFFFFFL;
    }

    private static long db(double v) {
        return Double.doubleToRawLongBits(v);
    }

    // An arithmetic result's bits, with every NaN the canonical one. The hardware picks a NaN's sign and
    // payload (x86 makes 0/0 negative, ARM positive, and they keep different operands' payloads) while
    // Wasm allows any arithmetic NaN: one fixed NaN keeps a run replayable bit for bit on any machine.
    private static long f32Result(float v) {
        return v != v ? CANONICAL_NAN_F32 : fb(v);
    }

    private static long f64Result(double v) {
        return v != v ? CANONICAL_NAN_F64 : db(v);
    }

    private static TrapException divideByZero() {
        return new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }

    private static TrapException overflow() {
        return new TrapException(TrapKind.INTEGER_OVERFLOW);
    }

    // ---- i32 --------------------------------------------------------------------------------------

    static long i32Eqz(long a) { return (int) a == 0 ? 1 : 0; }
    static long i32Eq(long a, long b) { return (int) a == (int) b ? 1 : 0; }
    static long i32Ne(long a, long b) { return (int) a != (int) b ? 1 : 0; }
    static long i32LtS(long a, long b) { return (int) a < (int) b ? 1 : 0; }
    static long i32LtU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) < 0 ? 1 : 0; }
    static long i32GtS(long a, long b) { return (int) a > (int) b ? 1 : 0; }
    static long i32GtU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) > 0 ? 1 : 0; }
    static long i32LeS(long a, long b) { return (int) a <= (int) b ? 1 : 0; }
    static long i32LeU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) <= 0 ? 1 : 0; }
    static long i32GeS(long a, long b) { return (int) a >= (int) b ? 1 : 0; }
    static long i32GeU(long a, long b) { return Integer.compareUnsigned((int) a, (int) b) >= 0 ? 1 : 0; }
    static long i32Clz(long a) { return Integer.numberOfLeadingZeros((int) a); }
    static long i32Ctz(long a) { return Integer.numberOfTrailingZeros((int) a); }
    static long i32Popcnt(long a) { return Integer.bitCount((int) a); }
    static long i32Add(long a, long b) { return (int) a + (int) b; }
    static long i32Sub(long a, long b) { return (int) a - (int) b; }
    static long i32Mul(long a, long b) { return (int) a * (int) b; }

    static long i32DivS(long a, long b) {
        int x = (int) a, y = (int) b;
        if (y == 0) throw divideByZero();
        if (x == Integer.MIN_VALUE && y == -1) throw overflow();
        return x / y;
    }

    static long i32DivU(long a, long b) {
        if ((int) b == 0) throw divideByZero();
        return Integer.divideUnsigned((int) a, (int) b);
    }

    static long i32RemS(long a, long b) {
        if ((int) b == 0) throw divideByZero();
        return (int) a % (int) b;
    }

    static long i32RemU(long a, long b) {
        if ((int) b == 0) throw divideByZero();
        return Integer.remainderUnsigned((int) a, (int) b);
    }

    static long i32And(long a, long b) { return (int) a & (int) b; }
    static long i32Or(long a, long b) { return (int) a | (int) b; }
    static long i32Xor(long a, long b) { return (int) a ^ (int) b; }
    static long i32Shl(long a, long b) { return (int) a << (int) b; }
    static long i32ShrS(long a, long b) { return (int) a >> (int) b; }
    static long i32ShrU(long a, long b) { return (int) a >>> (int) b; }
    static long i32Rotl(long a, long b) { return Integer.rotateLeft((int) a, (int) b); }
    static long i32Rotr(long a, long b) { return Integer.rotateRight((int) a, (int) b); }

    // ---- i64 --------------------------------------------------------------------------------------

    static long i64Eqz(long a) { return a == 0 ? 1 : 0; }
    static long i64Eq(long a, long b) { return a == b ? 1 : 0; }
    static long i64Ne(long a, long b) { return a != b ? 1 : 0; }
    static long i64LtS(long a, long b) { return a < b ? 1 : 0; }
    static long i64LtU(long a, long b) { return Long.compareUnsigned(a, b) < 0 ? 1 : 0; }
    static long i64GtS(long a, long b) { return a > b ? 1 : 0; }
    static long i64GtU(long a, long b) { return Long.compareUnsigned(a, b) > 0 ? 1 : 0; }
    static long i64LeS(long a, long b) { return a <= b ? 1 : 0; }
    static long i64LeU(long a, long b) { return Long.compareUnsigned(a, b) <= 0 ? 1 : 0; }
    static long i64GeS(long a, long b) { return a >= b ? 1 : 0; }
    static long i64GeU(long a, long b) { return Long.compareUnsigned(a, b) >= 0 ? 1 : 0; }
    static long i64Clz(long a) { return Long.numberOfLeadingZeros(a); }
    static long i64Ctz(long a) { return Long.numberOfTrailingZeros(a); }
    static long i64Popcnt(long a) { return Long.bitCount(a); }
    static long i64Add(long a, long b) { return a + b; }
    static long i64Sub(long a, long b) { return a - b; }
    static long i64Mul(long a, long b) { return a * b; }

    static long i64DivS(long a, long b) {
        if (b == 0) throw divideByZero();
        if (a == Long.MIN_VALUE && b == -1) throw overflow();
        return a / b;
    }

    static long i64DivU(long a, long b) {
        if (b == 0) throw divideByZero();
        return Long.divideUnsigned(a, b);
    }

    static long i64RemS(long a, long b) {
        if (b == 0) throw divideByZero();
        return a % b;
    }

    static long i64RemU(long a, long b) {
        if (b == 0) throw divideByZero();
        return Long.remainderUnsigned(a, b);
    }

    static long i64And(long a, long b) { return a & b; }
    static long i64Or(long a, long b) { return a | b; }
    static long i64Xor(long a, long b) { return a ^ b; }
    static long i64Shl(long a, long b) { return a << b; }
    static long i64ShrS(long a, long b) { return a >> b; }
    static long i64ShrU(long a, long b) { return a >>> b; }
    static long i64Rotl(long a, long b) { return Long.rotateLeft(a, (int) b); }
    static long i64Rotr(long a, long b) { return Long.rotateRight(a, (int) b); }

    // ---- f32 --------------------------------------------------------------------------------------

    static long f32Eq(long a, long b) { return f(a) == f(b) ? 1 : 0; }
    static long f32Ne(long a, long b) { return f(a) != f(b) ? 1 : 0; }
    static long f32Lt(long a, long b) { return f(a) < f(b) ? 1 : 0; }
    static long f32Gt(long a, long b) { return f(a) > f(b) ? 1 : 0; }
    static long f32Le(long a, long b) { return f(a) <= f(b) ? 1 : 0; }
    static long f32Ge(long a, long b) { return f(a) >= f(b) ? 1 : 0; }
    static long f32Abs(long a) { return a & 0x7FFFFFFFL; }
    static long f32Neg(long a) { return (a ^ 0x80000000L) & 0xFFFFFFFFL; }
    static long f32Ceil(long a) { return f32Result((float) Math.ceil(f(a))); }
    static long f32Floor(long a) { return f32Result((float) Math.floor(f(a))); }
    static long f32Trunc(long a) { return f32Result(truncF(f(a))); }
    static long f32Nearest(long a) { return f32Result((float) Math.rint(f(a))); }
    static long f32Sqrt(long a) { return f32Result((float) Math.sqrt(f(a))); }
    static long f32Add(long a, long b) { return f32Result(f(a) + f(b)); }
    static long f32Sub(long a, long b) { return f32Result(f(a) - f(b)); }
    static long f32Mul(long a, long b) { return f32Result(f(a) * f(b)); }
    static long f32Div(long a, long b) { return f32Result(f(a) / f(b)); }

    // Wasm min/max: NaN if either is NaN (the canonical NaN, which is also arithmetic), and -0 < +0.
    // Java's Math.min/max already order zeros that way but pass NaN payloads through.
    static long f32Min(long a, long b) {
        float x = f(a), y = f(b);
        if (x != x || y != y) return CANONICAL_NAN_F32;
        return fb(Math.min(x, y));
    }

    static long f32Max(long a, long b) {
        float x = f(a), y = f(b);
        if (x != x || y != y) return CANONICAL_NAN_F32;
        return fb(Math.max(x, y));
    }

    static long f32Copysign(long a, long b) { return (a & 0x7FFFFFFFL) | (b & 0x80000000L); }

    // ---- f64 --------------------------------------------------------------------------------------

    static long f64Eq(long a, long b) { return d(a) == d(b) ? 1 : 0; }
    static long f64Ne(long a, long b) { return d(a) != d(b) ? 1 : 0; }
    static long f64Lt(long a, long b) { return d(a) < d(b) ? 1 : 0; }
    static long f64Gt(long a, long b) { return d(a) > d(b) ? 1 : 0; }
    static long f64Le(long a, long b) { return d(a) <= d(b) ? 1 : 0; }
    static long f64Ge(long a, long b) { return d(a) >= d(b) ? 1 : 0; }
    static long f64Abs(long a) { return a & Long.MAX_VALUE; }
    static long f64Neg(long a) { return a ^ Long.MIN_VALUE; }
    static long f64Ceil(long a) { return f64Result(Math.ceil(d(a))); }
    static long f64Floor(long a) { return f64Result(Math.floor(d(a))); }
    static long f64Trunc(long a) { return f64Result(truncD(d(a))); }
    static long f64Nearest(long a) { return f64Result(Math.rint(d(a))); }
    static long f64Sqrt(long a) { return f64Result(Math.sqrt(d(a))); }
    static long f64Add(long a, long b) { return f64Result(d(a) + d(b)); }
    static long f64Sub(long a, long b) { return f64Result(d(a) - d(b)); }
    static long f64Mul(long a, long b) { return f64Result(d(a) * d(b)); }
    static long f64Div(long a, long b) { return f64Result(d(a) / d(b)); }

    static long f64Min(long a, long b) {
        double x = d(a), y = d(b);
        if (x != x || y != y) return CANONICAL_NAN_F64;
        return db(Math.min(x, y));
    }

    static long f64Max(long a, long b) {
        double x = d(a), y = d(b);
        if (x != x || y != y) return CANONICAL_NAN_F64;
        return db(Math.max(x, y));
    }

    static long f64Copysign(long a, long b) { return (a & Long.MAX_VALUE) | (b & Long.MIN_VALUE); }

    // ---- conversions ------------------------------------------------------------------------------

    static long i32WrapI64(long a) { return (int) a; }
    static long i32TruncF32S(long a) { return truncToI32(f(a), true); }
    static long i32TruncF32U(long a) { return truncToI32(f(a), false); }
    static long i32TruncF64S(long a) { return truncToI32(d(a), true); }
    static long i32TruncF64U(long a) { return truncToI32(d(a), false); }
    static long i64ExtendI32S(long a) { return (int) a; }
    static long i64ExtendI32U(long a) { return a & 0xFFFFFFFFL; }
    static long i64TruncF32S(long a) { return truncToI64(f(a), true); }
    static long i64TruncF32U(long a) { return truncToI64(f(a), false); }
    static long i64TruncF64S(long a) { return truncToI64(d(a), true); }
    static long i64TruncF64U(long a) { return truncToI64(d(a), false); }
    static long f32ConvertI32S(long a) { return fb((float) (int) a); }
    static long f32ConvertI32U(long a) { return fb((float) (a & 0xFFFFFFFFL)); }
    static long f32ConvertI64S(long a) { return fb((float) a); }
    static long f32ConvertI64U(long a) { return fb(u64ToF32(a)); }
    static long f32DemoteF64(long a) { return f32Result((float) d(a)); }
    static long f64ConvertI32S(long a) { return db((int) a); }
    static long f64ConvertI32U(long a) { return db(a & 0xFFFFFFFFL); }
    static long f64ConvertI64S(long a) { return db((double) a); }
    static long f64ConvertI64U(long a) { return db(u64ToF64(a)); }
    static long f64PromoteF32(long a) { return f64Result(f(a)); }
    static long i32Extend8S(long a) { return (byte) a; }
    static long i32Extend16S(long a) { return (short) a; }
    static long i64Extend8S(long a) { return (byte) a; }
    static long i64Extend16S(long a) { return (short) a; }
    static long i64Extend32S(long a) { return (int) a; }
    static long i32TruncSatF32S(long a) { return (int) f(a); }
    static long i32TruncSatF32U(long a) { return satU32(f(a)); }
    static long i32TruncSatF64S(long a) { return (int) d(a); }
    static long i32TruncSatF64U(long a) { return satU32(d(a)); }
    static long i64TruncSatF32S(long a) { return (long) f(a); }
    static long i64TruncSatF32U(long a) { return satU64(f(a)); }
    static long i64TruncSatF64S(long a) { return (long) d(a); }
    static long i64TruncSatF64U(long a) { return satU64(d(a)); }

    // ---- helpers ----------------------------------------------------------------------------------

    private static float truncF(float v) {
        return (float) (v < 0 ? Math.ceil(v) : Math.floor(v));
    }

    private static double truncD(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }

    private static int truncToI32(double v, boolean signed) {
        if (v != v) throw new TrapException(TrapKind.INVALID_CONVERSION_TO_INTEGER);
        if (signed) {
            if (!(v > -2147483649.0 && v < 2147483648.0)) throw overflow();
            return (int) v;
        }
        if (!(v > -1.0 && v < 4294967296.0)) throw overflow();
        return (int) (long) v;
    }

    private static long truncToI64(double v, boolean signed) {
        if (v != v) throw new TrapException(TrapKind.INVALID_CONVERSION_TO_INTEGER);
        if (signed) {
            if (!(v >= -9.223372036854775808E18 && v < 9.223372036854775808E18)) throw overflow();
            return (long) v;
        }
        if (!(v > -1.0 && v < 1.8446744073709552E19)) throw overflow();
        return u64(v);
    }

    /** A non-negative double below 2^64, truncated to an unsigned 64-bit integer. */
    private static long u64(double v) {
        if (v < 9.223372036854775808E18) return (long) v;
        return (long) (v - 9.223372036854775808E18) ^ Long.MIN_VALUE;
    }

    private static int satU32(double v) {
        if (!(v > 0)) return 0; // also NaN
        if (v >= 4294967296.0) return -1;
        return (int) (long) v;
    }

    private static long satU64(double v) {
        if (!(v > 0)) return 0;
        if (v >= 1.8446744073709552E19) return -1L;
        return u64(Math.floor(v));
    }

    // Unsigned 64-bit to float with one rounding: halve (keeping the lost bit sticky), convert, double.
    private static float u64ToF32(long v) {
        if (v >= 0) return (float) v;
        return (float) ((v >>> 1) | (v & 1)) * 2f;
    }

    private static double u64ToF64(long v) {
        if (v >= 0) return (double) v;
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }
}
