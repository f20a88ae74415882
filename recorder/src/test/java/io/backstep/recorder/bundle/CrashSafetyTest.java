package io.backstep.recorder.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorder killed with SIGKILL mid-run leaves a recording that opens and replays up to its last checkpoint. */
class CrashSafetyTest {
    @Test
    void killedRecorderLeavesAReplayableRecording(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("rec");
        Process p = ChildJvm.java(RecordChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int seen = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("checkpoint ") && ++seen == 8) break;
            }
            assertEquals(8, seen, "the child recorder made progress");
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no END record
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL");

        try (Recording rec = Recording.open(dir)) {
            assertEquals(EndInfo.Kind.INCOMPLETE, rec.end().kind());
            List<Checkpoint> cps = rec.checkpoints();
            assertTrue(cps.size() >= 8, "checkpoints written before the kill: " + cps.size());
            Checkpoint last = cps.get(cps.size() - 1);
            assertEquals(last.step(), rec.endStep());
            // Straight re-execution from the first snapshot reaches every checkpoint's recorded state.
            ReplayVerifier.Result v = ReplayVerifier.verify(rec, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            assertTrue(v.identical(), "diverged at " + v.divergedAt());
            assertEquals(cps.size(), v.checkpointsVerified());
        }
        try (ReplayTimeline t = new ReplayTimeline(Recording.open(dir))) {
            long end = t.endStep();
            t.seek(end);
            assertEquals(end, t.currentStep());
            assertEquals(t.recordingInfo().checkpoints().get(t.recordingInfo().checkpoints().size() - 1).digest(), t.digest());
            t.seek(end / 2 + 1);
            assertEquals(end / 2 + 1, t.currentStep());
            assertNotNull(t.state().frames());
        }
        // An interrupted recording exports and imports as interrupted.
        Path bundle = tmp.resolve("killed.bstrace");
        try (Recording rec = Recording.open(dir)) {
            Bundle.export(rec, bundle);
        }
        try (Recording back = Bundle.open(bundle, tmp.resolve("work"))) {
            assertEquals(EndInfo.Kind.INCOMPLETE, back.end().kind());
        }
    }
}
