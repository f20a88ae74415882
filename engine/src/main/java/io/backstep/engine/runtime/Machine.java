package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Fusion;
import io.backstep.engine.code.Op;
import io.backstep.engine.jit.CompilationWatch;
import io.backstep.engine.jit.JitCode;
import io.backstep.engine.jit.Tiering;
import io.backstep.engine.model.FuncType;
import java.util.Arrays;

/**
 * The interpreter. Its whole execution state is data owned here: one {@code long[]} value stack
 * (locals and operands of every frame), parallel frame arrays (function, frame base, return pc), the
 * pc and an exact count of executed instructions. No Java recursion happens per Wasm call, so the
 * state can be inspected, snapshotted and restored at any instruction boundary, and deep recursion
 * ends in a "call stack exhausted" trap instead of a JVM stack overflow.
 *
 * <p>Typical use: {@link #invoke} to run a function to completion; or, for debugging,
 * {@link #start} then {@link #run(long)} / {@link #step()} repeatedly.
 */
public final class Machine {
    /** Why {@link #run(long)} returned. */
    public enum StopReason {
        /** The entry function returned; {@link #results()} holds its results. */
        FINISHED,
        /** The step budget ran out; the machine can continue. */
        BUDGET,
        /** The next instruction carries a breakpoint probe; it has not executed yet. */
        BREAKPOINT,
        /** The program trapped; {@link #trap()} tells why and the state is that before the trapping instruction. */
        TRAPPED,
        /** A host function ended the run with an exception other than a trap (for example WASI proc_exit); see {@link #hostException()}. */
        HOST_EXIT
    }

    /** Observer of every executed instruction (slow path only: installing one switches to single-stepping). */
    @FunctionalInterface
    public interface InstructionListener {
        /** Called before the instruction at {@code pc} of {@code function} executes, with the step it will complete as. */
        void beforeInstruction(WasmFunction function, int pc, long step);
    }

    public enum Status { IDLE, PAUSED, FINISHED, TRAPPED, HOST_EXIT }

    public static final int DEFAULT_MAX_CALL_DEPTH = 50_000;
    public static final int DEFAULT_MAX_STACK_SLOTS = 16 * 1024 * 1024;

    private final Store store;
    private final int maxCallDepth;
    private final int maxStackSlots;

    long[] stack = new long[1024];
    int sp;
    int depth;
    WasmFunction[] frameFunction = new WasmFunction[64];
    int[] frameBase = new int[64];
    /** Return pc of each non-top frame; the top frame's pc is {@link #pc}. */
    int[] framePc = new int[64];
    /**
     * Frames that a budget's end cut short while translated code ran them, or that a snapshot restored
     * (indexed like the frames): each resumes in its translation's resume copy ({@link JitCode#run}), so
     * that resuming all over a function never enters its methods where their profiles saw no way in.
     */
    private boolean[] frameCut = new boolean[64];
    int pc;
    long steps;
    private Status status = Status.IDLE;
    private long[] results;
    private TrapException trap;
    private RuntimeException hostException;
    private FunctionInstance entry;
    private InstructionListener listener;
    private boolean ignoreBreakpoints;
    /** The last run stopped at a probe: the next run executes the instruction under it first. */
    private boolean breakpointHit;
    private final Context hostContext = new Context();
    /** Whether {@link #run} may use the JIT tier ({@link JitCode}); see {@link #setJit}. */
    private boolean jitEnabled = Tiering.ENABLED_BY_DEFAULT;
    /**
     * -1 while {@link #runTiered} drives, else 0: the interpreter then hands calls and returns into
     * translated functions back to it ({@link #execute} masks with it).
     */
    private long jitMask;
    /** Written by translated code when it exits: the steps left of its budget, and the trap it caught. */
    long jitRemaining;
    TrapException jitTrap;
    /** JVM stack, in bytes, that calls nested in the running translated code may still take (see {@link #jitEnter}). */
    private int jitStackLeft;
    private int jitThreshold = Tiering.DEFAULT_THRESHOLD;

    public Machine(Store store) {
        this(store, DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_STACK_SLOTS);
    }

    public Machine(Store store, int maxCallDepth, int maxStackSlots) {
        this.store = store;
        this.maxCallDepth = maxCallDepth;
        this.maxStackSlots = maxStackSlots;
    }

    public Store store() {
        return store;
    }

    // ---- running ---------------------------------------------------------------------------

    /** Runs {@code function} to completion and returns its results in slot form. Throws {@link TrapException}. */
    public long[] invoke(FunctionInstance function, long... args) {
        start(function, args);
        boolean ignore = ignoreBreakpoints;
        ignoreBreakpoints = true;
        try {
            StopReason r = run(Long.MAX_VALUE);
            if (r == StopReason.TRAPPED) throw trap;
            if (r == StopReason.HOST_EXIT) throw hostException;
            return results();
        } finally {
            ignoreBreakpoints = ignore;
        }
    }

    /**
     * Prepares a call of {@code function} with {@code args} (slot form). A host function runs right
     * away (it is one step). Afterwards the machine is PAUSED before the first instruction, or
     * FINISHED/TRAPPED/HOST_EXIT for a host function.
     */
    public void start(FunctionInstance function, long... args) {
        FuncType type = function.type();
        if (args.length != type.paramSlots()) {
            throw new IllegalArgumentException(function.displayName() + " takes " + type.paramSlots() + " argument slots, got " + args.length);
        }
        store.register(function);
        entry = function;
        results = null;
        trap = null;
        hostException = null;
        steps = 0;
        breakpointHit = false;
        depth = 0;
        sp = 0;
        pc = 0;
        if (function instanceof HostFunction host) {
            status = Status.PAUSED;
            try {
                results = callHost(host, null, args);
                steps = 1;
                status = Status.FINISHED;
            } catch (TrapException t) {
                trap = t;
                status = Status.TRAPPED;
            } catch (RuntimeException e) {
                hostException = e;
                status = Status.HOST_EXIT;
            }
            return;
        }
        WasmFunction f = (WasmFunction) function;
        CompiledFunction cf = f.code;
        f.calls++;
        ensureStack(cf.frameSlots + cf.maxStackSlots);
        System.arraycopy(args, 0, stack, 0, args.length);
        Arrays.fill(stack, args.length, cf.frameSlots, 0L);
        sp = cf.frameSlots;
        frameFunction[0] = f;
        frameBase[0] = 0;
        frameCut[0] = false;
        depth = 1;
        status = Status.PAUSED;
    }

    /**
     * Executes at most {@code maxSteps} instructions, stopping early at a breakpoint probe, a trap, or
     * the end. Called again after a BREAKPOINT stop, it first executes the instruction under the probe.
     */
    public StopReason run(long maxSteps) {
        switch (status) {
            case FINISHED: return StopReason.FINISHED;
            case TRAPPED: return StopReason.TRAPPED;
            case HOST_EXIT: return StopReason.HOST_EXIT;
            case IDLE: throw new IllegalStateException("nothing to run: call start() first");
            default: break;
        }
        boolean resume = breakpointHit;
        breakpointHit = false;
        long done = 0;
        while (done < maxSteps) {
            long before = steps;
            StopReason r;
            if (listener != null) {
                listener.beforeInstruction(frameFunction[depth - 1], pc, steps + 1);
            }
            if ((resume || ignoreBreakpoints) && atProbe()) {
                r = stepOverProbe();
            } else if (listener != null) {
                r = execute(1);
            } else if (jitEnabled && maxSteps - done >= Tiering.MIN_BUDGET) {
                r = runTiered(maxSteps - done);
            } else {
                r = execute(maxSteps - done);
            }
            resume = false;
            done += steps - before;
            if (r == StopReason.BREAKPOINT) {
                if (ignoreBreakpoints) continue;
                breakpointHit = true;
                return r;
            }
            if (r != StopReason.BUDGET) return r;
        }
        return StopReason.BUDGET;
    }

