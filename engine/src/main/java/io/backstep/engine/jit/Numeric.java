package io.backstep.engine.jit;

import io.backstep.engine.code.Op;

/**
 * Facts about numeric instructions (0x45..0xC4 and the saturating truncations) that the translator
 * needs: how many operands each pops, which {@code runtime.JitSupport} helper does its work (the
 * integer instructions common in compiled C; the others go through the interpreter's own
 * {@code Ops.numeric}), and which can trap.
 */
final class Numeric {
    private Numeric() {
    }

    private static final String[] HELPERS = new String[0x100];

    static {
        String[] i32 = {"i32Eqz", "i32Eq", "i32Ne", "i32LtS", "i32LtU", "i32GtS", "i32GtU", "i32LeS", "i32LeU", "i32GeS", "i32GeU"};
        for (int k = 0; k < i32.length; k++) HELPERS[0x45 + k] = i32[k];
        String[] i64 = {"i64Eqz", "i64Eq", "i64Ne", "i64LtS", "i64LtU", "i64GtS", "i64GtU", "i64LeS", "i64LeU", "i64GeS", "i64GeU"};
        for (int k = 0; k < i64.length; k++) HELPERS[0x50 + k] = i64[k];
        String[] i32Arith = {"i32Clz", "i32Ctz", "i32Popcnt", "i32Add", "i32Sub", "i32Mul", "i32DivS", "i32DivU", "i32RemS",
            "i32RemU", "i32And", "i32Or", "i32Xor", "i32Shl", "i32ShrS", "i32ShrU", "i32Rotl", "i32Rotr"};
        for (int k = 0; k < i32Arith.length; k++) HELPERS[0x67 + k] = i32Arith[k];
        String[] i64Arith = {"i64Clz", "i64Ctz", "i64Popcnt", "i64Add", "i64Sub", "i64Mul", "i64DivS", "i64DivU", "i64RemS",
            "i64RemU", "i64And", "i64Or", "i64Xor", "i64Shl", "i64ShrS", "i64ShrU", "i64Rotl", "i64Rotr"};
        for (int k = 0; k < i64Arith.length; k++) HELPERS[0x79 + k] = i64Arith[k];
        HELPERS[0xA7] = "i32WrapI64";
        HELPERS[0xAC] = "i64ExtendI32S";
        HELPERS[0xAD] = "i64ExtendI32U";
        HELPERS[0xC0] = "extend8S";
        HELPERS[0xC1] = "extend16S";
        HELPERS[0xC2] = "extend8S";
        HELPERS[0xC3] = "extend16S";
        HELPERS[0xC4] = "i64Extend32S";
    }

    /** Name of the helper for {@code op}, or null if the instruction goes through {@code Ops.numeric}. */
    static String helper(int op) {
        return op >= 0 && op < HELPERS.length ? HELPERS[op] : null;
    }

    /** Operands popped (each pushes one result). */
    static int arity(int op) {
        if (op == 0x45 || op == 0x50) return 1;                   // eqz
        if (op >= 0x67 && op <= 0x69) return 1;                   // i32 clz ctz popcnt
        if (op >= 0x79 && op <= 0x7B) return 1;                   // i64 clz ctz popcnt
        if (op >= 0x8B && op <= 0x91) return 1;                   // f32 abs .. sqrt
        if (op >= 0x99 && op <= 0x9F) return 1;                   // f64 abs .. sqrt
        if (op >= 0xA7 && op <= 0xC4) return 1;                   // conversions, reinterpretations, sign extension
        if (op >= Op.FC_BASE && op <= Op.I64_TRUNC_SAT_F64_U) return 1;
        return 2;
    }

    /** Integer division and remainder: the only helper-run instructions that trap. */
    static boolean traps(int op) {
        return (op >= 0x6D && op <= 0x70) || (op >= 0x7F && op <= 0x82);
    }
}
