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
     * A loop that recurses on n/2, containing the opcodes compiled C uses most (loads and stores of
     * every width, i32/i64/f64 arithmetic, select, br_table, call, call_indirect, globals) and every
     * fused pair of {@code Fusion}. Its source is engine/src/main/resources/io/backstep/engine/warmup.wat.
     */
    private static final byte[] MODULE = {
        0, 97, 115, 109, 1, 0, 0, 0, 1, 10, 2, 96, 1, 127, 1, 127, 96, 1, 127, 0, 3, 5, 4, 0, 0, 1, 0, 4, 4, 1, 112,
        0, 2, 5, 3, 1, 0, 1, 6, 11, 2, 127, 1, 65, 0, 11, 126, 1, 66, 0, 11, 7, 5, 1, 1, 119, 0, 3, 9, 8, 1, 0, 65, 0,
        11, 2, 0, 1, 10, -17, 3, 4, 7, 0, 32, 0, 65, 1, 106, 11, 7, 0, 32, 0, 65, 3, 108, 11, 9, 0, 35, 0, 32, 0, 106,
        36, 0, 11, -46, 3, 3, 3, 127, 1, 126, 1, 124, 3, 64, 32, 1, 65, -4, 7, 113, 33, 3, 32, 3, 40, 2, 0, 32, 2,
        106, 33, 2, 32, 3, 32, 2, 32, 1, 106, 54, 2, 0, 32, 3, 45, 0, 0, 32, 2, 106, 34, 2, 32, 1, 106, 33, 2, 32, 2,
        65, -64, 0, 40, 2, 0, 65, 3, 106, 115, 33, 2, 65, 5, 65, 6, 106, 26, 32, 3, 32, 2, 58, 0, 0, 32, 3, 32, 3, 47,
        1, 0, 59, 1, 0, 32, 2, 32, 3, 46, 1, 0, 106, 33, 2, 32, 2, 32, 3, 44, 0, 0, 106, 33, 2, 32, 4, 32, 2, -83,
        124, 33, 4, 32, 4, 66, 3, -122, 32, 4, 66, 7, -120, -123, 33, 4, 32, 4, 32, 3, 41, 3, 0, 126, 33, 4, 32, 3,
        32, 4, 32, 1, -84, -124, 55, 3, 0, 32, 2, 32, 4, 66, 33, -121, -89, 106, 33, 2, 32, 2, 32, 2, 65, 1, 107, 32,
        2, 65, 0, 74, 27, 33, 2, 32, 2, 65, 1, 116, 32, 2, 65, 31, 118, 114, 33, 2, 32, 2, 65, 7, 108, 65, -61, -124,
        61, 112, 33, 2, 32, 2, 32, 2, 65, 3, 109, 106, 33, 2, 32, 2, 32, 2, 103, 106, 33, 2, 32, 2, 32, 2, 65, 1, 114,
        104, 106, 33, 2, 32, 5, 32, 2, -73, -96, 33, 5, 32, 5, 68, 0, 0, 0, 0, 0, 0, -32, 63, -94, 33, 5, 32, 2, 32,
        5, 68, 0, 0, 0, 0, 0, 0, 8, 64, -93, -86, 106, 33, 2, 32, 2, 32, 2, -64, 106, 33, 2, 32, 4, 66, -24, 7, 84, 4,
        64, 66, -71, -32, 0, 33, 4, 11, 32, 4, 66, 0, 81, 4, 64, 66, 1, 33, 4, 11, 32, 4, 66, 0, 82, 4, 64, 32, 4, 36,
        1, 11, 32, 2, 32, 1, 65, 1, 113, 17, 0, 0, 33, 2, 32, 1, 16, 2, 2, 64, 2, 64, 2, 64, 32, 1, 65, 3, 113, 14, 2,
        0, 1, 2, 11, 32, 2, 65, 1, 106, 33, 2, 11, 32, 2, 65, 2, 107, 33, 2, 11, 2, 64, 32, 1, 65, 3, 113, 69, 13, 0,
        32, 1, 65, 7, 70, 13, 0, 32, 1, 65, 1, 113, 65, 0, 71, 13, 0, 32, 1, 65, 127, 72, 13, 0, 32, 1, 65, -96, -115,
        6, 79, 13, 0, 32, 1, 65, 123, 76, 13, 0, 32, 2, 65, 1, 107, 33, 2, 11, 63, 0, 26, 32, 1, 65, 1, 106, 33, 1,
        32, 1, 32, 0, 73, 13, 0, 11, 32, 0, 65, 1, 75, 4, 127, 32, 2, 32, 0, 65, 1, 118, 16, 3, 106, 5, 32, 2, 15, 11,
        11
    };

    private JitWarmUp() {
    }

    /** The warm-up module (tests use it: it contains every fused pair). */
    static byte[] module() {
        return MODULE.clone();
    }

    /** Runs once per JVM; later calls return at once. */
    public static void ensure() {
        if (!DONE.compareAndSet(false, true)) return;
        CompiledModule m = Wasm.load(MODULE);
        Linker linker = new Linker();
        Instance inst = linker.instantiate(m);
        Machine machine = new Machine(linker.store());
        FunctionInstance w = inst.exportedFunction("w");
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
