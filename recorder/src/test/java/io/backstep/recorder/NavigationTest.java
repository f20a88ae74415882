package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step over/out, continue, run-to, breakpoints, watchpoints and last-write, checked against a straight-run oracle. */
class NavigationTest {
    private static ReplayTimeline record(String sample, List<String> args, Path dir, long interval) throws IOException {
        return (ReplayTimeline) Recordings.record(SeekTest.sample(sample), RunConfig.of(sample, args), dir,
                new Recorder.Options().interval(interval));
    }

    static int functionIndex(ReplayTimeline t, String name) {
        for (Map.Entry<Integer, String> e : t.module().module().names().functionNames().entrySet()) {
            if (e.getValue().equals(name)) return e.getKey();
        }
        throw new AssertionError("no function " + name);
    }

    private static FrameInfo top(MachineState s) {
        return s.frames().get(s.frames().size() - 1);
    }

    private static long firstAfter(Trace tr, long s, java.util.function.IntPredicate p) {
        for (int t = (int) s + 1; t <= tr.end; t++) if (p.test(t)) return t;
        return tr.end;
    }

    private static long lastBefore(Trace tr, long s, java.util.function.IntPredicate p) {
        for (int t = (int) s - 1; t >= 0; t--) if (p.test(t)) return t;
        return 0;
    }

    private static void assertStop(Stop stop, long expected, ReplayTimeline t, String what) {
        assertEquals(expected, stop.step(), what);
        assertEquals(expected, t.currentStep(), what + ": the timeline is at the stop");
        assertEquals(expected, t.state().step(), what + ": the state is the stop's");
        Stop.Reason want = expected == t.endStep() ? null : expected == 0 ? Stop.Reason.START : Stop.Reason.STEP;
        if (want != null) assertEquals(want, stop.reason(), what);
        else assertTrue(stop.reason() == Stop.Reason.END || stop.reason() == Stop.Reason.TRAP, what + ": " + stop);
    }

