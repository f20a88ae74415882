package io.backstep.recorder.recording;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a recording's time goes, for docs/benchmarks.md: with {@code -Dbackstep.record.times=true}
 * the recorder adds the wall time of each phase (decoding, the program's run between checkpoints,
 * capturing checkpoints, waiting for the journal, the journal thread's work, export...) under a name,
 * and the command line prints the totals on stderr at its end. Off, every call is a branch on a
 * constant.
 */
public final class RecordingTimes {
    public static final boolean ON = Boolean.getBoolean("backstep.record.times");
    private static final Map<String, long[]> TOTALS = new LinkedHashMap<>();

    private RecordingTimes() {
    }

    /** The start of a timed phase (0 when timing is off). */
    public static long start() {
        return ON ? System.nanoTime() : 0;
    }

    /** Adds the time since {@code start} to {@code phase}. */
    public static void add(String phase, long start) {
        if (!ON) return;
        long ns = System.nanoTime() - start;
        synchronized (TOTALS) {
            long[] t = TOTALS.computeIfAbsent(phase, k -> new long[2]);
            t[0] += ns;
            t[1]++;
        }
    }

    /**
     * Adds the time since the JVM started (its start-up, class loading, parsing the command line) to
     * {@code phase}. The JVM's own start time, in milliseconds: the process's start time as the OS
     * reports it is counted from a boot time given in whole seconds, which made this up to a second off.
     */
    public static void addSinceJvmStart(String phase) {
        if (!ON) return;
        long sinceMs = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        add(phase, System.nanoTime() - sinceMs * 1_000_000);
    }

    /** Prints each phase's total milliseconds and count (nothing when off). */
    public static void print(PrintStream out) {
        if (!ON) return;
        synchronized (TOTALS) {
            for (Map.Entry<String, long[]> e : TOTALS.entrySet()) {
                out.printf("backstep: time %-28s %8.1f ms  x%d%n", e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1]);
            }
        }
    }
}
