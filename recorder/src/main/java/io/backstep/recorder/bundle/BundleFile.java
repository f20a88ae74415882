package io.backstep.recorder.bundle;

import io.backstep.engine.WasmException;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.journal.RecordPieces;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A .bstrace as it is written, by an export or while recording ({@link StreamedBundle}): a hidden
 * partial file beside the target, holding the module entry and then journal.bin, piece by piece as
 * the journal holds its records; {@link #finish} adds the manifest and moves the file into place, so
 * a reader never sees half a bundle. Closing a bundle that was not finished deletes the partial file.
 * Every problem is a {@link BundleException} naming the target.
 */
final class BundleFile implements AutoCloseable {
    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path out;
    private final Path partial; // null when writing to a stream (tests)
    private final ZipOutputStream zip;
    private final MessageDigest sha = Bundle.sha256();
    private DataOutputStream journal;
    private int level = Deflater.DEFAULT_COMPRESSION;
    private boolean inRecord; // the last piece was a PART: the next one continues its record
    private long journalBytes;
    private long records;
    private String journalSha256;
    private boolean done; // finished, or given up by close: nothing is left to close or delete

    private BundleFile(Path out, Path partial, ZipOutputStream zip) {
        this.out = out;
        this.partial = partial;
        this.zip = zip;
    }

    /** Starts writing {@code out}: its folder must exist; partial files that killed writers left for it are removed. */
    static BundleFile create(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new BundleException("cannot write " + out + ": the folder " + parent + " does not exist");
        String name = out.getFileName().toString();
        removeStalePartials(parent, name);
        try {
            // The partial's name holds the writer's process id: the next writer of the same file removes it if that process is gone.
            Path tmp = Files.createTempFile(parent, "." + name + "." + ProcessHandle.current().pid() + ".", PARTIAL_SUFFIX);
            return new BundleFile(out, tmp, new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)));
        } catch (IOException e) {
            throw failure(out, e);
        }
    }

    /** A bundle written to {@code stream} instead of a partial file beside {@code out} (tests: a disk that fills up). */
    static BundleFile writingTo(Path out, OutputStream stream) {
        return new BundleFile(out, null, new ZipOutputStream(new BufferedOutputStream(stream, 1 << 16)));
    }

    /** Writes the module entry and starts journal.bin: the first thing written, once. */
    void begin(byte[] module) {
        if (journal != null) throw new IllegalStateException("bundle already begun");
        try {
            zip.putNextEntry(new ZipEntry(Bundle.MODULE));
            zip.write(module);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(Bundle.JOURNAL));
            journal = new DataOutputStream(new DigestOutputStream(new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            }, sha));
            journal.writeInt(Bundle.JOURNAL_MAGIC);
            journal.writeShort(Bundle.FORMAT_VERSION);
        } catch (IOException e) {
            throw failure(out, e);
        }
    }

    /**
     * Appends one piece of a record of kind {@code recordKind} to journal.bin ({@code pieceKind} is
     * {@link RecordKind#PART}, or the record's kind for its last piece).
     */
    void piece(int recordKind, int pieceKind, byte[] bytes, int offset, int length) {
        try {
            if (!inRecord) levelFor(recordKind);
            inRecord = pieceKind == RecordKind.PART;
            journal.writeByte(pieceKind);
            journal.writeInt(length);
            journal.write(bytes, offset, length);
        } catch (IOException e) {
            throw failure(out, e);
        }
        journalBytes += length;
        if (pieceKind != RecordKind.PART) {
            records++;
            journalBytes++; // the kind byte, as the journal counts a record's size
        }
    }

    /** Whether the next piece starts a record (the last one written ended its record). */
    boolean atRecordStart() {
        return !inRecord;
    }

    /** A stream that writes one record of {@code kind} to journal.bin, cut into pieces as the journal cuts it. */
    RecordPieces record(int kind) {
        return new RecordPieces(kind, (pieceKind, bytes, length) -> piece(kind, pieceKind, bytes, 0, length));
    }

    /**
     * A checkpoint's snapshot is a zlib stream already (the recorder deflated it), which deflating again
     * shrinks little for much time, so checkpoint records go into stored blocks of journal.bin's deflate
     * stream and the rest (the header with the module, WASI events, the end) is deflated. Readers see
     * one ordinary deflated entry either way. The level is set before a record's first piece, where
     * everything before has been handed to the deflater.
     */
    private void levelFor(int recordKind) {
        int wanted = recordKind == RecordKind.CHECKPOINT ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION;
        if (wanted == level) return;
        zip.setLevel(wanted);
        level = wanted;
    }

    /** Journal bytes as the journal counts them: each record's payload and kind byte. */
    long journalBytes() {
        return journalBytes;
    }

    /** Records written to journal.bin. */
    long records() {
        return records;
    }

    /** Ends journal.bin; returns the SHA-256 of its content, which the manifest holds. */
    String endJournal() {
        try {
            journal.writeByte(Bundle.END_OF_RECORDS);
            journal.flush();
            zip.closeEntry();
        } catch (IOException e) {
            throw failure(out, e);
        }
        journalSha256 = HexFormat.of().formatHex(sha.digest());
        return journalSha256;
    }

    /** Writes the manifest, completes the file and moves it into place (replacing any file there). */
    void finish(Manifest manifest) {
        if (journalSha256 == null) throw new IllegalStateException("journal.bin not ended");
        try {
            zip.putNextEntry(new ZipEntry(Bundle.MANIFEST));
            zip.write(manifest.encode());
            zip.closeEntry();
            zip.finish();
            zip.close();
            if (partial != null) {
                shareable(partial);
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
        } catch (IOException e) {
            throw failure(out, e);
        }
    }

    /** Gives up an unfinished bundle: its partial file is deleted (best effort: a stray one is removed by the next writer). */
    @Override
    public void close() {
        if (done) return;
        done = true;
        try {
            zip.close();
        } catch (IOException ignored) {
            // the file is deleted anyway
        }
        if (partial == null) return;
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // harmless: removeStalePartials takes it next time
        }
    }

    static BundleException failure(Path out, IOException e) {
        return new BundleException("cannot write " + out + ": " + WasmException.describe(e), e);
    }

    private static void removeStalePartials(Path folder, String name) {
        String start = "." + name + ".";
        try (var files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (!f.startsWith(start) || !f.endsWith(PARTIAL_SUFFIX)) continue;
                String rest = f.substring(start.length());
                int dot = rest.indexOf('.');
                try {
                    long pid = Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
                    if (!JournalStore.isRunning(pid)) Files.deleteIfExists(p);
                } catch (NumberFormatException | IOException notOurs) {
                    // not a partial of ours, or already gone
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // cleaning up is best effort; writing reports real problems
        }
    }

    /** Temporary files are private (rw-------); a bundle is meant to be shared, so it gets rw-r--r-- where POSIX permissions exist. */
    private static void shareable(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep the defaults
        }
    }
}
