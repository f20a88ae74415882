package io.backstep.recorder.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceModel;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What front ends see of a module: the decoded description, function entries and line breakpoint places. */
class ModuleDescriptionTest {
    private static CompiledModule sample(String name) throws IOException {
        try (InputStream in = ModuleDescriptionTest.class.getResourceAsStream("/samples/" + name + ".wasm")) {
            return Wasm.load(in.readAllBytes());
        }
    }

    @Test
    void importsHaveNoCodeAndDefinedFunctionsStartAtTheirFirstInstruction() throws IOException {
        CompiledModule code = sample("corruption");
        ModuleDescription d = ModuleDescription.of(code);
        assertTrue(d.module().importedFunctionCount() > 0);
        assertFalse(d.hasCode(0), "an import");
        assertEquals(-1, d.firstInstructionOffset(0));
        assertEquals(-1, d.firstInstructionOffset(d.module().functionCount()));
        int f = d.module().importedFunctionCount();
        assertTrue(d.hasCode(f));
        assertEquals(code.function(f).wasmOffset(code.function(f).instructionPc(0)), d.firstInstructionOffset(f));
    }

    @Test
    void lineBreakpointsAreThoseOfTheCompiledCode() throws IOException {
        CompiledModule code = sample("corruption");
        ModuleDescription d = ModuleDescription.of(code);
        SourceModel source = SourceModel.of(d.module());
        assertEquals(source.lineBreakpoint("corruption.c", 120, code), d.lineBreakpoint(source, "corruption.c", 120));
        assertThrows(SourceException.class, () -> d.lineBreakpoint(source, "nosuchfile.c", 1));
    }

    @Test
    void functionsAreFoundByTheirNameSectionNameAsTheModuleOrTheTextSpellsIt() throws IOException {
        ModuleDescription d = ModuleDescription.of(sample("corruption"));
        int start = d.functionNamed("_start");
        assertEquals("_start", d.module().functionName(start));
        assertEquals(start, d.functionNamed("$_start"));
        assertEquals(-1, d.functionNamed("__imported_wasi_snapshot_preview1_fd_write"), "an import has no code");
        assertEquals("__imported_wasi_snapshot_preview1_fd_write", d.module().functionName(3));
        assertEquals(-1, d.functionNamed("main"), "a source name is not a name-section name");
        assertEquals(-1, d.functionNamed(null));

        // One function named "a<newline>b": the text shows it as a\nb, and both spellings find it.
        byte[] module = {
            0, 'a', 's', 'm', 1, 0, 0, 0,
            1, 4, 1, 0x60, 0, 0,                 // type 0: [] -> []
            3, 2, 1, 0,                          // function 0 has type 0
            10, 4, 1, 2, 0, 0x0b,                // its body: end
            0, 13, 4, 'n', 'a', 'm', 'e',        // custom section "name"
            1, 6, 1, 0, 3, 'a', '\n', 'b',        // function names: 0 -> "a\nb"
        };
        ModuleDescription named = ModuleDescription.of(Wasm.load(module));
        assertEquals(0, named.functionNamed("a\nb"));
        assertEquals(0, named.functionNamed("$a\\nb"));
        assertEquals(-1, named.functionNamed("ab"));
    }
}
