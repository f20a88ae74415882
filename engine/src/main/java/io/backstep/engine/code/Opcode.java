package io.backstep.engine.code;

import io.backstep.engine.model.ValType;

/**
 * What is known about one instruction without context: one row of {@link OpcodeTable}, which every
 * reader of instructions (decoder, validator, printer, interpreter, translator) consults instead of
 * keeping its own list.
 *
 * @param code          the instruction's code: its Wasm opcode byte, {@link Op#FC_BASE} + sub-opcode for the
 *                      0xFC family, or an internal-only code (see {@link #wasm}); the internal code uses the same numbers
 * @param mnemonic      the text-format name, e.g. {@code i32.add}
 * @param immediates    what follows the opcode in the binary format
 * @param pops          operand types, bottom first; null when they depend on context (locals, calls, blocks, ...)
 * @param pushes        result types, bottom first; null exactly when {@code pops} is
 * @param alignLog2     for a memory access, its natural alignment (log2), which a memarg may not exceed; -1 otherwise
 * @param traps         whether executing it can trap
 * @param flow          where execution goes after it
 * @param stackEffect   change of the value-stack height, in slots, from before it to the next instruction of the
 *                      internal code (for the one-slot form of instructions with a v128 variant); {@link #VARIES} when not fixed
 * @param loweredInts   ints after the opcode in the internal code (-1: br_table, whose count varies)
 * @param internal      whether the internal code holds this instruction under this code (block, else, end, typed
 *                      select and the reinterpretations are lowered away)
 * @param wasm          whether it is a Wasm 2.0 instruction (false: an internal-only form, such as a branch that moves values)
 */
public record Opcode(int code, String mnemonic, Immediates immediates, ValType[] pops, ValType[] pushes, int alignLog2,
                     boolean traps, Flow flow, int stackEffect, int loweredInts, boolean internal, boolean wasm) {

    /** {@link #stackEffect} of an instruction whose effect depends on its immediates or context. */
    public static final int VARIES = Integer.MIN_VALUE;

    /** Where execution goes after an instruction. */
    public enum Flow {
        /** To the next instruction. */
        NEXT,
        /** To a branch target (and, for a conditional branch, also to the next instruction). */
        BRANCH,
        /** Into a function, then back to the next instruction. */
        CALL,
        /** Out of the function. */
        RETURN,
        /** Nowhere: it always traps (unreachable). */
        TRAP,
        /** Block structure (block, loop, else, end): lowered to jumps, never executed as such. */
        STRUCTURE
    }

    /** Whether the operand and result types are fixed (see {@link #pops}). */
    public boolean hasSignature() {
        return pops != null;
    }

    /** The prefix byte of its binary encoding (0xFC), or -1 for a single-byte opcode. */
    public int prefix() {
        return wasm && code >= Op.FC_BASE ? 0xFC : -1;
    }

    /** Its binary opcode: the byte, or the sub-opcode after the prefix. */
    public int binaryOpcode() {
        return prefix() < 0 ? code : code - Op.FC_BASE;
    }

    /** A numeric instruction: a pure function of its operands (the 0x45..0xC4 range and the saturating truncations). */
    public boolean isNumeric() {
        return (code >= 0x45 && code <= 0xC4) || (code >= Op.I32_TRUNC_SAT_F32_S && code <= Op.I64_TRUNC_SAT_F64_U);
    }

    /** A load or store of linear memory with a memarg. */
    public boolean isMemoryAccess() {
        return immediates == Immediates.MEMARG;
    }

    /**
     * For a numeric instruction, the name of the method in the engine's numeric semantics ({@code
     * runtime.Semantics}) that both tiers run for it: the mnemonic in camel case ({@code i32.trunc_sat_f32_s}
     * is {@code i32TruncSatF32S}); null for other instructions and for those the lowering removes (the
     * reinterpretations, which change no bits of a slot).
     */
    public String semantics() {
        if (!isNumeric() || !internal) return null;
        StringBuilder b = new StringBuilder(mnemonic.length());
        boolean upper = false;
        for (int i = 0; i < mnemonic.length(); i++) {
            char c = mnemonic.charAt(i);
            if (c == '.' || c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return mnemonic;
    }
}
