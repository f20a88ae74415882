package io.backstep.engine.code;

import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.ValType;
import java.util.Arrays;

/**
 * A validated function body lowered to the interpreter's internal form: a flat {@code int[]} of
 * {@link Op} codes and inline immediates, with branch targets and stack adjustments precomputed (the
 * "side table" folded into the code). Blocks, loops and nops leave no trace; every other Wasm
 * instruction becomes exactly one internal instruction, so one executed internal instruction is one
 * step. {@link #wasmOffset(int)} maps an internal pc back to the byte offset of its Wasm instruction.
 */
public final class CompiledFunction {
    /** Index of the function in the module's function index space. */
    public final int index;
    public final FuncType type;
    /** Types of the declared locals (not the parameters). */
    public final ValType[] localTypes;
    /** Slots taken by parameters, and by parameters plus declared locals. */
    public final int paramSlots;
    public final int frameSlots;
    /** Highest operand stack use, in slots, above the locals. */
    public final int maxStackSlots;
    /** Slots taken by the results. */
    public final int resultSlots;
    /** The code the interpreter runs: {@link #plain} with fused runs (see {@link Fusion}) and breakpoint probes. */
    public final int[] code;
    /**
     * The code without fusion but with the probes: same layout and pcs as {@link #code}. The interpreter
     * runs the last few instructions of a step budget from here, where every dispatch is one step.
     */
    public final int[] single;
    /** The code as lowered, without fusion or probes: what analyses read. */
    private final int[] plain;
    /** Internal pcs where instructions start, ascending, and the Wasm byte offset of each (module-relative). */
    private final int[] instructionPcs;
    private final int[] instructionOffsets;
    /** Operand stack height in slots (above the locals) before each instruction: static in Wasm. */
    private final int[] instructionHeights;
    /**
     * The function translated to JVM bytecode by the JIT tier (a {@code jit.JitCode}), or
     * null. Kept here so that every instance of the module shares one translation; typed loosely
     * because this package depends on neither the runtime nor the JIT tier.
     */
    public volatile Object jitCode;
    /**
     * -1 once {@link #jitCode} is set, else 0: the interpreter masks its budget with it at calls and
     * returns, to hand over to translated code without a branch (see {@code Machine.execute}).
     */
    public volatile long jitMask;
    /**
     * {@link #jitCode} while a call from translated code may run it from the function's start (its first
     * instruction is translated and no probe is set), else null: the one field such a call reads.
     */
    public volatile Object jitEntry;
    /** {@link #jitCode} if its first instruction is translated, else null: what {@link #jitEntry} is without probes. */
    private Object jitEnterable;
    /** The JIT tier refused this function (too large, or an instruction it cannot translate at all). */
    public boolean jitRefused;
    /** How often the machine found this function running interpreted: it is translated once hot (racy by design: only a heuristic). */
    public int jitHeat;
    /** Number of breakpoint probes: translated code has none, so a function with probes is interpreted. */
    private volatile int probeCount;

    /** Sets the translation; {@code enterableAtStart}: whether a call may run it from the function's start. */
    public synchronized void setJitCode(Object code, boolean enterableAtStart) {
        jitCode = code;
        jitMask = -1;
        jitEnterable = enterableAtStart ? code : null;
        jitEntry = probeCount == 0 ? jitEnterable : null;
    }

    /**
     * Takes the translation away for good (HotSpot would not compile it, see {@code
     * jit.CompilationWatch}): the function is interpreted from its next entry on.
     */
    public synchronized void dropJitCode() {
        jitRefused = true; // before the volatile writes, which publish it
        jitMask = 0;
        jitEnterable = null;
        jitEntry = null;
        jitCode = null;
    }

    public CompiledFunction(int index, FuncType type, ValType[] localTypes, int maxStackSlots, int[] code,
                            int[] instructionPcs, int[] instructionOffsets, int[] instructionHeights) {
        this.index = index;
        this.type = type;
        this.localTypes = localTypes;
        this.paramSlots = type.paramSlots();
        this.frameSlots = paramSlots + ValType.slots(localTypes);
        this.maxStackSlots = maxStackSlots;
        this.resultSlots = type.resultSlots();
        this.plain = code;
        this.code = Fusion.apply(code, instructionPcs);
        this.single = code.clone();
        this.instructionPcs = instructionPcs;
        this.instructionOffsets = instructionOffsets;
        this.instructionHeights = instructionHeights;
    }

