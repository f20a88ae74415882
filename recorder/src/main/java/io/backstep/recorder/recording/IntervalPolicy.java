package io.backstep.recorder.recording;

/**
 * How long the next checkpoint interval is. A checkpoint costs what it captures (the 4 KiB chunks
 * written since the previous one: copied, hashed, deflated, journaled), while a longer interval
 * mostly rewrites the same chunks. So where the program writes much memory per instruction the
 * interval doubles, up to a limit; where it writes little it halves, back down to the base. Decided
 * from the chunks written, never from time, so a program records the same checkpoints on any machine.
 * Intervals stay powers of two times the base, and checkpoints fall on multiples of the interval.
 */
public final class IntervalPolicy {
    /** Written bytes per instruction above which the interval doubles (32 KiB per 2^23 instructions). */
    public static final double DENSE = 1.0 / 256;
    /** Written bytes per instruction below which it halves again. */
    public static final double SPARSE = 1.0 / 2048;

    private final long base;
    private final long max;
    private long current;

    IntervalPolicy(long base, long max) {
        this.base = base;
        this.max = Math.max(base, max);
        this.current = base;
    }

    long current() {
        return current;
    }

    /** Steps from {@code step} to the next checkpoint. */
    long budgetFrom(long step) {
        return current - step % current;
    }

    /** Takes the interval just ended ({@code steps} long, {@code writtenChunks} chunks written) into account. */
    void ended(long steps, int writtenChunks) {
        if (steps <= 0) return;
        double density = (double) writtenChunks * 4096 / steps;
        if (density > DENSE && current <= max / 2) current *= 2;
        else if (density < SPARSE && current / 2 >= base) current /= 2;
    }
}
