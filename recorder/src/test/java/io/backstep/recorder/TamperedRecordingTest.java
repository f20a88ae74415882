package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.bundle.BundleTest;
import io.backstep.recorder.bundle.ReplayVerifier;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.InconsistentRecordingException;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.Records;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings altered so that every checksum is consistent again (each copy is a freshly written
 * journal): nothing computed from them may be presented as good. The verifier reports them and every
 * replay-based answer stops with "recording is inconsistent at step N".
 */
class TamperedRecordingTest {
    /** The first WASI event that carries output. */
    private static int firstOutput(Recording rec) {
        for (int i = 0; i < rec.wasiEventCount(); i++) {
            if (rec.wasiEvents().get(i).output() != null && rec.wasiEvents().get(i).output().length > 0) return i;
        }
        throw new AssertionError("the sample writes nothing");
    }

    /** Event {@code e} with its output replaced by as many other bytes (so every length still agrees). */
    private static WasiEvent otherOutput(WasiEvent e) {
        byte[] out = e.output().clone();
        for (int i = 0; i < out.length; i++) if (out[i] >= '0' && out[i] <= '9') out[i] = (byte) ('0' + (out[i] - '0' + 1) % 10);
        return WasiEvent.returned(e.function(), e.args(), e.result(), e.memoryWrites(), e.outputStream(), out);
    }

    @Test
    void alteredOutputIsADivergenceNotTheRecordedText(@TempDir Path tmp) throws IOException {
        try (Recording rec = BundleTest.record(tmp.resolve("rec"), "fib", 997, "8")) {
            int i = firstOutput(rec);
            WasiEvent altered = otherOutput(rec.wasiEvents().get(i));
            try (Recording bad = JournalCopy.withWasiEvent(rec, tmp.resolve("bad"), i, altered)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ReplayVerifier.Result v = ReplayVerifier.verify(bad, out, out);
                assertFalse(v.identical(), "a replay whose output differs from the recording is not identical");
                assertNotNull(v.detail());
                assertTrue(v.detail().contains("other output"), v.detail());
                assertFalse(out.toString(StandardCharsets.UTF_8).contains(new String(altered.output(), StandardCharsets.UTF_8)),
                        "the altered text is never printed as the program's output");
                try (ReplayTimeline t = new ReplayTimeline(bad)) {
                    // Any replay through the output call stops there.
                    InconsistentRecordingException e = assertThrows(InconsistentRecordingException.class, () -> t.seek(rec.wasiStep(i) + 1));
                    assertEquals(rec.wasiStep(i), e.step(), "stops where the output call is");
                    assertTrue(e.getMessage().startsWith("recording is inconsistent at step " + rec.wasiStep(i)), e.getMessage());
                }
            }
        }
    }

    @Test
    void aLastWriteQueryOverADivergingReplayIsRefused(@TempDir Path tmp) throws IOException {
        try (Recording rec = BundleTest.record(tmp.resolve("rec"), "corruption", 1 << 14)) {
            long leader = 0xfd0;
            int i = firstOutput(rec);
            WasiEvent e = rec.wasiEvents().get(i);
            long[] args = e.args().clone();
            args[2]++; // one more iovec than the program passes
            WasiEvent altered = WasiEvent.returned(e.function(), args, e.result(), e.memoryWrites(), e.outputStream(), e.output());
            try (Recording bad = JournalCopy.withWasiEvent(rec, tmp.resolve("bad"), i, altered);
                 ReplayTimeline t = new ReplayTimeline(bad)) {
                InconsistentRecordingException x = assertThrows(InconsistentRecordingException.class,
                        () -> t.lastWrite(leader, 4, t.endStep()));
                assertTrue(x.getMessage().contains("WASI event #" + i), x.getMessage());
            }
            // The untouched recording answers: a real write by an instruction (closing the timeline closes rec).
            try (ReplayTimeline t = new ReplayTimeline(rec)) {
                assertTrue(t.lastWrite(leader, 4, t.endStep()).isPresent());
            }
        }
    }

    @Test
    void aSnapshotWithAConsistentlyAlteredDigestIsCaughtWhenReplayReachesIt(@TempDir Path tmp) throws IOException {
        try (Recording rec = BundleTest.record(tmp.resolve("rec"), "fib", 997, "8")) {
            int k = 7;
            Checkpoint c = rec.checkpoints().get(k);
            // Restore checkpoint k, change a byte of memory, and store that state with its own (matching) digest.
            WasiProgram p = WasiProgram.instantiate(Wasm.load(rec.header().module()),
                    WasiHost.replay(WasiConfig.builder().build(), rec.wasiEvents()));
            int full = k;
            while (!rec.checkpoints().get(full).full()) full--;
            for (int j = full; j <= k; j++) Snapshot.restore(rec.snapshot(rec.checkpoints().get(j)), p.machine(), p.instance());
            p.instance().memory().storeI8(2048, (byte) (p.instance().memory().loadI8(2048) + 1));
            byte[] snapshot = Snapshot.capture(p.machine(), p.instance());
            long digest = StateDigest.of(p.machine(), p.instance());
            byte[] payload = Records.checkpoint(c.step(), true, c.wasiIndex(), digest, c.writtenChunks(), snapshot, c.activity());
            try (Recording bad = JournalCopy.withCheckpoint(rec, tmp.resolve("bad"), k, payload);
                 ReplayTimeline t = new ReplayTimeline(bad)) {
                t.seek(c.step() - 1); // replaying up to just before it is fine
                InconsistentRecordingException e = assertThrows(InconsistentRecordingException.class, () -> t.seek(c.step() + 5));
                assertEquals(c.step(), e.step());
                assertFalse(ReplayVerifier.verify(bad, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
            }
        }
    }

    @Test
    void aSnapshotThatDoesNotMatchItsDigestIsRefusedOnRestore(@TempDir Path tmp) throws IOException {
        try (Recording rec = BundleTest.record(tmp.resolve("rec"), "fib", 997, "8");
             Recording bad = BundleTest.tampered(rec, tmp.resolve("bad"), 7);
             ReplayTimeline t = new ReplayTimeline(bad)) {
            long at = bad.checkpoints().get(7).step();
            // Seeking far into interval 7 restores checkpoint 7 itself, whose digest no longer fits its snapshot.
            InconsistentRecordingException e = assertThrows(InconsistentRecordingException.class, () -> t.seek(at + 1));
            assertEquals(at, e.step());
        }
    }
}
