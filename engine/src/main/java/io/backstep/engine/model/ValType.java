package io.backstep.engine.model;

/** Value types of Wasm 2.0. A V128 occupies two 64-bit slots on the engine's value stack, every other type one. */
public enum ValType {
    I32(0x7F, "i32"),
    I64(0x7E, "i64"),
    F32(0x7D, "f32"),
    F64(0x7C, "f64"),
    V128(0x7B, "v128"),
    FUNCREF(0x70, "funcref"),
    EXTERNREF(0x6F, "externref");

    private final int code;
    private final String text;

    ValType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The binary encoding byte. */
    public int code() {
        return code;
    }

    /** Number of 64-bit value-stack slots a value of this type takes. */
    public int slots() {
        return this == V128 ? 2 : 1;
    }

    public boolean isRef() {
        return this == FUNCREF || this == EXTERNREF;
    }

    public boolean isNumeric() {
        return !isRef() && this != V128;
    }

    /** The type for a binary encoding byte, or null if the byte encodes no value type. */
    public static ValType fromCode(int code) {
        switch (code) {
            case 0x7F: return I32;
            case 0x7E: return I64;
            case 0x7D: return F32;
            case 0x7C: return F64;
            case 0x7B: return V128;
            case 0x70: return FUNCREF;
            case 0x6F: return EXTERNREF;
            default: return null;
        }
    }

    /** Total slots of a sequence of types. */
    public static int slots(ValType[] types) {
        int n = 0;
        for (ValType t : types) {
            n += t.slots();
        }
        return n;
    }

    @Override
    public String toString() {
        return text;
    }
}
