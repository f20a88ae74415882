package io.backstep.engine.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstep.engine.WasmException;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import org.junit.jupiter.api.Test;

/** Hand-derived cases per op family, with emphasis on edge cases the spec pins down. */
class SimdExecTest {
    private static final Memory NO_MEMORY = null;

    // ---- helpers: build v128 words from lanes, run one op ---------------------------------------

    private static long[] lanes(int bits, long... v) {
        long[] w = new long[2];
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        for (int i = 0; i < v.length; i++) {
            int bit = i * bits;
            w[bit >>> 6] |= (v[i] & mask) << (bit & 63);
        }
        return w;
    }

    private static long[] i8(int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return lanes(8, l);
    }

    private static long[] i16(int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return lanes(16, l);
    }

    private static long[] i32(int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return lanes(32, l);
    }

    private static long[] f32(float... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = Float.floatToRawIntBits(v[i]);
        return lanes(32, l);
    }

    private static long[] f32bits(int... v) {
        return i32(v);
    }

    private static long[] f64(double a, double b) {
        return new long[] {Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b)};
    }

    private static long[] cat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] r = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }

    private static long[] scalar(long v) {
        return new long[] {v};
    }

    /** Runs op on the given input slots (placed above one sentinel slot) and returns the result slots. */
    private static long[] run(int op, int imm0, int imm1, Memory mem, long[] in) {
        long[] s = new long[in.length + 8];
        s[0] = 0x5E5E5E5EL; // sentinel below the operands: must survive
        System.arraycopy(in, 0, s, 1, in.length);
        int sp = SimdOps.exec(op, s, in.length + 1, imm0, imm1, 0, 0, mem);
        assertEquals(0x5E5E5E5EL, s[0]);
        SimdOp info = SimdOps.info(op);
        assertEquals(in.length + 1 + info.slotDelta(), sp, info.name() + " stack height");
        long[] out = new long[sp - 1];
        System.arraycopy(s, 1, out, 0, out.length);
        return out;
    }

    private static long[] run(int op, long[]... in) {
        return run(op, 0, 0, NO_MEMORY, cat(in));
    }

    private static Memory memory() {
        return new Memory(new MemoryType(new Limits(1, -1)));
    }

    // ---- integer lanes --------------------------------------------------------------------------

    @Test
    void integerArithmeticWraps() {
        assertArrayEquals(i8(0x80, 0, -2), run(0x6E, i8(0x7F, 0xFF, -1), i8(1, 1, -1))); // i8x16.add
        assertArrayEquals(i16(0x7FFF, -1), run(0x91, i16(-0x8000, 0), i16(1, 1))); // i16x8.sub
        assertArrayEquals(i32(0, 6), run(0xB5, i32(0x10000, 2), i32(0x10000, 3))); // i32x4.mul: 2^32 wraps to 0
        assertArrayEquals(new long[] {Long.MIN_VALUE, -6}, run(0xD5, new long[] {1L << 62, 2}, new long[] {2, -3})); // i64x2.mul
    }

    @Test
    void saturatingArithmetic() {
        assertArrayEquals(i8(127, -128, 5), run(0x6F, i8(100, -100, 2), i8(100, -100, 3))); // i8x16.add_sat_s
        assertArrayEquals(i8(255, 3), run(0x70, i8(200, 1), i8(100, 2))); // add_sat_u
        assertArrayEquals(i8(-128, 127), run(0x72, i8(-100, 100), i8(100, -100))); // sub_sat_s
        assertArrayEquals(i8(0, 5), run(0x73, i8(5, 10), i8(10, 5))); // sub_sat_u
        assertArrayEquals(i16(32767, -32768), run(0x8F, i16(30000, -30000), i16(30000, -30000)));
        assertArrayEquals(i16(65535, 0), run(0x90, i16(65000, 0), i16(1000, 0)));
    }

    @Test
    void minMaxAvgrAbsNegPopcnt() {
        assertArrayEquals(i8(-1, 1), run(0x76, i8(-1, 1), i8(1, 2))); // min_s
        assertArrayEquals(i8(1, 1), run(0x77, i8(-1, 1), i8(1, 2))); // min_u: 0xFF is large
        assertArrayEquals(i32(-1, 7), run(0xB9, i32(-1, 7), i32(5, 3))); // i32x4.max_u
        assertArrayEquals(i8(128, 2), run(0x7B, i8(255, 1), i8(0, 2))); // avgr_u: (255+0+1)/2 = 128, (1+2+1)/2 = 2
        assertArrayEquals(i16(1, 0x8000), run(0x9B, i16(0, 0xFFFF), i16(1, 0)));
        assertArrayEquals(i8(-128, 5, 5), run(0x60, i8(-128, -5, 5))); // abs(-128) wraps
        assertArrayEquals(new long[] {Long.MIN_VALUE, 3}, run(0xC0, new long[] {Long.MIN_VALUE, -3}));
        assertArrayEquals(i32(Integer.MIN_VALUE, -7), run(0xA1, i32(Integer.MIN_VALUE, 7))); // neg
        assertArrayEquals(i8(8, 0, 1, 4), run(0x62, i8(0xFF, 0, 0x80, 0x55))); // popcnt
    }

    @Test
    void q15mulrDotExtmulExtadd() {
        // (a*b + 0x4000) >> 15, saturated: -1.0 * -1.0 overflows
        assertArrayEquals(i16(0x7FFF, 0x2000, 0), run(0x82, i16(-0x8000, 0x4000, -1), i16(-0x8000, 0x4000, 0x4000)));
        // dot: 1*3 + 2*4 = 11; (-32768)^2 * 2 = 2^31 wraps to INT_MIN
        assertArrayEquals(i32(11, Integer.MIN_VALUE), run(0xBA, i16(1, 2, -0x8000, -0x8000), i16(3, 4, -0x8000, -0x8000)));
        // i16x8.extmul_high_i8x16_u takes lanes 8..15
        long[] a = i8(0, 0, 0, 0, 0, 0, 0, 0, 255, 2), b = i8(0, 0, 0, 0, 0, 0, 0, 0, 255, 3);
        assertArrayEquals(i16(65025, 6), run(0x9F, a, b));
        assertArrayEquals(i16(1, 6), run(0x9D, a, b)); // signed: -1 * -1, 2 * 3
        assertArrayEquals(new long[] {0xFFFFFFFE00000001L, 0}, run(0xDE, i32(-1), i32(-1))); // u32max^2
        assertArrayEquals(i16(-2, 254), run(0x7C, i8(-1, -1, 127, 127))); // extadd_pairwise_s
        assertArrayEquals(i16(510, 254), run(0x7D, i8(-1, -1, 127, 127))); // _u: 255+255
        assertArrayEquals(i32(-2, 0xFFFE), run(0x7E, i16(-1, -1, 0x7FFF, 0x7FFF)));
    }

    @Test
    void narrowAndExtend() {
        // i8x16.narrow_i16x8_s: a's lanes become bytes 0..7, b's bytes 8..15
        assertArrayEquals(i8(127, -128, 5, 0, 0, 0, 0, 0, -1), run(0x65, i16(300, -300, 5), i16(-1)));
        assertArrayEquals(i8(255, 0, 5, 0, 0, 0, 0, 0, 0), run(0x66, i16(300, -300, 5), i16(-1)));
        assertArrayEquals(i16(-32768, 32767, 0, 0, 32767), run(0x85, i32(-100000, 100000), i32(65535))); // narrow_i32x4_s: 65535 -> 32767
        assertArrayEquals(i16(0, 65535, 0, 0, 65535), run(0x86, i32(-100000, 100000), i32(65535)));
        long[] bytes = i8(-1, 2, 0, 0, 0, 0, 0, 0, -3, 4);
        assertArrayEquals(i16(-1, 2), run(0x87, bytes)); // extend_low_s
        assertArrayEquals(i16(255, 2), run(0x89, bytes)); // extend_low_u
        assertArrayEquals(i16(-3, 4), run(0x88, bytes)); // extend_high_s
        assertArrayEquals(new long[] {-1, 2}, run(0xC7, i32(-1, 2, 7, 7))); // i64x2.extend_low_i32x4_s
        assertArrayEquals(new long[] {0xFFFFFFFFL, 2}, run(0xC9, i32(-1, 2, 7, 7)));
        assertArrayEquals(new long[] {-3, 7}, run(0xC8, i32(0, 0, -3, 7))); // extend_high_s
    }

    @Test
    void shiftsTakeTheCountModuloTheLaneWidth() {
        assertArrayEquals(i8(2, 0), run(0x6B, i8(1, 0x80), scalar(9))); // shl by 9 == by 1
        assertArrayEquals(i8(-64, 0x20), run(0x6C, i8(0x80, 0x40), scalar(1))); // shr_s
        assertArrayEquals(i8(0x40, 0x20), run(0x6D, i8(0x80, 0x40), scalar(1))); // shr_u
        assertArrayEquals(i16(-1), run(0x8C, i16(-2), scalar(-1))); // count -1 -> 15
        assertArrayEquals(i32(2, 0), run(0xAB, i32(1, 0x80000000), scalar(33)));
        assertArrayEquals(new long[] {Long.MIN_VALUE >> 1, 1}, run(0xCC, new long[] {Long.MIN_VALUE, 2}, scalar(65)));
        assertArrayEquals(new long[] {1L << 62, 1}, run(0xCD, new long[] {Long.MIN_VALUE, 2}, scalar(1)));
    }

    @Test
    void comparisonsGiveAllOnesOrZero() {
        assertArrayEquals(i8(-1, 0, 0), run(0x25, i8(-1, 1, 0), i8(0, 0, 0))); // i8x16.lt_s
        assertArrayEquals(i8(0, 0, 0), run(0x26, i8(-1, 1, 0), i8(0, 0, 0))); // lt_u
        assertArrayEquals(i16(-1, -1, 0, -1, -1, -1, -1, -1), run(0x36, i16(-1, 5, 4), i16(1, 5, 5))); // ge_u (0 >= 0 in the rest)
        assertArrayEquals(i32(-1, 0, -1, -1), run(0x39, i32(-1, 1, 0, 0), i32(0, 1, 1, 1))); // i32x4.lt_s
        assertArrayEquals(new long[] {-1, 0}, run(0xDA, new long[] {-5, 5}, new long[] {-5, 4})); // i64x2.le_s
        // floats: NaN is unordered (only ne is true), -0 == +0
        long[] a = f32(Float.NaN, -0f, 1f, 2f), b = f32(Float.NaN, 0f, 2f, 1f);
        assertArrayEquals(i32(0, -1, 0, 0), run(0x41, a, b)); // eq
        assertArrayEquals(i32(-1, 0, -1, -1), run(0x42, a, b)); // ne
        assertArrayEquals(i32(0, 0, -1, 0), run(0x43, a, b)); // lt
        assertArrayEquals(new long[] {0, -1}, run(0x4C, f64(Double.NaN, 3), f64(1, 3))); // f64x2.ge
    }

    @Test
    void bitwiseAndTests() {
        long[] a = {0xFF00FF00FF00FF00L, 0x0123456789ABCDEFL}, b = {0x0F0F0F0F0F0F0F0FL, -1L};
        assertArrayEquals(new long[] {0xF000F000F000F000L, 0}, run(0x4F, a, b)); // andnot
        assertArrayEquals(new long[] {~a[0], ~a[1]}, run(0x4D, a));
        long[] c = {0xFFFFFFFF00000000L, 0};
        // bitselect(v1, v2, c): bits of v1 where c is 1, v2 elsewhere
        assertArrayEquals(new long[] {0xFF00FF000F0F0F0FL, -1L}, run(0x52, a, b, c));
        assertArrayEquals(scalar(1), run(0x53, new long[] {0, 1L << 63})); // any_true
        assertArrayEquals(scalar(0), run(0x53, new long[] {0, 0}));
        assertArrayEquals(scalar(0), run(0x63, i8(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0))); // all_true
        assertArrayEquals(scalar(1), run(0xC3, new long[] {1, 1L << 63}));
        assertArrayEquals(scalar(0x8001), run(0x64, i8(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128)));
        assertArrayEquals(scalar(0b1010), run(0xA4, i32(0, -1, 0x7FFFFFFF, Integer.MIN_VALUE)));
        assertArrayEquals(scalar(0b10), run(0xC4, new long[] {Long.MAX_VALUE, -1}));
    }

    // ---- lanes, splat, shuffle, swizzle, const --------------------------------------------------

    @Test
    void lanesAndSplats() {
        long[] v = i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0);
        assertArrayEquals(scalar(-16), run(0x15, 15, 0, NO_MEMORY, v)); // extract_lane_s
        assertArrayEquals(scalar(0xF0), run(0x16, 15, 0, NO_MEMORY, v)); // extract_lane_u
        assertArrayEquals(scalar(-2), run(0x18, 1, 0, NO_MEMORY, i16(0, -2)));
        assertArrayEquals(scalar(0xFFFE), run(0x19, 1, 0, NO_MEMORY, i16(0, -2)));
        assertArrayEquals(scalar(-3), run(0x1B, 3, 0, NO_MEMORY, i32(0, 0, 0, -3))); // i32 stored sign-extended
        // f32 lanes move as raw bits (a signalling NaN payload survives), zero-extended in the slot
        assertArrayEquals(scalar(0xFF800001L), run(0x1F, 2, 0, NO_MEMORY, f32bits(0, 0, 0xFF800001)));
        assertArrayEquals(f32bits(0, 0x7F800001), run(0x20, 1, 0, NO_MEMORY, cat(f32bits(0, 5), scalar(0x7F800001L))));
        assertArrayEquals(i8(1, 2, 0x34), run(0x17, 2, 0, NO_MEMORY, cat(i8(1, 2, 3), scalar(0x1234))));
        assertArrayEquals(new long[] {7, -9}, run(0x1E, 1, 0, NO_MEMORY, cat(new long[] {7, 8}, scalar(-9))));
        assertArrayEquals(i8(0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34),
                run(0x0F, scalar(0x1234)));
        assertArrayEquals(i16(-1, -1, -1, -1, -1, -1, -1, -1), run(0x10, scalar(0xFFFF)));
        assertArrayEquals(i32(-5, -5, -5, -5), run(0x11, scalar(-5)));
        assertArrayEquals(f32(1.5f, 1.5f, 1.5f, 1.5f), run(0x13, scalar(Float.floatToRawIntBits(1.5f))));
        assertArrayEquals(f64(2.5, 2.5), run(0x14, scalar(Double.doubleToRawLongBits(2.5))));
        assertThrows(WasmException.class, () -> run(0x15, 16, 0, NO_MEMORY, v)); // validated code never does this
    }

    @Test
    void constShuffleSwizzle() {
        long[] s = new long[4];
        int sp = SimdOps.exec(0x0C, s, 1, 0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C, NO_MEMORY);
        assertEquals(3, sp);
        assertArrayEquals(new long[] {0x0706050403020100L, 0x0F0E0D0C0B0A0908L}, new long[] {s[1], s[2]});

        long[] a = i8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        long[] b = i8(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
        long[] in = cat(a, b);
        long[] st = new long[6];
        System.arraycopy(in, 0, st, 0, 4);
        // lane i takes byte 31 - i of a||b
        sp = SimdOps.exec(0x0D, st, 4, 0x1C1D1E1F, 0x18191A1B, 0x14151617, 0x10111213, NO_MEMORY);
        assertEquals(2, sp);
        assertArrayEquals(i8(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16), new long[] {st[0], st[1]});
        // swizzle: indices >= 16 (unsigned) give 0
        assertArrayEquals(i8(15, 0, 0, 3), run(0x0E, a, i8(15, 16, 0x80, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)));
    }

    // ---- floats ---------------------------------------------------------------------------------

    private static boolean isCanonical32(long bits) {
        return (bits & 0x7FFFFFFFL) == 0x7FC00000L;
    }

    @Test
    void floatArithmeticUsesSinglePrecision() {
        // 16777216 + 1 is not representable in float: rounds to even (16777216); a double sum would not
        assertArrayEquals(f32(16777216f, 0.3f), run(0xE4, f32(16777216f, 0.1f), f32(1f, 0.2f)));
        assertArrayEquals(f32(1f / 3f, -0f, 2f, 0.1f), run(0xE7, f32(1f, 0f, 1f, 1f), f32(3f, -1f, 0.5f, 10f)));
        assertArrayEquals(f64(0.30000000000000004, -1), run(0xF0, f64(0.1, 1), f64(0.2, -2)));
        assertArrayEquals(f32(3f, Float.POSITIVE_INFINITY), run(0xE3, f32(9f, Float.POSITIVE_INFINITY))); // sqrt
    }

    @Test
    void nanResultsAndBitOps() {
        long[] r = run(0xE5, f32(Float.POSITIVE_INFINITY), f32(Float.POSITIVE_INFINITY)); // inf - inf
        assertEquals(true, isCanonical32(r[0]));
        r = run(0xE4, f32bits(0x7FA00001), f32(1f)); // signalling NaN in: a quiet NaN out
        assertEquals(0x7FC00000L, r[0] & 0x7FC00000L);
        // min/max: NaN wins, -0 < +0
        r = run(0xE8, f32(Float.NaN, -0f, 0f, 1f), f32(1f, 0f, -0f, Float.NaN));
        assertEquals(true, isCanonical32(r[0]));
        assertEquals(Float.floatToRawIntBits(-0f), (int) (r[0] >>> 32)); // lane 1
        assertEquals(Float.floatToRawIntBits(-0f), (int) r[1]); // lane 2
        assertEquals(true, isCanonical32(r[1] >>> 32)); // lane 3
        long[] mx = run(0xF5, f64(-0.0, Double.NaN), f64(0.0, 1));
        assertEquals(0L, mx[0]); // max(-0, +0) = +0
        assertEquals(0x7FF8000000000000L, mx[1] & Long.MAX_VALUE);
        // abs and neg touch only the sign bit, even of NaNs
        assertArrayEquals(f32bits(0x7F800001, 0x7FC12345), run(0xE0, f32bits(0xFF800001, 0xFFC12345)));
        assertArrayEquals(f32bits(0xFF800001, 0x00000000, 0x80000000, 0x80000000), run(0xE1, f32bits(0x7F800001, 0x80000000, 0, 0)));
        assertArrayEquals(new long[] {0x7FF0000000000001L, Long.MIN_VALUE}, run(0xED, new long[] {0xFFF0000000000001L, 0}));
    }

    @Test
    void pminPmaxAreSelects() {
        // pmin(a, b) = b < a ? b : a ; pmax(a, b) = a < b ? b : a: NaN operands come back bit-exactly
        long[] a = f32bits(0x7FA00001, Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(1f), Float.floatToRawIntBits(2f));
        long[] b = f32bits(Float.floatToRawIntBits(1f), Float.floatToRawIntBits(0f), 0x7FA00002, Float.floatToRawIntBits(1f));
        assertArrayEquals(f32bits(0x7FA00001, Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(1f), Float.floatToRawIntBits(1f)),
                run(0xEA, a, b));
        assertArrayEquals(f32bits(0x7FA00001, Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(1f), Float.floatToRawIntBits(2f)),
                run(0xEB, a, b));
        assertArrayEquals(f64(2, -0.0), run(0xF7, f64(1, -0.0), f64(2, 0.0)));
    }

    @Test
    void rounding() {
        assertArrayEquals(f32(2f, 4f, -0f, -2f), run(0x6A, f32(2.5f, 3.5f, -0.5f, -1.5f))); // nearest: ties to even
        assertArrayEquals(f32(-0f, 2f, -1f, 1f), run(0x67, f32(-0.5f, 1.1f, -1.9f, 1f))); // ceil
        assertArrayEquals(f32(-1f, 1f, -2f, 8388608f), run(0x68, f32(-0.5f, 1.9f, -1.1f, 8388608f))); // floor
        assertArrayEquals(f32(-0f, 1f, -1f, 0f), run(0x69, f32(-0.5f, 1.9f, -1.9f, 0.3f))); // trunc
        assertArrayEquals(f64(-0.0, 4503599627370496.0), run(0x94, f64(-0.5, 4503599627370496.0)));
        assertArrayEquals(f64(-0.0, 1), run(0x7A, f64(-0.7, 1.7)));
        assertEquals(true, isCanonical32(run(0x69, f32bits(0x7F800001))[0])); // NaN stays NaN
    }

    @Test
    void conversions() {
        float big = 5e9f;
        assertArrayEquals(i32(0, Integer.MAX_VALUE, Integer.MIN_VALUE, -1), run(0xF8, f32(Float.NaN, big, -big, -1.9f)));
        assertArrayEquals(i32(0, -1, 0, 1), run(0xF9, f32(Float.NaN, big, -1.9f, 1.9f))); // u32: 5e9 -> 0xFFFFFFFF
        assertArrayEquals(f32(-1f, 16777216f), run(0xFA, i32(-1, 16777217))); // rounds to even
        assertArrayEquals(f32(4294967296f, 1f), run(0xFB, i32(-1, 1))); // u32 max rounds up to 2^32
        assertArrayEquals(i32(-5, -1, 0, 0), run(0xFC, f64(-5.9, -1.5))); // trunc_sat_f64x2_s_zero
        assertArrayEquals(i32(0, -1, 0, 0), run(0xFD, f64(-5.9, 1e10)));
        assertArrayEquals(f64(-1, 2), run(0xFE, i32(-1, 2, 99, 99))); // convert_low_s ignores lanes 2, 3
        assertArrayEquals(f64(4294967295.0, 2), run(0xFF, i32(-1, 2, 99, 99)));
        long[] d = run(0x5E, f64(0.1, 1e300)); // demote: lanes 2, 3 are zero, overflow gives infinity
        assertArrayEquals(f32(0.1f, Float.POSITIVE_INFINITY, 0f, 0f), d);
        assertArrayEquals(f64(1.5, Double.NEGATIVE_INFINITY), run(0x5F, f32(1.5f, Float.NEGATIVE_INFINITY, 7f, 7f)));
    }

    // ---- memory ---------------------------------------------------------------------------------

    @Test
    void loads() {
        Memory mem = memory();
        byte[] data = new byte[16];
        for (int i = 0; i < 16; i++) data[i] = (byte) (0xF0 + i);
        mem.write(100, data);
        assertArrayEquals(i8(0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF),
                run(0x00, 4, 0, mem, scalar(96))); // address 96 + offset 4
        assertArrayEquals(i16(-16, -15, -14, -13, -12, -11, -10, -9), run(0x01, 0, 0, mem, scalar(100))); // load8x8_s
        assertArrayEquals(i16(0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7), run(0x02, 0, 0, mem, scalar(100)));
        assertArrayEquals(new long[] {0xFFFFFFFFF3F2F1F0L, 0xFFFFFFFFF7F6F5F4L}, run(0x05, 0, 0, mem, scalar(100))); // load32x2_s
        assertArrayEquals(new long[] {0xF3F2F1F0L, 0xF7F6F5F4L}, run(0x06, 0, 0, mem, scalar(100)));
        assertArrayEquals(i16(0xF1F0, 0xF1F0, 0xF1F0, 0xF1F0, 0xF1F0, 0xF1F0, 0xF1F0, 0xF1F0), run(0x08, 0, 0, mem, scalar(100)));
        assertArrayEquals(new long[] {0xF3F2F1F0L, 0}, run(0x5C, 0, 0, mem, scalar(100))); // load32_zero
        assertArrayEquals(new long[] {0xF7F6F5F4F3F2F1F0L, 0xF7F6F5F4F3F2F1F0L}, run(0x0A, 0, 0, mem, scalar(100)));
        // load16_lane into lane 7 keeps the other lanes
        assertArrayEquals(i16(1, 2, 3, 4, 5, 6, 7, 0xF1F0), run(0x55, 0, 7, mem, cat(scalar(100), i16(1, 2, 3, 4, 5, 6, 7, 8))));
    }

    @Test
    void storesAndTraps() {
        Memory mem = memory();
        run(0x0B, 8, 0, mem, cat(scalar(0), new long[] {0x0706050403020100L, 0x0F0E0D0C0B0A0908L}));
        assertEquals(0x0B0A0908, mem.loadI32(16));
        run(0x5A, 0, 3, mem, cat(scalar(200), i32(1, 2, 3, 0xCAFE))); // store32_lane 3
        assertEquals(0xCAFE, mem.loadI32(200));
        run(0x58, 0, 15, mem, cat(scalar(300), i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x99)));
        assertEquals((byte) 0x99, mem.loadI8(300));

        // a v128.store straddling the end traps and writes nothing
        int last = Memory.PAGE_SIZE - 8;
        TrapException t = assertThrows(TrapException.class,
                () -> run(0x0B, 0, 0, mem, cat(scalar(last), new long[] {-1L, -1L})));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, t.kind());
        assertEquals(0L, mem.loadI64(last));
        // the effective address is 33 bits wide: 0xFFFFFFFF + 1 does not wrap to 0
        assertThrows(TrapException.class, () -> run(0x07, 1, 0, mem, scalar(-1)));
        assertThrows(TrapException.class, () -> run(0x00, 0, 0, mem, scalar(Memory.PAGE_SIZE - 15)));
        assertArrayEquals(new long[] {0, 0}, run(0x00, 0, 0, mem, scalar(Memory.PAGE_SIZE - 16)));
        assertThrows(TrapException.class, () -> run(0x5B, 0, 1, mem, cat(scalar(Memory.PAGE_SIZE - 7), new long[] {1, 2})));
        assertThrows(TrapException.class, () -> run(0x57, -1, 0, mem, cat(scalar(0), new long[] {1, 2}))); // offset 0xFFFFFFFF
    }

    @Test
    void unknownSubOpcodesAreRejectedWithAWasmException() {
        for (int op : new int[] {0x9A, 0xEE, 0x100, -1, 0x12345}) {
            assertThrows(WasmException.class, () -> SimdOps.exec(op, new long[8], 4, 0, 0, 0, 0, NO_MEMORY), "0x" + Integer.toHexString(op));
        }
    }
}
