package io.backstep.engine.model;

/** Size limits of a memory (in 64 KiB pages) or a table (in elements). {@code max} is -1 when absent. */
public record Limits(long min, long max) {
    public boolean hasMax() {
        return max >= 0;
    }

    /** Import subtyping: these limits (the provided object) satisfy {@code required}. */
    public boolean matches(Limits required) {
        if (min < required.min) return false;
        if (!required.hasMax()) return true;
        return hasMax() && max <= required.max;
    }
}
