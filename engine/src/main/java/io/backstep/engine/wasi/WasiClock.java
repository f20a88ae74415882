package io.backstep.engine.wasi;

import java.time.Instant;

/**
 * The clocks WASI exposes ({@code clock_time_get}, {@code clock_res_get}) and the way
 * {@code poll_oneoff} waits. Injectable: {@link ManualClock} makes time, and sleeping, deterministic.
 * All values are nanoseconds.
 */
public interface WasiClock {
    int REALTIME = 0;
    int MONOTONIC = 1;
    int PROCESS_CPUTIME = 2;
    int THREAD_CPUTIME = 3;

    /** Current value of clock {@code clockId} (one of the four ids above). */
    long now(int clockId);

    /** Resolution of clock {@code clockId}; must be non-zero. */
    long resolution(int clockId);

    /** Lets {@code nanos} pass (blocks, or advances a virtual clock). */
    void sleep(long nanos);

    /** The host's clocks: wall time for REALTIME, {@link System#nanoTime()} since creation for the others. */
    static WasiClock system() {
        return new WasiClock() {
            private final long origin = System.nanoTime();

            @Override
            public long now(int clockId) {
                if (clockId == REALTIME) {
                    Instant t = Instant.now();
                    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
                }
                // The CPU-time clocks are approximated by elapsed time: the guest runs on one thread.
                return System.nanoTime() - origin;
            }

            @Override
            public long resolution(int clockId) {
                return clockId == REALTIME ? 1_000L : 1L;
            }

            @Override
            public void sleep(long nanos) {
                if (nanos <= 0) return;
                try {
                    Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
