package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Going past the recorded end of a live program records more of it. */
class LiveRecordingTest {
    @Test
    void forwardCommandsAtTheEndRecordMore(@TempDir Path dir) throws IOException {
        Recorder.Options options = new Recorder.Options().interval(1 << 14).maxSteps(50_000);
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(SeekTest.sample("loop"), RunConfig.of("loop", List.of()), dir, options)) {
            assertEquals(EndInfo.Kind.STOPPED, t.recordingInfo().end().kind());
            assertEquals(50_000, t.endStep());
            assertTrue(t.canExtend());

            // A step forward from the end grows the recording and moves one step.
            t.seek(t.endStep());
            Stop s = t.stepInto(Direction.FORWARD);
            assertEquals(50_001, s.step());
            assertTrue(t.endStep() > 50_001, "recorded more: " + t.endStep());

            // Continue with nothing to stop at runs on (recording) until paused from another thread.
            ScheduledExecutorService ui = Executors.newSingleThreadScheduledExecutor();
            try {
                // Repeated, so a pause that lands before the command starts (and is cleared by it) is asked again.
                ui.scheduleAtFixedRate(t::pause, 300, 300, TimeUnit.MILLISECONDS);
                Stop paused = t.resume(Direction.FORWARD);
                assertEquals(Stop.Reason.PAUSED, paused.reason());
            } finally {
                ui.shutdownNow();
            }
            long end = t.endStep();
            assertTrue(end > 1_000_000, "kept recording while running forward: " + end);

            // The grown recording replays exactly like a straight run of the program.
            WasiProgram p = WasiProgram.instantiate(Wasm.load(SeekTest.sample("loop")),
                    WasiHost.replay(WasiConfig.builder().args("loop").build(), t.recordingInfo().wasiEvents()));
            p.start();
            for (long step : new long[] {1, 49_999, 50_000, 50_001, 400_000, end / 2, end}) {
                p.machine().run(step - p.machine().stepCount());
                t.seek(step);
                assertEquals(StateDigest.of(p.machine(), p.instance()), t.digest(), "step " + step);
            }
            t.seek(10);
            assertEquals(10, t.currentStep());
        }
    }

    @Test
    void aFinishedProgramCannotBeExtended(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(SeekTest.sample("fib"), RunConfig.of("fib", List.of("5")), dir,
                new Recorder.Options())) {
            assertFalse(t.canExtend());
            t.seek(t.endStep());
            assertEquals(Stop.Reason.END, t.stepInto(Direction.FORWARD).reason());
            assertEquals(Stop.Reason.END, t.resume(Direction.FORWARD).reason());
        }
    }
}
