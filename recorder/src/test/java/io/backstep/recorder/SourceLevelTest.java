package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.source.CExprException;
import io.backstep.engine.source.CValue;
import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption sample (-O2) at the source level over its recording: variables at line breakpoints
 * equal what the program prints, a watchpoint on board.leader found by reverse-continue lands on the
 * corrupting line of fill_scores, C breakpoint conditions, and line stepping forward then backward
 * visits the same steps.
 */
class SourceLevelTest {
    @TempDir
    static Path dir;
    private static ReplayTimeline t;
    private static SourceModel model;
    private static List<String> source;

    @BeforeAll
    static void record() throws IOException {
        t = (ReplayTimeline) Recordings.record(SeekTest.sample("corruption"), RunConfig.of("corruption", List.of()), dir.resolve("rec"),
                new Recorder.Options());
        model = SourceModel.of(t.module().module());
        try (InputStream in = SourceLevelTest.class.getResourceAsStream("/samples/src/corruption.c")) {
            source = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        }
    }

    @AfterAll
    static void close() {
        t.close();
    }

    /** 1-based line of the first source line containing {@code text}. */
    static int line(String text) {
        for (int i = 0; i < source.size(); i++) if (source.get(i).contains(text)) return i + 1;
        throw new AssertionError("no line with " + text);
    }

    private static LineBreakpoint.Position position(int line) {
        LineBreakpoint bp = model.lineBreakpoint("corruption.c", line, t.compiledModule());
        assertEquals(line, bp.line(), "line " + line + " has code");
        assertEquals(1, bp.positions().size(), bp.toString());
        return bp.positions().get(0);
    }

    private static Stop runTo(int line, Direction d) {
        LineBreakpoint.Position p = position(line);
        return t.runTo(p.functionIndex(), p.wasmOffset(), d);
    }

    private static SourceState here() {
        return new SourceState(model, t.state());
    }

    private static long num(SourceState s, String expr) {
        CValue v = s.evaluate(expr, s.top());
        return v.asLong(s.access(s.top()));
    }

    private static String console() {
        return t.console(t.endStep());
    }

    @Test
    void variablesAtLineBreakpointsEqualWhatTheProgramPrints() {
        t.seek(0);
        int fill = line("fill_scores(n); /*");
        assertEquals(Stop.Reason.STEP, runTo(fill, Direction.FORWARD).reason());
        SourceState s = here();
        SourceFrame top = s.top();
        assertEquals("main", top.function());
        assertEquals(fill, top.position().line());
        assertTrue(top.position().file().matches("corruption.c"));

        Matcher lives = Pattern.compile("board.leader lives at 0x([0-9a-f]{8})").matcher(console());
        assertTrue(lives.find());
        assertEquals(Long.parseLong(lives.group(1), 16), num(s, "&board.leader"));
        assertEquals(Long.parseLong(lives.group(1), 16), num(s, "(unsigned) &board.scores[8]"), "scores[8] is board.leader");
        Matcher fav = Pattern.compile("(\\d+) players; pre-season favourite is (\\w+)").matcher(console());
        assertTrue(fav.find());
        assertEquals("\"" + fav.group(2) + "\"", s.watch("board.leader->name").text());
        assertEquals("char[12]", s.watch("board.leader->name").type());
        CValue n = s.evaluate("n", top);
        if (n.available()) assertEquals(Long.parseLong(fav.group(1)), n.asLong(s.access(top)));
        else assertTrue(n.missing().contains("optimized out"), n.missing());
        // The roster is a linked list on the heap: its first player, through pointers.
        assertEquals("\"Ada\"", s.watch("roster->name").text());
        assertEquals("\"Brook\"", s.watch("roster->next->name").text());
        assertEquals(7, num(s, "roster->next->skill"));

        // print_table_leader's printf, hit once every 100 rounds: the values it prints.
        Matcher after = Pattern.compile("after round (\\d+): top of the table is (\\w+) with (-?\\d+) points").matcher(console());
        int printf = line("printf(\"after round");
        int hits = 0;
        while (after.find()) {
            assertEquals(Stop.Reason.STEP, runTo(printf, Direction.FORWARD).reason());
            SourceState p = here();
            assertEquals("print_table_leader", p.top().function());
            assertEquals(Long.parseLong(after.group(1)), num(p, "board.rounds_played"));
            try {
                assertEquals(Long.parseLong(after.group(3)), num(p, "board.scores[best]"));
            } catch (CExprException e) {
                assertTrue(e.getMessage().contains("optimized out"), e.getMessage()); // best may live nowhere at -O2
            }
            hits++;
        }
        assertEquals(3, hits);
    }

