package io.backstep.recorder.bundle;

import io.backstep.recorder.journal.JournalMirror;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.journal.RecordPieces;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.RecordingHeader;
import io.backstep.recorder.recording.Records;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A .bstrace written while the program is recorded: it mirrors the journal ({@link JournalMirror}),
 * piece by piece on the journal's thread, so that when the run ends only the manifest is left to
 * write, instead of reading the whole journal back and exporting it. The bundle holds exactly what
 * {@link Bundle#export} of the same journal holds (the same journal.bin content and manifest; tests
 * compare them), and a bundle that is not {@link #finish finished} never appears at its path. A write
 * to the bundle that fails (a full disk) gives the bundle up but not the recording: the journal is
 * written whole, and {@link #finish} says what went wrong.
 */
public final class StreamedBundle implements JournalMirror, AutoCloseable {
    private final Path out;
    private final BundleFile file;
    private ByteArrayOutputStream headerRecord = new ByteArrayOutputStream();
    private RecordingHeader header;
    private ByteArrayOutputStream endRecord;
    private EndInfo end;
    private long firstStep = -1;
    private int checkpoints;
    private int fullCheckpoints;
    private int wasiEvents;

    /**
     * The first write to the bundle that failed (a full disk): the bundle is given up then, and the
     * recording goes on into its journal, which stays whole; {@link #finish} reports it.
     */
    private BundleException failure;

    StreamedBundle(Path out, BundleFile file) {
        this.out = out;
        this.file = file;
    }

    /** Starts a bundle at {@code out} (its folder must exist); nothing is at {@code out} until {@link #finish}. */
    public static StreamedBundle create(Path out) {
        return new StreamedBundle(out, BundleFile.create(out));
    }

    @Override
    public void piece(int recordKind, int pieceKind, byte[] bytes, int offset, int length) {
        if (failure != null) return;
        try {
            copy(recordKind, pieceKind, bytes, offset, length);
        } catch (BundleException e) {
            failure = e;
            file.close();
        }
    }

    private void copy(int recordKind, int pieceKind, byte[] bytes, int offset, int length) {
        if (header == null) {
            header(recordKind, pieceKind, bytes, offset, length);
            return;
        }
        boolean first = file.atRecordStart();
        boolean last = pieceKind != RecordKind.PART;
        switch (recordKind) {
            case RecordKind.CHECKPOINT -> {
                if (first) {
                    if (length < Records.CHECKPOINT_FIXED_HEAD) throw new BundleException("cannot write " + out + ": a checkpoint record starts with " + length + " bytes");
                    checkpoints++;
                    if (Records.checkpointFull(bytes, offset)) fullCheckpoints++;
                    if (firstStep < 0) firstStep = Records.checkpointStep(bytes, offset);
                }
            }
            case RecordKind.WASI -> {
                if (last) wasiEvents++;
            }
            case RecordKind.END -> {
                if (first) endRecord = new ByteArrayOutputStream();
                endRecord.write(bytes, offset, length);
                if (last) end = Records.end(endRecord.toByteArray());
            }
            default -> { }
        }
        file.piece(recordKind, pieceKind, bytes, offset, length);
    }

    /** The journal starts with its header, which holds the module: the bundle's first entry is written from it. */
    private void header(int recordKind, int pieceKind, byte[] bytes, int offset, int length) {
        if (recordKind != RecordKind.HEADER) throw new BundleException("cannot write " + out + ": the journal does not start with its header");
        headerRecord.write(bytes, offset, length);
        if (pieceKind == RecordKind.PART) return;
        byte[] payload = headerRecord.toByteArray();
        headerRecord = null;
        header = RecordingHeader.decodeOwn(payload); // what the recorder just encoded
        file.begin(header.module());
        try (RecordPieces pieces = file.record(RecordKind.HEADER)) {
            pieces.write(payload); // cut as the journal cut it: both cut at the same piece size
        } catch (IOException e) {
            throw BundleFile.failure(out, e);
        }
    }

    /**
     * Ends journal.bin, writes the manifest and moves the bundle into place; call once the journal has
     * written everything (the recorder returned). The recording must have ended (an END record), and
     * every write to the bundle must have succeeded: otherwise this is the {@link BundleException}.
     */
    public Manifest finish() {
        if (failure != null) throw new BundleException(failure.getMessage() + " (the recording went on to its end in the journal)", failure);
        if (end == null) throw new BundleException("cannot write " + out + ": the recording has no end");
        String sha = file.endJournal();
        Manifest m = new Manifest(Bundle.FORMAT_VERSION, header.toolVersion(), Instant.now().toString(), header.moduleHashHex(),
                header.module().length, header.config(), header.checkpointInterval(), false, 0, end.step(), firstStep,
                end.step(), end.step(), end, checkpoints, fullCheckpoints, wasiEvents, file.journalBytes(), file.records(), sha);
        file.finish(m);
        return m;
    }

    /** Deletes the bundle's partial file unless it was finished. */
    @Override
    public void close() {
        file.close();
    }
}
