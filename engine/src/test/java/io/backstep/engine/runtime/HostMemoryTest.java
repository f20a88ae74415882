package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** When the host cannot provide memory, memory.grow returns -1 (malloc returns NULL) and the program runs on. */
class HostMemoryTest {
    private static final long PAGE = Memory.PAGE_SIZE;

    @Test
    void growPastTheLimitReturnsMinusOneAndTheProgramContinues() throws IOException {
        CompiledModule module = MachineTest.load("/wat/memory-grow.wasm");
        Linker linker = new Linker().hostMemory(HostMemory.limitedTo(64 * PAGE));
        Instance inst = linker.instantiate(module);
        Machine machine = new Machine(linker.store());
        // One page to start with, 63 more granted, then -1.
        assertEquals(63, (int) machine.invoke(inst.exportedFunction("grow_until_refused"))[0]);
        assertEquals(64, inst.memory().pages());
        // The memory is intact and usable up to its last byte, and refuses again.
        machine.invoke(inst.exportedFunction("store"), 64 * PAGE - 4, 1234);
        assertEquals(1234, (int) machine.invoke(inst.exportedFunction("load"), 64 * PAGE - 4)[0]);
        assertEquals(0, (int) machine.invoke(inst.exportedFunction("grow_until_refused"))[0]);
        assertEquals(-1, inst.memory().grow(1));
        assertEquals(64, inst.memory().grow(0));
    }

    @Test
    void growBeyondWhatTheHeapCanGiveReturnsMinusOne() {
        // A heap with 3 MiB to spare (beyond its reserve): no limit is set, the heap is what refuses.
        HostMemory host = new HostMemory(Long.MAX_VALUE, () -> 3L << 20);
        Memory m = new Memory(new MemoryType(new Limits(1, -1)), host);
        int granted = 0;
        while (m.grow(1) != -1) granted++;
        assertEquals(47, granted, "48 pages are 3 MiB");
        assertEquals(48, m.pages());
        m.storeI32(48 * PAGE - 4, 7);
        assertEquals(7, m.loadI32(48 * PAGE - 4));
        // A grow that fits the heap only without spare capacity still succeeds.
        Memory n = new Memory(new MemoryType(new Limits(40, -1)), new HostMemory(Long.MAX_VALUE, () -> 41 * PAGE));
        assertEquals(40, n.grow(1));
        assertEquals(-1, n.grow(1));
    }

    @Test
    void aMemoryLargerThanTheHostCanGiveFailsToInstantiateWithAReason() {
        LinkException e = assertThrows(LinkException.class,
                () -> new Memory(new MemoryType(new Limits(100, -1)), HostMemory.limitedTo(99 * PAGE)));
        assertTrue(e.getMessage().contains("exceeds the limit of 6488064 bytes (backstep.memory.limit)"), e.getMessage());
        e = assertThrows(LinkException.class,
                () -> new Memory(new MemoryType(new Limits(100, -1)), new HostMemory(Long.MAX_VALUE, () -> 99 * PAGE)));
        assertTrue(e.getMessage().startsWith("not enough host memory for a memory of 100 pages"), e.getMessage());
    }

    @Test
    void theLimitPropertyTakesSizesWithUnits() {
        assertEquals(512L << 20, HostMemory.parseLimit("512m"));
        assertEquals(2L << 30, HostMemory.parseLimit("2G"));
        assertEquals(64L << 10, HostMemory.parseLimit("64k"));
        assertEquals(1048576, HostMemory.parseLimit(" 1048576 "));
        assertEquals(Long.MAX_VALUE, HostMemory.parseLimit(null));
        for (String bad : new String[] {"abc", "-1", "1.5g", "g", "12t", "99999999999999999999"}) {
            HostMemory.BadLimitException e = assertThrows(HostMemory.BadLimitException.class, () -> HostMemory.parseLimit(bad), bad);
            assertEquals("backstep.memory.limit: '" + bad + "' is not a size (bytes, or a number with k, m or g, e.g. 512m)", e.getMessage());
        }
    }
}
