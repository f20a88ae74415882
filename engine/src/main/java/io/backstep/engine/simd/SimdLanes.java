package io.backstep.engine.simd;

import io.backstep.engine.WasmException;
import io.backstep.engine.runtime.Memory;

/**
 * The implementations behind {@link SimdOps#exec}. A v128 is handled as two longs (lo = bytes 0..7,
 * hi = bytes 8..15); lane-wise operations walk the lanes of each word. Float results that are NaN are
 * replaced by the canonical NaN (a valid result for every arithmetic op, and deterministic, which
 * replay needs); pure bit operations (abs, neg, pmin, pmax, lane moves) keep payloads untouched.
 */
final class SimdLanes {
    static final int CANONICAL_F32 = 0x7FC00000;
    static final long CANONICAL_F64 = 0x7FF8000000000000L;

    private SimdLanes() {
    }

    // ---- dispatch, by sub-opcode range ----------------------------------------------------------

    /** 0x00..0x22: plain loads/store, const, shuffle, swizzle, splats, lane access. */
    static int execMisc(int op, long[] s, int sp, int imm0, int imm1, int imm2, int imm3, Memory mem) {
        switch (op) {
            case 0x00: case 0x01: case 0x02: case 0x03: case 0x04: case 0x05: case 0x06:
            case 0x07: case 0x08: case 0x09: case 0x0A:
                return load(op, s, sp, imm0, mem);
            case 0x0B: {
                long a = address(s[sp - 3], imm0);
                mem.check(a, 16); // a store that traps must write nothing
                mem.storeI64(a, s[sp - 2]);
                mem.storeI64(a + 8, s[sp - 1]);
                return sp - 3;
            }
            case 0x0C:
                s[sp] = (imm0 & 0xFFFFFFFFL) | ((long) imm1 << 32);
                s[sp + 1] = (imm2 & 0xFFFFFFFFL) | ((long) imm3 << 32);
                return sp + 2;
            case 0x0D:
                return shuffle(s, sp, imm0, imm1, imm2, imm3);
            case 0x0E:
                return swizzle(s, sp);
            case 0x0F: return splat(s, sp, 8);
            case 0x10: return splat(s, sp, 16);
            case 0x11: case 0x13: return splat(s, sp, 32);
            case 0x12: case 0x14: return splat(s, sp, 64);
            case 0x15: s[sp - 2] = (int) getLane(s, sp - 2, 8, 16, imm0, true); return sp - 1;
            case 0x16: s[sp - 2] = (int) getLane(s, sp - 2, 8, 16, imm0, false); return sp - 1;
            case 0x18: s[sp - 2] = (int) getLane(s, sp - 2, 16, 8, imm0, true); return sp - 1;
            case 0x19: s[sp - 2] = (int) getLane(s, sp - 2, 16, 8, imm0, false); return sp - 1;
            case 0x1B: s[sp - 2] = (int) getLane(s, sp - 2, 32, 4, imm0, true); return sp - 1;
            case 0x1F: s[sp - 2] = getLane(s, sp - 2, 32, 4, imm0, false); return sp - 1;
            case 0x1D: case 0x21: s[sp - 2] = getLane(s, sp - 2, 64, 2, imm0, false); return sp - 1;
            case 0x17: setLane(s, sp - 3, 8, 16, imm0, s[sp - 1]); return sp - 1;
            case 0x1A: setLane(s, sp - 3, 16, 8, imm0, s[sp - 1]); return sp - 1;
            case 0x1C: case 0x20: setLane(s, sp - 3, 32, 4, imm0, s[sp - 1]); return sp - 1;
            case 0x1E: case 0x22: setLane(s, sp - 3, 64, 2, imm0, s[sp - 1]); return sp - 1;
            default:
                throw SimdOps.unknown(op);
        }
    }

