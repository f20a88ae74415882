package io.backstep.recorder.recording;

/**
 * Whether the next checkpoint is a full snapshot or an incremental one: incremental while the
 * incrementals since the last full one add up to less than it (compared uncompressed), and at most
 * {@link #MAX_INCREMENTAL_RUN} in a row, so restoring any checkpoint reads a bounded chain. One per run
 * that makes checkpoints: the recorder's, and a window's export.
 */
public final class FullOrIncremental {
    /** At most this many incremental checkpoints follow a full one. */
    public static final int MAX_INCREMENTAL_RUN = 63;

    private int incrementalRun;
    private long incrementalBytes;
    private long lastFullBytes;

    /** Whether the next checkpoint is full ({@code forced}: it must be, e.g. the first). */
    public boolean nextIsFull(boolean forced) {
        return forced || incrementalRun >= MAX_INCREMENTAL_RUN || incrementalBytes > lastFullBytes;
    }

    /** Counts a checkpoint just captured: full or not, {@code bytes} of raw snapshot. */
    public void captured(boolean full, long bytes) {
        if (full) {
            lastFullBytes = bytes;
            incrementalBytes = 0;
            incrementalRun = 0;
        } else {
            incrementalBytes += bytes;
            incrementalRun++;
        }
    }
}