    /** Executes exactly one instruction, even one under a breakpoint probe. */
    public StopReason step() {
        if (status == Status.PAUSED) breakpointHit = true;
        return run(1);
    }

    private boolean atProbe() {
        return depth > 0 && frameFunction[depth - 1].code.code[pc] == Op.BREAKPOINT;
    }

    private StopReason stepOverProbe() {
        CompiledFunction cf = frameFunction[depth - 1].code;
        int at = pc;
        synchronized (cf) {
            cf.clearProbe(at);
            try {
                return execute(1);
            } finally {
                cf.setProbe(at);
            }
        }
    }

    /** Makes {@link #run} run through breakpoint probes (replay uses this). */
    public void setIgnoreBreakpoints(boolean ignore) {
        this.ignoreBreakpoints = ignore;
    }

    /**
     * Turns the JIT tier on or off for this machine. Both tiers leave identical states at every step, so
     * this changes only speed; off, every instruction runs in the interpreter (the JIT warm-up uses this).
     */
    public void setJit(boolean enabled) {
        this.jitEnabled = enabled;
    }

    public boolean jitEnabled() {
        return jitEnabled;
    }

    /** Sets how many times a function is seen interpreted before it is translated (0: at once). */
    public void setJitThreshold(int threshold) {
        if (threshold < 0) throw new IllegalArgumentException("negative threshold");
        this.jitThreshold = threshold;
    }

    /** Whether new machines start with the JIT tier on (it is, unless {@code -Dbackstep.jit=false}). */
    public static boolean jitByDefault() {
        return Tiering.ENABLED_BY_DEFAULT;
    }

    /** Installs (or with null removes) an observer of every instruction; it makes execution single-step. */
    public void setListener(InstructionListener listener) {
        this.listener = listener;
    }

    // ---- state -------------------------------------------------------------------------------

    public Status status() {
        return status;
    }

    /** Number of instructions completed since {@link #start}: step N is the same moment in every run. */
    public long stepCount() {
        return steps;
    }

    public long[] results() {
        if (status != Status.FINISHED) throw new IllegalStateException("not finished: " + status);
        return results.clone();
    }

    public TrapException trap() {
        return trap;
    }

    public RuntimeException hostException() {
        return hostException;
    }

    public FunctionInstance entry() {
        return entry;
    }

    /** Number of active Wasm frames (0 when idle or finished). */
    public int callDepth() {
        return status == Status.FINISHED ? 0 : depth;
    }

    /** The function of frame {@code i} (as {@code frame(i).function()}, without building the view). */
    public WasmFunction frameFunction(int i) {
        if (i < 0 || i >= callDepth()) throw new IndexOutOfBoundsException("frame " + i);
        return frameFunction[i];
    }

    /** Frame {@code i}, 0 = outermost, {@code callDepth() - 1} = innermost (current). */
    public FrameView frame(int i) {
        if (i < 0 || i >= callDepth()) throw new IndexOutOfBoundsException("frame " + i);
        WasmFunction f = frameFunction[i];
        int framePcValue = i == depth - 1 ? pc : framePc[i];
        int base = frameBase[i];
        int top = i == depth - 1 ? sp : frameBase[i + 1];
        return new FrameView(f, framePcValue, f.code.wasmOffset(framePcValue), base, base + f.code.frameSlots, top, i == depth - 1);
    }

    /** Value-stack slot {@code i} (see {@link FrameView} for which slots belong to which frame). */
    public long slot(int i) {
        if (i < 0 || i >= sp) throw new IndexOutOfBoundsException("slot " + i);
        return stack[i];
    }

    public int stackPointer() {
        return sp;
    }

    /**
     * Replaces the execution state (snapshot restore). {@code frames} are the Wasm frames outermost
     * first, {@code pcs} their internal pcs (the last one is the current pc), {@code bases} their frame
     * bases; {@code stackSlots} is the value stack up to the stack pointer.
     */
    public void restoreState(FunctionInstance entry, Status status, long steps, WasmFunction[] frames, int[] pcs,
                             int[] bases, long[] stackSlots, long[] results, TrapException trap) {
        if (frames.length != pcs.length || frames.length != bases.length) throw new IllegalArgumentException("frame arrays differ in length");
        if (frames.length > maxCallDepth) throw new IllegalArgumentException("too many frames: " + frames.length);
        this.entry = entry;
        this.status = status;
        this.steps = steps;
        this.results = results;
        this.trap = trap;
        this.hostException = null;
        this.breakpointHit = false;
        int need = Math.max(64, frames.length + 1);
        frameFunction = new WasmFunction[need];
        frameBase = new int[need];
        framePc = new int[need];
        frameCut = new boolean[need];
        Arrays.fill(frameCut, 0, frames.length, true); // restored mid-function
        int maxNeed = stackSlots.length;
        for (int i = 0; i < frames.length; i++) {
            frameFunction[i] = frames[i];
            frameBase[i] = bases[i];
            framePc[i] = pcs[i];
            maxNeed = Math.max(maxNeed, bases[i] + frames[i].code.frameSlots + frames[i].code.maxStackSlots);
        }
        depth = frames.length;
        pc = frames.length == 0 ? 0 : pcs[frames.length - 1];
        stack = new long[Math.max(1024, maxNeed)];
        System.arraycopy(stackSlots, 0, stack, 0, stackSlots.length);
        sp = stackSlots.length;
    }

    /** A 64-bit hash of the execution state (not memory, tables or globals; see StateDigest). */
    public long digest(long seed) {
        long h = Memory.mix(seed ^ steps);
        h = Memory.mix(h ^ status.ordinal());
        h = Memory.mix(h ^ sp);
        for (int i = 0; i < sp; i++) h = Memory.mix(h ^ stack[i]);
        int d = callDepth();
        for (int i = 0; i < d; i++) {
            h = Memory.mix(h ^ frameFunction[i].index());
            h = Memory.mix(h ^ frameBase[i]);
            h = Memory.mix(h ^ (i == d - 1 ? pc : framePc[i]));
        }
        return h;
    }

    // ---- internals -----------------------------------------------------------------------------

    private void ensureStack(int needed) {
        if (needed <= stack.length) return;
        if (needed > maxStackSlots) throw new TrapException(TrapKind.CALL_STACK_EXHAUSTED);
        stack = Arrays.copyOf(stack, Math.min(maxStackSlots, Math.max(needed, stack.length * 2)));
    }

    private void ensureFrames() {
        if (depth < frameFunction.length) return;
        if (depth >= maxCallDepth) throw new TrapException(TrapKind.CALL_STACK_EXHAUSTED);
        int n = Math.min(maxCallDepth, frameFunction.length * 2);
        frameFunction = Arrays.copyOf(frameFunction, n);
        frameBase = Arrays.copyOf(frameBase, n);
        framePc = Arrays.copyOf(framePc, n);
        frameCut = Arrays.copyOf(frameCut, n);
    }