    @Test
    void aWatchpointOnAStructMemberFoundByReverseContinueLandsOnTheCorruptingLine() {
        t.seek(t.endStep());
        SourceState end = here();
        assertEquals("report", end.top().function());
        assertEquals(0xFFFFFFFFL, num(end, "(unsigned) board.leader"));
        SourceState.LValue leader = end.lvalue("board.leader");
        assertEquals(4, leader.length());
        Watchpoint w = t.addMemoryWatchpoint(leader.address(), leader.length());
        try {
            Stop stop = t.resume(Direction.BACKWARD);
            assertEquals(Stop.Reason.WATCHPOINT, stop.reason());
            assertEquals(w.id(), stop.id());
            assertEquals(0xFFFFFFFFL, num(here(), "(unsigned) board.leader"), "the stop is just after the corrupting store");
            assertEquals(t.lastWrite(leader.address(), 4, t.endStep()).orElseThrow().step(), stop.step());
            // The state before the stop shows the writing instruction as the current one.
            t.seek(stop.step() - 1);
            SourceState at = here();
            SourceFrame f = at.top();
            assertEquals("fill_scores", f.function());
            assertEquals(line("board.scores[i] = NO_SCORE;"), f.position().line());
            CValue i = at.evaluate("i", f);
            if (i.available()) assertEquals(8, i.asLong(at.access(f)), "the iteration i == n");
        } finally {
            t.removeWatchpoint(w.id());
        }
    }

    @Test
    void breakpointConditionsAreCExpressions() {
        // add_points(p, points): stop only when Ezra (skill 18) wins a match.
        LineBreakpoint.Position entry = position(line("if (board.scores[p->slot] == NO_SCORE)"));
        var bp = t.addBreakpoint(entry.functionIndex(), entry.wasmOffset(), "p->skill == 18 && points == 3");
        try {
            t.seek(0);
            Stop stop = t.resume(Direction.FORWARD);
            assertEquals(Stop.Reason.BREAKPOINT, stop.reason());
            SourceState s = here();
            assertEquals("add_points", s.top().function());
            assertEquals(18, num(s, "p->skill"));
            assertEquals(3, num(s, "points"));
            assertEquals("\"Ezra\"", s.watch("p->name").text());
            assertEquals(0, t.hitCount(bp.id()), "no earlier step met the condition there");
        } finally {
            t.removeBreakpoint(bp.id());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.addBreakpoint(entry.functionIndex(), entry.wasmOffset(), "nosuch > 1"));
        assertTrue(e.getMessage().contains("no variable 'nosuch'"), e.getMessage());
    }

    /** A line step's stop: its step and where the source says it is. */
    private record LineStop(long step, String function, int line) { }

