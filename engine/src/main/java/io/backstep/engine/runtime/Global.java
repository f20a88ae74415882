package io.backstep.engine.runtime;

import io.backstep.engine.model.GlobalType;

/** A global variable cell. Numbers and references use {@code lo}; a v128 uses {@code lo} and {@code hi}. */
public final class Global {
    private final GlobalType type;
    long lo;
    long hi;

    public Global(GlobalType type, long lo, long hi) {
        this.type = type;
        this.lo = lo;
        this.hi = hi;
    }

    public Global(GlobalType type, long value) {
        this(type, value, 0);
    }

    public GlobalType type() {
        return type;
    }

    public long get() {
        return lo;
    }

    /** High 64 bits of a v128 global. */
    public long getHigh() {
        return hi;
    }

    public void set(long value) {
        this.lo = value;
    }

    public void set(long lo, long hi) {
        this.lo = lo;
        this.hi = hi;
    }
}