    @Test
    void stepOverAndOutFollowCallDepthBothWays(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("fib", List.of("5"), dir, 97)) {
            Trace tr = new Trace(t, -1);
            int fib = functionIndex(t, "fib");
            List<Integer> states = new ArrayList<>();
            for (int s = 0; s <= tr.end; s += 37) states.add(s);
            Random r = new Random(7);
            for (int i = 0; i < 100; i++) states.add(r.nextInt(tr.end + 1));
            // Every call made inside fib (the recursion) is covered explicitly.
            for (int s = 0; s <= tr.end; s++) if (tr.function[s] == fib && tr.isCall(s)) states.add(s);
            states.add(tr.end);
            int calls = 0;
            for (int s : states) {
                int d = tr.depth[s];
                t.seek(s);
                long over = s >= tr.end ? tr.end : tr.isCall(s) ? firstAfter(tr, s, u -> tr.depth[u] <= d) : s + 1;
                assertStop(t.stepOver(Direction.FORWARD), over, t, "step over from " + s);
                if (tr.isCall(s) && s < tr.end) {
                    calls++;
                    assertEquals(d, tr.depth[(int) over], "a step over a call returns to the same frame");
                    // Reverse step over from there comes straight back to the call.
                    if (over < tr.end) assertStop(t.stepOver(Direction.BACKWARD), s, t, "reverse step over back to " + s);
                }

                t.seek(s);
                int dd = Math.max(1, d);
                assertStop(t.stepOver(Direction.BACKWARD), lastBefore(tr, s, u -> tr.depth[u] <= dd), t, "reverse step over from " + s);

                t.seek(s);
                assertStop(t.stepOut(Direction.FORWARD), s >= tr.end ? tr.end : firstAfter(tr, s, u -> tr.depth[u] < d), t,
                        "step out from " + s);

                t.seek(s);
                long outBack = d <= 1 ? 0 : lastBefore(tr, s, u -> tr.depth[u] < d);
                assertStop(t.stepOut(Direction.BACKWARD), outBack, t, "reverse step out from " + s);
                if (d > 1 && s > 0) {
                    assertEquals(d - 1, tr.depth[(int) outBack]);
                    assertTrue(tr.isCall((int) outBack), "reverse step out lands on the call");
                }
            }
            assertTrue(calls > 20, "enough calls were stepped over: " + calls);
        }
    }

    @Test
    void breakpointsWithConditionsAndHitCounts(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("fib", List.of("6"), dir, 251)) {
            Trace tr = new Trace(t, -1);
            int fib = functionIndex(t, "fib");
            CompiledFunction code = t.compiledModule().function(fib);
            Breakpoint b = t.addBreakpoint(fib, -1, "$0 == 1");
            assertEquals("$0 == 1", b.condition());
            List<Long> expected = new ArrayList<>();
            for (int s = 0; s <= tr.end; s++) if (tr.function[s] == fib && tr.pc[s] == 0 && (int) tr.local0[s] == 1) expected.add((long) s);
            assertTrue(expected.size() > 5);

            t.seek(0);
            List<Long> forward = new ArrayList<>();
            Stop stop;
            while ((stop = t.resume(Direction.FORWARD)).reason() == Stop.Reason.BREAKPOINT) {
                assertEquals(b.id(), stop.id());
                assertEquals(fib, top(t.state()).functionIndex());
                assertEquals(1, (int) top(t.state()).locals().get(0).value().lo());
                forward.add(stop.step());
            }
            assertEquals(tr.end, stop.step());
            assertEquals(expected, forward);

            List<Long> backward = new ArrayList<>();
            while ((stop = t.resume(Direction.BACKWARD)).reason() == Stop.Reason.BREAKPOINT) backward.add(stop.step());
            assertEquals(Stop.Reason.START, stop.reason());
            assertEquals(0, t.currentStep());
            Collections.reverse(backward);
            assertEquals(expected, backward);

            // Hit counts: hits in [0, current).
            Random r = new Random(3);
            for (int i = 0; i < 40; i++) {
                int s = i == 0 ? tr.end : r.nextInt(tr.end + 1);
                t.seek(s);
                long want = expected.stream().filter(x -> x < s).count();
                assertEquals(want, t.hitCount(b.id()), "hit count at " + s);
                assertEquals(s, t.currentStep(), "counting does not move the timeline");
            }
            for (long s : expected) {
                t.seek(s);
                assertEquals(expected.indexOf(s), t.hitCount(b.id()), "a hit at the current step is not counted yet");
            }

            // A disabled breakpoint does not stop; an unconditional one at a mid-function instruction does.
            t.setBreakpointEnabled(b.id(), false);
            int pc = code.instructionPc(3);
            int offset = code.wasmOffset(pc);
            Breakpoint mid = t.addBreakpoint(fib, offset, null);
            List<Long> midHits = new ArrayList<>();
            for (int s = 0; s <= tr.end; s++) if (tr.function[s] == fib && tr.pc[s] == pc) midHits.add((long) s);
            t.seek(0);
            List<Long> got = new ArrayList<>();
            while ((stop = t.resume(Direction.FORWARD)).reason() == Stop.Reason.BREAKPOINT) {
                assertEquals(mid.id(), stop.id());
                got.add(stop.step());
            }
            assertEquals(midHits, got);
            t.seek(tr.end);
            assertEquals(midHits.size(), t.hitCount(mid.id()));
            assertEquals(expected.size(), t.hitCount(b.id()), "disabled breakpoints still count");
            t.removeBreakpoint(mid.id());
            assertEquals(1, t.breakpoints().size());
        }
    }

    @Test
    void conditionLanguage(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("fib", List.of("4"), dir, 500)) {
            int fib = functionIndex(t, "fib");
            t.seek(t.endStep());
            long all = t.hitCount(t.addBreakpoint(fib, -1, null).id());
            long ones = t.hitCount(t.addBreakpoint(fib, -1, "$0 == 1").id());
            assertTrue(all > ones && ones > 0);
            // Same hits, written differently.
            assertEquals(ones, t.hitCount(t.addBreakpoint(fib, -1, "($0 * 2 + 1 == 3) && !($0 != 1)").id()));
            assertEquals(ones, t.hitCount(t.addBreakpoint(fib, -1, "$0 - 1 == 0 || $0 < -5").id()));
            assertEquals(ones, t.hitCount(t.addBreakpoint(fib, -1, "$0 << 4 == 0x10").id()));
            assertEquals(ones, t.hitCount(t.addBreakpoint(fib, -1, "$0 * 0.5 == 0.5").id()));
            // i32 arithmetic wraps and is signed; 8 hex digits are an i32 bit pattern; floats compare as doubles.
            assertEquals(all, t.hitCount(t.addBreakpoint(fib, -1, "0xffffffff == -1 && (1 << 31) < 0 && 2147483647 + 1 < 0").id()));
            assertEquals(all, t.hitCount(t.addBreakpoint(fib, -1, "1.5 * 2 == 3 && 7 / 2 == 3 && -7 % 3 == -1 && (6 ^ 3) == 5 && (6 | 1) == 7").id()));
            assertEquals(all, t.hitCount(t.addBreakpoint(fib, -1, "-1 >>> 28 == 15 && -16 >> 2 == -4 && 0x100000000 > 0 && 1e3 == 1000").id()));
            assertEquals(all, t.hitCount(t.addBreakpoint(fib, -1, "$g0 > 0 && $0 >= 0").id()));
            // Division by zero makes the condition false instead of failing.
            assertEquals(0, t.hitCount(t.addBreakpoint(fib, -1, "1 / ($0 - $0) == 0").id()));
            assertEquals(0, t.hitCount(t.addBreakpoint(fib, -1, "0").id()));

            for (String bad : List.of("$0 ==", "nosuch == 1", "$9 > 0", "(1", "1 +* 2", "1 << 1.5", "$g7 == 0", "1 # 2", "0x", "12abc", "()")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.addBreakpoint(fib, -1, bad), bad);
                assertTrue(e.getMessage().contains("condition"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> t.addBreakpoint(0, -1, null), "imported function");
            assertThrows(IllegalArgumentException.class, () -> t.addBreakpoint(fib, 1 << 30, null), "offset outside the function");
        }
    }

    @Test
    void runToBothWays(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("fib", List.of("5"), dir, 173)) {
            Trace tr = new Trace(t, -1);
            int fib = functionIndex(t, "fib");
            CompiledFunction code = t.compiledModule().function(fib);
            int pc = code.instructionPc(code.instructionCount() - 1);
            int offset = code.wasmOffset(pc);
            List<Long> expected = new ArrayList<>();
            for (int s = 0; s <= tr.end; s++) if (tr.function[s] == fib && tr.pc[s] == pc) expected.add((long) s);
            t.addBreakpoint(functionIndex(t, "__original_main"), -1, null); // run-to ignores other breakpoints
            t.seek(0);
            List<Long> got = new ArrayList<>();
            Stop stop;
            while ((stop = t.runTo(fib, offset, Direction.FORWARD)).reason() == Stop.Reason.STEP) {
                assertEquals(offset, top(t.state()).wasmOffset());
                got.add(stop.step());
            }
            assertEquals(expected, got);
            assertEquals(t.endStep(), t.currentStep());
            got.clear();
            while ((stop = t.runTo(fib, offset, Direction.BACKWARD)).reason() == Stop.Reason.STEP) got.add(stop.step());
            assertEquals(Stop.Reason.START, stop.reason());
            Collections.reverse(got);
            assertEquals(expected, got);
        }
    }

    @Test
    void globalWatchpoint(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("fib", List.of("3"), dir, 211)) {
            Trace tr = new Trace(t, -1);
            Watchpoint w = t.addGlobalWatchpoint(0);
            List<Long> expected = new ArrayList<>();
            for (int s = 0; s < tr.end; s++) if (tr.globalSet[s] == 0) expected.add((long) s + 1);
            assertFalse(expected.isEmpty());
            t.seek(0);
            List<Long> got = new ArrayList<>();
            Stop stop;
            while ((stop = t.resume(Direction.FORWARD)).reason() == Stop.Reason.WATCHPOINT) {
                assertEquals(w.id(), stop.id());
                got.add(stop.step());
            }
            assertEquals(expected, got);
            got.clear();
            while ((stop = t.resume(Direction.BACKWARD)).reason() == Stop.Reason.WATCHPOINT) got.add(stop.step());
            Collections.reverse(got);
            assertEquals(expected, got);
            assertThrows(IllegalArgumentException.class, () -> t.addGlobalWatchpoint(99));
        }
    }

    /** The time-travel demo: from the trap, find who overwrote board.leader. */
    @Test
    void corruptionIsTracedBackToFillScores(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(SeekTest.sample("corruption"), RunConfig.of("corruption", List.of()),
                dir, new Recorder.Options().interval(1000).stdio(InputStream.nullInputStream(), out, out))) {
            assertEquals(EndInfo.Kind.TRAPPED, t.recordingInfo().end().kind());
            long leader = Long.decode(out.toString().lines().findFirst().orElseThrow().replaceAll(".*at ", ""));
            assertEquals(0xfd0, leader);
            Trace tr = new Trace(t, leader);
            // Oracle: the steps at which the word changed.
            List<Long> changes = new ArrayList<>();
            for (int s = 1; s <= tr.end; s++) if (tr.word[s] != tr.word[s - 1]) changes.add((long) s);
            assertEquals(2, changes.size(), "set once by main, corrupted once by fill_scores: " + changes);
            long corrupted = changes.get(1);

            t.seek(t.endStep());
            assertEquals(MachineState.Status.TRAPPED, t.state().status());
            assertEquals("report", top(t.state()).functionName());

            Optional<WriteInfo> lw = t.lastWrite(leader, 4, t.endStep());
            assertTrue(lw.isPresent());
            assertEquals("fill_scores", lw.get().functionName());
            assertEquals(functionIndex(t, "fill_scores"), lw.get().functionIndex());
            assertEquals(corrupted, lw.get().step());
            assertEquals(null, lw.get().hostCall());
            assertEquals(t.endStep(), t.currentStep(), "the query does not move the timeline");
            int storeOffset = lw.get().wasmOffset();
            t.seek(corrupted - 1);
            assertEquals(storeOffset, top(t.state()).wasmOffset(), "the reported offset is the instruction that wrote");
            assertEquals(Op.I32_STORE, tr.op[(int) corrupted - 1]);
            t.seek(t.endStep());

            Watchpoint w = t.addMemoryWatchpoint(leader, 4);
            Stop stop = t.resume(Direction.BACKWARD);
            assertEquals(Stop.Reason.WATCHPOINT, stop.reason());
            assertEquals(w.id(), stop.id());
            assertEquals(corrupted, stop.step());
            assertEquals("fill_scores", top(t.state()).functionName());
            assertEquals(-1, ByteBuffer.wrap(t.state().readMemory(leader, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt());

            // Further back: main's assignment, then nothing (the .bss starts zeroed).
            Stop earlier = t.resume(Direction.BACKWARD);
            assertEquals(changes.get(0), earlier.step());
            assertNotEquals("fill_scores", top(t.state()).functionName());
            assertEquals(Stop.Reason.START, t.resume(Direction.BACKWARD).reason());

            // A disabled watchpoint is kept but never stops anything; enabled again, it does.
            t.seek(t.endStep());
            t.setWatchpointEnabled(w.id(), false);
            assertFalse(t.watchpoints().get(0).enabled());
            assertEquals(Stop.Reason.START, t.resume(Direction.BACKWARD).reason());
            t.seek(t.endStep());
            t.setWatchpointEnabled(w.id(), true);
            assertEquals(corrupted, t.resume(Direction.BACKWARD).step());
            t.seek(0);
            Optional<WriteInfo> first = t.lastWrite(leader, 4, corrupted - 1);
            assertEquals(changes.get(0), first.orElseThrow().step());
            assertTrue(t.lastWrite(leader, 4, changes.get(0) - 1).isEmpty(), "nothing wrote it before main");

            // Forward from the start finds the same writes, then the trap.
            assertEquals(changes.get(0), t.resume(Direction.FORWARD).step());
            assertEquals(corrupted, t.resume(Direction.FORWARD).step());
            Stop last = t.resume(Direction.FORWARD);
            assertEquals(Stop.Reason.TRAP, last.reason());
            assertEquals(t.endStep(), last.step());
            // A second watch on an unrelated word never fires, and does not hide the first.
            t.addMemoryWatchpoint(0x7fff0, 4);
            assertEquals(corrupted, t.resume(Direction.BACKWARD).step());
        }
    }

    @Test
    void breakpointHitsListEveryHitOfTheRecording(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("fib", List.of("6"), dir, 500)) {
            int fib = functionIndex(t, "fib");
            Breakpoint b = t.addBreakpoint(fib, -1, null);
            List<Long> hits = t.breakpointHits(10_000);
            t.seek(t.endStep());
            assertEquals(t.hitCount(b.id()), hits.size(), "one listed step per hit");
            assertTrue(hits.size() > 10);
            int entry = t.compiledModule().function(fib).wasmOffset(t.compiledModule().function(fib).instructionPc(0));
            long previous = -1;
            for (long h : hits) {
                assertTrue(h > previous, "ascending");
                previous = h;
                t.seek(h);
                assertEquals(fib, top(t.state()).functionIndex());
                assertEquals(entry, top(t.state()).wasmOffset());
            }
            assertEquals(3, t.breakpointHits(3).size());
            t.setBreakpointEnabled(b.id(), false);
            assertTrue(t.breakpointHits(10).isEmpty(), "disabled breakpoints have no hits to show");
        }
    }

    @Test
    void lastWriteByWasiCall(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record("hello", List.of(), dir, 300)) {
            int event = -1;
            List<WasiEvent> events = t.recordingInfo().wasiEvents();
            for (int i = 0; i < events.size() && event < 0; i++) if (!events.get(i).memoryWrites().isEmpty()) event = i;
            assertTrue(event >= 0, "some WASI call wrote guest memory");
            WasiEvent.MemoryWrite mw = events.get(event).memoryWrites().get(0);
            long after = t.recordingInfo().wasiStep(event) + 1;
            Optional<WriteInfo> w = t.lastWrite(mw.address(), mw.length(), after);
            assertTrue(w.isPresent());
            assertEquals(after, w.get().step());
            assertEquals(events.get(event).functionName(), w.get().hostCall());
            t.seek(after - 1);
            assertEquals(top(t.state()).functionIndex(), w.get().functionIndex());
            assertEquals(top(t.state()).wasmOffset(), w.get().wasmOffset());
            // And a watchpoint stops right after the call.
            t.addMemoryWatchpoint(mw.address(), mw.length());
            t.seek(after - 1);
            Stop s = t.resume(Direction.FORWARD);
            assertEquals(after, s.step());
            assertEquals(Stop.Reason.WATCHPOINT, s.reason());
        }
    }

    @Test
    void pauseInterruptsALongResume(@TempDir Path dir) throws Exception {
        try (ReplayTimeline t = record("fib", List.of("24"), dir, Recorder.DEFAULT_INTERVAL)) {
            int fib = functionIndex(t, "fib");
            // Never true, so the resume evaluates it at every fib call and runs to the end unless paused.
            t.addBreakpoint(fib, -1, "$0 == 1000");
            t.seek(0);
            CompletableFuture<Stop> run = CompletableFuture.supplyAsync(() -> t.resume(Direction.FORWARD));
            while (!run.isDone()) {
                t.pause();
                Thread.sleep(1);
            }
            Stop stop = run.get();
            assertEquals(Stop.Reason.PAUSED, stop.reason());
            assertTrue(stop.step() > 0 && stop.step() < t.endStep(), "paused on the way: " + stop);
            assertEquals(stop.step(), t.currentStep());
            assertEquals(stop.step(), t.state().step());
            long digest = t.digest();
            t.seek(0);
            t.seek(stop.step());
            assertEquals(digest, t.digest(), "the paused state is a real state of the recording");
            // Not paused again: the next resume runs to the end; backward likewise to the start.
            assertEquals(Stop.Reason.END, t.resume(Direction.FORWARD).reason());
            CompletableFuture<Stop> back = CompletableFuture.supplyAsync(() -> t.resume(Direction.BACKWARD));
            while (!back.isDone()) {
                t.pause();
                Thread.sleep(1);
            }
            Stop b = back.get();
            assertEquals(Stop.Reason.PAUSED, b.reason());
            assertTrue(b.step() <= t.endStep());
            assertEquals(b.step(), t.currentStep());
        }
    }
}
