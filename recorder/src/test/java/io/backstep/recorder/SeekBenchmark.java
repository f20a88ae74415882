package io.backstep.recorder;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Navigation latencies in one .bstrace file, as the window and the editor adapter meet them (not a
 * unit test: it prints numbers). Usage: {@code SeekBenchmark FILE.bstrace [SEEKS]}; run by
 * {@code recorder/bench-seek.sh}, see docs/benchmarks.md ("Recording: long intervals, kept replay states").
 * Random seeks (most land in states nothing was kept near yet), then at four places: 50 steps back, 10
 * steps back over, and 5 reverse continues to a breakpoint where the place's top frame stands; and the
 * hits of a never-true breakpoint over the whole recording (the window's timeline ticks: one replay of it all).
 */
public final class SeekBenchmark {
    private SeekBenchmark() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int seeks = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        JournalStore store = JournalStore.standard();
        Path work = store.create(JournalStore.Purpose.UNPACKED);
        try (Recording recording = Bundle.open(file, work); ReplayTimeline t = new ReplayTimeline(recording)) {
            long end = t.endStep();
            System.out.printf("%s: %d checkpoints, %d steps%n", file, recording.checkpoints().size(), end);
            Random random = new Random(42);
            for (int i = 0; i < 5; i++) t.seek((long) (random.nextDouble() * end)); // warm-up
            long[] seek = new long[seeks];
            for (int i = 0; i < seeks; i++) {
                long target = (long) (random.nextDouble() * end);
                long t0 = System.nanoTime();
                t.seek(target);
                seek[i] = System.nanoTime() - t0;
            }
            double[] places = {0.31, 0.47, 0.61, 0.83};
            long[] back = new long[places.length * 50];
            long[] over = new long[places.length * 10];
            long[] reverse = new long[places.length * 5];
            int b = 0;
            int o = 0;
            int r = 0;
            for (double place : places) {
                long target = (long) (end * place);
                t.seek(target);
                for (int i = 0; i < 50; i++) back[b++] = timed(() -> t.stepInto(Direction.BACKWARD));
                for (int i = 0; i < 10; i++) over[o++] = timed(() -> t.stepOver(Direction.BACKWARD));
                List<FrameInfo> frames = t.state().frames();
                FrameInfo top = frames.get(frames.size() - 1);
                Breakpoint bp = t.addBreakpoint(top.functionIndex(), top.wasmOffset(), null);
                t.seek(target);
                for (int i = 0; i < 5; i++) reverse[r++] = timed(() -> t.resume(Direction.BACKWARD));
                t.removeBreakpoint(bp.id());
            }
            // The timeline's ticks: every hit of a breakpoint over the whole recording, one replay of it all
            // (a condition that never holds, so the replay is not cut short at the list's cap).
            t.seek((long) (end * 0.5));
            List<FrameInfo> frames = t.state().frames();
            FrameInfo top = frames.get(frames.size() - 1);
            Breakpoint bp = t.addBreakpoint(top.functionIndex(), top.wasmOffset(), "0");
            long[] ticks = {0};
            long all = timed(() -> ticks[0] = t.breakpointHits(10_000).size());
            t.removeBreakpoint(bp.id());
            System.out.println("random seeks:                " + stats(seek));
            System.out.println("step back (into):            " + stats(back));
            System.out.println("step back over:              " + stats(over));
            System.out.println("reverse continue, breakpoint at the place's pc: " + stats(reverse));
            System.out.printf("all hits of a breakpoint over the recording (%d listed): %.0f ms%n", ticks[0], all / 1e6);
        } finally {
            store.release(work);
        }
    }

    private static long timed(Runnable command) {
        long t0 = System.nanoTime();
        command.run();
        return System.nanoTime() - t0;
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("median %.1f ms, p90 %.1f ms, max %.1f ms (%d)", s[s.length / 2] / 1e6,
                s[s.length * 9 / 10] / 1e6, s[s.length - 1] / 1e6, s.length);
    }
}
