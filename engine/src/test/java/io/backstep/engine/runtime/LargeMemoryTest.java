package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backstep.engine.code.CompiledModule;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A memory past 2 GiB (the most a Java byte array holds): addresses above 2^31 load, store, fill, copy
 * and trap like any other, in the interpreter and in translated code.
 */
class LargeMemoryTest {
    private static final long TWO_GIB = 1L << 31;

    @Test
    void addressesAboveTwoGibWorkInEveryTier() throws IOException {
        // The default heap (a quarter of the RAM) is enough on any machine with 12 GB or more.
        assumeTrue(Runtime.getRuntime().maxMemory() >= 3L << 30, "needs a heap of at least 3 GiB");
        CompiledModule module = MachineTest.load("/wat/memory-grow.wasm");
        Linker linker = new Linker();
        Instance inst = linker.instantiate(module);
        Memory mem = inst.memory();
        assertEquals(1, mem.grow(32768), "2 GiB and one page");
        long size = mem.byteSize();
        assertEquals(TWO_GIB + Memory.PAGE_SIZE, size);
        long digestBefore = mem.digest(1);
        for (boolean jit : new boolean[] {false, true}) {
            Machine machine = new Machine(linker.store());
            machine.setJit(jit);
            machine.setJitThreshold(0);
            String tier = jit ? " (JIT tier)" : "";
            long at = TWO_GIB + 12 + (jit ? 100 : 0);
            machine.invoke(inst.exportedFunction("store"), at, 0x12345678);
            assertEquals(0x12345678, (int) machine.invoke(inst.exportedFunction("load"), at)[0], tier);
            assertEquals(0x56, (int) machine.invoke(inst.exportedFunction("load8"), at + 1)[0], tier);
            assertEquals(0x12345678, mem.loadI32(at), tier);
            // Straddling 2^31: bytes on both sides.
            machine.invoke(inst.exportedFunction("store"), TWO_GIB - 2, 0x0A0B0C0D);
            assertEquals(0x0A0B0C0DL, machine.invoke(inst.exportedFunction("load64"), TWO_GIB - 2)[0] & 0xFFFFFFFFL, tier);
            assertEquals(0x0A, (int) machine.invoke(inst.exportedFunction("load8"), TWO_GIB + 1)[0], tier);
            assertEquals(0, (int) machine.invoke(inst.exportedFunction("load"), size - 4)[0], tier);
            machine.start(inst.exportedFunction("load"), size - 3);
            assertEquals(Machine.StopReason.TRAPPED, machine.run(Long.MAX_VALUE), tier);
            assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, machine.trap().kind(), tier);
            machine.start(inst.exportedFunction("load"), 0xFFFFFFFFL);
            assertEquals(Machine.StopReason.TRAPPED, machine.run(Long.MAX_VALUE), tier);
            if (jit) assertNotNull(((WasmFunction) inst.exportedFunction("load")).code().jitCode, "the JIT tier ran");
        }
        // Bulk memory and SIMD across and above 2^31.
        Machine machine = new Machine(linker.store());
        machine.invoke(inst.exportedFunction("fill"), TWO_GIB - 8, 16);
        assertEquals(0x07070707, mem.loadI32(TWO_GIB - 8));
        assertEquals(0x07070707, mem.loadI32(TWO_GIB + 4));
        machine.invoke(inst.exportedFunction("copy"), size - 16, TWO_GIB - 8, 16);
        assertEquals(0x0707070707070707L, mem.loadI64(size - 8));
        assertEquals(0x07070707, (int) machine.invoke(inst.exportedFunction("load128"), size - 16)[0]);
        assertNotEquals(digestBefore, mem.digest(1), "the digest sees writes above 2 GiB");
    }
}
