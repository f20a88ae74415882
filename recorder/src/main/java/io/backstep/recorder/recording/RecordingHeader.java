package io.backstep.recorder.recording;

import io.backstep.engine.code.CompiledModule;
import io.backstep.recorder.journal.JournalException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** The first journal record: what was run, and how the journal is laid out. */
public record RecordingHeader(int formatVersion, String toolVersion, byte[] moduleSha256, byte[] module,
                              RunConfig config, long checkpointInterval) {
    public static final int MAGIC = 0x42535452; // "BSTR"
    /** 3: checkpoint records end with their compressed snapshot (streamed), engine snapshot version 2. */
    public static final int FORMAT_VERSION = 3;
    public static final String TOOL_VERSION = "backstep 0.1.0";

    /** The header of a recording of {@code module}, named by the hash the module computed once (its snapshots carry it too). */
    public static RecordingHeader create(CompiledModule module, RunConfig config, long checkpointInterval) {
        return new RecordingHeader(FORMAT_VERSION, TOOL_VERSION, module.sha256(), module.module().bytes(), config, checkpointInterval);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String moduleHashHex() {
        return HexFormat.of().formatHex(moduleSha256);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(formatVersion);
            out.writeUTF(toolVersion);
            out.write(moduleSha256);
            out.writeInt(module.length);
            out.write(module);
            writeStrings(out, config.args());
            writeStrings(out, config.env());
            out.writeInt(config.preopens().size());
            for (RunConfig.Preopen p : config.preopens()) {
                out.writeUTF(p.hostPath());
                out.writeUTF(p.guestPath());
            }
            out.writeLong(checkpointInterval);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static RecordingHeader decode(byte[] payload) {
        return decode(payload, true);
    }

    /**
     * Decodes a header this process has just encoded (a bundle written as its journal is), without
     * hashing the module again: the hash was computed from these bytes, and a cold SHA-256 of a big
     * module takes tens of milliseconds while the recording starts.
     */
    public static RecordingHeader decodeOwn(byte[] payload) {
        return decode(payload, false);
    }

    private static RecordingHeader decode(byte[] payload, boolean checkHash) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readInt() != MAGIC) throw new JournalException("not a Backstep recording (bad header magic)");
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) throw new JournalException("unsupported recording format version " + version
                    + " (this Backstep reads version " + FORMAT_VERSION + "; record the program again)");
            String tool = in.readUTF();
            byte[] hash = in.readNBytes(32);
            int n = in.readInt();
            if (n < 0 || n > in.available()) throw new JournalException("recording header is truncated");
            byte[] module = in.readNBytes(n);
            if (checkHash && !Arrays.equals(hash, sha256(module))) throw new JournalException("the recorded module does not match its SHA-256");
            List<String> args = readStrings(in);
            List<String> env = readStrings(in);
            int np = in.readInt();
            if (np < 0 || np > 10_000) throw new JournalException("recording header is corrupt");
            List<RunConfig.Preopen> pre = new ArrayList<>();
            for (int i = 0; i < np; i++) pre.add(new RunConfig.Preopen(in.readUTF(), in.readUTF()));
            long interval = in.readLong();
            if (interval <= 0) throw new JournalException("recording header is corrupt (interval)");
            return new RecordingHeader(version, tool, hash, module, new RunConfig(args, env, pre), interval);
        } catch (IOException e) {
            throw new JournalException("recording header is truncated or corrupt", e);
        }
    }

    private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) out.writeUTF(s);
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) throw new JournalException("recording header is corrupt");
        List<String> r = new ArrayList<>();
        for (int i = 0; i < n; i++) r.add(in.readUTF());
        return r;
    }
}
