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
}
