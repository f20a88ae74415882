package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.FunctionActivity;
import io.backstep.recorder.recording.Records;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journaled function activity (which functions ran in each checkpoint interval) and the searches
 * that use it to skip intervals: on the checksum sample, whose phases (generate, crc32, adler32, lz77,
 * rle) run one after the other, a breakpoint in adler32 leaves most intervals unreplayed. Every answer
 * is checked against a straight single-stepped run.
 */
class FunctionActivityTest {
    private static final long INTERVAL = 2000;

    private static ReplayTimeline record(Path dir) throws IOException {
        return (ReplayTimeline) Recordings.record(SeekTest.sample("checksum"), RunConfig.of("checksum", List.of("2")), dir,
                new Recorder.Options().interval(INTERVAL));
    }

    @Test
    void callCountsMatchTheCallsOfAStraightRun(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record(dir)) {
            Trace tr = new Trace(t, -1);
            int n = t.module().module().functionCount();
            long[] expected = new long[n];
            expected[tr.function[0]]++; // the entry function is entered by start, not by a call
            for (int s = 1; s <= tr.end; s++) if (tr.depth[s] > tr.depth[s - 1]) expected[tr.function[s]]++;
            long[] counted = t.recordingInfo().callCounts(n);
            for (int f = 0; f < n; f++) assertEquals(expected[f], counted[f], "calls of function " + f);
            assertTrue(counted[NavigationTest.functionIndex(t, "malloc")] > 0);
        }
    }

    @Test
    void intervalsAreMarkedWithTheFunctionsThatRanInThem(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record(dir)) {
            Trace tr = new Trace(t, -1);
            Recording rec = t.recordingInfo();
            // Every executed instruction's function is marked as running in its interval.
            BitSet one = new BitSet();
            int k = 0;
            for (int s = 0; s < tr.end; s++) {
                while (k + 1 < rec.checkpoints().size() && rec.checkpoints().get(k + 1).step() <= s) k++;
                one.clear();
                one.set(tr.function[s]);
                assertTrue(rec.mayRun(k, one), "function " + tr.function[s] + " runs at step " + s + " in interval " + k);
            }
            // And most intervals are not marked for a phase function, nor for main: it sits on the stack
            // throughout but only runs between the phases.
            for (String name : List.of("adler32", "main")) {
                BitSet only = new BitSet();
                only.set(NavigationTest.functionIndex(t, name));
                int skipped = 0;
                for (int i = 0; i + 1 < rec.checkpoints().size(); i++) if (!rec.mayRun(i, only)) skipped++;
                assertTrue(skipped > rec.checkpoints().size() * 3 / 4,
                        name + " runs in few intervals: " + skipped + " of " + rec.checkpoints().size() + " need no replay");
            }
        }
    }

    @Test
    void breakpointSearchesThatSkipIntervalsFindEveryHit(@TempDir Path dir) throws IOException {
        try (ReplayTimeline t = record(dir)) {
            Trace tr = new Trace(t, -1);
            int adler = NavigationTest.functionIndex(t, "adler32");
            CompiledFunction code = t.compiledModule().function(adler);
            // adler32's most executed instruction (in its loop) and the function's entry (hit once).
            java.util.Map<Integer, Integer> runs = new java.util.HashMap<>();
            for (int s = 0; s <= tr.end; s++) if (tr.function[s] == adler) runs.merge(tr.pc[s], 1, Integer::sum);
            int pc = runs.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            Breakpoint inLoop = t.addBreakpoint(adler, code.wasmOffset(pc), null);
            Breakpoint entry = t.addBreakpoint(adler, -1, null);
            List<Long> loopHits = new ArrayList<>();
            List<Long> entryHits = new ArrayList<>();
            for (int s = 0; s <= tr.end; s++) {
                if (tr.function[s] != adler) continue;
                if (tr.pc[s] == pc) loopHits.add((long) s);
                if (tr.pc[s] == code.instructionPc(0) && s > 0 && tr.depth[s] > tr.depth[s - 1]) entryHits.add((long) s);
            }
            assertEquals(1, entryHits.size());
            assertTrue(loopHits.size() > 100, "the loop instruction runs often: " + loopHits.size());
            List<Long> all = new ArrayList<>(loopHits);
            all.addAll(entryHits);
            Collections.sort(all);

            // The first and last hits from both ends of the recording, across the skipped intervals.
            t.seek(0);
            Stop stop = t.resume(Direction.FORWARD);
            assertEquals(Stop.Reason.BREAKPOINT, stop.reason());
            assertEquals(entry.id(), stop.id());
            assertEquals(all.get(0), stop.step());
            t.seek(tr.end);
            stop = t.resume(Direction.BACKWARD);
            assertEquals(Stop.Reason.BREAKPOINT, stop.reason());
            assertEquals(all.get(all.size() - 1), stop.step());
            stop = t.resume(Direction.FORWARD);
            assertEquals(tr.end, stop.step(), "no hit after the last one");

            assertEquals(all, t.breakpointHits(100_000));
            t.seek(tr.end);
            assertEquals(loopHits.size(), t.hitCount(inLoop.id()));
            assertEquals(1, t.hitCount(entry.id()));

            // From random states, both directions land on the neighbouring hit; counts agree.
            Random r = new Random(11);
            for (int i = 0; i < 30; i++) {
                long s = r.nextInt(tr.end + 1);
                int after = Collections.binarySearch(all, s + 1);
                long next = after >= 0 ? all.get(after) : -after - 1 < all.size() ? all.get(-after - 1) : tr.end;
                t.seek(s);
                assertEquals(next, t.resume(Direction.FORWARD).step(), "continue from " + s);
                int before = Collections.binarySearch(all, s);
                int prevIndex = (before >= 0 ? before : -before - 1) - 1;
                long prev = prevIndex >= 0 ? all.get(prevIndex) : 0;
                t.seek(s);
                assertEquals(prev, t.resume(Direction.BACKWARD).step(), "reverse-continue from " + s);
                t.seek(s);
                assertEquals(loopHits.stream().filter(h -> h < s).count(), t.hitCount(inLoop.id()), "hit count at " + s);
            }
        }
    }

    @Test
    void damagedActivityIsATypedErrorNeverACrash(@TempDir Path dir) throws IOException {
        // Every byte of one checkpoint's function activity (after the record's fixed fields and chunk
        // list, before the snapshot) flipped in turn, and the record cut short inside it: opening either
        // works (and the index answers) or says the recording is corrupt, as a JournalException; no other
        // exception escapes.
        try (ReplayTimeline t = record(dir.resolve("rec"))) {
            Recording rec = t.recordingInfo();
            int target = rec.checkpoints().size() / 2;
            byte[] good = rec.checkpointPayload(rec.checkpoints().get(target));
            Checkpoint c = rec.checkpoints().get(target);
            int activityBytes = good.length - Records.checkpoint(c.step(), c.full(), c.wasiIndex(), c.digest(), c.writtenChunks(),
                    rec.snapshot(c), new FunctionActivity(-1, new int[0], new long[0], new int[0])).length + 4;
            int from = 8 + 1 + 4 + 8 + 4 + gapBytes(c.writtenChunks());
            int end = from + activityBytes;
            assertEquals((byte) 0xAC, good[from], "the activity starts with its tag");
            int opened = 0;
            int refused = 0;
            for (int i = from; i <= end; i++) {
                for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] bad = i == end ? Arrays.copyOf(good, from + (flip & 7)) : good.clone();
                    if (i < end) bad[i] ^= (byte) flip;
                    Path copy = dir.resolve("bad-" + i + "-" + flip);
                    try (Recording r = JournalCopy.withCheckpoint(rec, copy, target, bad)) {
                        BitSet all = new BitSet();
                        all.set(0, t.module().module().functionCount());
                        for (int k = 0; k + 1 < r.checkpoints().size(); k++) r.mayRun(k, all);
                        r.callCounts(t.module().module().functionCount());
                        opened++;
                    } catch (JournalException e) {
                        refused++;
                    }
                }
            }
            assertTrue(refused > 0, "some damage is detected");
            assertTrue(opened + refused > 10);
            // A well-formed varint that decodes to a negative function index (0xFFFFFFFF).
            byte[] negative = Arrays.copyOf(good, from + 10);
            byte[] tail = {(byte) 0xAC, 1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 0};
            System.arraycopy(tail, 0, negative, from, tail.length);
            JournalException e = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
                    () -> JournalCopy.withCheckpoint(rec, dir.resolve("negative"), target, negative).close());
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    /** Bytes of the chunk list's varint gaps, as a checkpoint record writes them. */
    private static int gapBytes(int[] ascending) {
        int n = 0;
        int previous = 0;
        for (int v : ascending) {
            int gap = v - previous;
            previous = v;
            do {
                n++;
                gap >>>= 7;
            } while (gap != 0);
        }
        return n;
    }
}
