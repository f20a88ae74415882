package io.backstep.engine.jit;

/**
 * The step-budget check that translated code ({@link JitCode}) makes at the start of each straight-line
 * segment: {@code remaining = JitBudget.charge(remaining, steps)}, with a handler for
 * {@link Exhausted} that exits with the segment not run.
 *
 * <p>Why a shared method and not a branch in each segment: C2 compiles a branch its profile has never
 * seen taken as a trap that deoptimizes the whole method. A plain run never exhausts its budget, and a
 * recording does so once per checkpoint, each time in some other segment, so per-segment branches
 * deoptimized translated methods again and again (128 times in one recording of LZ4). This method's
 * branch is one bytecode, profiled for all translated code at once: after the first budget end
 * anywhere, every later C2 compilation keeps the exit as a jump (the throw becomes a jump to the
 * segment's handler when the call is inlined).
 */
public final class JitBudget {
    private JitBudget() {
    }

    /** Thrown when the budget cannot hold a segment: one instance, without a stack trace (it never leaves translated code). */
    public static final class Exhausted extends RuntimeException {
        private Exhausted() {
            super("step budget exhausted", null, false, false);
        }
    }

    private static final Exhausted EXHAUSTED = new Exhausted();

    /** {@code remaining - steps}, or {@link Exhausted} if fewer than {@code steps} steps remain. */
    public static long charge(long remaining, long steps) {
        if (remaining < steps) throw EXHAUSTED;
        return remaining - steps;
    }
}
