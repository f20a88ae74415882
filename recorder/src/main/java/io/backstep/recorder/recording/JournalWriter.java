package io.backstep.recorder.recording;

import io.backstep.engine.WasmException;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.journal.JournalMirror;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
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
    /**
     * Records allowed to wait. Enough for the intervals that run while Chronicle Queue starts (half a
     * second or more, cold), so the program does not stall on it; memory is bounded by the bytes.
     */
    static final int BACKLOG = 32;
    /** Bytes of pending input (raw snapshots, a streamed record's blocks) allowed to wait; a single larger record waits alone. */
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
    /** Pieces of work handed to the writer's thread so far (tests): each one wakes it. */
    private long handOvers;

    /** Starts creating the journal in {@code dir} (a new directory) on the writer's thread. */
    JournalWriter(Path dir) {
        this(dir, null);
    }

    /** As {@link #JournalWriter(Path)}, the journal giving every piece it writes to {@code mirror} too (null: none). */
    JournalWriter(Path dir, JournalMirror mirror) {
        last = thread.submit(() -> {
            try {
                long t = RecordingTimes.start();
                journal = Journal.create(dir);
                journal.mirrorTo(mirror);
                RecordingTimes.add("journal: create (own thread)", t);
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
        long w = RecordingTimes.start();
        room.acquireUninterruptibly();
        RecordingTimes.add("program: wait for backlog", w);
        submit(() -> {
            journal.append(kind, payload.get());
            written.run();
        }, kib(inputBytes), true);
    }

    /** Size of the blocks in which a streamed record's input travels to the writer's thread. */
    static final int BLOCK = 1 << 20;
    /**
     * Blocks the writer's thread has encoded, for the next records to fill: every checkpoint starts a
     * block, and a new 1 MiB array each time (hundreds per recording) would be zeroed and collected.
     */
    private final ArrayBlockingQueue<byte[]> spareBlocks = new ArrayBlockingQueue<>(4);

    private byte[] newBlock() {
        byte[] b = spareBlocks.poll();
        return b != null ? b : new byte[BLOCK];
    }

    /**
     * Turns a journal record's stream into the stream its input is written to (e.g. a deflater in front
     * of it). Its writes must be done with the array when they return: blocks are reused.
     */
    interface Encoding {
        OutputStream open(OutputStream record) throws IOException;
    }

    /**
     * Starts a record whose input is written, on the caller's thread, to the returned stream: it travels
     * to the writer's thread in blocks of {@link #BLOCK} bytes, each counted against the backlog while
     * it waits, and there goes through {@code encoding} into the journal, piece by piece. So a record
     * of any size (a snapshot of a 4 GiB memory) costs at most the backlog in memory, never a copy of
     * the whole. Closing the returned stream ends the record; {@code written} runs (on the writer's
     * thread) once it is in the journal. The record takes its place among the others when its first
     * block is handed over (at the latest when it is closed), so nothing else is to be appended while
     * it is open (the recorder appends nothing while it captures a checkpoint).
     */
    BlockStream appendStreamed(int kind, Encoding encoding, Runnable written) {
        if (closed) throw new IllegalStateException("journal writer closed");
        check();
        long w = RecordingTimes.start();
        room.acquireUninterruptibly(); // held by the record until its end is written
        RecordingTimes.add("program: wait for backlog", w);
        return new BlockStream(kind, encoding, written);
    }

    /**
     * The caller's end of a streamed record: fills blocks and hands each over to the writer's thread.
     * The record is opened in the journal with its first block, and a record that fits one block (most
     * incremental checkpoints) goes over in one hand-over with its end: each hand-over wakes the writer's
     * thread, which on two cores takes the core from the program for a moment.
     */
    final class BlockStream extends OutputStream {
        private final int kind;
        private final Encoding encoding;
        private final Runnable written;
        /** The record's encoder, made and used on the writer's thread only (its tasks run one after another). */
        private OutputStream encoder;
        private byte[] block;
        private int size;
        private boolean ended;

        private BlockStream(int kind, Encoding encoding, Runnable written) {
            this.kind = kind;
            this.encoding = encoding;
            this.written = written;
        }

        @Override
        public void write(int b) {
            if (block == null) block = newBlock();
            block[size++] = (byte) b;
            if (size == BLOCK) send(false);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (block == null) block = newBlock();
                int n = Math.min(len, BLOCK - size);
                System.arraycopy(b, off, block, size, n);
                size += n;
                off += n;
                len -= n;
                if (size == BLOCK) send(false);
            }
        }

        /** Hands the block filled so far (if any) to the writer's thread, with the record's end if {@code last}. */
        private void send(boolean last) {
            check();
            byte[] full = block;
            int n = size;
            block = null;
            size = 0;
            submit(() -> {
                if (full != null) {
                    encoder().write(full, 0, n);
                    spareBlocks.offer(full);
                }
                if (last) {
                    encoder().close();
                    written.run();
                }
            }, kib(n), last);
        }

        private OutputStream encoder() throws IOException {
            if (encoder == null) encoder = encoding.open(journal.append(kind));
            return encoder;
        }

        /**
         * Gives the record up (its input could not be produced): it is never completed, and the writer
         * stops, so that the journal ends before it, as if the recorder had been killed there.
         */
        void abandon(Throwable why) {
            if (ended) return;
            ended = true;
            if (failure == null) failure = why;
            submit(() -> { }, 0, true);
        }

        /** Ends the record (after a failure, the record is abandoned: the writer has stopped writing). */
        @Override
        public void close() {
            if (ended) return;
            ended = true;
            if (failure == null) {
                send(true);
            } else {
                submit(() -> { }, 0, true); // gives the record's place in the backlog back
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} on the writer's thread, unless an earlier record failed; {@code kib} of backlog
     * are taken now and given back when it is done, and so is a record's place in the backlog if
     * {@code endsRecord} (which the caller took).
     */
    private void submit(Work work, int kib, boolean endsRecord) {
        handOvers++;
        long w = RecordingTimes.start();
        bytesRoom.acquireUninterruptibly(kib);
        RecordingTimes.add("program: wait for backlog", w);
        last = thread.submit(() -> {
            long started = RecordingTimes.start();
            try {
                if (failure == null) work.run();
            } catch (Throwable t) {
                if (failure == null) failure = t;
            } finally {
                RecordingTimes.add("journal: thread work", started);
                bytesRoom.release(kib);
                if (endsRecord) room.release();
            }
        });
    }

    long handOvers() {
        return handOvers;
    }

    private static int kib(long bytes) {
        return (int) Math.min(BACKLOG_KIB, (bytes + 1023) >> 10);
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
