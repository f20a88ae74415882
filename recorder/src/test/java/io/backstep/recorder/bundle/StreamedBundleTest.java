package io.backstep.recorder.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.journal.JournalMirror;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle written while recording holds what an export of the same journal afterwards holds. */
class StreamedBundleTest {
    /** Records {@code sample} with a streamed bundle at {@code bundle}; the journal goes to {@code dir}. */
    private static EndInfo record(Path dir, Path bundle, String sample, long interval, String... args) throws IOException {
        try (StreamedBundle streamed = StreamedBundle.create(bundle)) {
            Recorder.Options o = new Recorder.Options().interval(interval).mirror(streamed);
            EndInfo end = Recorder.recordAndClose(Wasm.load(BundleTest.sample(sample)), RunConfig.of(sample, List.of(args)), dir, o);
            streamed.finish();
            return end;
        }
    }

    /** Writes the recording in {@code dir} both ways and checks that the two bundles agree; returns the streamed one's manifest. */
    private static Manifest assertSameAsExport(Path tmp, String sample, long interval, String... args) throws IOException {
        Path streamed = tmp.resolve(sample + ".streamed.bstrace");
        Path exported = tmp.resolve(sample + ".exported.bstrace");
        EndInfo end = record(tmp.resolve("rec"), streamed, sample, interval, args);
        Manifest expected;
        try (Recording rec = Recording.open(tmp.resolve("rec"))) {
            assertEquals(end, rec.end());
            expected = Bundle.export(rec, exported);
        }
        Manifest actual = Bundle.manifest(streamed);
        // Every field but the time of writing.
        assertEquals(expected, new Manifest(actual.formatVersion(), actual.toolVersion(), expected.created(), actual.moduleSha256(),
                actual.moduleBytes(), actual.config(), actual.checkpointInterval(), actual.window(), actual.windowFrom(),
                actual.windowTo(), actual.firstStep(), actual.steps(), actual.originalSteps(), actual.end(), actual.checkpoints(),
                actual.fullCheckpoints(), actual.wasiEvents(), actual.journalBytes(), actual.journalRecords(), actual.journalSha256()));
        try (ZipFile a = new ZipFile(streamed.toFile()); ZipFile b = new ZipFile(exported.toFile())) {
            for (String entry : List.of(Bundle.MODULE, Bundle.JOURNAL)) {
                try (InputStream x = a.getInputStream(a.getEntry(entry)); InputStream y = b.getInputStream(b.getEntry(entry))) {
                    assertArrayEquals(y.readAllBytes(), x.readAllBytes(), entry);
                }
            }
        }
        try (Recording back = Bundle.open(streamed, tmp.resolve("work"))) {
            ReplayVerifier.Result v = ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            assertTrue(v.identical(), "diverged at " + v.divergedAt());
        }
        return actual;
    }

    @Test
    void finishedRunWithManyCheckpointsAndWasiCalls(@TempDir Path tmp) throws IOException {
        Manifest m = assertSameAsExport(tmp, "fib", 997, "12");
        assertEquals(EndInfo.Kind.FINISHED, m.end().kind());
        assertTrue(m.checkpoints() > 50 && m.fullCheckpoints() > 1 && m.incrementalCheckpoints() > 0, m.toString());
        assertTrue(m.wasiEvents() > 10, m.toString());
    }

