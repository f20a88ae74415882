package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceModel;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Line stepping on code nobody wrote for this project: LZ4's decoder at -O2
 * (../shared/realworld/wasm/lz4_bench.wasm), whose inlined helpers leave a few instructions without
 * any line between their last line and the caller's next. A hundred line steps forward, then a
 * hundred back, visit the same steps, for step over and step into.
 */
class RealProgramSteppingTest {
    private static final int STEPS = 100;

    @TempDir
    Path dir;

    @Test
    void lineStepsThroughLz4sInlinedDecoderComeBackTheSameWay() throws IOException {
        byte[] wasm = Files.readAllBytes(io.backstep.engine.RealWorld.wasm().resolve("lz4_bench.wasm"));
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(wasm, RunConfig.of("lz4_bench", List.of("8")), dir.resolve("rec"),
                new Recorder.Options())) {
            SourceModel model = SourceModel.of(t.module().module());
            // The decoder's main loop (LZ4_decompress_generic, inlined into LZ4_decompress_safe).
            LineBreakpoint bp = model.lineBreakpoint("lz4.c", 2217, t.compiledModule());
            assertEquals(2217, bp.line(), bp.toString());
            long first = Long.MAX_VALUE;
            for (LineBreakpoint.Position p : bp.positions()) {
                t.seek(0);
                Stop s = t.runTo(p.functionIndex(), p.wasmOffset(), Direction.FORWARD);
                if (s.reason() == Stop.Reason.STEP) first = Math.min(first, s.step());
            }
            assertTrue(first < Long.MAX_VALUE, "the run reaches lz4.c:2217");
            for (SourceStepper.Kind kind : List.of(SourceStepper.Kind.OVER, SourceStepper.Kind.INTO)) {
                t.seek(first);
                SourceStepper stepper = new SourceStepper(t, model);
                List<Long> forward = new ArrayList<>(List.of(first));
                for (int i = 0; i < STEPS; i++) forward.add(step(stepper, kind, Direction.FORWARD));
                List<Long> backward = new ArrayList<>(List.of(t.currentStep()));
                for (int i = 0; i < STEPS; i++) backward.add(step(stepper, kind, Direction.BACKWARD));
                Collections.reverse(backward);
                assertEquals(forward, backward, kind + ": back visits the steps forward visited");
            }
        }
    }

    private static long step(SourceStepper stepper, SourceStepper.Kind kind, Direction d) {
        Stop s = stepper.step(kind, d);
        assertEquals(Stop.Reason.STEP, s.reason(), kind + " " + d);
        return s.step();
    }
}
