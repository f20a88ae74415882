package io.backstep.recorder.bundle;

import io.backstep.engine.WasmException;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.journal.RecordPieces;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RecordingHeader;
import io.backstep.recorder.recording.Records;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Shareable recordings: one {@code .bstrace} file (a zip) holding a manifest, the module and the
 * journal's records re-encoded compactly (the Chronicle queue file itself is sparse and preallocated,
 * so it is never shipped). A bundle can hold a whole recording or a window of it; see
 * docs/formats.md ("The .bstrace bundle").
 */
public final class Bundle {
    /** 3: journal.bin holds the journal's pieces (records of any size), checkpoints in recording format 3. */
    public static final int FORMAT_VERSION = 3;
    public static final String MANIFEST = "manifest.properties";
    public static final String MODULE = "module.wasm";
    public static final String JOURNAL = "journal.bin";
    /** "BSJB": the start of journal.bin. */
    static final int JOURNAL_MAGIC = 0x42534A42;
    /** Kind byte that ends journal.bin (record kinds start at 1). */
    static final int END_OF_RECORDS = 0;
    /** Bounds that keep a corrupt bundle from making us allocate without limit. */
    private static final long MAX_MANIFEST = 1 << 20;
    private static final long MAX_MODULE = 1L << 30;

    private Bundle() {
    }

    /** Exports the whole recording to {@code out}. */
    public static Manifest export(Recording recording, Path out) {
        return write(recording, out);
    }

    /**
     * Exports only the window [fromStep, toStep], exactly: the recording is replayed from the checkpoint
     * before {@code fromStep}, and checkpointed again at {@code fromStep} (a full snapshot), at the
     * recording's checkpoints inside the window (each checked against its recorded digest) and at
     * {@code toStep}, with the WASI events between them and an END record there; a window reaching the
     * end keeps the recording's own end. Step numbers stay those of the original recording.
     */
    public static Manifest export(Recording recording, Path out, long fromStep, long toStep) {
        if (fromStep < 0 || toStep < fromStep) throw new BundleException("bad window [" + fromStep + ", " + toStep + "]");
        if (fromStep > recording.endStep()) {
            throw new BundleException("window start " + fromStep + " is after the end of the recording (step " + recording.endStep() + ")");
        }
        return new WindowExport(recording, fromStep, toStep).write(out);
    }

    private static Manifest write(Recording rec, Path out) {
        List<Checkpoint> cps = rec.checkpoints();
        RecordingHeader header = rec.header();
        EndInfo end = rec.end();
        boolean writeEnd = end.kind() != EndInfo.Kind.INCOMPLETE;
        try (BundleFile file = BundleFile.create(out)) {
            int full = 0;
            file.begin(header.module());
            record(file, RecordKind.HEADER, header.encode());
            int nextEvent = 0;
            for (Checkpoint c : cps) {
                nextEvent = wasiEvents(file, rec, nextEvent, c.wasiIndex());
                if (c.full()) full++;
                // Records stream through piece by piece, copied, not inflated and deflated again.
                try (RecordPieces checkpoint = file.record(RecordKind.CHECKPOINT); InputStream original = rec.checkpointRecord(c)) {
                    original.transferTo(checkpoint);
                }
            }
            // Events after the last checkpoint only exist in interrupted recordings.
            wasiEvents(file, rec, nextEvent, rec.wasiEventCount());
            if (writeEnd) record(file, RecordKind.END, Records.end(end));
            String sha = file.endJournal();
            Manifest m = new Manifest(FORMAT_VERSION, header.toolVersion(), Instant.now().toString(), header.moduleHashHex(),
                    header.module().length, header.config(), header.checkpointInterval(), false,
                    0, rec.endStep(), cps.get(0).step(), end.step(), rec.endStep(),
                    end, cps.size(), full, rec.wasiEventCount(), file.journalBytes(), file.records(), sha);
            file.finish(m);
            return m;
        } catch (IOException e) {
            throw BundleFile.failure(out, e);
        }
    }