    /** 0x23..0x5F: comparisons, bitwise ops, lane loads/stores, zero loads, demote/promote. */
    static int execCompareBitwise(int op, long[] s, int sp, int imm0, int imm1, Memory mem) {
        if (op <= 0x2C) return binary(op, 8, s, sp);
        if (op <= 0x36) return binary(op, 16, s, sp);
        if (op <= 0x46) return binary(op, 32, s, sp); // i32x4 and f32x4 comparisons
        if (op <= 0x4C) return binary(op, 64, s, sp);
        switch (op) {
            case 0x4D:
                s[sp - 2] = ~s[sp - 2];
                s[sp - 1] = ~s[sp - 1];
                return sp;
            case 0x4E: s[sp - 4] &= s[sp - 2]; s[sp - 3] &= s[sp - 1]; return sp - 2;
            case 0x4F: s[sp - 4] &= ~s[sp - 2]; s[sp - 3] &= ~s[sp - 1]; return sp - 2;
            case 0x50: s[sp - 4] |= s[sp - 2]; s[sp - 3] |= s[sp - 1]; return sp - 2;
            case 0x51: s[sp - 4] ^= s[sp - 2]; s[sp - 3] ^= s[sp - 1]; return sp - 2;
            case 0x52: {
                long c0 = s[sp - 2], c1 = s[sp - 1];
                s[sp - 6] = (s[sp - 6] & c0) | (s[sp - 4] & ~c0);
                s[sp - 5] = (s[sp - 5] & c1) | (s[sp - 3] & ~c1);
                return sp - 4;
            }
            case 0x53:
                s[sp - 2] = (s[sp - 2] | s[sp - 1]) != 0 ? 1 : 0;
                return sp - 1;
            case 0x54: return loadLane(s, sp, imm0, imm1, 8, 16, mem);
            case 0x55: return loadLane(s, sp, imm0, imm1, 16, 8, mem);
            case 0x56: return loadLane(s, sp, imm0, imm1, 32, 4, mem);
            case 0x57: return loadLane(s, sp, imm0, imm1, 64, 2, mem);
            case 0x58: return storeLane(s, sp, imm0, imm1, 8, 16, mem);
            case 0x59: return storeLane(s, sp, imm0, imm1, 16, 8, mem);
            case 0x5A: return storeLane(s, sp, imm0, imm1, 32, 4, mem);
            case 0x5B: return storeLane(s, sp, imm0, imm1, 64, 2, mem);
            case 0x5C: case 0x5D:
                return load(op, s, sp, imm0, mem);
            case 0x5E: { // f32x4.demote_f64x2_zero
                long lo = s[sp - 2], hi = s[sp - 1];
                s[sp - 2] = (demote(lo) & 0xFFFFFFFFL) | ((long) demote(hi) << 32);
                s[sp - 1] = 0;
                return sp;
            }
            case 0x5F: { // f64x2.promote_low_f32x4
                long lo = s[sp - 2];
                s[sp - 2] = promote((int) lo);
                s[sp - 1] = promote((int) (lo >>> 32));
                return sp;
            }
            default:
                throw SimdOps.unknown(op);
        }
    }

    /** 0x60..0x9F: mostly i8x16 and i16x8 ops (plus a few f32x4/f64x2 rounding ops that live here). */
    static int execSmallInts(int op, long[] s, int sp) {
        switch (op) {
            case 0x60: case 0x61: case 0x62: return unary(op, 8, s, sp);
            case 0x63: return allTrue(s, sp, 8);
            case 0x64: return bitmask(s, sp, 8);
            case 0x65: return narrow(s, sp, 16, true);
            case 0x66: return narrow(s, sp, 16, false);
            case 0x67: case 0x68: case 0x69: case 0x6A: return unary(op, 32, s, sp);
            case 0x6B: case 0x6C: case 0x6D: return shift(op, 8, s, sp);
            case 0x6E: case 0x6F: case 0x70: case 0x71: case 0x72: case 0x73:
            case 0x76: case 0x77: case 0x78: case 0x79: case 0x7B:
                return binary(op, 8, s, sp);
            case 0x74: case 0x75: case 0x7A: case 0x94: return unary(op, 64, s, sp);
            case 0x7C: return extaddPairwise(s, sp, 8, true);
            case 0x7D: return extaddPairwise(s, sp, 8, false);
            case 0x7E: return extaddPairwise(s, sp, 16, true);
            case 0x7F: return extaddPairwise(s, sp, 16, false);
            case 0x80: case 0x81: return unary(op, 16, s, sp);
            case 0x83: return allTrue(s, sp, 16);
            case 0x84: return bitmask(s, sp, 16);
            case 0x85: return narrow(s, sp, 32, true);
            case 0x86: return narrow(s, sp, 32, false);
            case 0x87: return extend(s, sp, 8, true, false);
            case 0x88: return extend(s, sp, 8, true, true);
            case 0x89: return extend(s, sp, 8, false, false);
            case 0x8A: return extend(s, sp, 8, false, true);
            case 0x8B: case 0x8C: case 0x8D: return shift(op, 16, s, sp);
            case 0x82: case 0x8E: case 0x8F: case 0x90: case 0x91: case 0x92: case 0x93:
            case 0x95: case 0x96: case 0x97: case 0x98: case 0x99: case 0x9B:
                return binary(op, 16, s, sp);
            case 0x9C: return extmul(s, sp, 8, true, false);
            case 0x9D: return extmul(s, sp, 8, true, true);
            case 0x9E: return extmul(s, sp, 8, false, false);
            case 0x9F: return extmul(s, sp, 8, false, true);
            default:
                throw SimdOps.unknown(op);
        }
    }

