package io.backstep.recorder.recording;

import io.backstep.engine.WasmException;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.journal.JournalException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encoding of CHECKPOINT, WASI and END payloads (layouts in docs/formats.md). Public so that
 * shareable bundles can re-encode a recording's records (full or trimmed to a window).
 */
public final class Records {
    private Records() {
    }

    /** A decoded checkpoint record: its index entry plus the (inflated) engine snapshot. */
    record CheckpointRecord(Checkpoint checkpoint, byte[] snapshot) {
    }

    public static byte[] checkpoint(long step, boolean full, int wasiIndex, long digest, int[] chunks, byte[] snapshot,
                                    FunctionActivity activity) {
        // The deflated snapshot goes straight into the payload (its length patched in after), so a big
        // memory costs one payload-sized buffer here, not three.
        Payload bytes = new Payload(snapshot.length / 4 + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(step);
            out.writeBoolean(full);
            out.writeInt(wasiIndex);
            out.writeLong(digest);
            out.writeInt(chunks.length);
            writeGaps(out, chunks);
            out.writeInt(snapshot.length);
            out.flush();
            int lengthAt = bytes.size();
            out.writeInt(0);
            out.flush();
            deflate(snapshot, bytes);
            bytes.patchInt(lengthAt, bytes.size() - lengthAt - 4);
            writeActivity(out, activity);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** A byte stream whose already written bytes can be patched. */
    private static final class Payload extends ByteArrayOutputStream {
        Payload(int size) {
            super(size);
        }

        void patchInt(int at, int value) {
            buf[at] = (byte) (value >>> 24);
            buf[at + 1] = (byte) (value >>> 16);
            buf[at + 2] = (byte) (value >>> 8);
            buf[at + 3] = (byte) value;
        }
    }

    /** Decodes a checkpoint; with {@code withSnapshot} false the snapshot is not inflated (indexing). */
    static CheckpointRecord checkpoint(long journalIndex, byte[] payload, boolean withSnapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            long step = in.readLong();
            boolean full = in.readBoolean();
            int wasiIndex = in.readInt();
            long digest = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > in.available()) throw new JournalException("corrupt checkpoint at step " + step);
            int[] chunks = readGaps(in, n);
            int rawLength = in.readInt();
            int packedLength = in.readInt();
            if (rawLength < 0 || packedLength < 0 || packedLength > in.available()) {
                throw new JournalException("corrupt checkpoint at step " + step);
            }
            byte[] snapshot = null;
            if (withSnapshot) snapshot = inflate(in.readNBytes(packedLength), rawLength);
            else in.skipNBytes(packedLength);
            FunctionActivity activity = readActivity(in, step);
            return new CheckpointRecord(new Checkpoint(step, journalIndex, full, wasiIndex, digest, chunks, activity), snapshot);
        } catch (IOException e) {
            throw new JournalException("corrupt checkpoint record", e);
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
        if (n < 0 || n > in.available()) throw new JournalException("corrupt function activity in checkpoint at step " + step);
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
        int[] r = new int[n];
        long previous = 0;
        for (int i = 0; i < n; i++) {
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

    static EndInfo end(byte[] payload) {
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

    private static void deflate(byte[] data, ByteArrayOutputStream out) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(data);
            d.finish();
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] packed, int rawLength) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(packed);
            byte[] out = new byte[rawLength];
            int n = 0;
            while (n < rawLength && !inf.finished()) {
                int k = inf.inflate(out, n, rawLength - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                n += k;
            }
            if (n != rawLength) throw new JournalException("corrupt checkpoint snapshot (inflated " + n + " of " + rawLength + " bytes)");
            return out;
        } catch (DataFormatException e) {
            throw new JournalException("corrupt checkpoint snapshot: " + WasmException.describe(e), e);
        } finally {
            inf.end();
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
