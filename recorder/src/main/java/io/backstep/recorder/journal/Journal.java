package io.backstep.recorder.journal;

import io.backstep.engine.WasmException;
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
 *
 * <p>A queue record must fit a fraction of the queue's block, so payloads of any size (a 20 MB module,
 * a checkpoint of a 64 MiB memory that does not compress) are written as {@link RecordKind#PART}
 * records of at most {@link #MAX_PIECE} bytes followed by the record itself holding the last piece;
 * readers put the pieces back together, so callers only ever see whole records. A journal cut short
 * inside a run of pieces (the recorder was killed) ends before that record.
 */
public final class Journal implements AutoCloseable {
    private final ChronicleQueue queue;
    private ExcerptAppender appender;
    private ExcerptTailer tailer;
    private final Bytes<byte[]> buffer = newBuffer();
    /** Largest payload piece in one queue record: well inside what a 4 MiB block accepts. */
    public static final int MAX_PIECE = 256 * 1024;
    private static final long BLOCK_SIZE = 4L << 20;

    private Journal(ChronicleQueue queue) {
        this.queue = queue;
    }

    private static ChronicleQueue build(Path dir, boolean readOnly) {
        File f = dir.toFile();
        return SingleChronicleQueueBuilder.single(f)
                .rollCycle(LargeRollCycles.LARGE_DAILY)
                .timeProvider(() -> 0L)
                .blockSize(BLOCK_SIZE)
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
            throw new JournalException("cannot create a recording in " + dir + ": " + WasmException.describe(e), e);
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
            throw new JournalException("cannot open " + dir + ": " + WasmException.describe(e), e);
        }
        try {
            return new Journal(build(dir, false));
        } catch (RuntimeException e) {
            throw new JournalException("cannot open recording " + dir + ": " + WasmException.describe(e), e);
        }
    }

    /** Appends one record of any size; returns its journal index (that of its first piece). */
    public long append(int kind, byte[] payload) {
        if (kind == RecordKind.PART || kind <= 0 || kind > 255) throw new IllegalArgumentException("bad record kind " + kind);
        if (appender == null) appender = queue.createAppender();
        long first = -1;
        int at = 0;
        while (payload.length - at > MAX_PIECE) {
            writeQueueRecord(RecordKind.PART, payload, at, MAX_PIECE);
            if (first < 0) first = appender.lastIndexAppended();
            at += MAX_PIECE;
        }
        writeQueueRecord(kind, payload, at, payload.length - at);
        return first >= 0 ? first : appender.lastIndexAppended();
    }

    /** Appends a lone piece with no record after it, as a recorder killed mid-record leaves (tests only). */
    void appendPieceForTest(byte[] piece) {
        if (appender == null) appender = queue.createAppender();
        writeQueueRecord(RecordKind.PART, piece, 0, piece.length);
    }

    private void writeQueueRecord(int kind, byte[] payload, int offset, int length) {
        buffer.clear();
        buffer.writeByte((byte) kind);
        buffer.write(payload, offset, length);
        appender.writeBytes(buffer);
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

    /** The next whole record (its pieces joined), or null at the end (also when the journal ends inside one). */
    public Entry next() {
        ExcerptTailer t = tailer();
        long first = -1;
        java.io.ByteArrayOutputStream pieces = null;
        while (true) {
            buffer.clear();
            if (!t.readBytes(buffer)) return null;
            long index = t.lastReadIndex();
            if (first < 0) first = index;
            if (buffer.readRemaining() < 1) throw new JournalException("empty journal record at index " + Long.toHexString(index));
            int kind = buffer.readUnsignedByte();
            byte[] piece = new byte[(int) buffer.readRemaining()];
            buffer.read(piece);
            if (kind == RecordKind.PART && piece.length > MAX_PIECE) {
                throw new JournalException("oversized record piece at index " + Long.toHexString(index));
            }
            if (kind != RecordKind.PART && pieces == null) return new Entry(first, kind, piece); // a record in one piece
            if (pieces == null) pieces = new java.io.ByteArrayOutputStream(4 * MAX_PIECE);
            pieces.writeBytes(piece);
            if (kind != RecordKind.PART) return new Entry(first, kind, pieces.toByteArray());
        }
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