    /** 0xA0..0xFF: i32x4, i64x2, f32x4, f64x2 arithmetic and the conversions. */
    static int execWideLanes(int op, long[] s, int sp) {
        switch (op) {
            case 0xA0: case 0xA1: return unary(op, 32, s, sp);
            case 0xA3: return allTrue(s, sp, 32);
            case 0xA4: return bitmask(s, sp, 32);
            case 0xA7: return extend(s, sp, 16, true, false);
            case 0xA8: return extend(s, sp, 16, true, true);
            case 0xA9: return extend(s, sp, 16, false, false);
            case 0xAA: return extend(s, sp, 16, false, true);
            case 0xAB: case 0xAC: case 0xAD: return shift(op, 32, s, sp);
            case 0xAE: case 0xB1: case 0xB5: case 0xB6: case 0xB7: case 0xB8: case 0xB9:
                return binary(op, 32, s, sp);
            case 0xBA: return dot(s, sp);
            case 0xBC: return extmul(s, sp, 16, true, false);
            case 0xBD: return extmul(s, sp, 16, true, true);
            case 0xBE: return extmul(s, sp, 16, false, false);
            case 0xBF: return extmul(s, sp, 16, false, true);
            case 0xC0: case 0xC1: return unary(op, 64, s, sp);
            case 0xC3: return allTrue(s, sp, 64);
            case 0xC4: return bitmask(s, sp, 64);
            case 0xC7: return extend(s, sp, 32, true, false);
            case 0xC8: return extend(s, sp, 32, true, true);
            case 0xC9: return extend(s, sp, 32, false, false);
            case 0xCA: return extend(s, sp, 32, false, true);
            case 0xCB: case 0xCC: case 0xCD: return shift(op, 64, s, sp);
            case 0xCE: case 0xD1: case 0xD5: case 0xD6: case 0xD7: case 0xD8: case 0xD9: case 0xDA: case 0xDB:
                return binary(op, 64, s, sp);
            case 0xDC: return extmul(s, sp, 32, true, false);
            case 0xDD: return extmul(s, sp, 32, true, true);
            case 0xDE: return extmul(s, sp, 32, false, false);
            case 0xDF: return extmul(s, sp, 32, false, true);
            case 0xE0: case 0xE1: case 0xE3: return unary(op, 32, s, sp);
            case 0xE4: case 0xE5: case 0xE6: case 0xE7: case 0xE8: case 0xE9: case 0xEA: case 0xEB:
                return binary(op, 32, s, sp);
            case 0xEC: case 0xED: case 0xEF: return unary(op, 64, s, sp);
            case 0xF0: case 0xF1: case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF6: case 0xF7:
                return binary(op, 64, s, sp);
            case 0xF8: case 0xF9: case 0xFA: case 0xFB: return unary(op, 32, s, sp);
            case 0xFC: case 0xFD: { // i32x4.trunc_sat_f64x2_{s,u}_zero
                boolean signed = op == 0xFC;
                long lo = truncSat(Double.longBitsToDouble(s[sp - 2]), signed);
                long hi = truncSat(Double.longBitsToDouble(s[sp - 1]), signed);
                s[sp - 2] = (lo & 0xFFFFFFFFL) | (hi << 32);
                s[sp - 1] = 0;
                return sp;
            }
            case 0xFE: case 0xFF: { // f64x2.convert_low_i32x4_{s,u}
                long lo = s[sp - 2];
                long a = op == 0xFE ? (long) (int) lo : lo & 0xFFFFFFFFL;
                long b = op == 0xFE ? lo >> 32 : lo >>> 32;
                s[sp - 2] = Double.doubleToRawLongBits((double) a);
                s[sp - 1] = Double.doubleToRawLongBits((double) b);
                return sp;
            }
            default:
                throw SimdOps.unknown(op);
        }
    }

