package io.backstep.engine.runtime;

import io.backstep.engine.code.Op;
import io.backstep.engine.simd.SimdOps;

/**
 * Instructions kept out of {@link Machine}'s dispatch loop to keep that method small enough for the
 * JIT: floating point, conversions, division (which traps), bulk memory/table operations, SIMD.
 * Every method traps before it changes any state, so a trapping instruction leaves the machine as it
 * was before the instruction.
 */
final class Ops {
    private Ops() {
    }

    private static final int CANONICAL_NAN_F32 = 0x7FC00000;
    private static final long CANONICAL_NAN_F64 = 0x7FF8000000000000L;

    static int i32DivS(int a, int b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        if (a == Integer.MIN_VALUE && b == -1) throw new TrapException(TrapKind.INTEGER_OVERFLOW);
        return a / b;
    }

    static int i32DivU(int a, int b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Integer.divideUnsigned(a, b);
    }

    static int i32RemS(int a, int b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return a % b;
    }

    static int i32RemU(int a, int b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Integer.remainderUnsigned(a, b);
    }

    static long i64DivS(long a, long b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        if (a == Long.MIN_VALUE && b == -1) throw new TrapException(TrapKind.INTEGER_OVERFLOW);
        return a / b;
    }

    static long i64DivU(long a, long b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Long.divideUnsigned(a, b);
    }

    static long i64RemS(long a, long b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return a % b;
    }

