package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeking reproduces exactly the state that straight execution reaches. */
class SeekTest {
    static byte[] sample(String name) throws IOException {
        try (InputStream in = SeekTest.class.getResourceAsStream("/samples/" + name + ".wasm")) {
            return in.readAllBytes();
        }
    }

    /**
     * The recorded program started again outside the timeline, with the recorded WASI results: a straight
     * run, whose states every replayed state must equal.
     */
    static WasiProgram straightRun(ReplayTimeline t) {
        WasiConfig cfg = WasiConfig.builder().args(t.recordingInfo().header().config().args()).build();
        WasiProgram p = WasiProgram.instantiate(Wasm.load(t.recordingInfo().header().module()),
                WasiHost.replay(cfg, t.recordingInfo().wasiEvents()));
        p.start();
        return p;
    }

    /** Digest of the state after each step 0..end, by running the recorded program one step at a time. */
    private static long[] straightDigests(ReplayTimeline t) {
        WasiProgram p = straightRun(t);
        int n = (int) t.endStep();
        long[] d = new long[n + 1];
        d[0] = StateDigest.of(p.machine(), p.instance());
        for (int s = 1; s <= n; s++) {
            p.machine().step();
            assertEquals(s, p.machine().stepCount());
            d[s] = StateDigest.of(p.machine(), p.instance());
        }
        return d;
    }

    @Test
    void seekToEveryStepEqualsSteppingThere(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A small interval forces many incremental checkpoints and restores across them.
        Recorder.Options options = new Recorder.Options().interval(997).stdio(InputStream.nullInputStream(), out, out);
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(sample("fib"), RunConfig.of("fib", List.of("7")), dir, options)) {
            assertEquals(EndInfo.Kind.FINISHED, t.recordingInfo().end().kind());
            assertTrue(t.recordingInfo().checkpoints().size() > 5);
            long[] expected = straightDigests(t);
            int n = expected.length - 1;
            assertEquals(t.endStep(), n);
            // Forward, backward and random order, so every path through restore/replay is taken.
            for (int s = 0; s <= n; s++) {
                t.seek(s);
                assertEquals(expected[s], t.digest(), "forward seek to " + s);
            }
            for (int s = n; s >= 0; s -= 3) {
                t.seek(s);
                assertEquals(expected[s], t.digest(), "backward seek to " + s);
            }
            Random r = new Random(42);
            for (int i = 0; i < 2000; i++) {
                int s = r.nextInt(n + 1);
                t.seek(s);
                assertEquals(s, t.currentStep());
                assertEquals(expected[s], t.digest(), "random seek to " + s);
            }
            // The console replays too, and un-prints when going back.
            assertEquals(out.toString(), t.console(n));
            assertEquals("", t.console(0));
        }
    }

    @Test
    void seeksAcrossCachedGridPointsInLongIntervals(@TempDir Path dir) throws IOException {
        // One checkpoint interval spanning many in-memory grid points (ReplayCache.COARSE and FINE).
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(sample("fib"), RunConfig.of("fib", List.of("20")), dir,
                new Recorder.Options().interval(1L << 20))) {
            long end = t.endStep();
            assertTrue(end > 4 * (1L << 16), "spans several grid cells: " + end);
            Random r = new Random(7);
            long[] steps = r.longs(300, 0, end + 1).sorted().toArray();
            long[] expected = new long[steps.length];
            WasiProgram p = straightRun(t);
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] > p.machine().stepCount()) p.machine().run(steps[i] - p.machine().stepCount());
                expected[i] = StateDigest.of(p.machine(), p.instance());
            }
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < steps.length; k++) {
                    int i = r.nextInt(steps.length);
                    t.seek(steps[i]);
                    assertEquals(expected[i], t.digest(), "seek to " + steps[i]);
                    // and one step back from there, the debugger's most common move
                    if (steps[i] > 0) {
                        t.stepInto(Direction.BACKWARD);
                        t.stepInto(Direction.FORWARD);
                        assertEquals(expected[i], t.digest(), "back and forth at " + steps[i]);
                    }
                }
            }
        }
    }

    @Test
    void theLastStepOfATrappedRunShowsTheTrap(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(sample("corruption"), RunConfig.of("corruption", List.of()), dir,
                new Recorder.Options())) {
            assertEquals(EndInfo.Kind.TRAPPED, t.recordingInfo().end().kind());
            long end = t.endStep();
            assertEquals(io.backstep.recorder.state.MachineState.Status.TRAPPED, t.seek(end).status());
            assertEquals("out of bounds memory access", t.state().trapMessage());
            assertEquals("report", t.state().frames().get(t.state().frames().size() - 1).functionName());
            assertEquals(io.backstep.recorder.state.MachineState.Status.RUNNING, t.seek(end - 1).status());
            assertEquals(io.backstep.recorder.timeline.Stop.Reason.TRAP, t.stepInto(Direction.FORWARD).reason());
            assertEquals(io.backstep.recorder.state.MachineState.Status.TRAPPED, t.state().status());
            assertEquals(end, t.currentStep());
        }
    }

    @Test
    void stepIntoBothWays(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(sample("fib"), RunConfig.of("fib", List.of("3")), dir,
                new Recorder.Options().interval(64))) {
            long[] expected = straightDigests(t);
            t.seek(0);
            for (int s = 1; s <= t.endStep(); s++) {
                t.stepInto(Direction.FORWARD);
                assertEquals(expected[s], t.digest());
            }
            for (long s = t.endStep() - 1; s >= 0; s--) {
                t.stepInto(Direction.BACKWARD);
                assertEquals(expected[(int) s], t.digest());
            }
        }
    }
}