    // ---- lane helpers ---------------------------------------------------------------------------

    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Lane {@code i} (of width {@code bits}) of the v128 (lo, hi), sign- or zero-extended to a long. */
    static long lane(long lo, long hi, int bits, int i, boolean signed) {
        if (bits == 64) return i == 0 ? lo : hi;
        int per = 64 / bits;
        long w = i < per ? lo : hi;
        long v = w >>> ((i % per) * bits);
        return signed ? (v << (64 - bits)) >> (64 - bits) : v & mask(bits);
    }

    private static void checkLane(int lane, int count) {
        if (lane < 0 || lane >= count) {
            throw new WasmException("SIMD lane index " + lane + " out of range (" + count + " lanes)");
        }
    }

    /** Reads a lane of the v128 at s[at], s[at+1]. */
    static long getLane(long[] s, int at, int bits, int count, int lane, boolean signed) {
        checkLane(lane, count);
        return lane(s[at], s[at + 1], bits, lane, signed);
    }

    /** Writes the low {@code bits} of {@code value} into a lane of the v128 at s[at], s[at+1]. */
    static void setLane(long[] s, int at, int bits, int count, int lane, long value) {
        checkLane(lane, count);
        int bit = lane * bits;
        int w = at + (bit >>> 6);
        int sh = bit & 63;
        long m = mask(bits) << sh;
        s[w] = (s[w] & ~m) | ((value << sh) & m);
    }

    /** Repeats the low {@code bits} of {@code v} across a 64-bit word. */
    static long splatWord(long v, int bits) {
        switch (bits) {
            case 8: return (v & 0xFF) * 0x0101010101010101L;
            case 16: return (v & 0xFFFF) * 0x0001000100010001L;
            case 32: return (v & 0xFFFFFFFFL) * 0x0000000100000001L;
            default: return v;
        }
    }

    private static int splat(long[] s, int sp, int bits) {
        long w = splatWord(s[sp - 1], bits);
        s[sp - 1] = w;
        s[sp] = w;
        return sp + 1;
    }

    private static int byteOf(long lo, long hi, int i) {
        return (int) ((i < 8 ? lo : hi) >>> ((i & 7) << 3)) & 0xFF;
    }

    private static int shuffle(long[] s, int sp, int imm0, int imm1, int imm2, int imm3) {
        long alo = s[sp - 4], ahi = s[sp - 3], blo = s[sp - 2], bhi = s[sp - 1];
        long rlo = 0, rhi = 0;
        for (int i = 0; i < 16; i++) {
            int word = i < 4 ? imm0 : i < 8 ? imm1 : i < 12 ? imm2 : imm3;
            int idx = (word >>> ((i & 3) << 3)) & 0xFF;
            if (idx >= 32) throw new WasmException("i8x16.shuffle lane index " + idx + " out of range");
            long b = idx < 16 ? byteOf(alo, ahi, idx) : byteOf(blo, bhi, idx - 16);
            if (i < 8) rlo |= b << (i << 3); else rhi |= b << ((i - 8) << 3);
        }
        s[sp - 4] = rlo;
        s[sp - 3] = rhi;
        return sp - 2;
    }

    private static int swizzle(long[] s, int sp) {
        long alo = s[sp - 4], ahi = s[sp - 3], ilo = s[sp - 2], ihi = s[sp - 1];
        long rlo = 0, rhi = 0;
        for (int i = 0; i < 16; i++) {
            int idx = byteOf(ilo, ihi, i);
            long b = idx < 16 ? byteOf(alo, ahi, idx) : 0;
            if (i < 8) rlo |= b << (i << 3); else rhi |= b << ((i - 8) << 3);
        }
        s[sp - 4] = rlo;
        s[sp - 3] = rhi;
        return sp - 2;
    }

    private static int allTrue(long[] s, int sp, int bits) {
        long lo = s[sp - 2], hi = s[sp - 1];
        int result = 1;
        for (int i = 0, n = 128 / bits; i < n; i++) {
            if (lane(lo, hi, bits, i, false) == 0) {
                result = 0;
                break;
            }
        }
        s[sp - 2] = result;
        return sp - 1;
    }

