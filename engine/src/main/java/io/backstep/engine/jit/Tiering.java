package io.backstep.engine.jit;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.runtime.WasmFunction;

/**
 * When the machine runs translated code: the JIT tier's policy, which {@link
 * io.backstep.engine.runtime.Machine}'s tiered loop applies. A function is translated once it is hot, so
 * the bulk of a big program, which runs little, is never translated; short budgets and single steps stay
 * in the interpreter; nested translated calls take a bounded part of the thread's stack.
 */
public final class Tiering {
    private Tiering() {
    }

    /** {@code -Dbackstep.jit=false} turns the JIT tier off by default (every run is then interpreted). */
    public static final boolean ENABLED_BY_DEFAULT = !"false".equals(System.getProperty("backstep.jit"));

    /**
     * How many times a function is seen interpreted before it is translated ({@link #translationFor});
     * {@code -Dbackstep.jit.threshold=0} translates every function on first sight (the tests do, so that
     * the spec testsuite runs through the translator).
     */
    public static final int DEFAULT_THRESHOLD = Integer.getInteger("backstep.jit.threshold", 64);

    /** Budgets below this run in the interpreter: single steps and short runs gain nothing from the JIT tier. */
    public static final long MIN_BUDGET = 64;

    /** Steps the interpreter runs before the machine looks again at which function is hot. */
    public static final long INTERPRETED_CHUNK = 4096;

    /**
     * The JVM stack that translated calls nested in one another may take, in bytes ({@code
     * -Dbackstep.jit.callStack}). Deeper calls go through the machine (frames are data whatever the
     * depth), so guest recursion never overflows the thread's stack: this only has to fit in it.
     */
    public static final int CALL_STACK_BYTES = Integer.getInteger("backstep.jit.callStack", 192 * 1024);

    /**
     * The translation to run {@code fn} with, now that the machine finds it running interpreted (a call
     * or return into it from translated code, or a chunk of interpreted steps ending in it): its
     * translation once it has been seen more than {@code threshold} times, else null (also for a
     * function with breakpoint probes, or one the JIT tier refused).
     */
    public static JitCode translationFor(WasmFunction fn, int threshold) {
        CompiledFunction cf = fn.code();
        if (cf.hasProbes() || cf.jitRefused) return null;
        Object code = cf.jitCode;
        if (code != null) return (JitCode) code;
        return ++cf.jitHeat > threshold ? JitCode.of(fn) : null;
    }
}
