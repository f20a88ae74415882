package io.backstep.engine.snapshot;

import static io.backstep.engine.snapshot.SnapshotFixture.COUNTER;
import static io.backstep.engine.snapshot.SnapshotFixture.DBL;
import static io.backstep.engine.snapshot.SnapshotFixture.F;
import static io.backstep.engine.snapshot.SnapshotFixture.INC;
import static io.backstep.engine.snapshot.SnapshotFixture.K;
import static io.backstep.engine.snapshot.SnapshotFixture.LEAF;
import static io.backstep.engine.snapshot.SnapshotFixture.MID;
import static io.backstep.engine.snapshot.SnapshotFixture.RUN;
import static io.backstep.engine.snapshot.SnapshotFixture.expectedRun;
import static io.backstep.engine.snapshot.SnapshotFixture.fresh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Refs;
import io.backstep.engine.runtime.TrapKind;
import io.backstep.engine.snapshot.SnapshotFixture.Fresh;
import io.backstep.engine.snapshot.SnapshotFixture.Layout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The snapshot format: faithful round trips, and typed rejection of anything that is not a valid snapshot of the module. */
class SnapshotFormatTest {

    /** A run of "run"(5) paused at its first moment at call depth 4 (run, $mid, $leaf, $inc). */
    private static Fresh pausedDeep() {
        Fresh f = fresh();
        f.start("run", 5);
        f.stepUntilDepth(4);
        return f;
    }