    private static int bitmask(long[] s, int sp, int bits) {
        long lo = s[sp - 2], hi = s[sp - 1];
        int result = 0;
        for (int i = 0, n = 128 / bits; i < n; i++) {
            if (lane(lo, hi, bits, i, true) < 0) result |= 1 << i;
        }
        s[sp - 2] = result;
        return sp - 1;
    }

    // ---- lane-wise binary, unary and shift ops --------------------------------------------------

    private static int binary(int op, int bits, long[] s, int sp) {
        s[sp - 4] = binaryWord(op, bits, s[sp - 4], s[sp - 2]);
        s[sp - 3] = binaryWord(op, bits, s[sp - 3], s[sp - 1]);
        return sp - 2;
    }

    private static long binaryWord(int op, int bits, long a, long b) {
        if (bits == 64) return binary64(op, a, b);
        long m = mask(bits), r = 0;
        for (int sh = 0; sh < 64; sh += bits) {
            long v = binaryLane(op, bits, (a >>> sh) & m, (b >>> sh) & m);
            r |= (v & m) << sh;
        }
        return r;
    }

    /** One 8-, 16- or 32-bit lane; {@code ux}, {@code uy} are the zero-extended lane bits. */
    private static long binaryLane(int op, int bits, long ux, long uy) {
        if (op >= 0x23 && op <= 0x40) return compareInt((op - 0x23) % 10, bits, ux, uy) ? -1 : 0;
        int top = 64 - bits;
        long x = (ux << top) >> top, y = (uy << top) >> top; // sign-extended
        long max = (1L << (bits - 1)) - 1, min = -max - 1, umax = mask(bits);
        switch (op) {
            case 0x6E: case 0x8E: case 0xAE: return x + y;
            case 0x71: case 0x91: case 0xB1: return x - y;
            case 0x95: case 0xB5: return x * y;
            case 0x6F: case 0x8F: return clamp(x + y, min, max);
            case 0x70: case 0x90: return Math.min(ux + uy, umax);
            case 0x72: case 0x92: return clamp(x - y, min, max);
            case 0x73: case 0x93: return Math.max(ux - uy, 0);
            case 0x76: case 0x96: case 0xB6: return Math.min(x, y);
            case 0x77: case 0x97: case 0xB7: return Math.min(ux, uy);
            case 0x78: case 0x98: case 0xB8: return Math.max(x, y);
            case 0x79: case 0x99: case 0xB9: return Math.max(ux, uy);
            case 0x7B: case 0x9B: return (ux + uy + 1) >>> 1;
            case 0x82: return clamp((x * y + 0x4000) >> 15, min, max);
            default: return binaryF32(op, ux, uy);
        }
    }

    /** Integer lane comparison {@code k}: eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u. */
    private static boolean compareInt(int k, int bits, long ux, long uy) {
        int top = 64 - bits;
        long x = (ux << top) >> top, y = (uy << top) >> top;
        switch (k) {
            case 0: return ux == uy;
            case 1: return ux != uy;
            case 2: return x < y;
            case 3: return ux < uy;
            case 4: return x > y;
            case 5: return ux > uy;
            case 6: return x <= y;
            case 7: return ux <= uy;
            case 8: return x >= y;
            default: return ux >= uy;
        }
    }

    private static long clamp(long v, long min, long max) {
        return v < min ? min : v > max ? max : v;
    }

    private static long binaryF32(int op, long ux, long uy) {
        float x = Float.intBitsToFloat((int) ux), y = Float.intBitsToFloat((int) uy);
        switch (op) {
            case 0x41: return x == y ? -1 : 0;
            case 0x42: return x != y ? -1 : 0;
            case 0x43: return x < y ? -1 : 0;
            case 0x44: return x > y ? -1 : 0;
            case 0x45: return x <= y ? -1 : 0;
            case 0x46: return x >= y ? -1 : 0;
            case 0xE4: return f32(x + y);
            case 0xE5: return f32(x - y);
            case 0xE6: return f32(x * y);
            case 0xE7: return f32(x / y);
            case 0xE8: return f32(Math.min(x, y));
            case 0xE9: return f32(Math.max(x, y));
            // pmin/pmax are defined as a select, so they return an operand bit-exactly
            // (selecting the bits, not the float, so that even signalling NaN payloads survive)
            case 0xEA: return y < x ? uy : ux;
            case 0xEB: return x < y ? uy : ux;
            default: throw SimdOps.unknown(op);
        }
    }