    /** {@code n} line steps; each must stop on a line, with the timeline's state refreshed there. */
    private static List<LineStop> steps(SourceStepper stepper, SourceStepper.Kind kind, Direction d, int n) {
        List<LineStop> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Stop s = stepper.step(kind, d);
            assertEquals(Stop.Reason.STEP, s.reason(), kind + " " + d + " #" + i);
            assertEquals(s.step(), t.currentStep());
            assertEquals(s.step(), t.state().step(), "the state is refreshed");
            SourceFrame top = here().top();
            assertTrue(top.position() != null, "a line step stops on a line");
            out.add(new LineStop(s.step(), top.function(), top.position().line()));
        }
        return out;
    }

    @Test
    void lineSteppingForwardThenBackwardVisitsTheSameSteps() {
        stepForwardThenBack();
    }

    /** The same at -O0 (engine/src/test/resources/debuginfo/corruption.O0.wasm, see build.sh there). */
    @Test
    void lineSteppingForwardThenBackwardVisitsTheSameStepsAtO0() throws IOException {
        byte[] o0 = java.nio.file.Files.readAllBytes(Path.of("../engine/src/test/resources/debuginfo/corruption.O0.wasm"));
        ReplayTimeline optimized = t;
        SourceModel optimizedModel = model;
        t = (ReplayTimeline) Recordings.record(o0, RunConfig.of("corruption", List.of()), dir.resolve("o0"), new Recorder.Options());
        model = SourceModel.of(t.module().module());
        try {
            assertEquals(4, model.dwarfVersion());
            stepForwardThenBack();
        } finally {
            t.close();
            t = optimized;
            model = optimizedModel;
        }
    }

    /**
     * A breakpoint on a function by its source name stops after the function's prologue, as gdb's
     * {@code break FUNCTION}: at -O0 the arguments are in the frame only from there (at the first
     * instruction the frame base is still 0 and {@code points} would read 0). {@code main} is found by
     * its source name although the name section calls it {@code __original_main}.
     */
    @Test
    void aFunctionBreakpointStopsAfterThePrologueWithTheArgumentsInPlace() throws IOException {
        byte[] o0 = java.nio.file.Files.readAllBytes(Path.of("../engine/src/test/resources/debuginfo/corruption.O0.wasm"));
        try (ReplayTimeline o = (ReplayTimeline) Recordings.record(o0, RunConfig.of("corruption", List.of()), dir.resolve("entry"), new Recorder.Options())) {
            SourceModel m = SourceModel.of(o.module().module());
            int main = o.module().sourceFunction(m, "main");
            assertEquals("__original_main", o.module().module().functionName(main));
            int fn = o.module().sourceFunction(m, "add_points");
            assertTrue(fn >= 0, "add_points by its source name");
            int entry = o.module().sourceEntryOffset(m, fn);
            assertTrue(entry > o.module().firstInstructionOffset(fn), "after the prologue: " + entry);
            o.addBreakpoint(fn, entry, "points == 1"); // the third call: add_points(a, 1)
            Stop s = o.resume(Direction.FORWARD);
            assertEquals(Stop.Reason.BREAKPOINT, s.reason());
            SourceState st = new SourceState(m, o.state());
            assertEquals("add_points", st.top().function());
            assertEquals(1, st.evaluate("points", st.top()).asLong(st.access(st.top())));
            assertNotEquals(0, st.evaluate("(int)p", st.top()).asLong(st.access(st.top())), "p points at a player");
            assertTrue(st.evaluate("p->skill", st.top()).asLong(st.access(st.top())) > 0, "p->skill is a player's skill");
            // At the function's first instruction the same variables are not yet in place.
            o.seek(0);
            o.runTo(fn, -1, Direction.FORWARD);
            SourceState before = new SourceState(m, o.state());
            assertEquals(0, before.evaluate("points", before.top()).asLong(before.access(before.top())),
                    "before the prologue the frame base is still 0: the reason for stopping after it");
        }
    }

    /**
     * From main's call of fill_scores: step over stays in main; step into enters fill_scores, goes
     * through every line of its loop (the store line each iteration) and comes back to main; then as
     * many steps back visit the same steps in reverse.
     */
    private static void stepForwardThenBack() {
        SourceStepper stepper = new SourceStepper(t, model);
        t.seek(0);
        int fill = line("fill_scores(n); /*");
        runTo(fill, Direction.FORWARD);
        long start = t.currentStep();
        int store = line("board.scores[i] = NO_SCORE;");

        for (SourceStepper.Kind kind : List.of(SourceStepper.Kind.OVER, SourceStepper.Kind.INTO)) {
            t.seek(start);
            int n = kind == SourceStepper.Kind.OVER ? 6 : 60;
            List<LineStop> forward = new ArrayList<>();
            forward.add(new LineStop(start, "main", fill));
            forward.addAll(steps(stepper, kind, Direction.FORWARD, n));
            for (int i = 1; i < forward.size(); i++) {
                assertTrue(forward.get(i).step() > forward.get(i - 1).step());
                assertTrue(!forward.get(i).equals(forward.get(i - 1)), "each step moves to another line or iteration");
            }
            if (kind == SourceStepper.Kind.OVER) {
                assertTrue(forward.stream().allMatch(s -> s.function().equals("main")), "step over stays in main: " + forward);
            } else {
                long stores = forward.stream().filter(s -> s.function().equals("fill_scores") && s.line() == store).count();
                assertEquals(9, stores, "step into stops at the store of each of fill_scores' 9 iterations: " + forward);
                int back = forward.indexOf(forward.stream().filter(s -> s.step() > start && s.function().equals("main")).findFirst().orElseThrow());
                assertEquals("fill_scores", forward.get(back - 1).function(), "back in main after fill_scores: " + forward);
            }
            List<LineStop> backward = new ArrayList<>();
            backward.add(forward.get(forward.size() - 1));
            backward.addAll(steps(stepper, kind, Direction.BACKWARD, n));
            Collections.reverse(backward);
            assertEquals(forward, backward, kind.toString());
        }
    }

    @Test
    void stepOutOfAFunctionAndBackToItsCall() {
        SourceStepper stepper = new SourceStepper(t, model);
        t.seek(0);
        int store = line("board.scores[i] = NO_SCORE;");
        runTo(store, Direction.FORWARD);
        assertEquals("fill_scores", here().top().function());
        int depth = t.state().frames().size();
        Stop out = stepper.step(SourceStepper.Kind.OUT, Direction.FORWARD);
        assertEquals(Stop.Reason.STEP, out.reason());
        assertEquals("main", here().top().function());
        assertEquals(depth - 1, t.state().frames().size());
        t.seek(out.step() - 1);
        assertEquals("fill_scores", here().top().function(), "just after the return");
        runTo(store, Direction.BACKWARD);
        Stop back = stepper.step(SourceStepper.Kind.OUT, Direction.BACKWARD);
        assertEquals(Stop.Reason.STEP, back.reason());
        assertEquals("main", here().top().function());
        assertEquals(line("fill_scores(n); /*"), here().top().position().line());
        assertTrue(back.step() < out.step());
    }

    @Test
    void aBreakpointOrWatchpointInACalledFunctionStopsALineStepBothWays() {
        SourceStepper stepper = new SourceStepper(t, model);
        int fill = line("fill_scores(n); /*");
        t.seek(0);
        runTo(fill, Direction.FORWARD);
        long atCall = t.currentStep();
        Stop over = stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD);
        assertEquals(Stop.Reason.STEP, over.reason(), "nothing enabled: the line runs as a whole");
        long afterCall = over.step();

        // A breakpoint on the store inside fill_scores: forward, its first hit; backward, its last (i == n).
        LineBreakpoint.Position store = position(line("board.scores[i] = NO_SCORE;"));
        var bp = t.addBreakpoint(store.functionIndex(), store.wasmOffset(), null);
        try {
            t.seek(atCall);
            Stop first = stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD);
            assertEquals(Stop.Reason.BREAKPOINT, first.reason());
            assertEquals(bp.id(), first.id());
            assertEquals("fill_scores", here().top().function());
            CValue i0 = here().evaluate("i", here().top());
            if (i0.available()) assertEquals(0, i0.asLong(here().access(here().top())), "the first iteration");
            assertTrue(first.step() > atCall && first.step() < afterCall);
            assertEquals(first.step(), t.state().step(), "the state is refreshed");

            t.seek(afterCall);
            Stop last = stepper.step(SourceStepper.Kind.OVER, Direction.BACKWARD);
            assertEquals(Stop.Reason.BREAKPOINT, last.reason());
            assertEquals("fill_scores", here().top().function());
            CValue i = here().evaluate("i", here().top());
            if (i.available()) assertEquals(8, i.asLong(here().access(here().top())), "the last iteration, i == n");
            assertTrue(last.step() > first.step() && last.step() < afterCall);

            t.setBreakpointEnabled(bp.id(), false);
            t.seek(atCall);
            assertEquals(afterCall, stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD).step(), "a disabled breakpoint does not stop");
        } finally {
            t.removeBreakpoint(bp.id());
        }

        // A watchpoint on board.leader: the corrupting store inside fill_scores, both ways.
        t.seek(atCall);
        SourceState.LValue leader = here().lvalue("board.leader");
        Watchpoint w = t.addMemoryWatchpoint(leader.address(), leader.length());
        try {
            Stop fwd = stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD);
            assertEquals(Stop.Reason.WATCHPOINT, fwd.reason());
            assertEquals(w.id(), fwd.id());
            assertEquals(0xFFFFFFFFL, num(here(), "(unsigned) board.leader"));
            t.seek(afterCall);
            Stop back = stepper.step(SourceStepper.Kind.OVER, Direction.BACKWARD);
            assertEquals(Stop.Reason.WATCHPOINT, back.reason());
            assertEquals(fwd.step(), back.step(), "one write: the same stop both ways");
            // A line step that writes nothing watched is not stopped.
            t.seek(afterCall);
            assertEquals(Stop.Reason.STEP, stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD).reason());
        } finally {
            t.removeWatchpoint(w.id());
        }
    }

    @Test
    void aWatchpointWrittenByTheSteppedLineItselfStopsTheStepBothWays() {
        SourceStepper stepper = new SourceStepper(t, model);
        t.seek(0);
        runTo(line("board.scores[i] = NO_SCORE;"), Direction.FORWARD);
        long atStore = t.currentStep();
        SourceState.LValue slot = here().lvalue("board.scores[0]");
        Stop plain = stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD);
        assertEquals(Stop.Reason.STEP, plain.reason());
        Watchpoint w = t.addMemoryWatchpoint(slot.address(), slot.length());
        try {
            t.seek(atStore);
            Stop fwd = stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD);
            assertEquals(Stop.Reason.WATCHPOINT, fwd.reason(), "the store of the line stepped over writes scores[0]");
            assertTrue(fwd.step() > atStore && fwd.step() <= plain.step(), fwd + " within the line");
            assertEquals(-1, num(here(), "board.scores[0]"));
            t.seek(plain.step());
            Stop back = stepper.step(SourceStepper.Kind.OVER, Direction.BACKWARD);
            assertEquals(Stop.Reason.WATCHPOINT, back.reason());
            assertEquals(fwd.step(), back.step());
        } finally {
            t.removeWatchpoint(w.id());
        }
    }

    /** A recording of the program that stops early, its program still live: line steps past its end record more. */
    @Test
    void lineStepsPastTheEndOfALiveRecordingRecordMore() throws IOException {
        SourceStepper full = new SourceStepper(t, model);
        t.seek(0);
        runTo(line("fill_scores(n); /*"), Direction.FORWARD);
        long start = t.currentStep();
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < 4; k++) expected.add(full.step(SourceStepper.Kind.OVER, Direction.FORWARD).step());

        Recorder.Options options = new Recorder.Options().interval(1 << 12).maxSteps(start + 10);
        try (ReplayTimeline live = (ReplayTimeline) Recordings.record(SeekTest.sample("corruption"), RunConfig.of("corruption", List.of()),
                dir.resolve("live"), options)) {
            assertTrue(live.canExtend());
            assertEquals(start + 10, live.endStep());
            live.seek(start);
            SourceStepper stepper = new SourceStepper(live, SourceModel.of(live.module().module()));
            for (long want : expected) {
                Stop s = stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD);
                assertEquals(Stop.Reason.STEP, s.reason());
                assertEquals(want, s.step(), "the same stop as over the whole recording");
            }
            assertTrue(live.endStep() > expected.get(expected.size() - 1), "recorded more: " + live.endStep());
            // And back again over what was recorded on the way.
            Stop back = stepper.step(SourceStepper.Kind.OVER, Direction.BACKWARD);
            assertEquals(expected.get(expected.size() - 2), back.step());
        }
    }

    @Test
    void malformedDebugInfoLeavesTheWasmLevelDebuggerWorking() throws IOException {
        byte[] bytes = SeekTest.sample("corruption");
        CompiledModule clean = io.backstep.engine.Wasm.load(bytes);
        var info = java.util.Arrays.stream(clean.module().customSections()).filter(c -> c.name().equals(".debug_info")).findFirst().orElseThrow();
        byte[] broken = bytes.clone();
        broken[info.payloadStart() + 4] = (byte) 0x63; // the first unit's version: 99
        ReplayTimeline bad = (ReplayTimeline) Recordings.record(broken, RunConfig.of("corruption", List.of()), dir.resolve("bad"),
                new Recorder.Options());
        try {
            SourceModel m = SourceModel.of(bad.module().module());
            bad.seek(bad.endStep());
            SourceState s = new SourceState(m, bad.state());
            assertFalse(m.available());
            assertTrue(m.status().startsWith("debug info unreadable: "), m.status());
            assertEquals(bad.state().frames().size(), s.frames().size(), "one frame per Wasm frame, without lines");
            assertTrue(s.frames().stream().allMatch(f -> f.position() == null));
            assertEquals(List.of(), s.variables(s.top()));
            CExprException e = assertThrows(CExprException.class, () -> s.evaluate("board.leader", s.top()));
            assertTrue(e.getMessage().contains("debug info unreadable"), e.getMessage());
            // Instruction-level stepping still works, and source stepping falls back to it.
            SourceStepper stepper = new SourceStepper(bad, m);
            long end = bad.currentStep();
            Stop back = stepper.step(SourceStepper.Kind.INTO, Direction.BACKWARD);
            assertEquals(end - 1, back.step());
            assertNotEquals(0, bad.state().frames().size());
        } finally {
            bad.close();
        }
    }
    /**
     * At the end of a run that finished: the exit code after main (a caller without line info, then
     * destructors with line info) is stepped through line by line in both directions, and stepping back
     * from the end never falls through to step 0.
     */
    @Test
    void theEndOfAFinishedRunStepsBackAndForthThroughTheExitCode(@TempDir Path tmp) throws IOException {
        try (ReplayTimeline fib = (ReplayTimeline) Recordings.record(SeekTest.sample("fib"), RunConfig.of("fib", List.of()), tmp.resolve("fib"),
                new Recorder.Options())) {
            SourceModel fibModel = SourceModel.of(fib.module().module());
            SourceStepper stepper = new SourceStepper(fib, fibModel);
            fib.seek(fib.endStep());
            List<Long> back = new ArrayList<>();
            for (int i = 0; i < 4; i++) back.add(stepper.step(SourceStepper.Kind.OVER, Direction.BACKWARD).step());
            assertTrue(back.stream().allMatch(s -> s > 0), "stepping back from the end stays in the exit code: " + back);
            List<Long> forward = new ArrayList<>();
            for (int i = 0; i < 3; i++) forward.add(stepper.step(SourceStepper.Kind.OVER, Direction.FORWARD).step());
            List<Long> expected = new ArrayList<>(back.subList(0, 3));
            java.util.Collections.reverse(expected);
            assertEquals(expected, forward, "forward again visits the same steps: back " + back);
        }
    }
}
