package io.backstep.engine.jit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.WasmFunction;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The tiering policy: a function is translated once seen more often than the threshold, never while it has probes. */
class TieringTest {
    /** A fresh load of machine.wasm (translations are shared by module bytes: a fresh load still starts cold per function). */
    private static WasmFunction function(String name) throws IOException {
        CompiledModule module;
        try (InputStream in = TieringTest.class.getResourceAsStream("/wat/machine.wasm")) {
            module = Wasm.load(in.readAllBytes());
        }
        return (WasmFunction) new Linker().instantiate(module).exportedFunction(name);
    }

    @Test
    void aFunctionIsTranslatedOnceSeenMoreOftenThanTheThreshold() throws IOException {
        WasmFunction fib = function("fib");
        for (int seen = 1; seen <= 3; seen++) assertNull(Tiering.translationFor(fib, 3), "seen " + seen + " times");
        JitCode jc = Tiering.translationFor(fib, 3);
        assertNotNull(jc, "seen a fourth time");
        assertSame(jc, fib.code().jitCode, "the translation is the function's");
        assertSame(jc, Tiering.translationFor(fib, 3), "and is kept");
    }

    @Test
    void aFunctionWithProbesOrRefusedRunsInterpreted() throws IOException {
        WasmFunction div = function("div");
        CompiledFunction code = div.code();
        assertNotNull(Tiering.translationFor(div, 0), "threshold 0: translated on first sight");
        code.setProbe(0);
        assertNull(Tiering.translationFor(div, 0), "a breakpoint probe keeps it in the interpreter");
        code.clearProbe(0);
        assertNotNull(Tiering.translationFor(div, 0), "and its translation is used again once the probe is gone");

        WasmFunction spin = function("spin");
        spin.code().jitRefused = true;
        assertNull(Tiering.translationFor(spin, 0), "a function the JIT tier refused is never translated");
        assertNull(spin.code().jitCode);
    }
}
