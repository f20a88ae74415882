package io.backstep.engine.code;

/**
 * Superinstructions: frequent pairs of adjacent instructions executed by one dispatch. Fusion only
 * rewrites the FIRST opcode of a pair; both instructions keep their immediates and the second keeps
 * its own opcode at its own pc. So branches into the second instruction, stopping between the two
 * (a step budget ending after the first), snapshots and the pc-to-offset map all behave exactly as
 * without fusion, and a fused pair still counts as two steps. A breakpoint probe on the second
 * instruction un-fuses the pair (see {@link CompiledFunction#setProbe}).
 */
public final class Fusion {
    private Fusion() {
    }

    // Fused opcodes: first instruction, then second.
    public static final int LOCAL_GET_I32_CONST = 0xF2;
    public static final int I32_CONST_I32_ADD = 0xF3;
    public static final int LOCAL_GET_LOCAL_GET = 0xF4;
    public static final int LOCAL_GET_I32_ADD = 0xF5;
    public static final int I32_ADD_LOCAL_SET = 0xF6;
    public static final int I32_ADD_LOCAL_TEE = 0xF7;
    public static final int LOCAL_SET_LOCAL_GET = 0xF8;
    public static final int LOCAL_TEE_LOCAL_GET = 0xF9;
    public static final int LOCAL_GET_I32_LOAD = 0xFA;
    public static final int LOCAL_GET_I32_LOAD8_U = 0xFB;
    public static final int I32_NE_BR_IF = 0xFC;
    public static final int I32_LT_U_BR_IF = 0xFD;
    public static final int I32_EQZ_BR_IF = 0xFE;
    public static final int I32_CONST_I32_AND = 0xFF;
    public static final int I32_LT_S_BR_IF = 0xD4;
    public static final int I32_EQ_BR_IF = 0xD5;
    public static final int BR_IF_LOCAL_GET = 0xD6;
    public static final int I32_ADD_I32_STORE = 0xD7;
    public static final int I32_CONST_I32_LOAD = 0xD8;
    public static final int LOCAL_GET_RETURN = 0xD9;
    public static final int I32_CONST_I32_CONST = 0xDA;

    /** The fused opcode for {@code first} followed by {@code second}, or -1. */
    static int fuse(int first, int second) {
        switch (first) {
            case Op.LOCAL_GET:
                switch (second) {
                    case Op.I32_CONST: return LOCAL_GET_I32_CONST;
                    case Op.LOCAL_GET: return LOCAL_GET_LOCAL_GET;
                    case 0x6A: return LOCAL_GET_I32_ADD;
                    case Op.I32_LOAD: return LOCAL_GET_I32_LOAD;
                    case Op.I32_LOAD8_U: return LOCAL_GET_I32_LOAD8_U;
                    case Op.RETURN: return LOCAL_GET_RETURN;
                    default: return -1;
                }
            case Op.I32_CONST:
                switch (second) {
                    case 0x6A: return I32_CONST_I32_ADD;
                    case 0x71: return I32_CONST_I32_AND;
                    case Op.I32_LOAD: return I32_CONST_I32_LOAD;
                    case Op.I32_CONST: return I32_CONST_I32_CONST;
                    default: return -1;
                }
            case 0x6A:
                switch (second) {
                    case Op.LOCAL_SET: return I32_ADD_LOCAL_SET;
                    case Op.LOCAL_TEE: return I32_ADD_LOCAL_TEE;
                    case Op.I32_STORE: return I32_ADD_I32_STORE;
                    default: return -1;
                }
            case Op.LOCAL_SET: return second == Op.LOCAL_GET ? LOCAL_SET_LOCAL_GET : -1;
            case Op.LOCAL_TEE: return second == Op.LOCAL_GET ? LOCAL_TEE_LOCAL_GET : -1;
            case Op.BR_IF: return second == Op.LOCAL_GET ? BR_IF_LOCAL_GET : -1;
            case 0x47: return second == Op.BR_IF ? I32_NE_BR_IF : -1;
            case 0x46: return second == Op.BR_IF ? I32_EQ_BR_IF : -1;
            case 0x49: return second == Op.BR_IF ? I32_LT_U_BR_IF : -1;
            case 0x48: return second == Op.BR_IF ? I32_LT_S_BR_IF : -1;
            case 0x45: return second == Op.BR_IF ? I32_EQZ_BR_IF : -1;
            default: return -1;
        }
    }

    /**
     * Fuses every fusable adjacent pair. Pairs may overlap (A fused with B, B fused with C): a fused
     * opcode implements both of its instructions itself, so whichever one execution enters at is right.
     */
    static int[] apply(int[] plain, int[] instructionPcs) {
        int[] code = plain.clone();
        for (int i = 0; i + 1 < instructionPcs.length; i++) {
            int fused = fuse(plain[instructionPcs[i]], plain[instructionPcs[i + 1]]);
            if (fused >= 0) code[instructionPcs[i]] = fused;
        }
        return code;
    }
}