    /** Writes the recording's WASI events {@code from} (inclusive) to {@code to} (exclusive) as records; returns {@code to}. */
    static int wasiEvents(BundleFile file, Recording rec, int from, int to) throws IOException {
        for (int e = from; e < to; e++) record(file, RecordKind.WASI, Records.wasi(rec.wasiStep(e), rec.wasiEvents().get(e)));
        return to;
    }

    /** Writes one whole record to journal.bin. */
    static void record(BundleFile file, int kind, byte[] payload) throws IOException {
        try (RecordPieces pieces = file.record(kind)) {
            pieces.write(payload);
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Reads and checks only the manifest of {@code bstrace}. */
    public static Manifest manifest(Path bstrace) {
        try (ZipFile zip = openZip(bstrace)) {
            return Manifest.decode(entry(zip, MANIFEST, MAX_MANIFEST));
        } catch (IOException | RuntimeException e) {
            throw wrap(bstrace, e);
        }
    }

    /**
     * Opens {@code bstrace}: checks the manifest, format version, module hash and journal checksum,
     * rebuilds the journal in a new directory under {@code workDir} and opens it. Any problem with
     * the file is a {@link BundleException}.
     */
    public static Recording open(Path bstrace, Path workDir) {
        Manifest m;
        Path dir;
        try (ZipFile zip = openZip(bstrace)) {
            m = Manifest.decode(entry(zip, MANIFEST, MAX_MANIFEST));
            byte[] module = entry(zip, MODULE, MAX_MODULE);
            if (module.length != m.moduleBytes() || !HexFormat.of().formatHex(sha256().digest(module)).equals(m.moduleSha256())) {
                throw new BundleException("the module in the bundle does not match the SHA-256 in its manifest");
            }
            ZipEntry journal = zip.getEntry(JOURNAL);
            if (journal == null) throw new BundleException("the bundle has no " + JOURNAL);
            // First pass checks everything (checksums, structure, header), so the second never writes a half journal.
            readJournal(zip, journal, m, module, null);
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "recording-");
            try (Journal out = Journal.create(dir)) {
                readJournal(zip, journal, m, module, out);
            }
        } catch (IOException | RuntimeException e) {
            throw wrap(bstrace, e);
        }
        Recording r;
        try {
            r = Recording.open(dir);
        } catch (RuntimeException e) {
            throw new BundleException(bstrace + ": the recording in the bundle is corrupt: " + WasmException.describe(e), e);
        }
        try {
            check(m, r);
        } catch (BundleException e) {
            r.close();
            throw new BundleException(bstrace + ": " + WasmException.describe(e), e);
        }
        return r;
    }

    /** The rebuilt recording must be the one the manifest describes. */
    private static void check(Manifest m, Recording r) {
        List<Checkpoint> cps = r.checkpoints();
        long full = cps.stream().filter(Checkpoint::full).count();
        boolean ok = r.endStep() == m.steps() && r.end().kind() == m.end().kind() && cps.size() == m.checkpoints()
                && full == m.fullCheckpoints() && cps.get(0).step() == m.firstStep() && r.wasiEventCount() == m.wasiEvents()
                && r.journalBytes() == m.journalBytes() && r.header().moduleHashHex().equals(m.moduleSha256())
                && r.header().config().equals(m.config());
        if (!ok) throw new BundleException("the recording in the bundle does not match its manifest");
    }

    /** Reads journal.bin, verifying it; with {@code out} non-null also appends every record to it. */
    private static void readJournal(ZipFile zip, ZipEntry entry, Manifest m, byte[] module, Journal out) throws IOException {
        MessageDigest sha = sha256();
        CRC32 crc = new CRC32();
        long records = 0;
        long bytes = 0;
        try (InputStream raw = zip.getInputStream(entry)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(new CheckedStream(raw, sha, crc), 1 << 16));
            if (in.readInt() != JOURNAL_MAGIC) throw new BundleException(JOURNAL + " is not a Backstep journal stream");
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) throw new BundleException("unsupported journal stream version " + version + " (this Backstep reads version " + FORMAT_VERSION + ")");
            // Pieces as the journal holds them: PART pieces, then the record's own kind with the last one.
            byte[] piece = new byte[Journal.MAX_PIECE];
            ByteArrayOutputStream headerPieces = new ByteArrayOutputStream();
            boolean inRecord = false;
            while (true) {
                int kind = in.readUnsignedByte();
                if (kind == END_OF_RECORDS) {
                    if (inRecord) throw new BundleException(JOURNAL + " ends inside a record");
                    break;
                }
                if (kind < RecordKind.HEADER || kind > RecordKind.PART) throw new BundleException("unknown record kind " + kind + " in " + JOURNAL);
                int length = in.readInt();
                if (length < 0 || length > Journal.MAX_PIECE) throw new BundleException("corrupt record piece length " + length + " in " + JOURNAL);
                in.readFully(piece, 0, length);
                if (records == 0) {
                    if (kind != RecordKind.PART && kind != RecordKind.HEADER) throw new BundleException(JOURNAL + " does not start with a header");
                    if (headerPieces.size() + (long) length > MAX_MODULE + MAX_MANIFEST) throw new BundleException("the header record in " + JOURNAL + " is too large");
                    headerPieces.write(piece, 0, length);
                    if (kind == RecordKind.HEADER) {
                        RecordingHeader h = RecordingHeader.decode(headerPieces.toByteArray());
                        if (!Arrays.equals(h.module(), module)) throw new BundleException("the journal's module differs from " + MODULE);
                    }
                }
                bytes += length;
                inRecord = kind == RecordKind.PART;
                if (!inRecord) {
                    records++;
                    bytes++;
                }
                if (out != null) out.appendPiece(kind, piece, length);
            }
            if (in.read() != -1) throw new BundleException("trailing bytes after the records in " + JOURNAL);
        } catch (EOFException e) {
            throw new BundleException(JOURNAL + " is truncated", e);
        }
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) throw new BundleException(JOURNAL + " fails its CRC check");
        if (!HexFormat.of().formatHex(sha.digest()).equals(m.journalSha256())) {
            throw new BundleException(JOURNAL + " does not match the SHA-256 in the manifest");
        }
        if (records != m.journalRecords() || bytes != m.journalBytes()) throw new BundleException(JOURNAL + " does not match the record counts in the manifest");
    }

    private static ZipFile openZip(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        return new ZipFile(file.toFile());
    }

    /** The whole content of entry {@code name}, at most {@code max} bytes, checked against its CRC. */
    private static byte[] entry(ZipFile zip, String name, long max) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new BundleException("the bundle has no " + name);
        try (InputStream in = zip.getInputStream(e)) {
            byte[] data = in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 64) + 1);
            if (data.length > max) throw new BundleException(name + " is too large");
            CRC32 crc = new CRC32();
            crc.update(data);
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) throw new BundleException(name + " fails its CRC check");
            return data;
        } catch (EOFException ex) {
            throw new BundleException(name + " is truncated", ex);
        }
    }

    private static BundleException wrap(Path file, Throwable e) {
        if (e instanceof NoSuchFileException) return new BundleException(file + ": no such file", e);
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof BundleException) return new BundleException(file + ": " + m, e);
        if (e instanceof IOException) return new BundleException(file + ": not a readable .bstrace bundle (" + m + ")", e);
        return new BundleException(file + ": the bundle is corrupt (" + m + ")", e);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Feeds everything read through a digest and a CRC. */
    private static final class CheckedStream extends java.io.FilterInputStream {
        private final MessageDigest sha;
        private final CRC32 crc;

        CheckedStream(InputStream in, MessageDigest sha, CRC32 crc) {
            super(in);
            this.sha = sha;
            this.crc = crc;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sha.update((byte) b);
                crc.update(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                crc.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip not supported");
        }
    }
}
