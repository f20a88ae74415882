package io.backstep.recorder.recording;

import io.backstep.engine.WasmException;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.JournalException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Creates a journal and appends to it on a thread of its own, so that encoding records (deflating a
 * checkpoint's memory is most of a recording's cost) and writing them overlap the program's execution
 * on the other core. The journal is only ever touched by that thread. Records keep the order in which
 * they were submitted; at most {@link #BACKLOG} records, holding at most {@link #BACKLOG_BYTES} of
 * input, wait at a time (the recording thread then waits, so a slow disk or a big memory cannot
 * pile snapshots up in memory: the recorder's own memory stays bounded whatever the guest's size). {@link #drain} waits until everything submitted is
 * written and reports the first failure, which the recorder does before any result leaves it.
 */
final class JournalWriter implements AutoCloseable {
    static final int BACKLOG = 8;
    /** Bytes of pending input (raw snapshots) allowed to wait; a single larger record waits alone. */
    static final long BACKLOG_BYTES = 128L << 20;
    /** Room is counted in KiB so that the semaphore's int permits cover any record size. */
    private static final int BACKLOG_KIB = (int) (BACKLOG_BYTES >> 10);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backstep-journal");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore room = new Semaphore(BACKLOG);
    private final Semaphore bytesRoom = new Semaphore(BACKLOG_KIB);
    private Journal journal;
    private volatile Throwable failure;
    private Future<?> last;
    private boolean closed;

    /** Starts creating the journal in {@code dir} (a new directory) on the writer's thread. */
    JournalWriter(Path dir) {
        last = thread.submit(() -> {
            try {
                journal = Journal.create(dir);
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    /** Appends a record whose payload {@code payload} computes on the writer's thread. */
    void append(int kind, Supplier<byte[]> payload) {
        append(kind, payload, 0, () -> { });
    }

    /**
     * As {@link #append(int, Supplier)}, where the payload's input holds {@code inputBytes} (what
     * waiting costs in memory), then runs {@code written} (on the writer's thread) once the record is in the journal.
     */
    void append(int kind, Supplier<byte[]> payload, long inputBytes, Runnable written) {
        if (closed) throw new IllegalStateException("journal writer closed");
        check();
        int kib = (int) Math.min(BACKLOG_KIB, (inputBytes + 1023) >> 10);
        room.acquireUninterruptibly();
        bytesRoom.acquireUninterruptibly(kib);
        last = thread.submit(() -> {
            try {
                if (failure == null) {
                    journal.append(kind, payload.get());
                    written.run();
                }
            } catch (Throwable t) {
                if (failure == null) failure = t;
            } finally {
                bytesRoom.release(kib);
                room.release();
            }
        });
    }

    /** Waits until every record submitted so far is in the journal; throws the first failure, if any. */
    void drain() {
        Future<?> f = last;
        if (f != null) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JournalException("interrupted while writing the recording", e);
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            }
        }
        check();
    }

    /** Whether the failure was thrown to the caller already (close must not throw the same object again). */
    private boolean reported;

    private void check() {
        Throwable t = failure;
        if (t == null) return;
        reported = true;
        if (t instanceof JournalException j) throw j;
        if (t instanceof Error e) throw e;
        throw new JournalException("cannot write the recording: " + WasmException.describe(t), t);
    }

    /** Writes what is pending, then closes the journal (on its thread) and stops the thread. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Future<?> closing = thread.submit(() -> {
            if (journal != null) journal.close();
        });
        thread.shutdown();
        try {
            closing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (failure == null) failure = e.getCause();
        }
        if (!reported) {
            check();
        } else if (failure != null) {
            // Said again, but as a new exception: rethrowing the one drain() threw would make a
            // try-with-resources suppress an exception into itself (an IllegalArgumentException).
            throw new JournalException("the recording was not written completely: " + WasmException.describe(failure), failure);
        }
    }
}
