package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Navigation in checkpoint intervals many times longer than the states replay keeps in memory (coarse
 * points every 2^20 steps, fine ones every 2^16): seeks, steps back, reverse searches and hit counts
 * must give exactly what a straight run gives, whichever kept states they start from.
 */
class LongIntervalNavigationTest {
    /** Eight coarse cells per interval; fib 30 runs about 46 M steps, so six intervals. */
    private static final long INTERVAL = 1L << 23;

    private static ReplayTimeline record(Path dir) throws IOException {
        return (ReplayTimeline) Recordings.record(SeekTest.sample("fib"), RunConfig.of("fib", List.of("30")), dir,
                new Recorder.Options().interval(INTERVAL));
    }

    @Test
    void seeksAndStepsBackGiveTheStatesOfAStraightRun(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record(dir)) {
            long end = t.endStep();
            assertTrue(end > 5 * INTERVAL, "spans several intervals: " + end);
            Random r = new Random(11);
            long[] steps = r.longs(120, 0, end + 1).sorted().toArray();
            long[] expected = new long[steps.length];
            long[] before = new long[steps.length];
            WasiProgram p = SeekTest.straightRun(t);
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] == 0) continue;
                if (steps[i] - 1 > p.machine().stepCount()) p.machine().run(steps[i] - 1 - p.machine().stepCount());
                before[i] = StateDigest.of(p.machine(), p.instance());
                if (steps[i] > p.machine().stepCount()) p.machine().run(steps[i] - p.machine().stepCount());
                expected[i] = StateDigest.of(p.machine(), p.instance());
            }
            // Random order: seeks land before, after and between the states kept by earlier ones.
            for (int k = 0; k < 2 * steps.length; k++) {
                int i = r.nextInt(steps.length);
                if (steps[i] == 0) continue;
                t.seek(steps[i]);
                assertEquals(expected[i], t.digest(), "seek to " + steps[i]);
                t.stepInto(Direction.BACKWARD);
                assertEquals(steps[i] - 1, t.currentStep());
                assertEquals(before[i], t.digest(), "one step back from " + steps[i]);
                t.stepInto(Direction.FORWARD);
                assertEquals(expected[i], t.digest(), "and forward again to " + steps[i]);
            }
        }
    }

    @Test
    void reverseContinueAndHitCountsMatchTheForwardHits(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record(dir)) {
            int fib = NavigationTest.functionIndex(t, "fib");
            // fib(30) calls fib(19) F(12) times: hits about 300,000 steps apart, a few per coarse cell;
            // and fib(24) F(7) times: millions of steps apart, so searches go past empty windows and intervals.
            String[] conditions = {"$0 == 19", "$0 == 24"};
            int[] counts = {144, 13};
            Random r = new Random(5);
            for (int c = 0; c < conditions.length; c++) {
                Breakpoint b = t.addBreakpoint(fib, -1, conditions[c]);
                t.seek(0);
                List<Long> hits = new ArrayList<>();
                Stop stop;
                while ((stop = t.resume(Direction.FORWARD)).reason() == Stop.Reason.BREAKPOINT) hits.add(stop.step());
                assertEquals(counts[c], hits.size(), conditions[c]);
                long end = t.endStep();
                long from = hits.get(3) + 1;
                for (int k = 0; k < 8; k++) {
                    long s = k == 0 ? end : from + (long) (r.nextDouble() * (end - from));
                    t.seek(s);
                    int last = lastBefore(hits, s);
                    for (int back = 0; back < 4; back++) {
                        stop = t.resume(Direction.BACKWARD);
                        assertEquals(Stop.Reason.BREAKPOINT, stop.reason(), "from " + s);
                        assertEquals(hits.get(last - back), stop.step(), conditions[c] + ": reverse-continue " + (back + 1) + " from " + s);
                    }
                }
                // Counts at nearby and distant stops, in an order that reuses and skips what was counted.
                for (int k = 0; k < 30; k++) {
                    long s = k % 3 == 2 ? hits.get(r.nextInt(hits.size())) : (long) (r.nextDouble() * (end + 1));
                    t.seek(s);
                    assertEquals(lastBefore(hits, s) + 1, t.hitCount(b.id()), conditions[c] + ": hit count at " + s);
                    assertEquals(s, t.currentStep(), "counting does not move the timeline");
                }
                t.removeBreakpoint(b.id());
            }
        }
    }

    /** Index of the last hit before state {@code s} (-1 if none). */
    private static int lastBefore(List<Long> hits, long s) {
        int i = -1;
        while (i + 1 < hits.size() && hits.get(i + 1) < s) i++;
        return i;
    }
}
