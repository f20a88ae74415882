package io.backstep.engine.jit;

/**
 * Which {@code runtime.JitSupport} helper does the work of a numeric instruction (the integer
 * instructions common in compiled C; the others go through the interpreter's own {@code Ops.numeric}).
 * Operand counts and traps are in {@code code.OpcodeTable}.
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
}
