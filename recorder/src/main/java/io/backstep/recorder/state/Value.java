package io.backstep.recorder.state;

import io.backstep.engine.model.ValType;

/** A typed Wasm value as the debugger shows it ({@code hi} is only used by v128). */
public record Value(ValType type, long lo, long hi) {
    public static Value of(ValType type, long lo) {
        return new Value(type, lo, 0);
    }

    /** Decimal (signed for integers), or the usual text for floats and references. */
    public String decimal() {
        return switch (type) {
            case I32 -> Integer.toString((int) lo);
            case I64 -> Long.toString(lo);
            case F32 -> Float.toString(Float.intBitsToFloat((int) lo));
            case F64 -> Double.toString(Double.longBitsToDouble(lo));
            case V128 -> hex();
            case FUNCREF -> lo == 0 ? "null" : "func@" + (lo - 1);
            case EXTERNREF -> lo == 0 ? "null" : "extern " + (lo - 1);
        };
    }

    /** Hexadecimal bit pattern. */
    public String hex() {
        return switch (type) {
            case I32, F32 -> String.format("0x%08x", (int) lo);
            case I64, F64 -> String.format("0x%016x", lo);
            case V128 -> String.format("0x%016x%016x", hi, lo);
            case FUNCREF, EXTERNREF -> lo == 0 ? "null" : String.format("0x%x", lo - 1);
        };
    }

    @Override
    public String toString() {
        return type + ":" + decimal();
    }
}
