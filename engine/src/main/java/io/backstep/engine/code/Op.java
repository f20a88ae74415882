package io.backstep.engine.code;

/**
 * Internal opcodes. Where an internal instruction is the Wasm instruction of the same meaning, it
 * keeps the Wasm opcode (all numeric, memory, local and global instructions), so the lowering is the
 * identity for most of the instruction set. Control flow is lowered to jumps with precomputed targets
 * and stack adjustments; the 0xFC prefix family moves to 0xE0 + sub-opcode; SIMD goes through one
 * {@link #SIMD} instruction.
 *
 * <p>What else is known about each instruction (names, immediates, types, stack effects) is in
 * {@link OpcodeTable}. Immediates follow the opcode in the code array; a "target" is an internal pc, a "height" is a
 * slot offset from the frame base (locals included), "keep" is the number of result slots a branch
 * carries.
 */
public final class Op {
    private Op() {
    }

    public static final int UNREACHABLE = 0x00;
    /** No operation (a reinterpretation, whose bits need no change in slot form). */
    public static final int NOP = 0x01;
    /** [target] jump when the i32 on top is zero (the {@code if} instruction). */
    public static final int BR_UNLESS = 0x04;
    /** [target] unconditional jump needing no stack adjustment. */
    public static final int BR = 0x0C;
    /** [target] jump if the popped i32 is non-zero; no stack adjustment. */
    public static final int BR_IF = 0x0D;
    /** [n, then n+1 triples (target, keep, height)] the last triple is the default. */
    public static final int BR_TABLE = 0x0E;
    /** Return from the function: its result slots are on top of the stack. */
    public static final int RETURN = 0x0F;
    /** [function index] */
    public static final int CALL = 0x10;
    /** [canonical type id, table index] */
    public static final int CALL_INDIRECT = 0x11;
    public static final int DROP = 0x1A;
    public static final int SELECT = 0x1B;
    /** [slot] */
    public static final int LOCAL_GET = 0x20;
    public static final int LOCAL_SET = 0x21;
    public static final int LOCAL_TEE = 0x22;
    /** [global index] */
    public static final int GLOBAL_GET = 0x23;
    public static final int GLOBAL_SET = 0x24;
    /** [table index] */
    public static final int TABLE_GET = 0x25;
    public static final int TABLE_SET = 0x26;
    /** Loads 0x28..0x35 and stores 0x36..0x3E take [offset] (u32 in an int). */
    public static final int I32_LOAD = 0x28;
    public static final int I64_LOAD = 0x29;
    public static final int F32_LOAD = 0x2A;
    public static final int F64_LOAD = 0x2B;
    public static final int I32_LOAD8_S = 0x2C;
    public static final int I32_LOAD8_U = 0x2D;
    public static final int I32_LOAD16_S = 0x2E;
    public static final int I32_LOAD16_U = 0x2F;
    public static final int I64_LOAD8_S = 0x30;
    public static final int I64_LOAD8_U = 0x31;
    public static final int I64_LOAD16_S = 0x32;
    public static final int I64_LOAD16_U = 0x33;
    public static final int I64_LOAD32_S = 0x34;
    public static final int I64_LOAD32_U = 0x35;
    public static final int I32_STORE = 0x36;
    public static final int I64_STORE = 0x37;
    public static final int F32_STORE = 0x38;
    public static final int F64_STORE = 0x39;
    public static final int I32_STORE8 = 0x3A;
    public static final int I32_STORE16 = 0x3B;
    public static final int I64_STORE8 = 0x3C;
    public static final int I64_STORE16 = 0x3D;
    public static final int I64_STORE32 = 0x3E;
    public static final int MEMORY_SIZE = 0x3F;
    public static final int MEMORY_GROW = 0x40;
    /** [value] */
    public static final int I32_CONST = 0x41;
    /** [low 32 bits, high 32 bits] */
    public static final int I64_CONST = 0x42;
    /** [bits] */
    public static final int F32_CONST = 0x43;
    /** [low 32 bits, high 32 bits] */
    public static final int F64_CONST = 0x44;
    // 0x45..0xC4: numeric instructions, same codes as Wasm.

    /** [target, keep, height] unconditional jump that moves the top {@code keep} slots down to {@code height}. */
    public static final int BR_ADJ = 0xC5;
    /** [target, keep, height] conditional form of {@link #BR_ADJ}. */
    public static final int BR_IF_ADJ = 0xC6;
    /** [slot] two-slot (v128) local access. */
    public static final int LOCAL_GET_V128 = 0xC8;
    public static final int LOCAL_SET_V128 = 0xC9;
    public static final int LOCAL_TEE_V128 = 0xCA;
    /** [global index] */
    public static final int GLOBAL_GET_V128 = 0xCB;
    public static final int GLOBAL_SET_V128 = 0xCC;
    public static final int DROP_V128 = 0xCD;
    public static final int SELECT_V128 = 0xCE;
    /** [sub-opcode, imm0, imm1, imm2, imm3] see {@code io.backstep.engine.simd.SimdOps}. */
    public static final int SIMD = 0xCF;
    public static final int REF_NULL = 0xD0;
    public static final int REF_IS_NULL = 0xD1;
    /** [function index] */
    public static final int REF_FUNC = 0xD2;
    /**
     * A probe patched over an instruction by a breakpoint: the machine stops before executing the
     * instruction. The original opcode lives in the breakpoint table, not in the code.
     */
    public static final int BREAKPOINT = 0xD3;

    /** 0xFC sub-opcodes map to FC_BASE + sub. */
    public static final int FC_BASE = 0xE0;
    public static final int I32_TRUNC_SAT_F32_S = 0xE0;
    public static final int I32_TRUNC_SAT_F32_U = 0xE1;
    public static final int I32_TRUNC_SAT_F64_S = 0xE2;
    public static final int I32_TRUNC_SAT_F64_U = 0xE3;
    public static final int I64_TRUNC_SAT_F32_S = 0xE4;
    public static final int I64_TRUNC_SAT_F32_U = 0xE5;
    public static final int I64_TRUNC_SAT_F64_S = 0xE6;
    public static final int I64_TRUNC_SAT_F64_U = 0xE7;
    /** [data segment] */
    public static final int MEMORY_INIT = 0xE8;
    /** [data segment] */
    public static final int DATA_DROP = 0xE9;
    public static final int MEMORY_COPY = 0xEA;
    public static final int MEMORY_FILL = 0xEB;
    /** [elem segment, table] */
    public static final int TABLE_INIT = 0xEC;
    /** [elem segment] */
    public static final int ELEM_DROP = 0xED;
    /** [dst table, src table] */
    public static final int TABLE_COPY = 0xEE;
    /** [table] */
    public static final int TABLE_GROW = 0xEF;
    public static final int TABLE_SIZE = 0xF0;
    public static final int TABLE_FILL = 0xF1;

    /** Number of immediate ints after the opcode (BR_TABLE is variable: see {@link #length}); from {@link OpcodeTable}. */
    public static int immediateCount(int op) {
        Opcode o = OpcodeTable.of(op);
        return o == null ? 0 : Math.max(0, o.loweredInts());
    }

    /** Total length in ints of the instruction at {@code pc}. */
    public static int length(int[] code, int pc, int op) {
        return OpcodeTable.internalLength(code, pc, op);
    }
}
