package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.bundle.ReplayVerifier;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.IntervalPolicy;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint intervals stretch where the program writes much memory and stay at the base where it
 * writes little, and a recording with stretched intervals replays and seeks exactly.
 */
class AdaptiveIntervalRecordingTest {
    private static final long BASE = 1 << 18;
    private static final long MAX = 1 << 21;
    /** {@link LargeRecordingTest#FILL_64_MIB} with 64 pages: it fills 4 MiB, a store every 13 instructions. */
    private static final byte[] FILL_4_MIB = HexFormat.of().parseHex(HexFormat.of().formatHex(LargeRecordingTest.FILL_64_MIB)
            .replace("050401008008", "0503010040").replace("4180808020", "4180808002"));

    private static List<Long> gaps(Recording r) {
        List<Checkpoint> cps = r.checkpoints();
        return java.util.stream.IntStream.range(1, cps.size()).mapToObj(i -> cps.get(i).step() - cps.get(i - 1).step()).toList();
    }

    @Test
    void aProgramWritingMuchMemoryGetsLongerIntervalsAndReplaysExactly(@TempDir Path tmp) {
        Recorder.Options o = new Recorder.Options().interval(BASE).stretchUpTo(MAX);
        try (Recording rec = Recorder.record(FILL_4_MIB, RunConfig.of("fill", List.of()), tmp.resolve("rec"), o)) {
            List<Checkpoint> cps = rec.checkpoints();
            for (Checkpoint c : cps.subList(0, cps.size() - 1)) assertEquals(0, c.step() % BASE, "checkpoint at " + c.step());
            List<Long> gaps = gaps(rec).subList(0, cps.size() - 2); // the last gap ends where the program did
            assertEquals(BASE, gaps.get(0));
            assertEquals(MAX, gaps.stream().mapToLong(Long::longValue).max().orElseThrow(), "stretched to the limit: " + gaps);
            assertTrue(gaps.stream().allMatch(g -> g <= MAX), gaps.toString());
            assertTrue(ReplayVerifier.verify(rec, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
            try (ReplayTimeline t = new ReplayTimeline(rec)) {
                // Mid-interval states: the words written so far, and zeros after them.
                for (long step : List.of(cps.get(cps.size() / 2).step() + 12_345, rec.endStep() - 7)) {
                    t.seek(step);
                    int filled = (int) ByteBuffer.wrap(t.state().readMemory(0, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    assertEquals(LargeRecordingTest.word(0), filled);
                }
                byte[] end = t.seek(t.endStep()).readMemory((4 << 20) - 4, 4);
                assertEquals(LargeRecordingTest.word((1 << 20) - 1), ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN).getInt());
            }
        }
    }

    @Test
    void aProgramWritingLittleIsNotStretchedAndEveryIntervalFollowsTheRule(@TempDir Path tmp) throws IOException {
        // fib writes a chunk or two of stack per interval: little, at intervals of millions of instructions.
        long base = 1 << 22;
        long max = 1 << 25;
        Recorder.Options o = new Recorder.Options().interval(base).stretchUpTo(max);
        try (Recording rec = Recorder.record(SeekTest.sample("fib"), RunConfig.of("fib", List.of("30")), tmp.resolve("rec"), o)) {
            List<Long> gaps = gaps(rec);
            assertTrue(gaps.size() > 3, gaps.toString());
            assertTrue(gaps.stream().allMatch(g -> g <= base), "fib writes little: " + gaps);
            assertRule(rec, base, max);
        }
        o = new Recorder.Options().interval(BASE).stretchUpTo(MAX);
        try (Recording rec = Recorder.record(FILL_4_MIB, RunConfig.of("fill", List.of()), tmp.resolve("fill"), o)) {
            assertRule(rec, BASE, MAX);
        }
    }

    /**
     * Each checkpoint follows from the interval before it: the interval doubles after dense writes and
     * halves after sparse ones, and the next checkpoint is at the next multiple of the interval.
     */
    private static void assertRule(Recording rec, long base, long max) {
        List<Checkpoint> cps = rec.checkpoints();
        long interval = base;
        for (int i = 1; i + 1 < cps.size() - 1; i++) {
            long step = cps.get(i).step();
            double density = cps.get(i).writtenChunks().length * 4096.0 / (step - cps.get(i - 1).step());
            if (density > IntervalPolicy.DENSE && interval * 2 <= max) interval *= 2;
            else if (density < IntervalPolicy.SPARSE && interval / 2 >= base) interval /= 2;
            assertEquals(step + interval - step % interval, cps.get(i + 1).step(), "checkpoint after " + i + " (density " + density + ")");
        }
    }
}
