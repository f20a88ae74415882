package io.backstep.engine.snapshot;

import static io.backstep.engine.snapshot.SnapshotFixture.COUNTER;
import static io.backstep.engine.snapshot.SnapshotFixture.F;
import static io.backstep.engine.snapshot.SnapshotFixture.INC;
import static io.backstep.engine.snapshot.SnapshotFixture.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Refs;
import io.backstep.engine.snapshot.SnapshotFixture.Fresh;
import io.backstep.engine.snapshot.SnapshotFixture.Layout;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StateDigest} is equal for equal states and changes when any single part of the state changes.
 * Each case restores the same mid-execution snapshot (call depth 4) into a fresh instance, changes one
 * thing, and compares with the unchanged digest.
 */
class StateDigestTest {
    private byte[] snapshot;
    private long digest;

    @BeforeEach
    void pause() {
        Fresh a = fresh();
        a.start("run", 5);
        a.stepUntilDepth(4);
        // A few steps further so the innermost frame has operands on its stack as well as locals.
        while (a.machine().frame(3).top() == a.machine().frame(3).operandBase()) a.machine().run(1);
        assertEquals(4, a.machine().callDepth());
        snapshot = Snapshot.capture(a.machine(), a.instance());
        digest = StateDigest.of(a.machine(), a.instance());
    }

    private Fresh restored(byte[] bytes) {
        Fresh f = fresh();
        Snapshot.restore(bytes, f.machine(), f.instance());
        return f;
    }

    private long digestAfter(Consumer<Fresh> change) {
        Fresh f = restored(snapshot);
        change.accept(f);
        return StateDigest.of(f.machine(), f.instance());
    }

    /** Digest of the snapshot with the 8-byte big-endian field at {@code offset} changed in its lowest byte. */
    private long digestWithLongFieldChanged(int offset) {
        byte[] s = snapshot.clone();
        s[offset + 7] ^= 1;
        Fresh f = restored(s);
        return StateDigest.of(f.machine(), f.instance());
    }

    @Test
    void equalStatesHaveEqualDigests() {
        assertEquals(digest, digestAfter(f -> { }));
        assertEquals(digest, digestAfter(f -> {
            // A change undone is no change.
            byte old = f.instance().memory().loadI8(300);
            f.instance().memory().storeI8(300, (byte) (old + 1));
            f.instance().memory().storeI8(300, old);
        }));
    }

    @Test
    void aMemoryByteChangesTheDigest() {
        assertNotEquals(digest, digestAfter(f -> f.instance().memory().storeI8(300, (byte) 1)));
        assertNotEquals(digest, digestAfter(f -> f.instance().memory().storeI8(0, (byte) 1)));
        assertNotEquals(digest, digestAfter(f -> f.instance().memory().storeI8(65535, (byte) 0x80)));
        // Moving a byte to a neighbouring address is a different state too.
        assertNotEquals(digestAfter(f -> f.instance().memory().storeI8(301, (byte) 7)),
                digestAfter(f -> f.instance().memory().storeI8(302, (byte) 7)));
    }

    @Test
    void aGlobalChangesTheDigest() {
        assertNotEquals(digest, digestAfter(f -> f.instance().global(COUNTER).set(f.instance().global(COUNTER).get() + 1)));
        assertNotEquals(digest, digestAfter(f -> f.instance().global(F).set(Double.doubleToRawLongBits(1.25))));
    }

    @Test
    void aTableElementChangesTheDigest() {
        assertNotEquals(digest, digestAfter(f -> f.instance().table(0).set(3, Refs.funcRef(f.instance().function(INC).address()))));
    }

    @Test
    void aLocalOrOperandSlotChangesTheDigest() {
        Layout layout = Layout.of(snapshot);
        Fresh f = restored(snapshot);
        FrameView top = f.machine().frame(f.machine().callDepth() - 1);
        FrameView outer = f.machine().frame(0);
        assertTrue(top.top() > top.operandBase(), "the innermost frame has an operand");
        assertTrue(outer.operandBase() > outer.base(), "the outermost frame has locals");
        assertEquals(f.machine().stackPointer(), layout.slotCount());
        // A local of the current frame, an operand of the current frame, a local of the outermost frame.
        for (int slot : new int[] {top.base(), top.top() - 1, outer.base() + 1}) {
            assertNotEquals(digest, digestWithLongFieldChanged(layout.slots() + 8 * slot), "slot " + slot);
        }
    }

    @Test
    void theStepCountChangesTheDigest() {
        Layout layout = Layout.of(snapshot);
        Fresh f = restored(snapshot);
        byte[] s = snapshot.clone();
        s[layout.steps() + 7] ^= 1;
        Fresh g = restored(s);
        assertEquals(f.machine().stepCount() ^ 1, g.machine().stepCount(), "the field edited is the step count");
        assertNotEquals(digest, StateDigest.of(g.machine(), g.instance()));
    }

    @Test
    void executingAnInstructionChangesTheDigest() {
        Fresh f = restored(snapshot);
        assertEquals(Machine.StopReason.BUDGET, f.machine().run(1));
        assertNotEquals(digest, StateDigest.of(f.machine(), f.instance()));
    }

    @Test
    void aDroppedSegmentChangesTheDigest() {
        // The data segments' dropped flags come just before the memory section, which ends the format
        // (here one page stored in full: page count, marker, 64 KiB); segment 0 (passive) was dropped by "run".
        byte[] s = snapshot.clone();
        int memorySection = 4 + 1 + 65536;
        assertEquals(1, Layout.readInt(s, s.length - memorySection), "one memory page");
        int flag = s.length - memorySection - 2;
        assertEquals(1, s[flag]);
        s[flag] = 0;
        Fresh f = restored(s);
        assertTrue(!f.instance().isDataDropped(0), "the field edited is segment 0's flag");
        assertNotEquals(digest, StateDigest.of(f.machine(), f.instance()));
    }
}
