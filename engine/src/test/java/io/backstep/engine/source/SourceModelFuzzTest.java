package io.backstep.engine.source;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.debuginfo.FrameAccess;
import io.backstep.engine.model.CustomSection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed DWARF through the source-level model: every byte of the debug sections flipped, and after
 * each change everything the model offers is asked for. Nothing but {@link SourceException} (from the
 * requests that report errors) escapes, and a model that met malformed DWARF says "debug info
 * unreadable: ..." in one line.
 */
class SourceModelFuzzTest {
    private static final FrameAccess FRAME = new FrameAccess() {
        public long local(int index) { return 0x1000 + index; }
        public long global(int index) { return 0x2000; }
        public long operand(int index) { return index; }
        public boolean readMemory(long address, byte[] dst) { return address >= 0 && address + dst.length < 0x10000; }
    };

    /** Asks the model for everything; returns whether its status says unreadable. */
    static boolean exercise(CompiledModule module, SourceModel model) {
        model.sourceFiles();
        model.dwarfVersion();
        for (CompiledFunction f : module.functions()) {
            if (f == null || f.instructionCount() == 0) continue;
            for (int i = 0; i < f.instructionCount(); i += Math.max(1, f.instructionCount() / 8)) {
                int offset = f.wasmOffset(f.instructionPc(i));
                model.position(offset);
                model.stepPoint(f, offset);
                model.hasLineInfo(f);
                for (SourceFrame sf : model.frames(List.of(new CodeFrame(f.index, "f", offset, true), new CodeFrame(f.index, "g", offset, false)))) {
                    for (ValueNode v : model.variables(sf, FRAME)) {
                        v.text();
                        for (ValueNode c : v.children()) c.text();
                    }
                    for (ValueNode g : model.globals(sf, FRAME)) g.text();
                    try {
                        model.evaluate("x + *p - a[1] == (int) s.m", sf, FRAME);
                    } catch (SourceException e) {
                        oneLine(e);
                    }
                }
            }
        }
        try {
            model.lineBreakpoint("tiny.c", 10, module);
        } catch (SourceException e) {
            oneLine(e);
        }
        oneLine(new SourceException(model.status()));
        return model.status().startsWith("debug info unreadable: ");
    }

    private static void oneLine(RuntimeException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"tiny.wasm,1", "tiny.dwarf5.wasm,1", "types.O2.wasm,509"})
    void everyFlippedByteLeavesTheModelAnsweringOrSayingUnreadable(String name, int stride) throws Exception {
        byte[] original = Files.readAllBytes(SourceModelTest.RESOURCES.resolve(name));
        CompiledModule clean = Wasm.load(original);
        assertTrue(!exercise(clean, SourceModel.open(clean.module(), null)), "the clean module reads");
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            int tried = 0, unreadable = 0;
            for (CustomSection cs : clean.module().customSections()) {
                if (!cs.name().startsWith(".debug_")) continue;
                for (int at = cs.payloadStart(); at < cs.payloadEnd(); at += stride) {
                    byte[] b = original.clone();
                    b[at] ^= (byte) 0xFF;
                    CompiledModule m = Wasm.load(b);
                    tried++;
                    try {
                        if (exercise(m, SourceModel.open(m.module(), null))) unreadable++;
                    } catch (Throwable t) {
                        fail(name + ": byte 0x" + Integer.toHexString(at) + " of " + cs.name() + " escaped as " + t, t);
                    }
                }
            }
            assertTrue(tried > 50, "mutations tried: " + tried);
            assertTrue(unreadable > 0, "some mutations make the debug info unreadable");
        });
    }
}
