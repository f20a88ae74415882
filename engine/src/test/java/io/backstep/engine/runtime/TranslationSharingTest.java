package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.decode.WasmBytes;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Translations are shared by loads of the same module bytes (replay and later recordings reuse code
 * HotSpot has compiled), found by a checksum and matched byte for byte: a module that differs in one
 * section gets its own.
 */
class TranslationSharingTest {
    private static byte[] machineModule() throws IOException {
        try (InputStream in = TranslationSharingTest.class.getResourceAsStream("/wat/machine.wasm")) {
            return in.readAllBytes();
        }
    }

    /** Runs fib(15) translated in a fresh instance of {@code module}; returns fib's translation. */
    private static Object translatedFib(CompiledModule module) {
        Linker linker = new Linker();
        Instance inst = linker.instantiate(module);
        Machine machine = new Machine(linker.store());
        machine.setJitThreshold(0);
        FunctionInstance fib = inst.exportedFunction("fib");
        assertEquals(610, (int) machine.invoke(fib, 15)[0]);
        Object jit = ((WasmFunction) fib).code().jitCode;
        assertNotNull(jit, "fib was translated");
        return jit;
    }

    @Test
    void loadsOfTheSameBytesShareATranslationAndOtherBytesDoNot() throws IOException {
        byte[] bytes = machineModule();
        Object first = translatedFib(Wasm.load(bytes.clone()));
        assertSame(first, translatedFib(Wasm.load(bytes.clone())), "a second load of equal bytes (another array) reuses the translation");

        // The same code with one more (empty) custom section: other bytes, so a translation of its own.
        byte[] other = WasmBytes.cat(bytes, WasmBytes.section(0, WasmBytes.name("x")));
        assertNotSame(first, translatedFib(Wasm.load(other)), "other bytes get their own translation");
    }
}
