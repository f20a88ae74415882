package io.backstep.engine.runtime;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.ManualClock;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiRandom;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One WASI program run twice side by side, with the JIT tier and with the interpreter alone, in the
 * same budgets, comparing every stop: the reason, the step count, and where a budget ended the call
 * depth, the top frame's pc, the stack pointer and the digest of the whole state. The JIT side
 * translates a function once it is hot ({@link #JIT_THRESHOLD}), mid-run, as a user's run does.
 * {@code JitTierTest} runs it on the samples and the realworld programs; {@code RealWorldBenchmark
 * --lockstep} on any program of the benchmark, those built outside the tree included.
 */
public final class Lockstep {
    /** Heat at which the JIT side translates a function: low, so that translations start mid-run. */
    public static final int JIT_THRESHOLD = 8;

    /** How a compared run ended: the stops made, the steps run, the output (stdout and stderr) and the exit status. */
    public record Outcome(int stops, long steps, String output, int exitStatus) {
    }

    private Lockstep() {
    }

    /**
     * Runs {@code module} to its end on both sides, in budgets drawn by {@code budgets} from
     * {@code random}. {@code config} makes each side's WASI configuration (the same for both: give them a
     * fixed clock and seeded random bytes when the program reads either). Throws {@link AssertionError},
     * naming the step and budget, at the first stop where the two differ, or if their outputs or exit
     * statuses do.
     */
    public static Outcome run(String name, CompiledModule module, Supplier<WasiConfig.Builder> config,
                              Random random, ToLongFunction<Random> budgets) {
        TierSide jit = new TierSide(module, config.get(), true);
        jit.machine.setJitThreshold(JIT_THRESHOLD); // as a user's run: functions translated once hot, mid-run
        TierSide interpreted = new TierSide(module, config.get(), false);
        Machine.StopReason r;
        int stops = 0;
        do {
            long budget = budgets.applyAsLong(random);
            r = jit.machine.run(budget);
            Machine.StopReason expected = interpreted.machine.run(budget);
            String at = name + " after " + interpreted.machine.stepCount() + " steps (budget " + budget + ")";
            same(expected, r, "stop reason", at);
            same(interpreted.machine.stepCount(), jit.machine.stepCount(), "step count", at);
            if (r == Machine.StopReason.BUDGET) {
                int d = interpreted.machine.callDepth();
                same(d, jit.machine.callDepth(), "call depth", at);
                same(interpreted.machine.frame(d - 1).pc(), jit.machine.frame(d - 1).pc(), "pc", at);
                same(interpreted.machine.stackPointer(), jit.machine.stackPointer(), "stack pointer", at);
                same(StateDigest.of(interpreted.machine, interpreted.program.instance()),
                        StateDigest.of(jit.machine, jit.program.instance()), "state digest", at);
            }
            stops++;
        } while (r == Machine.StopReason.BUDGET);
        same(interpreted.out(), jit.out(), "output", name);
        same(interpreted.program.exitStatus(), jit.program.exitStatus(), "exit status", name);
        return new Outcome(stops, jit.machine.stepCount(), jit.out(), jit.program.exitStatus());
    }

    /**
     * A budget for a long real program: mostly up to 3 M steps, so that a run of billions ends in
     * thousands of stops, and a quarter of them short, ending inside segments and at their edges.
     */
    public static long realProgramBudget(Random random) {
        return random.nextInt(4) == 0 ? 64 + random.nextInt(600) : 64 + random.nextInt(3_000_000);
    }

    /** {@code config} with a clock that stands still and seeded random bytes, the same on both sides. */
    public static WasiConfig.Builder fixedClockAndRandom(WasiConfig.Builder config) {
        return config.clock(new ManualClock(1_700_000_000_000_000_000L)).random(WasiRandom.seeded(11));
    }

    private static void same(Object interpreted, Object jit, String what, String at) {
        if (!interpreted.equals(jit)) {
            throw new AssertionError(what + " differs at " + at + ": interpreter " + interpreted + ", JIT tier " + jit);
        }
    }
}
