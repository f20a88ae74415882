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
 */
public final class JitWarmUp {
    private static final AtomicBoolean DONE = new AtomicBoolean();

    /**
     * A load/store/branch loop that recurses on n/2, containing the common opcodes and every fused
     * pair of {@code Fusion} (source: the comment block in docs/architecture.md, "JIT warm-up").
     */
    private static final byte[] MODULE = {
        0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 5, 1, 1, 119, 0, 0,
        10, -105, 1, 1, -108, 1, 1, 3, 127, 3, 64, 32, 1, 65, -4, 7, 113, 33, 3, 32, 3, 40, 2, 0, 32, 2, 106, 33, 2,
        32, 3, 32, 2, 32, 1, 106, 54, 2, 0, 32, 3, 45, 0, 0, 32, 2, 106, 34, 2, 32, 1, 106, 33, 2, 32, 2, 65, -64, 0,
        40, 2, 0, 65, 3, 106, 115, 33, 2, 65, 5, 65, 6, 106, 26, 2, 64, 32, 1, 65, 3, 113, 69, 13, 0, 32, 1, 65, 7,
        70, 13, 0, 32, 1, 65, 1, 113, 65, 0, 71, 13, 0, 32, 1, 65, 127, 72, 13, 0, 32, 2, 65, 1, 107, 33, 2, 11, 32,
        1, 65, 1, 106, 33, 1, 32, 1, 32, 0, 73, 13, 0, 11, 32, 0, 65, 1, 75, 4, 127, 32, 2, 32, 0, 65, 1, 118, 16, 0,
        106, 5, 32, 2, 15, 11, 11
    };

    private JitWarmUp() {
    }

    /** Runs once per JVM; later calls return at once. */
    public static void ensure() {
        if (!DONE.compareAndSet(false, true)) return;
        CompiledModule m = Wasm.load(MODULE);
        Linker linker = new Linker();
        Instance inst = linker.instantiate(m);
        Machine machine = new Machine(linker.store());
        FunctionInstance w = inst.exportedFunction("w");
        // Budgets of 1..7 end runs at every position, including between the halves of fused pairs,
        // so the profile HotSpot compiles from has seen those paths (an unseen path compiled as a
        // trap costs a deoptimisation and a recompilation of the whole loop later, mid-recording).
        for (int i = 0; i < 3000; i++) {
            machine.start(w, 16);
            int budget = 1 + i % 7;
            while (machine.run(budget) == Machine.StopReason.BUDGET) {
                budget = budget % 7 + 1;
            }
        }
    }
}
