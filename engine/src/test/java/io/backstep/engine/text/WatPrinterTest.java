package io.backstep.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WatPrinterTest {
    /** (func (param i32) (result i32) local.get 0 i32.const 7 i32.add) exported as "f", hand-encoded. */
    private static final byte[] SMALL = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,          // type section
        0x03, 0x02, 0x01, 0x00,                                  // function section
        0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,                 // export "f"
        0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x07, 0x6a, 0x0b, // code
    };

    @Test
    void printsInstructionsWithTheirOffsets() {
        CompiledModule cm = Wasm.load(SMALL);
        WatText w = WatPrinter.print(cm.module());
        // Code section at 27: id, size, count, body size, locals vector (byte 31), instructions from 32.
        int first = w.lineOfOffset(32);
        assertTrue(first > 0);
        assertEquals("local.get 0", w.line(first).trim());
        assertEquals("i32.const 7", w.line(w.lineOfOffset(34)).trim());
        assertEquals("i32.add", w.line(w.lineOfOffset(36)).trim());
        assertEquals(0, w.functionAt(first));
        assertEquals(-1, w.lineOfOffset(33));
        assertEquals(w.lineOfOffset(32), w.lineAtOrBefore(33));
        assertTrue(w.line(w.lineOfFunction(0)).contains("(param i32) (result i32)"));
        assertTrue(w.text().contains("(export \"f\" (func 0))"));
    }

    static Stream<Path> modules() throws IOException {
        List<Path> all = new ArrayList<>();
        Path samples = Path.of("..", "samples");
        try (Stream<Path> s = Files.list(samples)) {
            s.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(all::add);
        }
        String suite = System.getProperty("backstep.testsuite");
        Path json = suite == null ? Path.of("..", "..", "shared", "wasm-testsuite", "json") : Path.of(suite, "json");
        for (String dir : new String[] {"simd_lane", "simd_load", "simd_const", "bulk", "memory_copy", "table_init",
                "ref_func", "select", "br_table", "call_indirect", "float_exprs", "conversions", "block"}) {
            Path d = json.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".wasm")).sorted().limit(6).forEach(all::add);
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyInstructionOffsetHasALine(Path file) throws IOException {
        CompiledModule cm;
        try {
            cm = Wasm.load(Files.readAllBytes(file));
        } catch (RuntimeException invalid) {
            return; // spec directories also hold malformed/invalid modules: nothing to print
        }
        WatText w = WatPrinter.print(cm.module());
        int checked = 0;
        for (CompiledFunction f : cm.functions()) {
            int fn = f.index;
            for (int i = 0; i < f.instructionCount(); i++) {
                int offset = f.wasmOffset(f.instructionPc(i));
                if (offset < 0) continue;
                int line = w.lineOfOffset(offset);
                assertTrue(line >= 0, () -> file + ": no line for offset " + offset);
                assertEquals(fn, w.functionAt(line), file + " offset " + offset);
                assertTrue(!w.line(line).isBlank());
                checked++;
            }
        }
        assertTrue(cm.functions().length == 0 || checked > 0, file.toString());
        // Functions' header lines exist for every defined function.
        for (CompiledFunction f : cm.functions()) assertTrue(w.lineOfFunction(f.index) >= 0);
    }
}
