package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Growing memory costs in proportion to the growth: the backing array is reallocated geometrically, so
 * it is usually larger than the memory, and everything that checks bounds must check the Wasm size.
 */
class MemoryGrowthTest {
    private static Memory memory(int pages) {
        return new Memory(new MemoryType(new Limits(pages, -1)));
    }

    @Test
    void growingAPageAtATimeReallocatesOnlyAFewTimesAndKeepsTheContents() {
        Memory m = memory(1);
        Map<long[], Boolean> arrays = new IdentityHashMap<>();
        for (int p = 1; p < 2000; p++) {
            assertEquals(p, m.grow(1));
            m.storeI32((long) p * Memory.PAGE_SIZE, p);
            arrays.put(m.words, true);
        }
        assertEquals(2000, m.pages());
        // By factors of 1.5 from one page: about 20 arrays, not one per page.
        assertTrue(arrays.size() < 25, "reallocations: " + arrays.size());
        for (int p = 1; p < 2000; p++) assertEquals(p, m.loadI32((long) p * Memory.PAGE_SIZE), "page " + p);
        assertEquals(0, m.loadI32(0));
    }

    @Test
    void accessesPastTheSizeTrapThoughTheArrayIsLarger() {
        Memory m = memory(1);
        for (int i = 0; i < 10; i++) m.grow(1);
        long size = m.byteSize();
        assertTrue(m.capacity() > size, "this test needs spare capacity");
        assertEquals(0, m.loadI32(size - 4));
        assertThrows(TrapException.class, () -> m.loadI32(size - 3));
        assertThrows(TrapException.class, () -> m.loadI8(size));
        assertThrows(TrapException.class, () -> m.storeI64(size - 4, 1));
        assertThrows(TrapException.class, () -> m.read(size - 2, 4));
        assertThrows(TrapException.class, () -> m.write(size, new byte[1]));
        assertThrows(TrapException.class, () -> m.fill(size - 1, 2, (byte) 1));
        assertThrows(TrapException.class, () -> m.copyWithin(size - 1, 0, 2));
        assertEquals(size / Memory.CHUNK_SIZE, m.chunkCount());
    }

    /** Every access kind, run by the interpreter and by translated code, against a memory with spare capacity. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyTierTrapsPastTheSize(boolean jit) throws IOException {
        CompiledModule module = MachineTest.load("/wat/memory-grow.wasm");
        Linker linker = new Linker();
        Instance inst = linker.instantiate(module);
        Machine machine = new Machine(linker.store());
        machine.setJit(jit);
        machine.setJitThreshold(0);
        assertEquals(11, (int) machine.invoke(inst.exportedFunction("grow"), 10)[0]);
        Memory mem = inst.memory();
        long size = mem.byteSize();
        assertTrue(mem.capacity() > size, "this test needs spare capacity");
        Object[][] calls = {
            {"load", new long[] {size - 4}, null},
            {"load", new long[] {size - 3}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"load8", new long[] {size - 1}, null},
            {"load8", new long[] {size}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"load64", new long[] {size - 8}, null},
            {"load64", new long[] {size - 7}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"store", new long[] {size - 4, 9}, null},
            {"store", new long[] {size - 2, 9}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"store8", new long[] {size, 9}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"fill", new long[] {size - 16, 17}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"copy", new long[] {size - 16, 0, 17}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"load128", new long[] {size - 16}, null},
            {"load128", new long[] {size - 15}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
        };
        for (Object[] c : calls) {
            // A few rounds, so that translated code runs each access once it is hot.
            for (int round = 0; round < 3; round++) {
                String what = c[0] + java.util.Arrays.toString((long[]) c[1]) + (jit ? " (JIT tier)" : "");
                machine.start(inst.exportedFunction((String) c[0]), (long[]) c[1]);
                Machine.StopReason r = machine.run(Long.MAX_VALUE);
                if (c[2] == null) {
                    assertEquals(Machine.StopReason.FINISHED, r, what);
                } else {
                    assertEquals(Machine.StopReason.TRAPPED, r, what);
                    assertEquals(c[2], machine.trap().kind(), what);
                }
            }
        }
        assertEquals(0, (int) machine.invoke(inst.exportedFunction("check_pages"))[0], "pages keep what grow wrote");
        // Nothing past the size was written: growing again finds zeros there.
        assertEquals(11, mem.grow(1));
        assertArrayEquals(new byte[64], mem.read(size, 64));
        if (jit) assertNotNull(((WasmFunction) inst.exportedFunction("load")).code().jitCode, "the JIT tier ran");
    }

    @Test
    void theDigestFollowsGrowthIncrementally() {
        // Grown a page at a time with digests in between (the page hash cache survives each growth)...
        Memory grown = memory(1);
        for (int p = 1; p < 300; p++) {
            grown.grow(1);
            grown.storeI32((long) p * Memory.PAGE_SIZE + 8, p * 31);
            if (p % 7 == 0) grown.digest(1);
        }
        // ... must digest as a memory that was that size all along.
        Memory direct = memory(300);
        for (int p = 1; p < 300; p++) direct.storeI32((long) p * Memory.PAGE_SIZE + 8, p * 31);
        assertEquals(direct.digest(1), grown.digest(1));
        grown.storeI32(5, 1);
        assertNotEquals(direct.digest(1), grown.digest(1));
    }

    @Test
    void restoringASmallerMemoryZeroesWhatWasCutOff() throws IOException {
        CompiledModule module = MachineTest.load("/wat/memory-grow.wasm");
        Linker linker = new Linker();
        Instance inst = linker.instantiate(module);
        Machine machine = new Machine(linker.store());
        byte[] small = Snapshot.capture(machine, inst);
        long smallDigest = StateDigest.of(machine, inst);
        assertEquals(40, (int) machine.invoke(inst.exportedFunction("grow"), 39)[0]);
        byte[] large = Snapshot.capture(machine, inst);
        long largeDigest = StateDigest.of(machine, inst);

        Snapshot.restore(small, machine, inst);
        assertEquals(1, inst.memory().pages());
        assertEquals(smallDigest, StateDigest.of(machine, inst));
        // Grown again, the pages that had been written and cut off must read as zeros.
        assertEquals(1, inst.memory().grow(39));
        assertEquals(39, (int) machine.invoke(inst.exportedFunction("check_pages"))[0], "every page but page 0 is zero");

        Snapshot.restore(large, machine, inst);
        assertEquals(40, inst.memory().pages());
        assertEquals(largeDigest, StateDigest.of(machine, inst));
        assertEquals(0, (int) machine.invoke(inst.exportedFunction("check_pages"))[0]);
    }
}
