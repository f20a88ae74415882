package io.backstep.engine.simd;

import io.backstep.engine.WasmException;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.Memory;

/**
 * The Wasm 2.0 fixed-width SIMD instruction set (prefix 0xFD): a metadata table for validation and
 * compilation, and {@link #exec} which runs one instruction on a slot stack.
 *
 * <p>Stack layout: a v128 takes two slots, low 64 bits first (byte 0 = lane 0 of i8x16 = lowest byte of
 * the low slot). i32 is stored as {@code (long) int}; f32 as its raw bits zero-extended; i64/f64 as is.
 */
public final class SimdOps {
    public static final int V128_CONST = 0x0C;
    public static final int I8X16_SHUFFLE = 0x0D;

    /** Number of defined sub-opcodes (0x00..0xFF minus the 20 unassigned ones). */
    public static final int OP_COUNT;

    private static final SimdOp[] TABLE = new SimdOp[256];

    private SimdOps() {
    }

    /** Metadata for a sub-opcode, or null if it names no Wasm 2.0 SIMD instruction. */
    public static SimdOp info(int subop) {
        return subop >= 0 && subop < TABLE.length ? TABLE[subop] : null;
    }

    /**
     * Executes one SIMD instruction. {@code s[sp-1]} is the top slot; returns the new stack height.
     * Immediates: MEMARG imm0 = offset (u32); MEMARG_LANE imm0 = offset, imm1 = lane; LANE imm0 = lane;
     * BYTES16 imm0..imm3 = the 16 bytes as little-endian ints. Memory accesses trap via {@link Memory}.
     */
    public static int exec(int subop, long[] s, int sp, int imm0, int imm1, int imm2, int imm3, Memory mem) {
        // Split by range so that no dispatch method comes near HotSpot's 8000-byte JIT limit.
        if (subop < 0x23) {
            return SimdLanes.execMisc(subop, s, sp, imm0, imm1, imm2, imm3, mem);
        } else if (subop < 0x60) {
            return SimdLanes.execCompareBitwise(subop, s, sp, imm0, imm1, mem);
        } else if (subop < 0xA0) {
            return SimdLanes.execSmallInts(subop, s, sp);
        } else if (subop < 0x100) {
            return SimdLanes.execWideLanes(subop, s, sp);
        }
        throw unknown(subop);
    }

    static WasmException unknown(int subop) {
        return new WasmException("unknown SIMD instruction 0xFD " + Integer.toUnsignedString(subop));
    }

    // ---- table -------------------------------------------------------------------------------

    private static final ValType[] NO_TYPES = new ValType[0];

    /**
     * Registers an op. {@code sig} is "pops:pushes" with v=v128, i=i32, I=i64, f=f32, F=f64.
     */
    private static void def(int subop, String name, Imm imm, String sig, int align, int lanes) {
        int colon = sig.indexOf(':');
        TABLE[subop] = new SimdOp(subop, name, imm, types(sig.substring(0, colon)), types(sig.substring(colon + 1)), align, lanes);
    }

    private static ValType[] types(String code) {
        if (code.isEmpty()) return NO_TYPES;
        ValType[] t = new ValType[code.length()];
        for (int i = 0; i < t.length; i++) {
            switch (code.charAt(i)) {
                case 'v': t[i] = ValType.V128; break;
                case 'i': t[i] = ValType.I32; break;
                case 'I': t[i] = ValType.I64; break;
                case 'f': t[i] = ValType.F32; break;
                case 'F': t[i] = ValType.F64; break;
                default: throw new IllegalStateException(code);
            }
        }
        return t;
    }

    private static void plain(int subop, String name, String sig) {
        def(subop, name, Imm.NONE, sig, -1, 0);
    }

    private static void load(int subop, String name, int align) {
        def(subop, name, Imm.MEMARG, "i:v", align, 0);
    }

    private static void binary(int subop, String name) {
        plain(subop, name, "vv:v");
    }

    private static void unary(int subop, String name) {
        plain(subop, name, "v:v");
    }

