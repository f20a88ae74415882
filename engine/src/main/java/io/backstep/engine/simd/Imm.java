package io.backstep.engine.simd;

/** The immediate operands that follow a SIMD sub-opcode in the binary format. */
public enum Imm {
    /** No immediate. */
    NONE,
    /** A memarg: alignment (log2) and offset, both u32 LEB128. */
    MEMARG,
    /** A memarg followed by one lane-index byte (loadN_lane / storeN_lane). */
    MEMARG_LANE,
    /** One lane-index byte (extract_lane / replace_lane). */
    LANE,
    /** Sixteen raw bytes (v128.const, i8x16.shuffle). */
    BYTES16
}
