package io.backstep.recorder.journal;

import io.backstep.engine.WasmException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.internal.PosixAPIHolder;

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
    /** Random access to records ({@link #open}), apart from the sequential scan of {@link #next}. */
    private ExcerptTailer reader;
    private JournalMirror mirror;
    /** Largest payload piece in one queue record: well inside what a 4 MiB block accepts. */
    public static final int MAX_PIECE = 256 * 1024;
    private static final long BLOCK_SIZE = 4L << 20;

    private Journal(ChronicleQueue queue) {
        this.queue = queue;
    }

    private static ChronicleQueue build(Path dir, boolean readOnly) {
        withoutNativePosix();
        File f = dir.toFile();
        return SingleChronicleQueueBuilder.single(f)
                .rollCycle(LargeRollCycles.LARGE_DAILY)
                .timeProvider(() -> 0L)
                .blockSize(BLOCK_SIZE)
                .readOnly(readOnly)
                .build();
    }

    /**
     * Tells Chronicle to use its no-op POSIX binding. Its first use in a JVM would otherwise try to bind
     * libc through JNR, which the build leaves out (as it leaves out JNA, which Chronicle's thread
     * affinity would load: see the root pom): a journal needs the binding for one call only,
     * msync(MS_ASYNC) when a mapped region is released, which Linux has not acted on since 2.6.19
     * (dirty pages of a shared mapping are written back whether or not it is called), and which a
     * recording does not need to survive a killed process: the page cache holds what was written.
     * Selecting it first saves Chronicle the failed load. Idempotent.
     */
    private static void withoutNativePosix() {
        PosixAPIHolder.useNoOpPosixApi();
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

    /** From now on, every piece appended is also given to {@code mirror} (null: none). */
    public void mirrorTo(JournalMirror mirror) {
        this.mirror = mirror;
    }

    /** Appends one record of any size; returns its journal index (that of its first piece). */
    public long append(int kind, byte[] payload) {
        if (kind == RecordKind.PART || kind <= 0 || kind > 255) throw new IllegalArgumentException("bad record kind " + kind);
        if (appender == null) appender = queue.createAppender();
        long first = -1;
        int at = 0;
        while (payload.length - at > MAX_PIECE) {
            writeQueueRecord(kind, RecordKind.PART, payload, at, MAX_PIECE);
            if (first < 0) first = appender.lastIndexAppended();
            at += MAX_PIECE;
        }
        writeQueueRecord(kind, kind, payload, at, payload.length - at);
        return first >= 0 ? first : appender.lastIndexAppended();
    }

    /**
     * Appends one record whose payload is written to the returned stream, piece by piece as it fills:
     * a record of any size costs one piece of memory. Closing the stream completes the record; until
     * then readers see the journal end before it.
     */
    public RecordPieces append(int kind) {
        return new RecordPieces(kind, (pieceKind, piece, length) -> appendPiece(kind, pieceKind, piece, length));
    }

    /**
     * Appends one queue record as it stands: a {@link RecordKind#PART} piece or the last piece of a
     * record (copying a journal piece by piece, as a bundle does when it is unpacked).
     */
    public void appendPiece(int kind, byte[] piece, int length) {
        appendPiece(kind, kind, piece, length);
    }

    private void appendPiece(int recordKind, int kind, byte[] piece, int length) {
        if (kind <= 0 || kind > 255) throw new IllegalArgumentException("bad record kind " + kind);
        if (length > MAX_PIECE) throw new IllegalArgumentException("record piece of " + length + " bytes");
        if (appender == null) appender = queue.createAppender();
        writeQueueRecord(recordKind, kind, piece, 0, length);
    }

    /** Appends a lone piece with no record after it, as a recorder killed mid-record leaves (tests only). */
    void appendPieceForTest(byte[] piece) {
        appendPiece(RecordKind.PART, piece, piece.length);
    }

    private void writeQueueRecord(int recordKind, int kind, byte[] payload, int offset, int length) {
        // Straight from the array into the queue's mapped file: Chronicle's copy from an on-heap Bytes
        // goes a long at a time through virtual calls, which dominated the writing of big snapshots.
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte((byte) kind);
            bytes.write(payload, offset, length);
        }
        if (mirror != null) mirror.piece(recordKind, kind, payload, offset, length);
    }

    /**
     * A record read back: its index, kind, payload length (kind byte not included) and payload, which
     * is null when the reader did not ask for it ({@link #next(IntPredicate)}).
     */
    public record Entry(long index, int kind, long length, byte[] payload) {
    }

    /** Reads the record at {@code index}, its payload joined in memory (records that fit an array). */
    public Entry read(long index) {
        try (InputStream in = open(index)) {
            byte[] payload = in.readAllBytes();
            return new Entry(index, lastKind, payload.length, payload);
        } catch (IOException e) {
            throw new JournalException("cannot read the journal record at index " + Long.toHexString(index) + ": " + WasmException.describe(e), e);
        }
    }

    /** Moves to the first record; then {@link #next()} reads records in order. */
    public void rewind() {
        tailer().toStart();
    }

    /** The next whole record (its pieces joined), or null at the end (also when the journal ends inside one). */
    public Entry next() {
        return next(kind -> true);
    }

    /**
     * The next record, or null at the end (also when the journal ends inside one). Its payload is read
     * only if {@code withPayload} accepts its kind: the pieces of other records are passed over without
     * being copied, so indexing a journal of big checkpoints costs their count, not their size.
     */
    public Entry next(IntPredicate withPayload) {
        ExcerptTailer t = tailer();
        long first = -1;
        long length = 0;
        while (true) {
            int kind;
            long index;
            byte[] single = null;
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) return null;
                index = dc.index();
                Bytes<?> bytes = dc.wire().bytes();
                if (bytes.readRemaining() < 1) throw new JournalException("empty journal record at index " + Long.toHexString(index));
                kind = bytes.readUnsignedByte();
                long size = bytes.readRemaining();
                if (kind == RecordKind.PART && size > MAX_PIECE) {
                    throw new JournalException("oversized record piece at index " + Long.toHexString(index));
                }
                length += size;
                if (first < 0 && kind != RecordKind.PART && withPayload.test(kind)) {
                    single = new byte[(int) size]; // a record in one piece: read it here
                    bytes.read(single);
                }
            }
            if (first < 0) first = index;
            if (kind == RecordKind.PART) continue;
            if (single != null || !withPayload.test(kind)) return new Entry(first, kind, length, single);
            return read(first);
        }
    }

    /**
     * The payload of the record at {@code index} as a stream over its pieces, read one piece at a time.
     * A journal that ends inside the record ends the stream early ({@link java.io.EOFException} to
     * readers that expect more). One stream at a time: opening another ends this one.
     */
    public InputStream open(long index) {
        ExcerptTailer r = reader();
        if (!r.moveToIndex(index)) throw new JournalException("no journal record at index " + Long.toHexString(index));
        return new PieceStream(r);
    }

    /** Kind of the record the last stream of {@link #open} ended with (for {@link #read}). */
    private int lastKind;

    private final class PieceStream extends InputStream {
        private final ExcerptTailer tailer;
        private final byte[] piece = new byte[MAX_PIECE];
        private int size;
        private int at;
        private boolean last;

        PieceStream(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /** Loads the next piece; false at the end of the record (or of a journal cut inside it). */
        private boolean fill() {
            while (at == size) {
                if (last) return false;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        last = true;
                        return false;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    long index = dc.index();
                    if (bytes.readRemaining() < 1) throw new JournalException("empty journal record at index " + Long.toHexString(index));
                    int kind = bytes.readUnsignedByte();
                    long n = bytes.readRemaining();
                    if (n > MAX_PIECE) throw new JournalException("oversized record piece at index " + Long.toHexString(index));
                    size = (int) n;
                    at = 0;
                    bytes.read(piece, 0, size);
                    if (kind != RecordKind.PART) {
                        last = true;
                        lastKind = kind;
                    }
                }
            }
            return true;
        }

        @Override
        public int read() {
            return fill() ? piece[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, size - at);
            System.arraycopy(piece, at, b, off, n);
            at += n;
            return n;
        }
    }

    private ExcerptTailer reader() {
        if (reader == null) {
            reader = queue.createTailer();
            reader.singleThreadedCheckDisabled(true); // as tailer()
        }
        return reader;
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
        if (reader != null) reader.close();
        queue.close();
    }
}
