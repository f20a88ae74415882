package io.backstep.engine.runtime;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets {@link Machine}'s dispatch loop compiled as a normal method early. Recording and replay call
 * {@code run(budget)} thousands of times with bounded budgets; until HotSpot has compiled the loop
 * as a method (not only as an on-stack-replacement of one long run), every such call starts out
 * interpreted or in code compiled from a narrow profile, which made a cold recording several times
 * slower than a plain run. A few thousand short runs of a tiny loop fix both in a fraction of a second.
 *
 * <p>That was when the interpreter ran everything. With the JIT tier on (the default) the interpreter
 * runs only cold code, single steps, budget ends and functions with probes, a late or second
 * compilation of its loop happens in the background without holding anything up, and the warm-up's
 * half second at every start bought nothing measurable (docs/benchmarks.md): so it runs only when the
 * JIT tier is off, or when {@code -Dbackstep.warmup=true} asks for it ({@code false} never runs it).
 */
public final class InterpreterWarmUp {
    private static final AtomicBoolean DONE = new AtomicBoolean();

    /**
     * {@code w}: a loop that recurses on n/2, with the opcodes compiled C uses most (loads and stores
     * of every width, i32/i64/f64 arithmetic, select, br_table, call, call_indirect, globals) and every
     * fused pair of {@code Fusion}; {@code all}: every scalar numeric, conversion, memory and bulk
     * memory opcode and a host call. Assembled with {@code wat2wasm} from warmup.wat, next to it.
     */
    private static final String MODULE = "/io/backstep/engine/warmup.wasm";

    private InterpreterWarmUp() {
    }

    /** The warm-up module (tests use it: it contains every fused pair). */
    static byte[] module() {
        try (java.io.InputStream in = InterpreterWarmUp.class.getResourceAsStream(MODULE)) {
            if (in == null) throw new IllegalStateException(MODULE + " is missing from the engine's resources");
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A linker that provides the module's one import, a host function (so the host-call path is warm too). */
    static Linker linker() {
        return new Linker().defineHost("env", "h", io.backstep.engine.model.FuncType.of(
                new io.backstep.engine.model.ValType[] {io.backstep.engine.model.ValType.I32}, io.backstep.engine.model.ValType.I32),
                (context, args) -> new long[] {args[0] + 1});
    }

    /** Runs once per JVM, when the interpreter runs everything (see above); later calls return at once. */
    public static void ensure() {
        String wanted = System.getProperty("backstep.warmup");
        boolean run = wanted == null ? !Machine.jitByDefault() : Boolean.parseBoolean(wanted);
        if (!run || !DONE.compareAndSet(false, true)) return;
        CompiledModule m = Wasm.load(module());
        Linker linker = linker();
        Instance inst = linker.instantiate(m);
        Machine machine = new Machine(linker.store());
        machine.setJit(false); // this warms the interpreter loop, which the JIT tier still uses for the rest
        FunctionInstance w = inst.exportedFunction("w");
        // Order matters: HotSpot copies the profile when it starts compiling, which the many short
        // runs at the end trigger; by then every opcode and branch must have been seen.
        // Every opcode once per call; x = 0..9 sends each comparison both ways. Whole calls (few
        // entries into the loop), so this does not yet trigger the compilation.
        FunctionInstance all = inst.exportedFunction("all");
        for (int i = 0; i < 300; i++) {
            machine.start(all, i % 10);
            machine.run(Long.MAX_VALUE);
        }
        // Long budgets: the fused runs themselves (short budgets mostly run the unfused tail), with
        // every compare-and-branch going both ways.
        for (int i = 0; i < 60; i++) {
            machine.start(w, 16);
            while (machine.run(i % 2 == 0 ? 1000 : Long.MAX_VALUE) == Machine.StopReason.BUDGET) {
                // keep going
            }
        }
        // Budgets of 1..7 end runs at every position, so the profile HotSpot compiles from has seen
        // the end-of-budget path and the unfused last instructions (an unseen path compiled as a trap
        // costs a deoptimisation and a recompilation of the whole loop later, mid-recording).
        for (int i = 0; i < 300; i++) {
            machine.start(w, 8);
            int budget = 1 + i % 7;
            while (machine.run(budget) == Machine.StopReason.BUDGET) {
                budget = budget % 7 + 1;
            }
        }
    }
}