    private long[] callHost(HostFunction host, Instance caller, long[] args) {
        hostContext.instance = caller;
        long[] r = host.callback.call(hostContext, args);
        int expected = host.type().resultSlots();
        if (r == null ? expected != 0 : r.length != expected) {
            throw new TrapException(TrapKind.HOST_ERROR, host.displayName() + " returned " + (r == null ? 0 : r.length) + " slots, expected " + expected);
        }
        return r == null ? new long[0] : r;
    }

    private final class Context implements HostContext {
        Instance instance;

        @Override
        public Memory memory() {
            return instance == null ? null : instance.memory();
        }

        @Override
        public Instance instance() {
            return instance;
        }

        @Override
        public Machine machine() {
            return Machine.this;
        }
    }

    /** Pc of the instruction that contains internal pc {@code p} in function {@code f}. */
    private static int instructionStart(WasmFunction f, int p) {
        CompiledFunction cf = f.code;
        return cf.instructionPc(cf.instructionIndexAt(p));
    }

    /**
     * The dispatch loop. Hot state lives in locals and is written back to fields on every exit. The
     * method must stay under HotSpot's 8000-byte limit for JIT compilation, so rare instructions call
     * out to {@link Ops}.
     */
    private StopReason execute(long budget) {
        long[] s = stack;
        int sp = this.sp;
        int pc = this.pc;
        WasmFunction fn = frameFunction[depth - 1];
        int fp = frameBase[depth - 1];
        int[] code = fn.code.code;
        Instance inst = fn.instance;
        Memory mem = inst.memories.length == 0 ? Memory.NONE : inst.memories[0];
        long[] mb = mem.words;
        byte[] db = mem.dirty;
        long ms = mem.size; // accesses are checked against the size: the array may be larger
        long remaining = budget;
        // Under runTiered, a call or return into a translated function hands back to it, before the
        // callee's (or caller's) next instruction: the call or return sets remaining to -1, so the
        // budget check below stops, and owed keeps the steps the budget had left. Masks, not a branch:
        // C2 compiled "hand over" as never taken while nothing was translated yet, and each program's
        // first translations then deoptimized this loop and had it compiled again (about 1 s of C2).
        long jitMask = this.jitMask;
        long owed = 0;
        try {
            while (true) {
                if (--remaining < Fusion.MAX_RUN - 1) {
                    // Rare: the budget's last few instructions. A fused run needs room for all of its
                    // steps, so these run from the unfused copy of the code. (Checking here, once per
                    // run, keeps fused opcodes free of a "budget ends in the middle" branch that the JIT
                    // would see as never taken and deoptimise on.)
                    if (remaining < 0) {
                        // The budget ended, or a hand-over (StopReason.BUDGET: runTiered goes on either way).
                        this.sp = sp;
                        this.pc = pc;
                        steps += budget - owed;
                        return StopReason.BUDGET;
                    }
                    code = fn.code.single;
                }
                FunctionInstance callee;
                int op = code[pc++];
                switch (op) {
                    case Op.UNREACHABLE:
                        throw new TrapException(TrapKind.UNREACHABLE);
                    case Op.NOP:
                        continue;
                    case Op.BR_UNLESS:
                        if ((int) s[--sp] == 0) pc = code[pc];
                        else pc++;
                        continue;
                    case Op.BR:
                        pc = code[pc];
                        continue;
                    case Op.BR_IF:
                        if ((int) s[--sp] != 0) pc = code[pc];
                        else pc++;
                        continue;
                    case Op.BR_ADJ: {
                        int keep = code[pc + 1];
                        int h = fp + code[pc + 2];
                        for (int k = 0; k < keep; k++) s[h + k] = s[sp - keep + k];
                        sp = h + keep;
                        pc = code[pc];
                        continue;
                    }
                    case Op.BR_IF_ADJ:
                        if ((int) s[--sp] != 0) {
                            int keep = code[pc + 1];
                            int h = fp + code[pc + 2];
                            for (int k = 0; k < keep; k++) s[h + k] = s[sp - keep + k];
                            sp = h + keep;
                            pc = code[pc];
                        } else {
                            pc += 3;
                        }
                        continue;
                    case Op.BR_TABLE: {
                        int n = code[pc];
                        int idx = (int) s[--sp];
                        int e = pc + 1 + 3 * (Integer.compareUnsigned(idx, n) < 0 ? idx : n);
                        int keep = code[e + 1];
                        int h = fp + code[e + 2];
                        if (h != sp - keep) {
                            for (int k = 0; k < keep; k++) s[h + k] = s[sp - keep + k];
                            sp = h + keep;
                        }
                        pc = code[e];
                        continue;
                    }
                    // ---- fused runs (see Fusion): the loop guarantees budget for all their steps ----
                    case Fusion.LOCAL_GET_I32_CONST_I32_ADD:
                        s[sp++] = (int) s[fp + code[pc]] + code[pc + 2];
                        remaining -= 2;
                        pc += 4;
                        continue;
                    case Fusion.LOCAL_GET_LOCAL_GET_I32_ADD:
                        s[sp++] = (int) s[fp + code[pc]] + (int) s[fp + code[pc + 2]];
                        remaining -= 2;
                        pc += 4;
                        continue;
                    case Fusion.LOCAL_GET_I32_CONST_I32_ADD_LOCAL_SET:
                        s[fp + code[pc + 5]] = (int) s[fp + code[pc]] + code[pc + 2];
                        remaining -= 3;
                        pc += 6;
                        continue;
                    case Fusion.I32_CONST_I32_SHL:
                        s[sp - 1] = (int) s[sp - 1] << code[pc];
                        remaining--;
                        pc += 2;
                        continue;
                    case Fusion.LOCAL_GET_I32_CONST_I32_SHR_U:
                        s[sp++] = (int) s[fp + code[pc]] >>> code[pc + 2];
                        remaining -= 2;
                        pc += 4;
                        continue;
                    case Fusion.LOCAL_TEE_I32_NE_BR_IF:
                        s[fp + code[pc]] = s[sp - 1];
                        sp -= 2;
                        remaining -= 2;
                        pc = (int) s[sp] != (int) s[sp + 1] ? code[pc + 3] : pc + 4;
                        continue;
                    case Fusion.LOCAL_GET_I32_CONST_I32_ADD_LOCAL_TEE: {
                        long v = (int) s[fp + code[pc]] + code[pc + 2];
                        s[sp++] = v;
                        s[fp + code[pc + 5]] = v;
                        remaining -= 3;
                        pc += 6;
                        continue;
                    }
                    case Fusion.LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD8_U: {
                        int address = (int) s[fp + code[pc]] + code[pc + 2];
                        remaining -= 3;
                        long ea = (address & 0xFFFFFFFFL) + (code[pc + 5] & 0xFFFFFFFFL);
                        pc += 6; // past the load: a trap is reported at the load
                        if (ea >= ms) { s[sp++] = address; throw oob(); }
                        s[sp++] = RawMemory.i8(mb, ea) & 0xFF;
                        continue;
                    }
                    case Fusion.LOCAL_GET_I32_CONST_I32_LT_U_BR_IF:
                    case Fusion.LOCAL_GET_I32_CONST_I32_LT_S_BR_IF:
                    case Fusion.LOCAL_GET_I32_CONST_I32_NE_BR_IF: {
                        int a = (int) s[fp + code[pc]];
                        int b = code[pc + 2];
                        boolean c = op == Fusion.LOCAL_GET_I32_CONST_I32_LT_U_BR_IF ? Integer.compareUnsigned(a, b) < 0
                                : op == Fusion.LOCAL_GET_I32_CONST_I32_LT_S_BR_IF ? a < b : a != b;
                        remaining -= 3;
                        pc = c ? code[pc + 5] : pc + 6;
                        continue;
                    }
                    case Fusion.I32_LOAD_I32_CONST_I32_ADD_I32_STORE: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc] & 0xFFFFFFFFL);
                        if (ea + 4 > ms) throw oob(); // nothing done yet: the load traps
                        int v = RawMemory.i32(mb, ea) + code[pc + 2];
                        remaining -= 3;
                        pc += 6; // past the store's opcode: a trap is reported at the store
                        sp--;
                        long ea2 = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc - 1] & 0xFFFFFFFFL);
                        if (ea2 + 4 > ms) { s[sp++] = v; throw oob(); }
                        RawMemory.setI32(mb, ea2, v);
                        db[(int) (ea2 >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        db[(int) ((ea2 + 3) >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        sp--;
                        continue;
                    }
                    case Fusion.LOCAL_GET_I32_CONST_I32_ADD_CALL:
                        s[sp++] = (int) s[fp + code[pc]] + code[pc + 2];
                        remaining -= 3;
                        callee = inst.functions[code[pc + 5]];
                        pc += 6; // past the call's immediate: the return address
                        break;
                    case Fusion.BR_IF_LOCAL_GET_I32_LOAD: {
                        if ((int) s[--sp] != 0) {
                            pc = code[pc];
                            continue;
                        }
                        long base = s[fp + code[pc + 2]];
                        remaining -= 2;
                        long ea = (base & 0xFFFFFFFFL) + (code[pc + 4] & 0xFFFFFFFFL);
                        pc += 5; // past the load: a trap is reported at the load
                        if (ea + 4 > ms) { s[sp++] = base; throw oob(); }
                        s[sp++] = RawMemory.i32(mb, ea);
                        continue;
                    }
                    case Fusion.LOCAL_GET_I32_LOAD_LOCAL_TEE: {
                        long base = s[fp + code[pc]];
                        remaining--; // the load (the tee's step is counted once the load cannot trap)
                        long ea = (base & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
                        pc += 3; // past the load: a trap is reported at the load
                        if (ea + 4 > ms) { s[sp++] = base; throw oob(); }
                        long v = RawMemory.i32(mb, ea);
                        remaining--;
                        s[sp++] = v;
                        s[fp + code[pc + 1]] = v;
                        pc += 2;
                        continue;
                    }
                    case Fusion.I32_CONST_I32_ADD_I32_LOAD:
                    case Fusion.LOCAL_GET_I32_CONST_I32_ADD_I32_LOAD: {
                        int address;
                        if (op == Fusion.I32_CONST_I32_ADD_I32_LOAD) {
                            address = (int) s[--sp] + code[pc];
                            remaining -= 2;
                            pc += 3; // past the load's opcode: a trap is reported at the load
                        } else {
                            address = (int) s[fp + code[pc]] + code[pc + 2];
                            remaining -= 3;
                            pc += 5;
                        }
                        long ea = (address & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 4 > ms) { s[sp++] = address; throw oob(); }
                        s[sp++] = RawMemory.i32(mb, ea);
                        continue;
                    }
                    case Fusion.LOCAL_GET_I32_CONST:
                        s[sp++] = s[fp + code[pc]];
                        remaining--;
                        s[sp++] = code[pc + 2];
                        pc += 3;
                        continue;
                    case Fusion.LOCAL_GET_LOCAL_GET:
                        s[sp++] = s[fp + code[pc]];
                        remaining--;
                        s[sp++] = s[fp + code[pc + 2]];
                        pc += 3;
                        continue;
                    case Fusion.I32_CONST_I32_CONST:
                        s[sp++] = code[pc];
                        remaining--;
                        s[sp++] = code[pc + 2];
                        pc += 3;
                        continue;
                    case Fusion.I32_CONST_I32_ADD:
                        remaining--;
                        s[sp - 1] = (int) s[sp - 1] + code[pc];
                        pc += 2;
                        continue;
                    case Fusion.I32_CONST_I32_AND:
                        remaining--;
                        s[sp - 1] = (int) s[sp - 1] & code[pc];
                        pc += 2;
                        continue;
                    case Fusion.LOCAL_GET_I32_ADD:
                        remaining--;
                        s[sp - 1] = (int) s[sp - 1] + (int) s[fp + code[pc]];
                        pc += 2;
                        continue;
                    case Fusion.I32_ADD_LOCAL_SET:
                        sp--;
                        s[sp - 1] = (int) s[sp - 1] + (int) s[sp];
                        remaining--;
                        s[fp + code[pc + 1]] = s[--sp];
                        pc += 2;
                        continue;
                    case Fusion.I32_ADD_LOCAL_TEE:
                        sp--;
                        s[sp - 1] = (int) s[sp - 1] + (int) s[sp];
                        remaining--;
                        s[fp + code[pc + 1]] = s[sp - 1];
                        pc += 2;
                        continue;
                    case Fusion.LOCAL_SET_LOCAL_GET:
                        s[fp + code[pc]] = s[--sp];
                        remaining--;
                        s[sp++] = s[fp + code[pc + 2]];
                        pc += 3;
                        continue;
                    case Fusion.LOCAL_TEE_LOCAL_GET:
                        s[fp + code[pc]] = s[sp - 1];
                        remaining--;
                        s[sp++] = s[fp + code[pc + 2]];
                        pc += 3;
                        continue;
                    case Fusion.LOCAL_GET_I32_LOAD:
                    case Fusion.I32_CONST_I32_LOAD:
                    case Fusion.LOCAL_GET_I32_LOAD8_U: {
                        long base = op == Fusion.I32_CONST_I32_LOAD ? code[pc] : s[fp + code[pc]];
                        remaining--;
                        pc += 2; // past the load's opcode: a trap is reported at the load
                        long ea = (base & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (op == Fusion.LOCAL_GET_I32_LOAD8_U) {
                            if (ea >= ms) { s[sp++] = base; throw oob(); }
                            s[sp++] = RawMemory.i8(mb, ea) & 0xFF;
                        } else {
                            if (ea + 4 > ms) { s[sp++] = base; throw oob(); }
                            s[sp++] = RawMemory.i32(mb, ea);
                        }
                        continue;
                    }
                    case Fusion.I32_ADD_I32_STORE: {
                        sp--;
                        s[sp - 1] = (int) s[sp - 1] + (int) s[sp];
                        remaining--;
                        pc++; // past the store's opcode
                        long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 4 > ms) throw oob();
                        RawMemory.setI32(mb, ea, (int) s[sp - 1]);
                        db[(int) (ea >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        db[(int) ((ea + 3) >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        sp -= 2;
                        continue;
                    }
                    case Fusion.I32_NE_BR_IF:
                    case Fusion.I32_EQ_BR_IF:
                    case Fusion.I32_LT_U_BR_IF:
                    case Fusion.I32_LT_S_BR_IF:
                    case Fusion.I32_EQZ_BR_IF: {
                        boolean c;
                        if (op == Fusion.I32_EQZ_BR_IF) {
                            c = (int) s[sp - 1] == 0;
                        } else {
                            sp--;
                            int a = (int) s[sp - 1], b = (int) s[sp];
                            c = op == Fusion.I32_NE_BR_IF ? a != b : op == Fusion.I32_EQ_BR_IF ? a == b
                                    : op == Fusion.I32_LT_S_BR_IF ? a < b : Integer.compareUnsigned(a, b) < 0;
                        }
                        remaining--;
                        sp--;
                        pc = c ? code[pc + 1] : pc + 2;
                        continue;
                    }
                    case Fusion.BR_IF_LOCAL_GET:
                        if ((int) s[--sp] != 0) { pc = code[pc]; continue; }
                        remaining--;
                        s[sp++] = s[fp + code[pc + 2]];
                        pc += 3;
                        continue;
                    case Fusion.LOCAL_GET_RETURN:
                        s[sp++] = s[fp + code[pc]];
                        remaining--;
                        pc += 2; // past the return's opcode, then fall into RETURN
                    case Op.RETURN: {
                        int n = fn.code.resultSlots;
                        for (int k = 0; k < n; k++) s[fp + k] = s[sp - n + k];
                        sp = fp + n;
                        WasmFunction caller = popFrame();
                        if (caller == null) {
                            this.sp = sp;
                            this.pc = pc - 1;
                            steps += budget - remaining;
                            finish(n);
                            return StopReason.FINISHED;
                        }
                        fn = caller;
                        fp = frameBase[depth - 1];
                        pc = framePc[depth - 1];
                        code = fn.code.code;
                        long handOver = fn.code.jitMask & jitMask; // see the loop's head
                        owed |= remaining & handOver;
                        remaining |= handOver;
                        if (fn.instance != inst) {
                            inst = fn.instance;
                            mem = inst.memories.length == 0 ? Memory.NONE : inst.memories[0];
                        }
                        mb = mem.words;
                        db = mem.dirty;
                        ms = mem.size;
                        continue;
                    }
                    case Op.CALL:
                        callee = inst.functions[code[pc++]];
                        break;
                    case Op.CALL_INDIRECT: {
                        callee = Ops.indirectCallee(inst, code[pc + 1], (int) s[sp - 1], code[pc]);
                        sp--;
                        pc += 2;
                        break;
                    }
                    case Op.DROP:
                        sp--;
                        continue;
                    case Op.DROP_V128:
                        sp -= 2;
                        continue;
                    case Op.SELECT:
                        if ((int) s[--sp] == 0) s[sp - 2] = s[sp - 1];
                        sp--;
                        continue;
                    case Op.SELECT_V128:
                        if ((int) s[--sp] == 0) {
                            s[sp - 4] = s[sp - 2];
                            s[sp - 3] = s[sp - 1];
                        }
                        sp -= 2;
                        continue;
                    case Op.LOCAL_GET:
                        s[sp++] = s[fp + code[pc++]];
                        continue;
                    case Op.LOCAL_SET:
                        s[fp + code[pc++]] = s[--sp];
                        continue;
                    case Op.LOCAL_TEE:
                        s[fp + code[pc++]] = s[sp - 1];
                        continue;
                    case Op.LOCAL_GET_V128: {
                        int a = fp + code[pc++];
                        s[sp] = s[a];
                        s[sp + 1] = s[a + 1];
                        sp += 2;
                        continue;
                    }
                    case Op.LOCAL_SET_V128: {
                        int a = fp + code[pc++];
                        s[a] = s[sp - 2];
                        s[a + 1] = s[sp - 1];
                        sp -= 2;
                        continue;
                    }
                    case Op.LOCAL_TEE_V128: {
                        int a = fp + code[pc++];
                        s[a] = s[sp - 2];
                        s[a + 1] = s[sp - 1];
                        continue;
                    }
                    case Op.GLOBAL_GET:
                        s[sp++] = inst.globals[code[pc++]].lo;
                        continue;
                    case Op.GLOBAL_SET:
                        inst.globals[code[pc++]].lo = s[--sp];
                        continue;
                    case Op.GLOBAL_GET_V128: {
                        Global g = inst.globals[code[pc++]];
                        s[sp] = g.lo;
                        s[sp + 1] = g.hi;
                        sp += 2;
                        continue;
                    }
                    case Op.GLOBAL_SET_V128: {
                        Global g = inst.globals[code[pc++]];
                        g.lo = s[sp - 2];
                        g.hi = s[sp - 1];
                        sp -= 2;
                        continue;
                    }
                    case Op.TABLE_GET:
                        s[sp - 1] = inst.tables[code[pc++]].get((int) s[sp - 1]);
                        continue;
                    case Op.TABLE_SET:
                        inst.tables[code[pc++]].set((int) s[sp - 2], s[sp - 1]);
                        sp -= 2;
                        continue;
                    case Op.I32_LOAD:
                    case Op.I64_LOAD32_S: { // both sign-extend 32 bits into the slot
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 4 > ms) throw oob();
                        s[sp - 1] = RawMemory.i32(mb, ea);
                        continue;
                    }
                    case Op.I64_LOAD:
                    case Op.F64_LOAD: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 8 > ms) throw oob();
                        s[sp - 1] = RawMemory.i64(mb, ea);
                        continue;
                    }
                    case Op.F32_LOAD:
                    case Op.I64_LOAD32_U: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 4 > ms) throw oob();
                        s[sp - 1] = RawMemory.i32(mb, ea) & 0xFFFFFFFFL;
                        continue;
                    }
                    case Op.I32_LOAD8_S:
                    case Op.I64_LOAD8_S: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea >= ms) throw oob();
                        s[sp - 1] = RawMemory.i8(mb, ea);
                        continue;
                    }
                    case Op.I32_LOAD8_U:
                    case Op.I64_LOAD8_U: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea >= ms) throw oob();
                        s[sp - 1] = RawMemory.i8(mb, ea) & 0xFF;
                        continue;
                    }
                    case Op.I32_LOAD16_S:
                    case Op.I64_LOAD16_S: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 2 > ms) throw oob();
                        s[sp - 1] = RawMemory.i16(mb, ea);
                        continue;
                    }
                    case Op.I32_LOAD16_U:
                    case Op.I64_LOAD16_U: {
                        long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 2 > ms) throw oob();
                        s[sp - 1] = RawMemory.i16(mb, ea) & 0xFFFF;
                        continue;
                    }
                    case Op.I32_STORE:
                    case Op.F32_STORE:
                    case Op.I64_STORE32: {
                        long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 4 > ms) throw oob();
                        RawMemory.setI32(mb, ea, (int) s[sp - 1]);
                        db[(int) (ea >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        db[(int) ((ea + 3) >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        sp -= 2;
                        continue;
                    }
                    case Op.I64_STORE:
                    case Op.F64_STORE: {
                        long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 8 > ms) throw oob();
                        RawMemory.setI64(mb, ea, s[sp - 1]);
                        db[(int) (ea >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        db[(int) ((ea + 7) >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        sp -= 2;
                        continue;
                    }
                    case Op.I32_STORE8:
                    case Op.I64_STORE8: {
                        long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea >= ms) throw oob();
                        RawMemory.setI8(mb, ea, (byte) s[sp - 1]);
                        db[(int) (ea >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        sp -= 2;
                        continue;
                    }
                    case Op.I32_STORE16:
                    case Op.I64_STORE16: {
                        long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
                        if (ea + 2 > ms) throw oob();
                        RawMemory.setI16(mb, ea, (short) s[sp - 1]);
                        db[(int) (ea >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        db[(int) ((ea + 1) >>> Memory.CHUNK_SHIFT)] = Memory.WRITTEN;
                        sp -= 2;
                        continue;
                    }
                    case Op.MEMORY_SIZE:
                        s[sp++] = mem.pages();
                        continue;
                    case Op.MEMORY_GROW:
                        s[sp - 1] = mem.grow((int) s[sp - 1] & 0xFFFFFFFFL);
                        mb = mem.words;
                        db = mem.dirty;
                        ms = mem.size;
                        continue;
                    case Op.I32_CONST:
                        s[sp++] = code[pc++];
                        continue;
                    case Op.I64_CONST:
                    case Op.F64_CONST:
                        s[sp++] = (code[pc] & 0xFFFFFFFFL) | ((long) code[pc + 1] << 32);
                        pc += 2;
                        continue;
                    case Op.F32_CONST:
                        s[sp++] = code[pc++] & 0xFFFFFFFFL;
                        continue;

                    // ---- Integer instructions common in compiled C: copies of what Semantics defines, kept
                    // inline because C2 inlines little into a method this large (its budget counts this
                    // method's own bytecode: calls to Semantics here stay calls); SemanticsTest checks
                    // each against Semantics. ----
                    // ---- i32 ----
                    case 0x45: s[sp - 1] = (int) s[sp - 1] == 0 ? 1 : 0; continue;
                    case 0x46: sp--; s[sp - 1] = (int) s[sp - 1] == (int) s[sp] ? 1 : 0; continue;
                    case 0x47: sp--; s[sp - 1] = (int) s[sp - 1] != (int) s[sp] ? 1 : 0; continue;
                    case 0x48: sp--; s[sp - 1] = (int) s[sp - 1] < (int) s[sp] ? 1 : 0; continue;
                    case 0x49: sp--; s[sp - 1] = Integer.compareUnsigned((int) s[sp - 1], (int) s[sp]) < 0 ? 1 : 0; continue;
                    case 0x4A: sp--; s[sp - 1] = (int) s[sp - 1] > (int) s[sp] ? 1 : 0; continue;
                    case 0x4B: sp--; s[sp - 1] = Integer.compareUnsigned((int) s[sp - 1], (int) s[sp]) > 0 ? 1 : 0; continue;
                    case 0x4C: sp--; s[sp - 1] = (int) s[sp - 1] <= (int) s[sp] ? 1 : 0; continue;
                    case 0x4D: sp--; s[sp - 1] = Integer.compareUnsigned((int) s[sp - 1], (int) s[sp]) <= 0 ? 1 : 0; continue;
                    case 0x4E: sp--; s[sp - 1] = (int) s[sp - 1] >= (int) s[sp] ? 1 : 0; continue;
                    case 0x4F: sp--; s[sp - 1] = Integer.compareUnsigned((int) s[sp - 1], (int) s[sp]) >= 0 ? 1 : 0; continue;
                    // ---- i64 compare ----
                    case 0x50: s[sp - 1] = s[sp - 1] == 0 ? 1 : 0; continue;
                    case 0x51: sp--; s[sp - 1] = s[sp - 1] == s[sp] ? 1 : 0; continue;
                    case 0x52: sp--; s[sp - 1] = s[sp - 1] != s[sp] ? 1 : 0; continue;
                    case 0x53: sp--; s[sp - 1] = s[sp - 1] < s[sp] ? 1 : 0; continue;
                    case 0x54: sp--; s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) < 0 ? 1 : 0; continue;
                    case 0x55: sp--; s[sp - 1] = s[sp - 1] > s[sp] ? 1 : 0; continue;
                    case 0x56: sp--; s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) > 0 ? 1 : 0; continue;
                    case 0x57: sp--; s[sp - 1] = s[sp - 1] <= s[sp] ? 1 : 0; continue;
                    case 0x58: sp--; s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) <= 0 ? 1 : 0; continue;
                    case 0x59: sp--; s[sp - 1] = s[sp - 1] >= s[sp] ? 1 : 0; continue;
                    case 0x5A: sp--; s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) >= 0 ? 1 : 0; continue;
                    // ---- i32 arithmetic ----
                    case 0x67: s[sp - 1] = Integer.numberOfLeadingZeros((int) s[sp - 1]); continue;
                    case 0x68: s[sp - 1] = Integer.numberOfTrailingZeros((int) s[sp - 1]); continue;
                    case 0x69: s[sp - 1] = Integer.bitCount((int) s[sp - 1]); continue;
                    case 0x6A: sp--; s[sp - 1] = (int) s[sp - 1] + (int) s[sp]; continue;
                    case 0x6B: sp--; s[sp - 1] = (int) s[sp - 1] - (int) s[sp]; continue;
                    case 0x6C: sp--; s[sp - 1] = (int) s[sp - 1] * (int) s[sp]; continue;
                    case 0x6D: s[sp - 2] = Semantics.i32DivS(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x6E: s[sp - 2] = Semantics.i32DivU(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x6F: s[sp - 2] = Semantics.i32RemS(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x70: s[sp - 2] = Semantics.i32RemU(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x71: sp--; s[sp - 1] = (int) s[sp - 1] & (int) s[sp]; continue;
                    case 0x72: sp--; s[sp - 1] = (int) s[sp - 1] | (int) s[sp]; continue;
                    case 0x73: sp--; s[sp - 1] = (int) s[sp - 1] ^ (int) s[sp]; continue;
                    case 0x74: sp--; s[sp - 1] = (int) s[sp - 1] << (int) s[sp]; continue;
                    case 0x75: sp--; s[sp - 1] = (int) s[sp - 1] >> (int) s[sp]; continue;
                    case 0x76: sp--; s[sp - 1] = (int) s[sp - 1] >>> (int) s[sp]; continue;
                    case 0x77: sp--; s[sp - 1] = Integer.rotateLeft((int) s[sp - 1], (int) s[sp]); continue;
                    case 0x78: sp--; s[sp - 1] = Integer.rotateRight((int) s[sp - 1], (int) s[sp]); continue;
                    // ---- i64 arithmetic ----
                    case 0x79: s[sp - 1] = Long.numberOfLeadingZeros(s[sp - 1]); continue;
                    case 0x7A: s[sp - 1] = Long.numberOfTrailingZeros(s[sp - 1]); continue;
                    case 0x7B: s[sp - 1] = Long.bitCount(s[sp - 1]); continue;
                    case 0x7C: sp--; s[sp - 1] += s[sp]; continue;
                    case 0x7D: sp--; s[sp - 1] -= s[sp]; continue;
                    case 0x7E: sp--; s[sp - 1] *= s[sp]; continue;
                    case 0x7F: s[sp - 2] = Semantics.i64DivS(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x80: s[sp - 2] = Semantics.i64DivU(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x81: s[sp - 2] = Semantics.i64RemS(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x82: s[sp - 2] = Semantics.i64RemU(s[sp - 2], s[sp - 1]); sp--; continue;
                    case 0x83: sp--; s[sp - 1] &= s[sp]; continue;
                    case 0x84: sp--; s[sp - 1] |= s[sp]; continue;
                    case 0x85: sp--; s[sp - 1] ^= s[sp]; continue;
                    case 0x86: sp--; s[sp - 1] <<= s[sp]; continue;
                    case 0x87: sp--; s[sp - 1] >>= s[sp]; continue;
                    case 0x88: sp--; s[sp - 1] >>>= s[sp]; continue;
                    case 0x89: sp--; s[sp - 1] = Long.rotateLeft(s[sp - 1], (int) s[sp]); continue;
                    case 0x8A: sp--; s[sp - 1] = Long.rotateRight(s[sp - 1], (int) s[sp]); continue;
                    // ---- conversions that are common in compiled C ----
                    case 0xA7: s[sp - 1] = (int) s[sp - 1]; continue;
                    case 0xAC: s[sp - 1] = (int) s[sp - 1]; continue;
                    case 0xAD: s[sp - 1] = s[sp - 1] & 0xFFFFFFFFL; continue;
                    case 0xC0: s[sp - 1] = (byte) s[sp - 1]; continue;
                    case 0xC1: s[sp - 1] = (short) s[sp - 1]; continue;
                    case 0xC2: s[sp - 1] = (byte) s[sp - 1]; continue;
                    case 0xC3: s[sp - 1] = (short) s[sp - 1]; continue;
                    case 0xC4: s[sp - 1] = (int) s[sp - 1]; continue;

                    case Op.REF_NULL:
                        s[sp++] = Refs.NULL;
                        continue;
                    case Op.REF_IS_NULL:
                        s[sp - 1] = s[sp - 1] == Refs.NULL ? 1 : 0;
                        continue;
                    case Op.REF_FUNC:
                        s[sp++] = Refs.funcRef(inst.functions[code[pc++]].address);
                        continue;
                    case Op.SIMD:
                        sp = Ops.simd(code, pc, s, sp, mem);
                        pc += 5;
                        continue;
                    case Op.BREAKPOINT:
                        pc--;
                        this.sp = sp;
                        this.pc = pc;
                        steps += budget - remaining - 1;
                        return StopReason.BREAKPOINT;
                    default:
                        if (op >= Op.FC_BASE + 8) {
                            // Bulk memory and table instructions.
                            sp = Ops.bulk(op, code, pc, s, sp, inst);
                            pc += Op.immediateCount(op); // (bulk operations never reallocate memory)
                        } else {
                            sp = Ops.numeric(op, s, sp);
                        }
                        continue;
                }

                // Only CALL and CALL_INDIRECT reach here, with the callee chosen and pc past the immediates.
                if (callee instanceof WasmFunction) {
                    WasmFunction wf = (WasmFunction) callee;
                    CompiledFunction cf = wf.code;
                    int newFp = sp - cf.paramSlots;
                    int newSp = newFp + cf.frameSlots;
                    if (newSp + cf.maxStackSlots > s.length || depth == frameFunction.length) {
                        this.sp = sp;
                        ensureStack(newSp + cf.maxStackSlots);
                        ensureFrames();
                        s = stack;
                    }
                    pushFrame(wf, newFp, pc);
                    fn = wf;
                    fp = newFp;
                    sp = newSp;
                    code = cf.code;
                    pc = 0;
                    long handOver = cf.jitMask & jitMask; // see the loop's head
                    owed |= remaining & handOver;
                    remaining |= handOver;
                    if (wf.instance != inst) {
                        inst = wf.instance;
                        mem = inst.memories.length == 0 ? Memory.NONE : inst.memories[0];
                        mb = mem.words;
                        db = mem.dirty;
                        ms = mem.size;
                    }
                } else {
                    HostFunction host = (HostFunction) callee;
                    int np = host.type().paramSlots();
                    long[] args = Arrays.copyOfRange(s, sp - np, sp);
                    // The host may look at the machine (step count, stack): make the fields current.
                    this.sp = sp;
                    this.pc = pc;
                    steps += budget - remaining - 1;
                    long[] r;
                    try {
                        r = callHost(host, inst, args);
                    } finally {
                        steps -= budget - remaining - 1;
                    }
                    if (sp - np + r.length > s.length) {
                        ensureStack(sp - np + r.length);
                        s = stack;
                    }
                    sp -= np;
                    for (long v : r) s[sp++] = v;
                    mb = mem.words;
                    db = mem.dirty;
                    ms = mem.size;
                }
            }
        } catch (TrapException t) {
            return stopAbnormally(fn, pc, sp, budget - remaining - 1, t, null);
        } catch (RuntimeException e) {
            // Anything else a host function throws (WASI proc_exit, replay divergence, a bug) ends the run as what it is.
            return stopAbnormally(fn, pc, sp, budget - remaining - 1, null, e);
        }
    }

    /**
     * Runs at most {@code budget} steps with the JIT tier: translated code for each function it can
     * translate, the interpreter for the rest (untranslated instructions, functions with breakpoint
     * probes, the last steps of the budget). Frames are pushed and popped here, as data.
     */
    private StopReason runTiered(long budget) {
        long remaining = budget;
        jitMask = -1;
        jitStackLeft = Tiering.CALL_STACK_BYTES;
        CompilationWatch.sample(Thread.currentThread());
        try {
            while (remaining > 0) {
                WasmFunction fn = frameFunction[depth - 1];
                JitCode jc = Tiering.translationFor(fn, jitThreshold);
                long chunk = Math.min(remaining, Tiering.INTERPRETED_CHUNK);
                if (jc != null) {
                    chunk = 1;
                    boolean cut = frameCut[depth - 1];
                    if (jc.entersAt(pc, cut)) {
                        int entered = depth;
                        frameCut[entered - 1] = false;
                        int fp = frameBase[depth - 1];
                        jitRemaining = remaining; // as run leaves them when it runs nothing
                        int why = jc.run(this, stack, fp, pc, remaining, fn.instance, cut);
                        // A resume copy handed over at a loop head or another method: the translation goes on from there.
                        while (why == JitCode.CONTINUE) why = jc.continueAt(this, stack, fp, pc, jitRemaining, fn.instance);
                        steps += remaining - jitRemaining;
                        remaining = jitRemaining;
                        fn = frameFunction[depth - 1]; // the exit may come from a callee it called
                        if (why == JitCode.CALL || why == JitCode.CALL_INDIRECT) {
                            if (jitCall(fn, why == JitCode.CALL_INDIRECT)) continue;
                            remaining++; // a host function: the interpreter makes the call
                        } else if (why == JitCode.RETURN) {
                            if (jitReturn(fn)) return StopReason.FINISHED;
                            continue;
                        } else if (why == JitCode.TRAP) {
                            trap = jitTrap;
                            jitTrap = null;
                            status = Status.TRAPPED;
                            return StopReason.TRAPPED;
                        } else if (why == JitCode.BUDGET) {
                            chunk = remaining;
                            // Every translated frame from the one entered up unwound here: each resumes in a resume copy.
                            for (int d = entered - 1; d < depth; d++) frameCut[d] = true;
                        }
                        if (remaining == 0) break; // the segment before the exit used up the budget
                    }
                }
                long before = steps;
                StopReason r = execute(chunk);
                remaining -= steps - before;
                if (r != null && r != StopReason.BUDGET) return r;
            }
            return StopReason.BUDGET;
        } catch (TrapException t) {
            // Setting up a callee's frame failed (call stack exhausted): the call instruction did not run.
            trap = t;
            status = Status.TRAPPED;
            return StopReason.TRAPPED;
        } finally {
            jitMask = 0;
        }
    }

    /**
     * Makes the call translated code stopped at (pc is past it, the arguments are on the stack, and for
     * call_indirect the table index above them). Returns false for a host function: the call is then
     * undone, for the interpreter to make. A trap (a bad indirect callee, call stack exhausted) is thrown
     * with the call undone: not counted, and current.
     */
    private boolean jitCall(WasmFunction caller, boolean indirect) {
        int callPc = pc - (indirect ? 3 : 2);
        int[] code = caller.code.plainCode();
        FunctionInstance callee;
        int args = sp;
        try {
            if (indirect) {
                callee = Ops.indirectCallee(caller.instance, code[callPc + 2], (int) stack[sp - 1], code[callPc + 1]);
                args = sp - 1;
            } else {
                callee = caller.instance.functions[code[callPc + 1]];
            }
            if (!(callee instanceof WasmFunction wf)) {
                pc = callPc;
                steps--;
                return false;
            }
            CompiledFunction cf = wf.code;
            int newFp = args - cf.paramSlots;
            int newSp = newFp + cf.frameSlots;
            ensureStack(newSp + cf.maxStackSlots);
            ensureFrames();
            pushFrame(wf, newFp, pc);
            sp = newSp;
            pc = 0;
            return true;
        } catch (TrapException t) {
            pc = callPc;
            steps--;
            throw t;
        }
    }

    /**
     * A call from translated code to {@code inst}'s function {@code function}, whose arguments are at
     * {@code calleeFp}: pushes the callee's frame as data, as the interpreter's call does, and returns its
     * translation, which the caller then runs from its start as a JVM call (each call site of translated
     * code makes that call itself, so HotSpot profiles and links it per site) and hands to {@link #jitLeave}.
     * {@code returnPc} is the caller's pc after the call, which was counted. Returns null having done
     * nothing when the machine must make the call itself: a host function, a callee of another instance,
     * an untranslated callee or one with probes, a frame or value stack that must grow (or the call stack
     * is exhausted: the interpreter's trap), or no JVM stack left.
     */
    JitCode jitEnter(Instance inst, int function, int calleeFp, int returnPc) {
        return inst.functions[function] instanceof WasmFunction wf ? enter(wf, inst, calleeFp, returnPc) : null;
    }

    /** As {@link #jitEnter} for call_indirect; a callee that would trap is left to {@link #jitCall}. */
    JitCode jitEnterIndirect(Instance inst, int typeId, int table, int element, int calleeFp, int returnPc) {
        FunctionInstance callee;
        try {
            callee = Ops.indirectCallee(inst, table, element, typeId);
        } catch (TrapException t) {
            return null;
        }
        if (callee instanceof WasmFunction wf) return enter(wf, inst, calleeFp, returnPc);
        declinedForGood();
        return null;
    }

    private JitCode enter(WasmFunction wf, Instance inst, int calleeFp, int returnPc) {
        CompiledFunction cf = wf.code;
        // The caller runs the callee with its own instance: a callee of another one goes through the machine.
        if (wf.instance != inst || !(cf.jitEntry instanceof JitCode jc)) {
            // A callee merely not translated yet soon will be; the other reasons last.
            if (wf.instance != inst || cf.jitCode != null || cf.jitRefused || cf.hasProbes()) declinedForGood();
            return null;
        }
        int cost = jc.nestedStackBytes();
        if (cost > jitStackLeft) {
            declinedForGood();
            return null;
        }
        if (calleeFp + cf.frameSlots + cf.maxStackSlots > stack.length || depth == frameFunction.length) return null; // grows once
        pushFrame(wf, calleeFp, returnPc);
        jitStackLeft -= cost;
        return jc;
    }

    /** Tells the translated caller on top that the machine declined its call for a reason that lasts ({@link JitCode#declined}). */
    private void declinedForGood() {
        if (frameFunction[depth - 1].code.jitCode instanceof JitCode caller) caller.declined();
    }

    /**
     * After translated code ran {@code callee}, entered by {@link #jitEnter}, and it stopped for {@code
     * why}: gives back its JVM stack and, if it returned (results at its frame base, {@link #jitRemaining}
     * set), pops its frame and returns {@link JitCode#RETURNED}. Otherwise its frame stays and the reason
     * is returned: the caller writes itself back and returns the same reason.
     */
    int jitLeave(JitCode callee, int why) {
        jitStackLeft += callee.nestedStackBytes();
        if (why != JitCode.RETURN) return why;
        popFrame(); // the caller is translated code, on the JVM stack: never the entry
        return JitCode.RETURNED;
    }

    /** Pops the frame whose return translated code executed (the results are on top). Returns true when that finished the run. */
    private boolean jitReturn(WasmFunction fn) {
        int n = fn.code.resultSlots;
        int fp = frameBase[depth - 1];
        System.arraycopy(stack, sp - n, stack, fp, n);
        sp = fp + n;
        if (popFrame() == null) {
            finish(n);
            return true;
        }
        pc = framePc[depth - 1];
        return false;
    }

    /**
     * Pushes {@code wf}'s frame, as every call does (the interpreter's, and translated code's through
     * the machine): its base at {@code fp}, where its arguments are, its other locals zeroed, the
     * caller's return pc saved. The value stack and frame arrays must have room: each caller grows
     * them or declines the call, as it can.
     */
    private void pushFrame(WasmFunction wf, int fp, int returnPc) {
        CompiledFunction cf = wf.code;
        long[] s = stack;
        for (int k = fp + cf.paramSlots, end = fp + cf.frameSlots; k < end; k++) s[k] = 0;
        wf.calls++;
        framePc[depth - 1] = returnPc;
        frameFunction[depth] = wf;
        frameBase[depth] = fp;
        frameCut[depth] = false;
        depth++;
    }

    /**
     * Pops the top frame, as every return does, its results already at its base. Returns the caller,
     * which resumes, or null when the frame was the entry's (the run is then over: see {@link #finish}).
     */
    private WasmFunction popFrame() {
        if (--depth == 0) return null;
        WasmFunction caller = frameFunction[depth - 1];
        caller.resumes++;
        return caller;
    }

    /** The entry function returned its {@code n} result slots, at the bottom of the stack. */
    private void finish(int n) {
        results = Arrays.copyOf(stack, n);
        status = Status.FINISHED;
    }

    private static TrapException oob() {
        return new TrapException(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
    }

    /**
     * Leaves the state as it was before the instruction that failed, so it can be inspected, and
     * records why. A call that failed to set up its frame did not change any frame.
     */
    private StopReason stopAbnormally(WasmFunction fn, int localPc, int localSp, long completed,
                                      TrapException t, RuntimeException other) {
        // The failing instruction is the one containing localPc - 1 (localPc is past its opcode).
        int start = instructionStart(fn, Math.max(0, localPc - 1));
        this.pc = start;
        this.sp = localSp;
        steps += completed;
        if (t != null) {
            trap = t;
            status = Status.TRAPPED;
            return StopReason.TRAPPED;
        }
        hostException = other;
        status = Status.HOST_EXIT;
        return StopReason.HOST_EXIT;
    }
}