    static {
        load(0x00, "v128.load", 4);
        load(0x01, "v128.load8x8_s", 3);
        load(0x02, "v128.load8x8_u", 3);
        load(0x03, "v128.load16x4_s", 3);
        load(0x04, "v128.load16x4_u", 3);
        load(0x05, "v128.load32x2_s", 3);
        load(0x06, "v128.load32x2_u", 3);
        load(0x07, "v128.load8_splat", 0);
        load(0x08, "v128.load16_splat", 1);
        load(0x09, "v128.load32_splat", 2);
        load(0x0A, "v128.load64_splat", 3);
        def(0x0B, "v128.store", Imm.MEMARG, "iv:", 4, 0);
        def(0x0C, "v128.const", Imm.BYTES16, ":v", -1, 0);
        def(0x0D, "i8x16.shuffle", Imm.BYTES16, "vv:v", -1, 0);
        binary(0x0E, "i8x16.swizzle");
        plain(0x0F, "i8x16.splat", "i:v");
        plain(0x10, "i16x8.splat", "i:v");
        plain(0x11, "i32x4.splat", "i:v");
        plain(0x12, "i64x2.splat", "I:v");
        plain(0x13, "f32x4.splat", "f:v");
        plain(0x14, "f64x2.splat", "F:v");
        def(0x15, "i8x16.extract_lane_s", Imm.LANE, "v:i", -1, 16);
        def(0x16, "i8x16.extract_lane_u", Imm.LANE, "v:i", -1, 16);
        def(0x17, "i8x16.replace_lane", Imm.LANE, "vi:v", -1, 16);
        def(0x18, "i16x8.extract_lane_s", Imm.LANE, "v:i", -1, 8);
        def(0x19, "i16x8.extract_lane_u", Imm.LANE, "v:i", -1, 8);
        def(0x1A, "i16x8.replace_lane", Imm.LANE, "vi:v", -1, 8);
        def(0x1B, "i32x4.extract_lane", Imm.LANE, "v:i", -1, 4);
        def(0x1C, "i32x4.replace_lane", Imm.LANE, "vi:v", -1, 4);
        def(0x1D, "i64x2.extract_lane", Imm.LANE, "v:I", -1, 2);
        def(0x1E, "i64x2.replace_lane", Imm.LANE, "vI:v", -1, 2);
        def(0x1F, "f32x4.extract_lane", Imm.LANE, "v:f", -1, 4);
        def(0x20, "f32x4.replace_lane", Imm.LANE, "vf:v", -1, 4);
        def(0x21, "f64x2.extract_lane", Imm.LANE, "v:F", -1, 2);
        def(0x22, "f64x2.replace_lane", Imm.LANE, "vF:v", -1, 2);

        String[] icmp = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
        for (int k = 0; k < icmp.length; k++) {
            binary(0x23 + k, "i8x16." + icmp[k]);
            binary(0x2D + k, "i16x8." + icmp[k]);
            binary(0x37 + k, "i32x4." + icmp[k]);
        }
        String[] fcmp = {"eq", "ne", "lt", "gt", "le", "ge"};
        for (int k = 0; k < fcmp.length; k++) {
            binary(0x41 + k, "f32x4." + fcmp[k]);
            binary(0x47 + k, "f64x2." + fcmp[k]);
        }
        unary(0x4D, "v128.not");
        binary(0x4E, "v128.and");
        binary(0x4F, "v128.andnot");
        binary(0x50, "v128.or");
        binary(0x51, "v128.xor");
        plain(0x52, "v128.bitselect", "vvv:v");
        plain(0x53, "v128.any_true", "v:i");
        def(0x54, "v128.load8_lane", Imm.MEMARG_LANE, "iv:v", 0, 16);
        def(0x55, "v128.load16_lane", Imm.MEMARG_LANE, "iv:v", 1, 8);
        def(0x56, "v128.load32_lane", Imm.MEMARG_LANE, "iv:v", 2, 4);
        def(0x57, "v128.load64_lane", Imm.MEMARG_LANE, "iv:v", 3, 2);
        def(0x58, "v128.store8_lane", Imm.MEMARG_LANE, "iv:", 0, 16);
        def(0x59, "v128.store16_lane", Imm.MEMARG_LANE, "iv:", 1, 8);
        def(0x5A, "v128.store32_lane", Imm.MEMARG_LANE, "iv:", 2, 4);
        def(0x5B, "v128.store64_lane", Imm.MEMARG_LANE, "iv:", 3, 2);
        load(0x5C, "v128.load32_zero", 2);
        load(0x5D, "v128.load64_zero", 3);
        unary(0x5E, "f32x4.demote_f64x2_zero");
        unary(0x5F, "f64x2.promote_low_f32x4");

        unary(0x60, "i8x16.abs");
        unary(0x61, "i8x16.neg");
        unary(0x62, "i8x16.popcnt");
        plain(0x63, "i8x16.all_true", "v:i");
        plain(0x64, "i8x16.bitmask", "v:i");
        binary(0x65, "i8x16.narrow_i16x8_s");
        binary(0x66, "i8x16.narrow_i16x8_u");
        unary(0x67, "f32x4.ceil");
        unary(0x68, "f32x4.floor");
        unary(0x69, "f32x4.trunc");
        unary(0x6A, "f32x4.nearest");
        plain(0x6B, "i8x16.shl", "vi:v");
        plain(0x6C, "i8x16.shr_s", "vi:v");
        plain(0x6D, "i8x16.shr_u", "vi:v");
        binary(0x6E, "i8x16.add");
        binary(0x6F, "i8x16.add_sat_s");
        binary(0x70, "i8x16.add_sat_u");
        binary(0x71, "i8x16.sub");
        binary(0x72, "i8x16.sub_sat_s");
        binary(0x73, "i8x16.sub_sat_u");
        unary(0x74, "f64x2.ceil");
        unary(0x75, "f64x2.floor");
        binary(0x76, "i8x16.min_s");
        binary(0x77, "i8x16.min_u");
        binary(0x78, "i8x16.max_s");
        binary(0x79, "i8x16.max_u");
        unary(0x7A, "f64x2.trunc");
        binary(0x7B, "i8x16.avgr_u");
        unary(0x7C, "i16x8.extadd_pairwise_i8x16_s");
        unary(0x7D, "i16x8.extadd_pairwise_i8x16_u");
        unary(0x7E, "i32x4.extadd_pairwise_i16x8_s");
        unary(0x7F, "i32x4.extadd_pairwise_i16x8_u");

        unary(0x80, "i16x8.abs");
        unary(0x81, "i16x8.neg");
        binary(0x82, "i16x8.q15mulr_sat_s");
        plain(0x83, "i16x8.all_true", "v:i");
        plain(0x84, "i16x8.bitmask", "v:i");
        binary(0x85, "i16x8.narrow_i32x4_s");
        binary(0x86, "i16x8.narrow_i32x4_u");
        unary(0x87, "i16x8.extend_low_i8x16_s");
        unary(0x88, "i16x8.extend_high_i8x16_s");
        unary(0x89, "i16x8.extend_low_i8x16_u");
        unary(0x8A, "i16x8.extend_high_i8x16_u");
        plain(0x8B, "i16x8.shl", "vi:v");
        plain(0x8C, "i16x8.shr_s", "vi:v");
        plain(0x8D, "i16x8.shr_u", "vi:v");
        binary(0x8E, "i16x8.add");
        binary(0x8F, "i16x8.add_sat_s");
        binary(0x90, "i16x8.add_sat_u");
        binary(0x91, "i16x8.sub");
        binary(0x92, "i16x8.sub_sat_s");
        binary(0x93, "i16x8.sub_sat_u");
        unary(0x94, "f64x2.nearest");
        binary(0x95, "i16x8.mul");
        binary(0x96, "i16x8.min_s");
        binary(0x97, "i16x8.min_u");
        binary(0x98, "i16x8.max_s");
        binary(0x99, "i16x8.max_u");
        binary(0x9B, "i16x8.avgr_u");
        binary(0x9C, "i16x8.extmul_low_i8x16_s");
        binary(0x9D, "i16x8.extmul_high_i8x16_s");
        binary(0x9E, "i16x8.extmul_low_i8x16_u");
        binary(0x9F, "i16x8.extmul_high_i8x16_u");

        unary(0xA0, "i32x4.abs");
        unary(0xA1, "i32x4.neg");
        plain(0xA3, "i32x4.all_true", "v:i");
        plain(0xA4, "i32x4.bitmask", "v:i");
        unary(0xA7, "i32x4.extend_low_i16x8_s");
        unary(0xA8, "i32x4.extend_high_i16x8_s");
        unary(0xA9, "i32x4.extend_low_i16x8_u");
        unary(0xAA, "i32x4.extend_high_i16x8_u");
        plain(0xAB, "i32x4.shl", "vi:v");
        plain(0xAC, "i32x4.shr_s", "vi:v");
        plain(0xAD, "i32x4.shr_u", "vi:v");
        binary(0xAE, "i32x4.add");
        binary(0xB1, "i32x4.sub");
        binary(0xB5, "i32x4.mul");
        binary(0xB6, "i32x4.min_s");
        binary(0xB7, "i32x4.min_u");
        binary(0xB8, "i32x4.max_s");
        binary(0xB9, "i32x4.max_u");
        binary(0xBA, "i32x4.dot_i16x8_s");
        binary(0xBC, "i32x4.extmul_low_i16x8_s");
        binary(0xBD, "i32x4.extmul_high_i16x8_s");
        binary(0xBE, "i32x4.extmul_low_i16x8_u");
        binary(0xBF, "i32x4.extmul_high_i16x8_u");

        unary(0xC0, "i64x2.abs");
        unary(0xC1, "i64x2.neg");
        plain(0xC3, "i64x2.all_true", "v:i");
        plain(0xC4, "i64x2.bitmask", "v:i");
        unary(0xC7, "i64x2.extend_low_i32x4_s");
        unary(0xC8, "i64x2.extend_high_i32x4_s");
        unary(0xC9, "i64x2.extend_low_i32x4_u");
        unary(0xCA, "i64x2.extend_high_i32x4_u");
        plain(0xCB, "i64x2.shl", "vi:v");
        plain(0xCC, "i64x2.shr_s", "vi:v");
        plain(0xCD, "i64x2.shr_u", "vi:v");
        binary(0xCE, "i64x2.add");
        binary(0xD1, "i64x2.sub");
        binary(0xD5, "i64x2.mul");
        binary(0xD6, "i64x2.eq");
        binary(0xD7, "i64x2.ne");
        binary(0xD8, "i64x2.lt_s");
        binary(0xD9, "i64x2.gt_s");
        binary(0xDA, "i64x2.le_s");
        binary(0xDB, "i64x2.ge_s");
        binary(0xDC, "i64x2.extmul_low_i32x4_s");
        binary(0xDD, "i64x2.extmul_high_i32x4_s");
        binary(0xDE, "i64x2.extmul_low_i32x4_u");
        binary(0xDF, "i64x2.extmul_high_i32x4_u");

        unary(0xE0, "f32x4.abs");
        unary(0xE1, "f32x4.neg");
        unary(0xE3, "f32x4.sqrt");
        binary(0xE4, "f32x4.add");
        binary(0xE5, "f32x4.sub");
        binary(0xE6, "f32x4.mul");
        binary(0xE7, "f32x4.div");
        binary(0xE8, "f32x4.min");
        binary(0xE9, "f32x4.max");
        binary(0xEA, "f32x4.pmin");
        binary(0xEB, "f32x4.pmax");
        unary(0xEC, "f64x2.abs");
        unary(0xED, "f64x2.neg");
        unary(0xEF, "f64x2.sqrt");
        binary(0xF0, "f64x2.add");
        binary(0xF1, "f64x2.sub");
        binary(0xF2, "f64x2.mul");
        binary(0xF3, "f64x2.div");
        binary(0xF4, "f64x2.min");
        binary(0xF5, "f64x2.max");
        binary(0xF6, "f64x2.pmin");
        binary(0xF7, "f64x2.pmax");
        unary(0xF8, "i32x4.trunc_sat_f32x4_s");
        unary(0xF9, "i32x4.trunc_sat_f32x4_u");
        unary(0xFA, "f32x4.convert_i32x4_s");
        unary(0xFB, "f32x4.convert_i32x4_u");
        unary(0xFC, "i32x4.trunc_sat_f64x2_s_zero");
        unary(0xFD, "i32x4.trunc_sat_f64x2_u_zero");
        unary(0xFE, "f64x2.convert_low_i32x4_s");
        unary(0xFF, "f64x2.convert_low_i32x4_u");

        int n = 0;
        for (SimdOp op : TABLE) {
            if (op != null) n++;
        }
        OP_COUNT = n;
    }
}
