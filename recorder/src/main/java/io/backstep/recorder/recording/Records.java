package io.backstep.recorder.recording;

import io.backstep.engine.WasmException;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.journal.JournalException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Encoding of CHECKPOINT, WASI and END payloads (layouts in docs/formats.md). Public so that
 * shareable bundles can re-encode a recording's records (full or trimmed to a window).
 */
public final class Records {
    private Records() {
    }

    /**
     * A checkpoint record as a byte array: its head, then {@code snapshot} deflated (records of
     * snapshots that fit an array; tests build damaged recordings with it).
     */
    public static byte[] checkpoint(long step, boolean full, int wasiIndex, long digest, int[] chunks, byte[] snapshot,
                                    FunctionActivity activity) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshot.length / 4 + 64);
        try (OutputStream out = checkpoint(bytes, step, full, wasiIndex, digest, chunks, activity)) {
            out.write(snapshot);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes a checkpoint record's head to {@code record} and returns the stream its engine snapshot is
     * to be written to: the snapshot is deflated into {@code record} as it comes (stored where it does
     * not compress, see {@link AdaptiveDeflater}), so a snapshot of any size passes through a fixed
     * amount of memory. Closing the returned stream ends the snapshot and
     * closes {@code record}.
     */
    public static OutputStream checkpoint(OutputStream record, long step, boolean full, int wasiIndex, long digest, int[] chunks,
                                          FunctionActivity activity) throws IOException {
        writeCheckpointHead(record, step, full, wasiIndex, digest, chunks, activity);
        return new AdaptiveDeflater(record);
    }

    private static void writeCheckpointHead(OutputStream record, long step, boolean full, int wasiIndex, long digest, int[] chunks,
                                            FunctionActivity activity) throws IOException {
        DataOutputStream out = new DataOutputStream(record);
        out.writeLong(step);
        out.writeBoolean(full);
        out.writeInt(wasiIndex);
        out.writeLong(digest);
        out.writeInt(chunks.length);
        writeGaps(out, chunks);
        writeActivity(out, activity);
        out.flush();
    }

    /**
     * Reads a checkpoint record's head from {@code in}, which is left at the start of the compressed
     * snapshot (the rest of the record).
     */
    static Checkpoint checkpointHead(long journalIndex, DataInputStream in) {
        try {
            long step = in.readLong();
            boolean full = in.readBoolean();
            int wasiIndex = in.readInt();
            long digest = in.readLong();
            int n = in.readInt();
            // At most one entry per 4 KiB chunk of the largest memory.
            if (n < 0 || n > MAX_CHUNKS) throw new JournalException("corrupt checkpoint at step " + step);
            int[] chunks = readGaps(in, n);
            FunctionActivity activity = readActivity(in, step);
            return new Checkpoint(step, journalIndex, full, wasiIndex, digest, chunks, activity);
        } catch (IOException e) {
            throw new JournalException("corrupt checkpoint record: " + WasmException.describe(e), e);
        }
    }

    /** Bytes of a checkpoint record's head before its variable part: step, full flag, WASI index, digest. */
    public static final int CHECKPOINT_FIXED_HEAD = 8 + 1 + 4 + 8;

    /** The step of a checkpoint record whose payload starts at {@code head[offset]} (its first {@link #CHECKPOINT_FIXED_HEAD} bytes). */
    public static long checkpointStep(byte[] head, int offset) {
        long step = 0;
        for (int i = 0; i < 8; i++) step = step << 8 | (head[offset + i] & 0xFF);
        return step;
    }

    /** Whether the checkpoint record whose payload starts at {@code head[offset]} holds a full snapshot. */
    public static boolean checkpointFull(byte[] head, int offset) {
        return head[offset + 8] != 0;
    }

    private static final int MAX_CHUNKS = Memory.MAX_PAGES * (Memory.PAGE_SIZE / Memory.CHUNK_SIZE);

    /**
     * The engine snapshot of a checkpoint record, inflated as it is read from {@code rest} (the record
     * after its head). Damage to the compressed data is a {@link JournalException}; the end of the
     * snapshot must be the end of the record ({@link #checkEnd}).
     */
    static SnapshotStream snapshot(InputStream rest, long step) {
        return new SnapshotStream(rest, step);
    }

    /** Inflates a checkpoint's snapshot; its read errors are typed journal errors. */
    static final class SnapshotStream extends InputStream {
        private final InputStream raw;
        private final Inflater inflater = new Inflater();
        private final InflaterInputStream in;
        private final long step;

        SnapshotStream(InputStream raw, long step) {
            this.raw = raw;
            this.step = step;
            this.in = new InflaterInputStream(raw, inflater, 64 * 1024);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                int n = in.read(b, off, len);
                // InflaterInputStream takes a cut stream for its end; it is a damaged record.
                if (n < 0 && !inflater.finished()) throw new EOFException("the compressed snapshot is cut short");
                return n;
            } catch (IOException e) {
                throw new JournalException("corrupt checkpoint snapshot at step " + step + ": " + WasmException.describe(e), e);
            }
        }

        /** The compressed snapshot must end where the record does. */
        void checkEnd() {
            try {
                if (!inflater.finished() || inflater.getRemaining() > 0 || raw.read() != -1) {
                    throw new JournalException("corrupt checkpoint at step " + step + ": bytes after its snapshot");
                }
            } catch (IOException e) {
                throw new JournalException("corrupt checkpoint snapshot at step " + step + ": " + WasmException.describe(e), e);
            }
        }

        @Override
        public void close() {
            inflater.end();
        }
    }

    private static final int ACTIVITY_TAG = 0xAC;

    private static void writeActivity(DataOutputStream out, FunctionActivity a) throws IOException {
        out.writeByte(ACTIVITY_TAG);
        writeVarInt(out, a.top() + 1);
        writeAscending(out, a.called());
        for (long n : a.calls()) writeVarLong(out, n);
        writeAscending(out, a.resumed());
    }

    private static FunctionActivity readActivity(DataInputStream in, long step) throws IOException {
        if (in.readUnsignedByte() != ACTIVITY_TAG) throw new JournalException("corrupt function activity in checkpoint at step " + step);
        int top = readVarInt(in) - 1;
        if (top < -1) throw new JournalException("corrupt function activity in checkpoint at step " + step);
        int[] called = readAscending(in, step);
        long[] calls = new long[called.length];
        for (int i = 0; i < calls.length; i++) calls[i] = readVarLong(in);
        int[] resumed = readAscending(in, step);
        return new FunctionActivity(top, called, calls, resumed);
    }

    private static void writeAscending(DataOutputStream out, int[] values) throws IOException {
        writeVarInt(out, values.length);
        writeGaps(out, values);
    }

    private static int[] readAscending(DataInputStream in, long step) throws IOException {
        int n = readVarInt(in);
        if (n < 0) throw new JournalException("corrupt function activity in checkpoint at step " + step);
        return readGaps(in, n);
    }

    /** Ascending values as varint gaps from the previous one (the first from 0): small numbers. */
    private static void writeGaps(DataOutputStream out, int[] ascending) throws IOException {
        int previous = 0;
        for (int v : ascending) {
            writeVarInt(out, v - previous);
            previous = v;
        }
    }

    private static int[] readGaps(DataInputStream in, int n) throws IOException {
        // Grows as values arrive: a corrupt count meets the end of the record before it allocates much.
        int[] r = new int[Math.min(n, 1 << 12)];
        long previous = 0;
        for (int i = 0; i < n; i++) {
            if (i == r.length) r = Arrays.copyOf(r, (int) Math.min(n, 2L * r.length));
            int gap = readVarInt(in);
            previous += gap;
            // Indices are ascending and fit an int; anything else is a damaged record.
            if (gap < 0 || previous > Integer.MAX_VALUE) throw new JournalException("corrupt index list in checkpoint");
            r[i] = (int) previous;
        }
        return r;
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new JournalException("corrupt varint in checkpoint");
    }

    public static byte[] wasi(long step, WasiEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(step);
            event.writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    record WasiRecord(long step, WasiEvent event) {
    }

    static WasiRecord wasi(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            return new WasiRecord(in.readLong(), WasiEvent.readFrom(in));
        } catch (IOException | RuntimeException e) {
            throw new JournalException("corrupt WASI record: " + WasmException.describe(e), e);
        }
    }

    public static byte[] end(EndInfo end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(end.step());
            out.writeByte(end.kind().ordinal());
            out.writeInt(end.exitCode());
            out.writeUTF(end.message() == null ? "" : end.message());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static EndInfo end(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            long step = in.readLong();
            int kind = in.readUnsignedByte();
            EndInfo.Kind[] kinds = EndInfo.Kind.values();
            if (kind >= kinds.length) throw new JournalException("corrupt END record");
            return new EndInfo(step, kinds[kind], in.readInt(), in.readUTF());
        } catch (IOException e) {
            throw new JournalException("corrupt END record", e);
        }
    }

    private static void writeVarInt(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new JournalException("corrupt varint in checkpoint");
    }
}
