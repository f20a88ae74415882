package io.backstep.engine.code;

/**
 * Superinstructions: frequent runs of two to four adjacent instructions executed by one dispatch.
 * Fusion only rewrites the FIRST opcode of a run; every instruction keeps its immediates and the
 * others keep their own opcodes at their own pcs. So branches into a later instruction, snapshots and
 * the pc-to-offset map all behave exactly as without fusion, and a fused run still counts one step
 * per instruction. The interpreter runs the last {@link #MAX_RUN} - 1 instructions of a step budget
 * from unfused code, so a budget never ends inside a run. A breakpoint probe on a later instruction
 * shortens or un-fuses the run (see {@link CompiledFunction#setProbe}). Fused opcodes use codes the
 * lowering never emits (Wasm's codes for control instructions it lowers away, and unused ones);
 * FusionTest checks that over the spec testsuite.
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
    // Runs of three and four.
    public static final int LOCAL_GET_I32_CONST_I32_ADD = 0xDB;
    public static final int LOCAL_GET_LOCAL_GET_I32_ADD = 0xDC;
    public static final int I32_CONST_I32_ADD_I32_LOAD = 0xDD;
    /** local.get a; i32.const c; i32.add; local.set b */
    public static final int LOCAL_GET_I32_CONST_I32_ADD_LOCAL_SET = 0xDE;
    /** local.get a; i32.const c; i32.add; i32.load off */
    public static final int LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD = 0xDF;

    /** br_if t; local.get a; i32.load off (a loop's exit test, then the next element) */
    public static final int BR_IF_LOCAL_GET_I32_LOAD = 0x12;
    /** local.get a; i32.load off; local.tee b */
    public static final int LOCAL_GET_I32_LOAD_LOCAL_TEE = 0x13;

    /** local.get a; i32.const c; i32.lt_u / i32.lt_s / i32.ne; br_if t (a loop or recursion test) */
    public static final int LOCAL_GET_I32_CONST_I32_LT_U_BR_IF = 0x14;
    public static final int LOCAL_GET_I32_CONST_I32_LT_S_BR_IF = 0x15;
    public static final int LOCAL_GET_I32_CONST_I32_NE_BR_IF = 0x16;
    /** i32.load off; i32.const c; i32.add; i32.store off2 (a counter in memory) */
    public static final int I32_LOAD_I32_CONST_I32_ADD_I32_STORE = 0x18;
    /** local.get a; i32.const c; i32.add; call f */
    public static final int LOCAL_GET_I32_CONST_I32_ADD_CALL = 0x19;

    /** i32.const c; i32.shl */
    public static final int I32_CONST_I32_SHL = 0x05;
    /** local.get a; i32.const c; i32.shr_u */
    public static final int LOCAL_GET_I32_CONST_I32_SHR_U = 0x06;
    /** local.tee a; i32.ne; br_if t */
    public static final int LOCAL_TEE_I32_NE_BR_IF = 0x07;
    /** local.get a; i32.const c; i32.add; local.tee b */
    public static final int LOCAL_GET_I32_CONST_I32_ADD_LOCAL_TEE = 0x08;
    /** local.get a; i32.const c; i32.add; i32.load8_u off */
    public static final int LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD8_U = 0x09;

    /** How many instructions the fused opcode {@code op} executes (1 for an opcode that is not fused). */
    public static int runLength(int op) {
        switch (op) {
            case LOCAL_GET_I32_CONST_I32_ADD_LOCAL_SET: case LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD:
            case LOCAL_GET_I32_CONST_I32_LT_U_BR_IF: case LOCAL_GET_I32_CONST_I32_LT_S_BR_IF: case LOCAL_GET_I32_CONST_I32_NE_BR_IF:
            case I32_LOAD_I32_CONST_I32_ADD_I32_STORE: case LOCAL_GET_I32_CONST_I32_ADD_CALL:
            case LOCAL_GET_I32_CONST_I32_ADD_LOCAL_TEE: case LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD8_U:
                return 4;
            case LOCAL_GET_I32_CONST_I32_ADD: case LOCAL_GET_LOCAL_GET_I32_ADD: case I32_CONST_I32_ADD_I32_LOAD:
            case BR_IF_LOCAL_GET_I32_LOAD: case LOCAL_GET_I32_LOAD_LOCAL_TEE:
            case LOCAL_GET_I32_CONST_I32_SHR_U: case LOCAL_TEE_I32_NE_BR_IF:
                return 3;
            case LOCAL_GET_I32_CONST: case I32_CONST_I32_ADD: case LOCAL_GET_LOCAL_GET: case LOCAL_GET_I32_ADD:
            case I32_ADD_LOCAL_SET: case I32_ADD_LOCAL_TEE: case LOCAL_SET_LOCAL_GET: case LOCAL_TEE_LOCAL_GET:
            case LOCAL_GET_I32_LOAD: case LOCAL_GET_I32_LOAD8_U: case I32_NE_BR_IF: case I32_LT_U_BR_IF: case I32_EQZ_BR_IF:
            case I32_CONST_I32_AND: case I32_LT_S_BR_IF: case I32_EQ_BR_IF: case BR_IF_LOCAL_GET: case I32_ADD_I32_STORE:
            case I32_CONST_I32_LOAD: case LOCAL_GET_RETURN: case I32_CONST_I32_CONST: case I32_CONST_I32_SHL:
                return 2;
            default:
                return 1;
        }
    }

    /** The longest run one fused opcode executes. */
    public static final int MAX_RUN = 4;

    /**
     * The fused opcode for the run of {@code length} instructions starting at instruction {@code i}
     * ({@code ops} are the plain opcodes of the instructions), or -1.
     */
    static int fuse(int[] ops, int i, int length) {
        switch (length) {
            case 2:
                return fuse(ops[i], ops[i + 1]);
            case 3:
                if (ops[i] == Op.LOCAL_GET && ops[i + 1] == Op.I32_CONST && ops[i + 2] == 0x6A) return LOCAL_GET_I32_CONST_I32_ADD;
                if (ops[i] == Op.LOCAL_GET && ops[i + 1] == Op.LOCAL_GET && ops[i + 2] == 0x6A) return LOCAL_GET_LOCAL_GET_I32_ADD;
                if (ops[i] == Op.I32_CONST && ops[i + 1] == 0x6A && ops[i + 2] == Op.I32_LOAD) return I32_CONST_I32_ADD_I32_LOAD;
                if (ops[i] == Op.BR_IF && ops[i + 1] == Op.LOCAL_GET && ops[i + 2] == Op.I32_LOAD) return BR_IF_LOCAL_GET_I32_LOAD;
                if (ops[i] == Op.LOCAL_GET && ops[i + 1] == Op.I32_LOAD && ops[i + 2] == Op.LOCAL_TEE) return LOCAL_GET_I32_LOAD_LOCAL_TEE;
                if (ops[i] == Op.LOCAL_GET && ops[i + 1] == Op.I32_CONST && ops[i + 2] == 0x76) return LOCAL_GET_I32_CONST_I32_SHR_U;
                if (ops[i] == Op.LOCAL_TEE && ops[i + 1] == 0x47 && ops[i + 2] == Op.BR_IF) return LOCAL_TEE_I32_NE_BR_IF;
                return -1;
            case 4:
                if (ops[i] == Op.LOCAL_GET && ops[i + 1] == Op.I32_CONST) {
                    if (ops[i + 2] == 0x6A) {
                        if (ops[i + 3] == Op.LOCAL_SET) return LOCAL_GET_I32_CONST_I32_ADD_LOCAL_SET;
                        if (ops[i + 3] == Op.I32_LOAD) return LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD;
                        if (ops[i + 3] == Op.CALL) return LOCAL_GET_I32_CONST_I32_ADD_CALL;
                        if (ops[i + 3] == Op.LOCAL_TEE) return LOCAL_GET_I32_CONST_I32_ADD_LOCAL_TEE;
                        if (ops[i + 3] == Op.I32_LOAD8_U) return LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD8_U;
                    }
                    if (ops[i + 3] == Op.BR_IF) {
                        if (ops[i + 2] == 0x49) return LOCAL_GET_I32_CONST_I32_LT_U_BR_IF;
                        if (ops[i + 2] == 0x48) return LOCAL_GET_I32_CONST_I32_LT_S_BR_IF;
                        if (ops[i + 2] == 0x47) return LOCAL_GET_I32_CONST_I32_NE_BR_IF;
                    }
                }
                if (ops[i] == Op.I32_LOAD && ops[i + 1] == Op.I32_CONST && ops[i + 2] == 0x6A && ops[i + 3] == Op.I32_STORE) {
                    return I32_LOAD_I32_CONST_I32_ADD_I32_STORE;
                }
                return -1;
            default:
                return -1;
        }
    }

    /**
     * Dispatches needed to run straight through from each instruction to the end of the function
     * ({@code [n] = 0}), choosing runs that minimise them: the longest run at an instruction is not
     * always best (a pair can swallow the first instruction of a longer run after it).
     */
    static int[] dispatchCosts(int[] ops) {
        int[] cost = new int[ops.length + 1];
        for (int i = ops.length - 1; i >= 0; i--) {
            cost[i] = 1 + cost[i + 1];
            for (int length = 2; length <= Math.min(MAX_RUN, ops.length - i); length++) {
                if (fuse(ops, i, length) >= 0) cost[i] = Math.min(cost[i], 1 + cost[i + length]);
            }
        }
        return cost;
    }

    /**
     * The opcode instruction {@code i} runs with: among the fused runs starting there of at most
     * {@code maxLength} instructions (and the instruction alone), the one after which running on costs
     * the fewest dispatches ({@code cost} from {@link #dispatchCosts}); longer first on ties.
     */
    static int best(int[] ops, int[] cost, int i, int maxLength) {
        int best = ops[i];
        int bestCost = 1 + cost[i + 1];
        for (int length = Math.min(maxLength, Math.min(MAX_RUN, ops.length - i)); length >= 2; length--) {
            int fused = fuse(ops, i, length);
            if (fused < 0) continue;
            int c = 1 + cost[i + length];
            boolean better = c < bestCost || (c == bestCost && best == ops[i]); // a tie still beats no fusion
            if (better) {
                best = fused;
                bestCost = c;
            }
        }
        return best;
    }

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
                    case 0x74: return I32_CONST_I32_SHL;
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
     * Gives every instruction its best run (fewest dispatches from there on). Runs may overlap (A fused with B and C, B fused with
     * C): a fused opcode implements all of its instructions itself, so whichever one execution enters
     * at is right.
     */
    static int[] apply(int[] plain, int[] instructionPcs) {
        int[] code = plain.clone();
        int[] ops = opcodes(plain, instructionPcs);
        int[] cost = dispatchCosts(ops);
        for (int i = 0; i < ops.length; i++) code[instructionPcs[i]] = best(ops, cost, i, MAX_RUN);
        return code;
    }

    /** The plain opcode of each instruction. */
    static int[] opcodes(int[] plain, int[] instructionPcs) {
        int[] ops = new int[instructionPcs.length];
        for (int i = 0; i < ops.length; i++) ops[i] = plain[instructionPcs[i]];
        return ops;
    }
}