    private static long binary64(int op, long a, long b) {
        switch (op) {
            case 0xCE: return a + b;
            case 0xD1: return a - b;
            case 0xD5: return a * b;
            case 0xD6: return a == b ? -1 : 0;
            case 0xD7: return a != b ? -1 : 0;
            case 0xD8: return a < b ? -1 : 0;
            case 0xD9: return a > b ? -1 : 0;
            case 0xDA: return a <= b ? -1 : 0;
            case 0xDB: return a >= b ? -1 : 0;
            default: break;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        switch (op) {
            case 0x47: return x == y ? -1 : 0;
            case 0x48: return x != y ? -1 : 0;
            case 0x49: return x < y ? -1 : 0;
            case 0x4A: return x > y ? -1 : 0;
            case 0x4B: return x <= y ? -1 : 0;
            case 0x4C: return x >= y ? -1 : 0;
            case 0xF0: return f64(x + y);
            case 0xF1: return f64(x - y);
            case 0xF2: return f64(x * y);
            case 0xF3: return f64(x / y);
            case 0xF4: return f64(Math.min(x, y));
            case 0xF5: return f64(Math.max(x, y));
            case 0xF6: return y < x ? b : a;
            case 0xF7: return x < y ? b : a;
            default: throw SimdOps.unknown(op);
        }
    }

    private static int unary(int op, int bits, long[] s, int sp) {
        s[sp - 2] = unaryWord(op, bits, s[sp - 2]);
        s[sp - 1] = unaryWord(op, bits, s[sp - 1]);
        return sp;
    }

    private static long unaryWord(int op, int bits, long a) {
        if (bits == 64) return unary64(op, a);
        long m = mask(bits), r = 0;
        for (int sh = 0; sh < 64; sh += bits) {
            r |= (unaryLane(op, bits, (a >>> sh) & m) & m) << sh;
        }
        return r;
    }

    private static long unaryLane(int op, int bits, long ux) {
        int top = 64 - bits;
        long x = (ux << top) >> top;
        switch (op) {
            case 0x60: case 0x80: case 0xA0: return Math.abs(x); // abs(min) wraps back to min once masked
            case 0x61: case 0x81: case 0xA1: return -x;
            case 0x62: return Long.bitCount(ux);
            default: return unaryF32(op, (int) ux);
        }
    }

    private static long unaryF32(int op, int bits) {
        float x = Float.intBitsToFloat(bits);
        switch (op) {
            case 0xE0: return bits & 0x7FFFFFFF;
            case 0xE1: return bits ^ 0x80000000;
            // float -> double is exact and the double results below are exactly representable as float
            case 0xE3: return f32((float) Math.sqrt(x)); // double sqrt then rounding to float is correctly rounded
            case 0x67: return f32((float) Math.ceil(x));
            case 0x68: return f32((float) Math.floor(x));
            case 0x69: return f32((float) (x < 0 ? Math.ceil(x) : Math.floor(x)));
            case 0x6A: return f32((float) Math.rint(x));
            case 0xF8: return (int) x; // Java's cast saturates and maps NaN to 0, exactly trunc_sat_s
            case 0xF9: return truncSat(x, false);
            case 0xFA: return Float.floatToRawIntBits((float) bits);
            case 0xFB: return Float.floatToRawIntBits((float) (bits & 0xFFFFFFFFL));
            default: throw SimdOps.unknown(op);
        }
    }

    private static long unary64(int op, long a) {
        double x = Double.longBitsToDouble(a);
        switch (op) {
            case 0xC0: return Math.abs(a);
            case 0xC1: return -a;
            case 0xEC: return a & Long.MAX_VALUE;
            case 0xED: return a ^ Long.MIN_VALUE;
            case 0xEF: return f64(Math.sqrt(x));
            case 0x74: return f64(Math.ceil(x));
            case 0x75: return f64(Math.floor(x));
            case 0x7A: return f64(x < 0 ? Math.ceil(x) : Math.floor(x));
            case 0x94: return f64(Math.rint(x));
            default: throw SimdOps.unknown(op);
        }
    }

    private static int shift(int op, int bits, long[] s, int sp) {
        int count = (int) s[sp - 1] & (bits - 1);
        int kind = op & 3; // shl = ...B (3), shr_s = ...C (0), shr_u = ...D (1)
        s[sp - 3] = shiftWord(kind, bits, s[sp - 3], count);
        s[sp - 2] = shiftWord(kind, bits, s[sp - 2], count);
        return sp - 1;
    }

    private static long shiftWord(int kind, int bits, long a, int count) {
        if (bits == 64) return kind == 3 ? a << count : kind == 0 ? a >> count : a >>> count;
        long m = mask(bits), r = 0;
        int top = 64 - bits;
        for (int sh = 0; sh < 64; sh += bits) {
            long ux = (a >>> sh) & m;
            long v = kind == 3 ? ux << count : kind == 0 ? ((ux << top) >> top) >> count : ux >>> count;
            r |= (v & m) << sh;
        }
        return r;
    }

    // ---- cross-lane integer ops -----------------------------------------------------------------

    /** Narrows the lanes of a then b (each {@code inBits} wide, signed) to half width with saturation. */
    private static int narrow(long[] s, int sp, int inBits, boolean signedOut) {
        s[sp - 4] = narrowHalf(s[sp - 4], s[sp - 3], inBits, signedOut);
        s[sp - 3] = narrowHalf(s[sp - 2], s[sp - 1], inBits, signedOut);
        return sp - 2;
    }

    private static long narrowHalf(long lo, long hi, int inBits, boolean signedOut) {
        int outBits = inBits / 2;
        long min = signedOut ? -(1L << (outBits - 1)) : 0;
        long max = signedOut ? (1L << (outBits - 1)) - 1 : mask(outBits);
        long r = 0;
        for (int i = 0, n = 128 / inBits; i < n; i++) {
            long v = clamp(lane(lo, hi, inBits, i, true), min, max);
            r |= (v & mask(outBits)) << (i * outBits);
        }
        return r;
    }

    /** Widens one half of the input's lanes ({@code inBits} wide) to double width. */
    private static int extend(long[] s, int sp, int inBits, boolean signed, boolean high) {
        long w = high ? s[sp - 1] : s[sp - 2];
        int perOut = 32 / inBits; // lanes per 64-bit output word
        s[sp - 2] = widen(w, inBits, signed, 0, perOut);
        s[sp - 1] = widen(w, inBits, signed, perOut, perOut);
        return sp;
    }

    private static long widen(long w, int inBits, boolean signed, int first, int count) {
        long r = 0;
        int outBits = inBits * 2;
        for (int k = 0; k < count; k++) {
            long v = lane(w, 0, inBits, first + k, signed);
            r |= (v & mask(outBits)) << (k * outBits);
        }
        return r;
    }

    private static int extmul(long[] s, int sp, int inBits, boolean signed, boolean high) {
        long alo = s[sp - 4], ahi = s[sp - 3], blo = s[sp - 2], bhi = s[sp - 1];
        int outBits = inBits * 2, n = 128 / outBits, per = 64 / outBits, off = high ? n : 0;
        long rlo = 0, rhi = 0;
        for (int i = 0; i < n; i++) {
            long v = lane(alo, ahi, inBits, off + i, signed) * lane(blo, bhi, inBits, off + i, signed);
            long placed = (v & mask(outBits)) << ((i % per) * outBits);
            if (i < per) rlo |= placed; else rhi |= placed;
        }
        s[sp - 4] = rlo;
        s[sp - 3] = rhi;
        return sp - 2;
    }

    private static int extaddPairwise(long[] s, int sp, int inBits, boolean signed) {
        long lo = s[sp - 2], hi = s[sp - 1];
        int outBits = inBits * 2, n = 128 / outBits, per = 64 / outBits;
        long rlo = 0, rhi = 0;
        for (int i = 0; i < n; i++) {
            long v = lane(lo, hi, inBits, 2 * i, signed) + lane(lo, hi, inBits, 2 * i + 1, signed);
            long placed = (v & mask(outBits)) << ((i % per) * outBits);
            if (i < per) rlo |= placed; else rhi |= placed;
        }
        s[sp - 2] = rlo;
        s[sp - 1] = rhi;
        return sp;
    }

    private static int dot(long[] s, int sp) {
        long alo = s[sp - 4], ahi = s[sp - 3], blo = s[sp - 2], bhi = s[sp - 1];
        long rlo = 0, rhi = 0;
        for (int i = 0; i < 4; i++) {
            long v = lane(alo, ahi, 16, 2 * i, true) * lane(blo, bhi, 16, 2 * i, true)
                    + lane(alo, ahi, 16, 2 * i + 1, true) * lane(blo, bhi, 16, 2 * i + 1, true);
            long placed = (v & 0xFFFFFFFFL) << ((i & 1) * 32); // only -32768^2 * 2 overflows: wraps
            if (i < 2) rlo |= placed; else rhi |= placed;
        }
        s[sp - 4] = rlo;
        s[sp - 3] = rhi;
        return sp - 2;
    }

    // ---- floats ---------------------------------------------------------------------------------

    static int f32(float f) {
        return f != f ? CANONICAL_F32 : Float.floatToRawIntBits(f);
    }

    static long f64(double d) {
        return d != d ? CANONICAL_F64 : Double.doubleToRawLongBits(d);
    }

    private static int demote(long bits) {
        return f32((float) Double.longBitsToDouble(bits));
    }

    private static long promote(int bits) {
        return f64((double) Float.intBitsToFloat(bits));
    }

    /** Saturating truncation to i32 (signed) or u32 (unsigned, returned zero-extended); NaN gives 0. */
    private static long truncSat(double d, boolean signed) {
        if (signed) return (int) d;
        long v = (long) d; // NaN -> 0; the long range covers the whole u32 range
        return v < 0 ? 0 : Math.min(v, 0xFFFFFFFFL);
    }

    // ---- memory ---------------------------------------------------------------------------------

    private static long address(long base, int offset) {
        return (base & 0xFFFFFFFFL) + (offset & 0xFFFFFFFFL);
    }

    /** All instructions that pop an i32 address and push a v128. */
    private static int load(int op, long[] s, int sp, int offset, Memory mem) {
        long a = address(s[sp - 1], offset);
        long lo, hi;
        switch (op) {
            case 0x00:
                lo = mem.loadI64(a);
                hi = mem.loadI64(a + 8);
                break;
            case 0x01: case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: {
                long w = mem.loadI64(a);
                int inBits = 8 << ((op - 1) >> 1);
                boolean signed = (op & 1) == 1;
                int perOut = 32 / inBits;
                lo = widen(w, inBits, signed, 0, perOut);
                hi = widen(w, inBits, signed, perOut, perOut);
                break;
            }
            case 0x07: lo = hi = splatWord(mem.loadI8(a), 8); break;
            case 0x08: lo = hi = splatWord(mem.loadI16(a), 16); break;
            case 0x09: lo = hi = splatWord(mem.loadI32(a), 32); break;
            case 0x0A: lo = hi = mem.loadI64(a); break;
            case 0x5C: lo = mem.loadI32(a) & 0xFFFFFFFFL; hi = 0; break;
            case 0x5D: lo = mem.loadI64(a); hi = 0; break;
            default: throw SimdOps.unknown(op);
        }
        s[sp - 1] = lo;
        s[sp] = hi;
        return sp + 1;
    }

    private static int loadLane(long[] s, int sp, int offset, int lane, int bits, int count, Memory mem) {
        checkLane(lane, count);
        long a = address(s[sp - 3], offset);
        long v;
        switch (bits) {
            case 8: v = mem.loadI8(a); break;
            case 16: v = mem.loadI16(a); break;
            case 32: v = mem.loadI32(a); break;
            default: v = mem.loadI64(a); break;
        }
        s[sp - 3] = s[sp - 2];
        s[sp - 2] = s[sp - 1];
        setLane(s, sp - 3, bits, count, lane, v);
        return sp - 1;
    }

    private static int storeLane(long[] s, int sp, int offset, int lane, int bits, int count, Memory mem) {
        long v = getLane(s, sp - 2, bits, count, lane, false);
        long a = address(s[sp - 3], offset);
        switch (bits) {
            case 8: mem.storeI8(a, (byte) v); break;
            case 16: mem.storeI16(a, (short) v); break;
            case 32: mem.storeI32(a, (int) v); break;
            default: mem.storeI64(a, v); break;
        }
        return sp - 3;
    }
}