    @Test
    void aRecordingPreparedBeforeItsModuleIsLoadedIsTheSameAndOneNeverMadeRecordsNothing(@TempDir Path tmp) throws IOException {
        // What `record` does: the journal is created while the module is decoded.
        Path bundle = tmp.resolve("prepared.bstrace");
        try (StreamedBundle streamed = StreamedBundle.create(bundle);
             Recorder.Prepared prepared = Recorder.prepare(tmp.resolve("rec"), new Recorder.Options().interval(997).mirror(streamed))) {
            RunConfig config = RunConfig.of("fib", List.of("12"));
            EndInfo end = prepared.recordAndClose(Wasm.load(BundleTest.sample("fib")), config);
            assertEquals(EndInfo.Kind.FINISHED, end.kind());
            assertThrows(IllegalStateException.class, () -> prepared.recordAndClose(Wasm.load(BundleTest.sample("fib")), config));
            streamed.finish();
        }
        try (Recording back = Bundle.open(bundle, tmp.resolve("work"))) {
            assertTrue(back.checkpoints().size() > 50);
            assertTrue(ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
        }
        // The module never came (it did not decode): the journal is closed with no record in it (no
        // queue file, only Chronicle's metadata), and the partial bundle is removed.
        Path never = tmp.resolve("never.bstrace");
        try (StreamedBundle streamed = StreamedBundle.create(never);
             Recorder.Prepared prepared = Recorder.prepare(tmp.resolve("empty"), new Recorder.Options().mirror(streamed))) {
            // (the caller's module fails to load here)
            assertFalse(Files.exists(never), "a bundle has another name until it is finished");
        }
        assertFalse(Files.exists(never));
        try (var files = Files.list(tmp.resolve("empty"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".cq4")));
        }
    }

    @Test
    void trappedRun(@TempDir Path tmp) throws IOException {
        Manifest m = assertSameAsExport(tmp, "corruption", 50_000);
        assertEquals(EndInfo.Kind.TRAPPED, m.end().kind());
    }

    @Test
    void moduleLargerThanAJournalPiece(@TempDir Path tmp) throws IOException {
        // bigprog's 2.4 MB module makes the header a record of many pieces.
        Manifest m = assertSameAsExport(tmp, "bigprog", 1 << 20);
        assertTrue(m.moduleBytes() > 4 * io.backstep.recorder.journal.Journal.MAX_PIECE, "module of " + m.moduleBytes() + " bytes");
    }

    @Test
    void nothingAppearsUntilFinished(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("x.bstrace");
        try (StreamedBundle streamed = StreamedBundle.create(file)) {
            Recorder.recordAndClose(Wasm.load(BundleTest.sample("fib")), RunConfig.of("fib", List.of("5")), tmp.resolve("rec"),
                    new Recorder.Options().mirror(streamed));
            assertFalse(Files.exists(file));
        }
        assertFalse(Files.exists(file), "a bundle given up is not put in place");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("rec")), files.toList(), "and its partial file is deleted");
        }
    }

    @Test
    void aBundleThatCannotBeWrittenLeavesTheRecordingWhole(@TempDir Path tmp) throws IOException {
        // A disk that fills up after 64 KiB of the bundle.
        OutputStream filling = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 64 * 1024) throw new IOException("No space left on device");
            }
        };
        Path out = tmp.resolve("x.bstrace");
        EndInfo end;
        try (StreamedBundle streamed = new StreamedBundle(out, BundleFile.writingTo(out, filling))) {
            end = Recorder.recordAndClose(Wasm.load(BundleTest.sample("fib")), RunConfig.of("fib", List.of("12")), tmp.resolve("rec"),
                    new Recorder.Options().interval(997).mirror(streamed));
            BundleException e = assertThrows(BundleException.class, streamed::finish);
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        }
        assertEquals(EndInfo.Kind.FINISHED, end.kind(), "the recording went on");
        try (Recording rec = Recording.open(tmp.resolve("rec"))) {
            assertEquals(end, rec.end());
            ReplayVerifier.Result v = ReplayVerifier.verify(rec, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            assertTrue(v.identical(), "the journal is whole: diverged at " + v.divergedAt());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void missingFolderIsABundleException(@TempDir Path tmp) {
        BundleException e = assertThrows(BundleException.class, () -> StreamedBundle.create(tmp.resolve("no/such/x.bstrace")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aMirrorThatFailsFailsTheRecording(@TempDir Path tmp) {
        JournalMirror failing = (recordKind, pieceKind, bytes, offset, length) -> {
            if (recordKind == RecordKind.CHECKPOINT) throw new BundleException("cannot write x.bstrace: No space left on device");
        };
        JournalException e = assertThrows(JournalException.class, () -> Recorder.recordAndClose(Wasm.load(BundleTest.sample("fib")),
                RunConfig.of("fib", List.of("9")), tmp.resolve("rec"), new Recorder.Options().interval(997).mirror(failing)));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    }
}