    /** Operand stack height in slots above the locals before instruction {@code i}. */
    public int stackHeight(int i) {
        return instructionHeights[i];
    }

    /** The lowered code without fusion or probes (read only: callers must not modify it). */
    public int[] plainCode() {
        return plain;
    }

    /** True while any breakpoint probe is set in this function. */
    public boolean hasProbes() {
        return probeCount != 0;
    }

    /** Number of internal instructions. */
    public int instructionCount() {
        return instructionPcs.length;
    }

    public int instructionPc(int i) {
        return instructionPcs[i];
    }

    /** Index of the instruction containing internal pc {@code pc} (the last one starting at or before it). */
    public int instructionIndexAt(int pc) {
        int i = Arrays.binarySearch(instructionPcs, pc);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    /** Wasm byte offset of the instruction containing internal pc {@code pc}. */
    public int wasmOffset(int pc) {
        return instructionOffsets.length == 0 ? -1 : instructionOffsets[instructionIndexAt(pc)];
    }

    /** Internal pc of the first instruction at or after Wasm byte offset {@code offset}, or -1. */
    public int pcForWasmOffset(int offset) {
        // Offsets ascend with pcs: instructions are emitted in the order they appear.
        int i = Arrays.binarySearch(instructionOffsets, offset);
        if (i < 0) i = -i - 1;
        return i < instructionOffsets.length ? instructionPcs[i] : -1;
    }

    /**
     * Breakpoint probes: the original opcode of each patched instruction. A probe replaces the opcode
     * in {@link #code} with {@link Op#BREAKPOINT}, so code without probes runs at full speed.
     */
    private final java.util.Set<Integer> probes = new java.util.HashSet<>();

    /** Patches a breakpoint probe over the instruction starting at {@code pc}. */
    public synchronized void setProbe(int pc) {
        if (!probes.add(pc)) return;
        probeCount = probes.size();
        jitEntry = null;
        code[pc] = Op.BREAKPOINT;
        single[pc] = Op.BREAKPOINT;
        refuseBefore(instructionIndexAt(pc));
    }

    public synchronized void clearProbe(int pc) {
        if (!probes.remove(pc)) return;
        probeCount = probes.size();
        if (probeCount == 0) jitEntry = jitEnterable;
        int i = instructionIndexAt(pc);
        code[pc] = runnableOpcode(i);
        single[pc] = plain[pc];
        refuseBefore(i);
    }

    /** A run fused into an earlier instruction would run instruction {@code i} without dispatching it: redo those. */
    private void refuseBefore(int i) {
        for (int j = Math.max(0, i - (Fusion.MAX_RUN - 1)); j < i; j++) {
            if (!probes.contains(instructionPcs[j])) code[instructionPcs[j]] = runnableOpcode(j);
        }
    }

    /** The opcode instruction {@code i} runs with when it has no probe: fused with the following ones up to the first probe. */
    private int runnableOpcode(int i) {
        int length = 1;
        while (length < Fusion.MAX_RUN && i + length < instructionPcs.length && !probes.contains(instructionPcs[i + length])) length++;
        if (ops == null) {
            ops = Fusion.opcodes(plain, instructionPcs);
            costs = Fusion.dispatchCosts(ops);
        }
        return Fusion.best(ops, costs, i, length);
    }

    /** Plain opcode of each instruction and the dispatch costs fusion chose by (built when probes first need them). */
    private int[] ops;
    private int[] costs;

    public synchronized boolean hasProbe(int pc) {
        return probes.contains(pc);
    }

    /** The real (unfused) opcode at {@code pc}, looking through probes and fusion. */
    public int opcodeAt(int pc) {
        return plain[pc];
    }

    /** Type of local {@code i} (parameters first). */
    public ValType localType(int i) {
        return i < type.paramCount() ? type.param(i) : localTypes[i - type.paramCount()];
    }

    public int localCount() {
        return type.paramCount() + localTypes.length;
    }

    /** Slot offset of local {@code i} from the frame base. */
    public int localSlot(int i) {
        int slot = 0;
        for (int k = 0; k < i; k++) slot += localType(k).slots();
        return slot;
    }
}
