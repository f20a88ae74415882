package io.backstep.engine.wasi;

/**
 * A virtual clock for deterministic runs: time only moves when {@link #advance(long)} or
 * {@link #sleep(long)} is called, or by a fixed {@code tick} on every reading (so that a guest
 * busy-waiting on the clock still makes progress).
 */
public final class ManualClock implements WasiClock {
    private final long realtimeOrigin;
    private final long tick;
    private final long resolution;
    private long elapsed;

    /** Starts at {@code realtimeOrigin} ns since the epoch (monotonic clocks start at 0), no tick. */
    public ManualClock(long realtimeOrigin) {
        this(realtimeOrigin, 0, 1);
    }

    public ManualClock(long realtimeOrigin, long tick, long resolution) {
        if (tick < 0 || resolution <= 0) throw new WasiConfigException("tick must be >= 0 and resolution > 0");
        this.realtimeOrigin = realtimeOrigin;
        this.tick = tick;
        this.resolution = resolution;
    }

    @Override
    public long now(int clockId) {
        long value = (clockId == REALTIME ? realtimeOrigin : 0) + elapsed;
        elapsed += tick;
        return value;
    }

    @Override
    public long resolution(int clockId) {
        return resolution;
    }

    @Override
    public void sleep(long nanos) {
        if (nanos > 0) advance(nanos);
    }

    public void advance(long nanos) {
        if (nanos < 0) throw new WasiConfigException("a clock cannot go back");
        elapsed += nanos;
    }

    /** Nanoseconds that have passed since creation. */
    public long elapsed() {
        return elapsed;
    }
}