    static long i64RemU(long a, long b) {
        if (b == 0) throw new TrapException(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Long.remainderUnsigned(a, b);
    }

    static FunctionInstance indirectCallee(Instance inst, int tableIndex, int elementIndex, int typeId) {
        Table table = inst.tables[tableIndex];
        if (elementIndex < 0 || elementIndex >= table.elements.length) {
            throw new TrapException(TrapKind.UNDEFINED_ELEMENT);
        }
        long ref = table.elements[elementIndex];
        if (ref == Refs.NULL) throw new TrapException(TrapKind.UNINITIALIZED_ELEMENT);
        FunctionInstance f = inst.store.function(Refs.functionAddress(ref));
        if (f.typeId != typeId) throw new TrapException(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
        return f;
    }

    static int simd(int[] code, int pc, long[] s, int sp, Memory mem) {
        return SimdOps.exec(code[pc], s, sp, code[pc + 1], code[pc + 2], code[pc + 3], code[pc + 4], mem);
    }

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

    /** Numeric instructions that are not in the dispatch loop. Returns the new stack pointer. */
    static int numeric(int op, long[] s, int sp) {
        long a = s[sp - 1];
        switch (op) {
            // f32 comparisons
            case 0x5B: s[sp - 2] = f(s[sp - 2]) == f(a) ? 1 : 0; return sp - 1;
            case 0x5C: s[sp - 2] = f(s[sp - 2]) != f(a) ? 1 : 0; return sp - 1;
            case 0x5D: s[sp - 2] = f(s[sp - 2]) < f(a) ? 1 : 0; return sp - 1;
            case 0x5E: s[sp - 2] = f(s[sp - 2]) > f(a) ? 1 : 0; return sp - 1;
            case 0x5F: s[sp - 2] = f(s[sp - 2]) <= f(a) ? 1 : 0; return sp - 1;
            case 0x60: s[sp - 2] = f(s[sp - 2]) >= f(a) ? 1 : 0; return sp - 1;
            // f64 comparisons
            case 0x61: s[sp - 2] = d(s[sp - 2]) == d(a) ? 1 : 0; return sp - 1;
            case 0x62: s[sp - 2] = d(s[sp - 2]) != d(a) ? 1 : 0; return sp - 1;
            case 0x63: s[sp - 2] = d(s[sp - 2]) < d(a) ? 1 : 0; return sp - 1;
            case 0x64: s[sp - 2] = d(s[sp - 2]) > d(a) ? 1 : 0; return sp - 1;
            case 0x65: s[sp - 2] = d(s[sp - 2]) <= d(a) ? 1 : 0; return sp - 1;
            case 0x66: s[sp - 2] = d(s[sp - 2]) >= d(a) ? 1 : 0; return sp - 1;
            // f32 unary
            case 0x8B: s[sp - 1] = a & 0x7FFFFFFFL; return sp;
            case 0x8C: s[sp - 1] = (a ^ 0x80000000L) & 0xFFFFFFFFL; return sp;
            case 0x8D: s[sp - 1] = fb((float) Math.ceil(f(a))); return sp;
            case 0x8E: s[sp - 1] = fb((float) Math.floor(f(a))); return sp;
            case 0x8F: s[sp - 1] = fb(truncF(f(a))); return sp;
            case 0x90: s[sp - 1] = fb((float) Math.rint(f(a))); return sp;
            case 0x91: s[sp - 1] = fb((float) Math.sqrt(f(a))); return sp;
            // f32 binary
            case 0x92: s[sp - 2] = fb(f(s[sp - 2]) + f(a)); return sp - 1;
            case 0x93: s[sp - 2] = fb(f(s[sp - 2]) - f(a)); return sp - 1;
            case 0x94: s[sp - 2] = fb(f(s[sp - 2]) * f(a)); return sp - 1;
            case 0x95: s[sp - 2] = fb(f(s[sp - 2]) / f(a)); return sp - 1;
            case 0x96: s[sp - 2] = minF(s[sp - 2], a); return sp - 1;
            case 0x97: s[sp - 2] = maxF(s[sp - 2], a); return sp - 1;
            case 0x98: s[sp - 2] = (s[sp - 2] & 0x7FFFFFFFL) | (a & 0x80000000L); return sp - 1;
            // f64 unary
            case 0x99: s[sp - 1] = a & Long.MAX_VALUE; return sp;
            case 0x9A: s[sp - 1] = a ^ Long.MIN_VALUE; return sp;
            case 0x9B: s[sp - 1] = quiet(db(Math.ceil(d(a)))); return sp;
            case 0x9C: s[sp - 1] = quiet(db(Math.floor(d(a)))); return sp;
            case 0x9D: s[sp - 1] = quiet(db(truncD(d(a)))); return sp;
            case 0x9E: s[sp - 1] = quiet(db(Math.rint(d(a)))); return sp;
            case 0x9F: s[sp - 1] = db(Math.sqrt(d(a))); return sp;
            // f64 binary
            case 0xA0: s[sp - 2] = db(d(s[sp - 2]) + d(a)); return sp - 1;
            case 0xA1: s[sp - 2] = db(d(s[sp - 2]) - d(a)); return sp - 1;
            case 0xA2: s[sp - 2] = db(d(s[sp - 2]) * d(a)); return sp - 1;
            case 0xA3: s[sp - 2] = db(d(s[sp - 2]) / d(a)); return sp - 1;
            case 0xA4: s[sp - 2] = minD(s[sp - 2], a); return sp - 1;
            case 0xA5: s[sp - 2] = maxD(s[sp - 2], a); return sp - 1;
            case 0xA6: s[sp - 2] = (s[sp - 2] & Long.MAX_VALUE) | (a & Long.MIN_VALUE); return sp - 1;
            // trapping float -> int conversions
            case 0xA8: s[sp - 1] = truncToI32(f(a), true); return sp;
            case 0xA9: s[sp - 1] = truncToI32(f(a), false); return sp;
            case 0xAA: s[sp - 1] = truncToI32(d(a), true); return sp;
            case 0xAB: s[sp - 1] = truncToI32(d(a), false); return sp;
            case 0xAE: s[sp - 1] = truncToI64(f(a), true); return sp;
            case 0xAF: s[sp - 1] = truncToI64(f(a), false); return sp;
            case 0xB0: s[sp - 1] = truncToI64(d(a), true); return sp;
            case 0xB1: s[sp - 1] = truncToI64(d(a), false); return sp;
            // int -> float
            case 0xB2: s[sp - 1] = fb((float) (int) a); return sp;
            case 0xB3: s[sp - 1] = fb((float) (a & 0xFFFFFFFFL)); return sp;
            case 0xB4: s[sp - 1] = fb((float) a); return sp;
            case 0xB5: s[sp - 1] = fb(u64ToF32(a)); return sp;
            case 0xB6: s[sp - 1] = fb((float) d(a)); return sp;
            case 0xB7: s[sp - 1] = db((int) a); return sp;
            case 0xB8: s[sp - 1] = db(a & 0xFFFFFFFFL); return sp;
            case 0xB9: s[sp - 1] = db((double) a); return sp;
            case 0xBA: s[sp - 1] = db(u64ToF64(a)); return sp;
            case 0xBB: s[sp - 1] = db(f(a)); return sp;
            // saturating conversions
            case Op.I32_TRUNC_SAT_F32_S: s[sp - 1] = (int) f(a); return sp;
            case Op.I32_TRUNC_SAT_F32_U: s[sp - 1] = satU32(f(a)); return sp;
            case Op.I32_TRUNC_SAT_F64_S: s[sp - 1] = (int) d(a); return sp;
            case Op.I32_TRUNC_SAT_F64_U: s[sp - 1] = satU32(d(a)); return sp;
            case Op.I64_TRUNC_SAT_F32_S: s[sp - 1] = (long) f(a); return sp;
            case Op.I64_TRUNC_SAT_F32_U: s[sp - 1] = satU64(f(a)); return sp;
            case Op.I64_TRUNC_SAT_F64_S: s[sp - 1] = (long) d(a); return sp;
            case Op.I64_TRUNC_SAT_F64_U: s[sp - 1] = satU64(d(a)); return sp;
            default:
                throw new IllegalStateException("no such internal opcode 0x" + Integer.toHexString(op));
        }
    }

    /** Rounding functions pass a NaN operand through; Wasm wants it quiet (an arithmetic NaN). */
    private static long quiet(long f64Bits) {
        return (f64Bits & 0x7FF0000000000000L) == 0x7FF0000000000000L && (f64Bits & 0xFFFFFFFFFFFFFL) != 0
                ? f64Bits | 0x8000000000000L : f64Bits;
    }

    private static float truncF(float v) {
        return (float) (v < 0 ? Math.ceil(v) : Math.floor(v));
    }

    private static double truncD(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }

    // Wasm min/max: NaN if either is NaN (we return the canonical NaN, which is also arithmetic),
    // and -0 < +0. Java's Math.min/max already order zeros that way but pass NaN payloads through.
    private static long minF(long a, long b) {
        float x = f(a), y = f(b);
        if (x != x || y != y) return CANONICAL_NAN_F32;
        return fb(Math.min(x, y));
    }

    private static long maxF(long a, long b) {
        float x = f(a), y = f(b);
        if (x != x || y != y) return CANONICAL_NAN_F32;
        return fb(Math.max(x, y));
    }

    private static long minD(long a, long b) {
        double x = d(a), y = d(b);
        if (x != x || y != y) return CANONICAL_NAN_F64;
        return db(Math.min(x, y));
    }

    private static long maxD(long a, long b) {
        double x = d(a), y = d(b);
        if (x != x || y != y) return CANONICAL_NAN_F64;
        return db(Math.max(x, y));
    }

    private static int truncToI32(double v, boolean signed) {
        if (v != v) throw new TrapException(TrapKind.INVALID_CONVERSION_TO_INTEGER);
        if (signed) {
            if (!(v > -2147483649.0 && v < 2147483648.0)) throw new TrapException(TrapKind.INTEGER_OVERFLOW);
            return (int) v;
        }
        if (!(v > -1.0 && v < 4294967296.0)) throw new TrapException(TrapKind.INTEGER_OVERFLOW);
        return (int) (long) v;
    }

    private static long truncToI64(double v, boolean signed) {
        if (v != v) throw new TrapException(TrapKind.INVALID_CONVERSION_TO_INTEGER);
        if (signed) {
            if (!(v >= -9.223372036854775808E18 && v < 9.223372036854775808E18)) throw new TrapException(TrapKind.INTEGER_OVERFLOW);
            return (long) v;
        }
        if (!(v > -1.0 && v < 1.8446744073709552E19)) throw new TrapException(TrapKind.INTEGER_OVERFLOW);
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

    /** Bulk memory and table instructions (0xFC 8..17). Returns the new stack pointer. */
    static int bulk(int op, int[] code, int pc, long[] s, int sp, Instance inst) {
        switch (op) {
            case Op.MEMORY_INIT: {
                Segments.memoryInit(inst, code[pc], u32(s[sp - 3]), u32(s[sp - 2]), u32(s[sp - 1]));
                return sp - 3;
            }
            case Op.DATA_DROP:
                inst.droppedData[code[pc]] = true;
                return sp;
            case Op.MEMORY_COPY: {
                Memory mem = inst.memories[0];
                long dst = u32(s[sp - 3]), src = u32(s[sp - 2]), n = u32(s[sp - 1]);
                mem.copyWithin(dst, src, n); // checks both ranges before copying
                return sp - 3;
            }
            case Op.MEMORY_FILL: {
                inst.memories[0].fill(u32(s[sp - 3]), u32(s[sp - 1]), (byte) s[sp - 2]);
                return sp - 3;
            }
            case Op.TABLE_INIT:
                Segments.tableInit(inst, code[pc + 1], code[pc], u32(s[sp - 3]), u32(s[sp - 2]), u32(s[sp - 1]));
                return sp - 3;
            case Op.ELEM_DROP:
                inst.droppedElements[code[pc]] = true;
                return sp;
            case Op.TABLE_COPY: {
                Table dst = inst.tables[code[pc]];
                Table src = inst.tables[code[pc + 1]];
                long d = u32(s[sp - 3]), from = u32(s[sp - 2]), n = u32(s[sp - 1]);
                if (from + n > src.size() || d + n > dst.size()) throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
                System.arraycopy(src.elements, (int) from, dst.elements, (int) d, (int) n);
                return sp - 3;
            }
            case Op.TABLE_GROW: {
                Table t = inst.tables[code[pc]];
                s[sp - 2] = t.grow(u32(s[sp - 1]), s[sp - 2]);
                return sp - 1;
            }
            case Op.TABLE_SIZE:
                s[sp] = inst.tables[code[pc]].size();
                return sp + 1;
            case Op.TABLE_FILL: {
                Table t = inst.tables[code[pc]];
                long i = u32(s[sp - 3]), n = u32(s[sp - 1]);
                if (i + n > t.size()) throw new TrapException(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
                java.util.Arrays.fill(t.elements, (int) i, (int) (i + n), s[sp - 2]);
                return sp - 3;
            }
            default:
                throw new IllegalStateException("no such internal opcode 0x" + Integer.toHexString(op));
        }
    }

    private static long u32(long slot) {
        return slot & 0xFFFFFFFFL;
    }
}
