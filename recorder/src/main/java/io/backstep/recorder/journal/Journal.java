package io.backstep.recorder.journal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

/**
 * The raw journal of a recording: one Chronicle Queue directory holding typed binary records
 * (a kind byte, then the payload). The clock is frozen and the roll cycle daily, so a recording is
 * exactly one {@code .cq4} file plus {@code metadata.cq4t}. Records are appended in order and never
 * changed, so a process killed while recording leaves a readable prefix.
 */
public final class Journal implements AutoCloseable {
    private final ChronicleQueue queue;
    private ExcerptAppender appender;
    private ExcerptTailer tailer;
    private final Bytes<byte[]> buffer = newBuffer();

    private Journal(ChronicleQueue queue) {
        this.queue = queue;
    }

    private static ChronicleQueue build(Path dir, boolean readOnly) {
        File f = dir.toFile();
        return SingleChronicleQueueBuilder.single(f)
                .rollCycle(LargeRollCycles.LARGE_DAILY)
                .timeProvider(() -> 0L)
                .blockSize(4L << 20)
                .readOnly(readOnly)
                .build();
    }

    /** Creates a new, empty journal in {@code dir} (which must not contain one). */
    public static Journal create(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var s = Files.list(dir)) {
                if (s.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"))) {
                    throw new JournalException(dir + " already holds a recording");
                }
            }
            return new Journal(build(dir, false));
        } catch (JournalException e) {
            throw e;
        } catch (Exception e) {
            throw new JournalException("cannot create a recording in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing journal for reading. */
    public static Journal open(Path dir) {
        if (!Files.isDirectory(dir)) throw new JournalException(dir + ": no such recording directory");
        try (var s = Files.list(dir)) {
            if (s.noneMatch(p -> p.getFileName().toString().endsWith(".cq4"))) {
                throw new JournalException(dir + ": not a recording (no journal file)");
            }
        } catch (JournalException e) {
            throw e;
        } catch (Exception e) {
            throw new JournalException("cannot open " + dir + ": " + e.getMessage(), e);
        }
        try {
            return new Journal(build(dir, false));
        } catch (RuntimeException e) {
            throw new JournalException("cannot open recording " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record; returns its journal index. */
    public long append(int kind, byte[] payload) {
        if (appender == null) appender = queue.createAppender();
        buffer.clear();
        buffer.writeByte((byte) kind);
        buffer.write(payload);
        appender.writeBytes(buffer);
        return appender.lastIndexAppended();
    }

    /** A record read back: its index, kind and payload. */
    public record Entry(long index, int kind, byte[] payload) {
    }

    /** Reads the record at {@code index}. */
    public Entry read(long index) {
        ExcerptTailer t = tailer();
        if (!t.moveToIndex(index)) throw new JournalException("no journal record at index " + Long.toHexString(index));
        return next();
    }

    /** Moves to the first record; then {@link #next()} reads records in order. */
    public void rewind() {
        tailer().toStart();
    }

    /** The next record, or null at the end. */
    public Entry next() {
        ExcerptTailer t = tailer();
        buffer.clear();
        if (!t.readBytes(buffer)) return null;
        long index = t.lastReadIndex();
        if (buffer.readRemaining() < 1) throw new JournalException("empty journal record at index " + Long.toHexString(index));
        int kind = buffer.readUnsignedByte();
        byte[] payload = new byte[(int) buffer.readRemaining()];
        buffer.read(payload);
        return new Entry(index, kind, payload);
    }

    private static Bytes<byte[]> newBuffer() {
        Bytes<byte[]> b = Bytes.allocateElasticOnHeap(1 << 16);
        b.singleThreadedCheckDisabled(true); // see tailer()
        return b;
    }

    private ExcerptTailer tailer() {
        if (tailer == null) {
            tailer = queue.createTailer();
            // Callers serialize access (Timeline: one thread at a time), but not always from the same
            // thread: the UI opens a recording on one thread and navigates on another.
            tailer.singleThreadedCheckDisabled(true);
        }
        return tailer;
    }

    /** The journal files' directory. */
    public File directory() {
        return queue.file();
    }

    private boolean closed;

    /** Idempotent: a Recording may be closed both directly and through the timeline that wraps it. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (appender != null) appender.close();
        if (tailer != null) tailer.close();
        queue.close();
        buffer.releaseLast();
    }
}
