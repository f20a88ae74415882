package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.source.CValue;
import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.source.ValueNode;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inline.c at -O2 (engine/src/test/resources/debuginfo, see build.sh there): clang inlines the static
 * scale() twice into main. A line breakpoint inside scale stops in each inlined copy; there the source
 * frames show the inlined call as a frame of its own with main's call line, and its variables are the
 * ones the program prints.
 */
class InlinedFramesTest {
    private static final Path DIR = Path.of("../engine/src/test/resources/debuginfo");

    private static int line(String text) throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("inline.c"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError("no line with " + text);
    }

    @Test
    void aLineBreakpointInAnInlinedFunctionStopsInEachCopyWithItsFrameAndVariables(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(Files.readAllBytes(DIR.resolve("inline.O2.wasm")),
                RunConfig.of("inline", List.of()), dir, new Recorder.Options())) {
            SourceModel model = SourceModel.of(t.module().module());
            int body = line("the breakpoint line");
            LineBreakpoint bp = model.lineBreakpoint("inline.c", body, t.compiledModule());
            assertEquals(body, bp.line());
            assertEquals(2, bp.positions().size(), "one position per inlined copy: " + bp);
            assertEquals(bp.positions().get(0).functionIndex(), bp.positions().get(1).functionIndex(), "both copies are in main");

            // What the program prints for each call of scale: its arguments and result.
            Matcher printed = Pattern.compile("scale\\((\\d+), (\\d+)\\) = (\\d+)").matcher(t.console(t.endStep()));
            List<long[]> calls = new ArrayList<>();
            while (printed.find()) calls.add(new long[] {Long.parseLong(printed.group(1)), Long.parseLong(printed.group(2))});
            assertEquals(2, calls.size());

            List<Breakpoint> set = new ArrayList<>();
            for (LineBreakpoint.Position p : bp.positions()) set.add(t.addBreakpoint(p.functionIndex(), p.wasmOffset(), null));
            int[] callLines = {line("int small = scale(base, 3);"), line("int large = scale(base, 20);")};
            t.seek(0);
            for (int k = 0; k < 2; k++) {
                Stop s = t.resume(Direction.FORWARD);
                assertEquals(Stop.Reason.BREAKPOINT, s.reason(), "copy " + k);
                SourceState st = new SourceState(model, t.state());
                List<SourceFrame> frames = st.frames();
                SourceFrame inlined = frames.get(0);
                assertEquals("scale", inlined.function());
                assertTrue(inlined.inlined(), "the inlined call is a frame of its own");
                assertEquals(body, inlined.position().line());
                SourceFrame caller = frames.get(1);
                assertEquals("main", caller.function());
                assertFalse(caller.inlined());
                assertEquals(inlined.wasmFrame(), caller.wasmFrame(), "one Wasm frame holds both");
                assertEquals(callLines[k], caller.position().line(), "the caller's position is the call's line");
                assertTrue(caller.position().file().matches("inline.c"));

                List<String> names = st.variables(inlined).stream().map(ValueNode::name).toList();
                assertTrue(names.containsAll(List.of("value", "factor", "scaled")), "the inlined frame's variables: " + names);
                assertFalse(names.contains("small"), "main's variables belong to main's frame: " + names);
                assertTrue(st.variables(caller).stream().map(ValueNode::name).toList().contains("base"));
                long[] args = calls.get(k);
                CValue value = st.evaluate("value", inlined);
                if (value.available()) assertEquals(args[0], value.asLong(st.access(inlined)));
                else assertTrue(value.missing().contains("optimized out"), value.missing());
                CValue factor = st.evaluate("factor", inlined);
                if (factor.available()) assertEquals(args[1], factor.asLong(st.access(inlined)));
                else assertTrue(factor.missing().contains("optimized out"), factor.missing());
                assertTrue(value.available() || factor.available(), "at least one argument has a location here");
            }
            assertEquals(Stop.Reason.END, t.resume(Direction.FORWARD).reason(), "two copies, two stops");
            for (Breakpoint b : set) t.removeBreakpoint(b.id());
        }
    }
}