    @Test
    void midExecutionSnapshotRestoresEveryPartOfTheState() {
        Fresh a = pausedDeep();
        Machine m = a.machine();
        Instance inst = a.instance();
        // The pause really is deep inside the program with every kind of state in use.
        assertEquals(4, m.callDepth());
        assertEquals(RUN, m.frame(0).function().index());
        assertEquals(MID, m.frame(1).function().index());
        assertEquals(LEAF, m.frame(2).function().index());
        assertEquals(INC, m.frame(3).function().index(), "leaf(0) calls $inc through the table");
        assertTrue(inst.isDataDropped(0), "the passive segment was dropped by data.drop");
        assertEquals(1, (int) inst.global(COUNTER).get());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), inst.memory().read(200, 5));

        byte[] snapshot = Snapshot.capture(m, inst);
        Fresh b = fresh();
        assertFalse(b.instance().isDataDropped(0), "precondition: a fresh instance has its passive segment");
        Snapshot.restore(snapshot, b.machine(), b.instance());

        Machine r = b.machine();
        assertEquals(Machine.Status.PAUSED, r.status());
        assertEquals(m.stepCount(), r.stepCount());
        assertEquals(m.callDepth(), r.callDepth());
        for (int i = 0; i < m.callDepth(); i++) {
            FrameView x = m.frame(i);
            FrameView y = r.frame(i);
            assertEquals(x.function().index(), y.function().index(), "frame " + i + " function");
            assertEquals(x.pc(), y.pc(), "frame " + i + " pc");
            assertEquals(x.wasmOffset(), y.wasmOffset(), "frame " + i + " offset");
            assertEquals(x.base(), y.base(), "frame " + i + " base");
            assertEquals(x.top(), y.top(), "frame " + i + " top");
        }
        assertEquals(m.stackPointer(), r.stackPointer());
        for (int i = 0; i < m.stackPointer(); i++) assertEquals(m.slot(i), r.slot(i), "slot " + i);
        assertArrayEquals(inst.memory().read(0, inst.memory().byteSize()), b.instance().memory().read(0, b.instance().memory().byteSize()));
        assertArrayEquals(inst.table(0).elementsCopy(), b.instance().table(0).elementsCopy());
        for (int g = 0; g < inst.globalCount(); g++) assertEquals(inst.global(g).get(), b.instance().global(g).get(), "global " + g);
        assertTrue(b.instance().isDataDropped(0));
        assertTrue(b.instance().isDataDropped(1));
        assertEquals(StateDigest.of(m, inst), StateDigest.of(r, b.instance()));
        assertArrayEquals(snapshot, Snapshot.capture(r, b.instance()), "capture(restore(s)) == s");

        // Both continue to the same end, which is the result the source computes.
        assertEquals(Machine.StopReason.FINISHED, m.run(Long.MAX_VALUE));
        assertEquals(Machine.StopReason.FINISHED, r.run(Long.MAX_VALUE));
        assertEquals(expectedRun(5), (int) m.results()[0]);
        assertArrayEquals(m.results(), r.results());
        assertEquals(m.stepCount(), r.stepCount());
        assertEquals(10, (int) b.instance().global(COUNTER).get());
        assertEquals(2.5, Double.longBitsToDouble(b.instance().global(F).get()));
        assertEquals(42, b.instance().global(K).get());
        assertEquals(Refs.funcRef(b.instance().function(DBL).address()), b.instance().table(0).get(2));
        for (int x = 0; x <= 5; x++) assertEquals(x, b.instance().memory().loadI32(100 + 4L * x), "leaf(" + x + ") stored x");
        assertArrayEquals(inst.memory().read(0, inst.memory().byteSize()), b.instance().memory().read(0, b.instance().memory().byteSize()));
        assertEquals(StateDigest.of(m, inst), StateDigest.of(r, b.instance()));
    }

    @Test
    void restoringAtEveryStepEndsLikeTheUninterruptedRun() {
        Fresh ref = fresh();
        ref.start("run", 3);
        assertEquals(Machine.StopReason.FINISHED, ref.machine().run(Long.MAX_VALUE));
        long n = ref.machine().stepCount();
        long endDigest = StateDigest.of(ref.machine(), ref.instance());
        assertEquals(expectedRun(3), (int) ref.machine().results()[0]);

        Fresh walker = fresh();
        walker.start("run", 3);
        int maxDepth = 0;
        for (long k = 1; k < n; k++) {
            assertEquals(Machine.StopReason.BUDGET, walker.machine().run(1));
            maxDepth = Math.max(maxDepth, walker.machine().callDepth());
            byte[] snapshot = Snapshot.capture(walker.machine(), walker.instance());
            Fresh c = fresh();
            Snapshot.restore(snapshot, c.machine(), c.instance());
            assertEquals(Machine.StopReason.FINISHED, c.machine().run(Long.MAX_VALUE), "restored at step " + k);
            assertEquals(n, c.machine().stepCount(), "restored at step " + k);
            assertArrayEquals(ref.machine().results(), c.machine().results(), "restored at step " + k);
            assertEquals(endDigest, StateDigest.of(c.machine(), c.instance()), "restored at step " + k);
        }
        assertEquals(4, maxDepth);
    }

    @Test
    void finishedTrappedAndIdleMachinesRoundTrip() {
        Fresh done = fresh();
        done.start("run", 2);
        assertEquals(Machine.StopReason.FINISHED, done.machine().run(Long.MAX_VALUE));
        Fresh done2 = fresh();
        Snapshot.restore(Snapshot.capture(done.machine(), done.instance()), done2.machine(), done2.instance());
        assertEquals(Machine.Status.FINISHED, done2.machine().status());
        assertEquals(Machine.StopReason.FINISHED, done2.machine().run(10));
        assertArrayEquals(new long[] {expectedRun(2)}, done2.machine().results());
        assertEquals(done.machine().stepCount(), done2.machine().stepCount());
        assertEquals(StateDigest.of(done.machine(), done.instance()), StateDigest.of(done2.machine(), done2.instance()));

        Fresh trapped = fresh();
        trapped.start("boom", 3);
        assertEquals(Machine.StopReason.TRAPPED, trapped.machine().run(Long.MAX_VALUE));
        Fresh trapped2 = fresh();
        Snapshot.restore(Snapshot.capture(trapped.machine(), trapped.instance()), trapped2.machine(), trapped2.instance());
        assertEquals(Machine.Status.TRAPPED, trapped2.machine().status());
        assertEquals(TrapKind.UNREACHABLE, trapped2.machine().trap().kind());
        assertEquals(Machine.StopReason.TRAPPED, trapped2.machine().run(10));
        assertEquals(trapped.machine().stepCount(), trapped2.machine().stepCount());
        assertEquals(StateDigest.of(trapped.machine(), trapped.instance()), StateDigest.of(trapped2.machine(), trapped2.instance()));

        Fresh idle = fresh();
        Fresh idle2 = fresh();
        Snapshot.restore(Snapshot.capture(idle.machine(), idle.instance()), idle2.machine(), idle2.instance());
        assertEquals(Machine.Status.IDLE, idle2.machine().status());
        assertNull(idle2.machine().entry());
        assertEquals(0, idle2.machine().stepCount());
    }

    @Test
    void wrongMagicIsRejected() {
        Fresh a = pausedDeep();
        byte[] s = Snapshot.capture(a.machine(), a.instance());
        s[0] ^= 0x20;
        SnapshotFormatException e = assertRejected(s);
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void wrongVersionIsRejected() {
        Fresh a = pausedDeep();
        byte[] s = Snapshot.capture(a.machine(), a.instance());
        assertEquals(Snapshot.VERSION, ((s[4] & 0xFF) << 8) | (s[5] & 0xFF), "the version follows the magic");
        s[5] = (byte) (Snapshot.VERSION + 1);
        SnapshotFormatException e = assertRejected(s);
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void snapshotOfAnotherModuleIsRejected() {
        Fresh other = fresh(SnapshotFixture.OTHER);
        other.start("run", 5);
        other.stepUntilDepth(4);
        byte[] s = Snapshot.capture(other.machine(), other.instance());
        Fresh target = fresh();
        long before = StateDigest.of(target.machine(), target.instance());
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> Snapshot.restore(s, target.machine(), target.instance()));
        assertTrue(e.getMessage().contains("different module"), e.getMessage());
        assertEquals(before, StateDigest.of(target.machine(), target.instance()), "a rejected snapshot changes nothing");
    }

    @Test
    void everyTruncationIsRejected() {
        Fresh a = pausedDeep();
        byte[] s = Snapshot.capture(a.machine(), a.instance());
        Fresh target = fresh();
        long before = StateDigest.of(target.machine(), target.instance());
        // Every prefix: the snapshot is ~66 KB (one non-zero memory page), small enough to try them all.
        for (int len = 0; len < s.length; len++) {
            byte[] prefix = Arrays.copyOf(s, len);
            try {
                Snapshot.restore(prefix, target.machine(), target.instance());
                fail("a snapshot truncated to " + len + " of " + s.length + " bytes was accepted");
            } catch (SnapshotFormatException expected) {
                // the only acceptable outcome
            } catch (RuntimeException | Error other) {
                throw new AssertionError("truncated to " + len + " bytes: " + other, other);
            }
            if (len % 4096 == 0 || len > s.length - 64) {
                assertEquals(before, StateDigest.of(target.machine(), target.instance()), "a rejected snapshot (length " + len + ") changed the state");
            }
        }
        // Trailing garbage is rejected too.
        byte[] longer = Arrays.copyOf(s, s.length + 1);
        assertRejected(longer);
    }

    @Test
    void randomCorruptionIsRejectedOrRestoredNeverAnythingElse() {
        Fresh a = pausedDeep();
        byte[] s = Snapshot.capture(a.machine(), a.instance());
        // Memory section, last: pages int, then one marker + 65536 bytes for the single non-zero page.
        int memoryStart = s.length - (4 + 1 + 65536);
        assertEquals(1, Layout.readInt(s, memoryStart), "the fixture's snapshot has one memory page");
        assertEquals(1, s[memoryStart + 4], "and it is stored in full");
        int memoryEnd = s.length;
        List<Integer> structural = new ArrayList<>();
        for (int i = 0; i < s.length; i++) if (i < memoryStart + 5 || i >= memoryEnd) structural.add(i);

        Random random = new Random(0x5EEDL);
        int rejected = 0;
        int restored = 0;
        for (int iteration = 0; iteration < 3000; iteration++) {
            byte[] bad = s.clone();
            int flips = 1 + random.nextInt(3);
            StringBuilder what = new StringBuilder();
            for (int j = 0; j < flips; j++) {
                // Mostly hit the structure (header, frames, stack, tables, globals, segments), where a flip
                // can break consistency; sometimes anywhere, memory contents included.
                int at = random.nextInt(4) == 0 ? random.nextInt(bad.length) : structural.get(random.nextInt(structural.size()));
                int mask = 1 + random.nextInt(255);
                bad[at] ^= (byte) mask;
                what.append(" byte ").append(at).append(" ^= ").append(mask);
            }
            Fresh target = fresh();
            long before = StateDigest.of(target.machine(), target.instance());
            try {
                Snapshot.restore(bad, target.machine(), target.instance());
                restored++;
            } catch (SnapshotFormatException e) {
                rejected++;
                assertEquals(before, StateDigest.of(target.machine(), target.instance()),
                        "iteration " + iteration + ":" + what + ": rejected, but the state changed");
            } catch (RuntimeException | Error e) {
                throw new AssertionError("iteration " + iteration + ":" + what + ": " + e, e);
            }
        }
        // Both outcomes occur, so the loop exercised the checks and not only harmless bytes.
        assertTrue(rejected > 0 && restored > 0, "rejected " + rejected + ", restored " + restored);
    }

    /** A stream that hands over at most 7 bytes per read, as an inflater may. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }

    @Test
    void streamedSnapshotsAreTheArrayFormAndRestoreFromAStream() {
        Fresh a = pausedDeep();
        byte[] array = Snapshot.capture(a.machine(), a.instance());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(array.length, Snapshot.capture(a.machine(), a.instance(), false, out), "the streamed capture counts its bytes");
        assertArrayEquals(array, out.toByteArray());

        Fresh b = fresh();
        Snapshot.restore(trickle(array), b.machine(), b.instance());
        assertEquals(StateDigest.of(a.machine(), a.instance()), StateDigest.of(b.machine(), b.instance()));
        assertArrayEquals(array, Snapshot.capture(b.machine(), b.instance()));

        // Damage before the memory section is found before anything changes, streamed too.
        Fresh c = fresh();
        long before = StateDigest.of(c.machine(), c.instance());
        byte[] badHeader = array.clone();
        badHeader[Layout.of(array).status()] = 9;
        assertThrows(SnapshotFormatException.class, () -> Snapshot.restore(trickle(badHeader), c.machine(), c.instance()));
        assertEquals(before, StateDigest.of(c.machine(), c.instance()));
        // Cut inside the memory section, or followed by more bytes: rejected.
        assertThrows(SnapshotFormatException.class, () -> Snapshot.restore(trickle(Arrays.copyOf(array, array.length - 100)), c.machine(), c.instance()));
        assertThrows(SnapshotFormatException.class, () -> Snapshot.restore(trickle(Arrays.copyOf(array, array.length + 1)), c.machine(), c.instance()));
        // A good snapshot restores over the mixed state such a failure leaves.
        Snapshot.restore(trickle(array), c.machine(), c.instance());
        assertEquals(StateDigest.of(a.machine(), a.instance()), StateDigest.of(c.machine(), c.instance()));
    }

    private static SnapshotFormatException assertRejected(byte[] snapshot) {
        Fresh target = fresh();
        long before = StateDigest.of(target.machine(), target.instance());
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> Snapshot.restore(snapshot, target.machine(), target.instance()));
        assertEquals(before, StateDigest.of(target.machine(), target.instance()), "a rejected snapshot changes nothing");
        assertNotEquals(null, e.getMessage());
        return e;
    }
}
