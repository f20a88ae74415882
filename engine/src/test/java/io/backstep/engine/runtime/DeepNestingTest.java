package io.backstep.engine.runtime;

import static io.backstep.engine.decode.WasmBytes.cat;
import static io.backstep.engine.decode.WasmBytes.module;
import static io.backstep.engine.decode.WasmBytes.section;
import static io.backstep.engine.decode.WasmBytes.u32;
import static io.backstep.engine.decode.WasmBytes.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.jit.JitCompiler;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Functions of hundreds of thousands of nested blocks validate, translate (or are refused) and run in
 * time linear in their size: they once took tens of seconds (timings: docs/benchmarks.md). Each is
 * {@code (func (param i32) (result i32) ... i32.const 7)}, run with 1 (every branch taken) and 0.
 */
class DeepNestingTest {
    private static final int DEPTH = 200_000;

    private static byte[] function(byte[] body) {
        byte[] code = cat(0, body); // no locals
        return module(
                section(1, vec(1, 0x60, vec(1, 0x7F), vec(1, 0x7F))),
                section(3, vec(1, 0)),
                section(7, vec(1, "f", 0, 0)),
                section(10, vec(1, u32(code.length), code)));
    }

    private static byte[] repeat(int times, int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(times * bytes.length);
        for (int i = 0; i < times; i++) for (int b : bytes) out.write(b);
        return out.toByteArray();
    }

    private static final byte[] SEVEN = {0x41, 7, 0x0B}; // i32.const 7; end

    /** Runs f(1) and f(0) with every function translated on first use, as the JIT tier would once it is hot. */
    private static void runsToSeven(CompiledModule m) {
        Linker linker = new Linker();
        Instance inst = linker.instantiate(m);
        Machine machine = new Machine(linker.store());
        machine.setJitThreshold(0);
        assertEquals(7, (int) machine.invoke(inst.exportedFunction("f"), 1)[0]);
        assertEquals(7, (int) machine.invoke(inst.exportedFunction("f"), 0)[0]);
    }

    @Test
    void nestedIfs() {
        // local.get 0; if ... (DEPTH deep), then DEPTH ends: every branch jumps to the same place.
        CompiledModule m = Wasm.load(function(cat(repeat(DEPTH, 0x20, 0, 0x04, 0x40), repeat(DEPTH, 0x0B), SEVEN)));
        assertEquals("method too large for the JVM", JitCompiler.refusal(m.functions()[0], m.module()));
        runsToSeven(m);
    }

    @Test
    void nestedIfElses() {
        CompiledModule m = Wasm.load(function(cat(repeat(DEPTH, 0x20, 0, 0x04, 0x40), repeat(DEPTH, 0x05, 0x0B), SEVEN)));
        assertEquals("method too large for the JVM", JitCompiler.refusal(m.functions()[0], m.module()));
        runsToSeven(m);
    }

    @Test
    void nestedBlocksLeftFromTheInnermost() {
        // DEPTH blocks; the innermost br_ifs out of all of them.
        CompiledModule m = Wasm.load(function(cat(repeat(DEPTH, 0x02, 0x40), 0x20, 0, 0x0D, u32(DEPTH - 1), repeat(DEPTH, 0x0B), SEVEN)));
        assertEquals(null, JitCompiler.refusal(m.functions()[0], m.module()));
        runsToSeven(m);
    }

    @Test
    void aBrTableToEveryOneOfManyBlocksAboveADeepStack() {
        // 20,000 values on the stack, then 20,000 blocks of result i32 and a br_table naming each of them.
        int n = 20_000;
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) table.writeBytes(u32(i));
        CompiledModule m = Wasm.load(function(cat(repeat(n, 0x41, 0), repeat(n, 0x02, 0x7F),
                0x41, 5, 0x20, 0, 0x0E, u32(n), table.toByteArray(), u32(n - 1),
                repeat(n, 0x0B), repeat(n + 1, 0x1A), SEVEN)));
        runsToSeven(m);
    }
}
