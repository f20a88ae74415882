package io.backstep.engine.validate;

import static io.backstep.engine.decode.WasmBytes.cat;
import static io.backstep.engine.decode.WasmBytes.module;
import static io.backstep.engine.decode.WasmBytes.section;
import static io.backstep.engine.decode.WasmBytes.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstep.engine.decode.ModuleDecoder;
import io.backstep.engine.decode.WasmBytes;
import io.backstep.engine.model.WasmModule;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ModuleValidatorTest {
    static final int I32 = 0x7F, I64 = 0x7E, FUNCREF = 0x70, EXTERNREF = 0x6F, END = 0x0B;
    static final byte[] TYPES = section(1, vec(2, 0x60, 0, 0, 0x60, vec(1, I32), 0)); // 0: []->[], 1: [i32]->[]
    static final byte[] FUNCS = section(3, vec(2, 0, 1));
    static final byte[] BODIES = section(10, vec(2, 2, 0, END, 2, 0, END));

    private static byte[] vec(int n, Object... parts) {
        return WasmBytes.vec(n, parts);
    }

    /** Two functions (0: []->[], 1: [i32]->[]) plus the given sections, inserted in section order. */
    private static byte[] withFunctions(byte[] beforeCode, byte[] afterCode) {
        return module(TYPES, FUNCS, beforeCode, BODIES, afterCode);
    }

    private static void valid(byte[] bytes) {
        ModuleValidator.validate(ModuleDecoder.decode(bytes));
    }

    private static String invalid(byte[] bytes) {
        WasmModule m = ModuleDecoder.decode(bytes);
        return assertThrows(InvalidModuleException.class, () -> ModuleValidator.validate(m)).reason();
    }

    @Test
    void validModule() {
        valid(module(TYPES,
                section(2, vec(2, "env", "g", 0x03, I32, 0x00, "env", "t", 0x01, FUNCREF, 0x00, 1)),
                FUNCS,
                section(4, vec(1, EXTERNREF, 0x01, 0, 5)),
                section(5, vec(1, 0x01, 1, u32(65536))),
                section(6, vec(2, I32, 1, 0x23, 0, END, FUNCREF, 0, 0xD2, 1, END)),
                section(7, vec(3, "f", 0x00, 0, "m", 0x02, 0, "g", 0x03, 2)),
                section(8, 0),
                section(9, vec(2, 0x00, 0x23, 0, END, vec(1, 1), 0x06, 1, 0x41, 0, END, EXTERNREF, vec(1, 0xD0, EXTERNREF, END))),
                BODIES,
                section(11, vec(1, 0x00, 0x41, 0, END, vec(1, 7)))));
    }

    @Test
    void unknownIndices() {
        assertEquals("unknown type", invalid(module(TYPES, section(3, vec(1, 2)), section(10, vec(1, 2, 0, END)))));
        assertEquals("unknown type", invalid(module(section(2, vec(1, "a", "b", 0x00, 0)))));
        assertEquals("unknown function 5", invalid(withFunctions(section(7, vec(1, "f", 0x00, 5)), new byte[0])));
        assertEquals("unknown table 0", invalid(withFunctions(section(7, vec(1, "t", 0x01, 0)), new byte[0])));
        assertEquals("unknown memory 0", invalid(withFunctions(section(7, vec(1, "m", 0x02, 0)), new byte[0])));
        assertEquals("unknown global 0", invalid(withFunctions(section(7, vec(1, "g", 0x03, 0)), new byte[0])));
        assertEquals("unknown function 9", invalid(withFunctions(section(8, 9), new byte[0])));
        assertEquals("unknown table 0", invalid(withFunctions(section(9, vec(1, 0x00, 0x41, 0, END, vec(1, 0))), new byte[0])));
        assertEquals("unknown function 2", invalid(module(TYPES, FUNCS, section(4, vec(1, FUNCREF, 0, 0)),
                section(9, vec(1, 0x00, 0x41, 0, END, vec(1, 2))), BODIES)));
        // Data segments need a memory.
        assertEquals("unknown memory 0", invalid(module(section(11, vec(1, 0x00, 0x41, 0, END, vec(0))))));
        // A passive data segment does not.
        valid(module(section(11, vec(1, 0x01, vec(0)))));
    }

    @Test
    void globalsInConstantExpressions() {
        // global.get may only read imported globals...
        assertEquals("unknown global 0", invalid(module(section(6, vec(2, I32, 0, 0x41, 0, END, I32, 0, 0x23, 0, END)))));
        // ...that are immutable.
        assertEquals("constant expression required",
                invalid(module(section(2, vec(1, "e", "g", 0x03, I32, 0x01)), section(6, vec(1, I32, 0, 0x23, 0, END)))));
        assertEquals("type mismatch",
                invalid(module(section(2, vec(1, "e", "g", 0x03, I64, 0x00)), section(6, vec(1, I32, 0, 0x23, 0, END)))));
        assertEquals("type mismatch", invalid(module(section(6, vec(1, I32, 0, 0x42, 0, END)))));
        assertEquals("type mismatch", invalid(module(section(6, vec(1, EXTERNREF, 0, 0xD0, FUNCREF, END)))));
        assertEquals("type mismatch", invalid(withFunctions(section(6, vec(1, EXTERNREF, 0, 0xD2, 0, END)), new byte[0])));
        assertEquals("unknown function 3", invalid(withFunctions(section(6, vec(1, FUNCREF, 0, 0xD2, 3, END)), new byte[0])));
        assertEquals("type mismatch", invalid(module(section(5, vec(1, 0, 1)), section(11, vec(1, 0x00, 0x42, 0, END, vec(0))))));
    }

    @Test
    void memoriesAndLimits() {
        assertEquals("multiple memories", invalid(module(section(5, vec(2, 0, 1, 0, 1)))));
        assertEquals("multiple memories", invalid(module(section(2, vec(1, "e", "m", 0x02, 0, 1)), section(5, vec(1, 0, 1)))));
        assertEquals("memory size must be at most 65536 pages (4GiB)", invalid(module(section(5, vec(1, 0, u32(65537))))));
        assertEquals("memory size must be at most 65536 pages (4GiB)", invalid(module(section(5, vec(1, 1, 0, u32(65537))))));
        assertEquals("memory size must be at most 65536 pages (4GiB)",
                invalid(module(section(2, vec(1, "e", "m", 0x02, 0, u32(0xFFFF_FFFFL))))));
        assertEquals("size minimum must not be greater than maximum", invalid(module(section(5, vec(1, 1, 2, 1)))));
        assertEquals("size minimum must not be greater than maximum", invalid(module(section(4, vec(1, FUNCREF, 1, 2, 1)))));
        valid(module(section(4, vec(1, FUNCREF, 1, u32(0xFFFF_FFFFL), u32(0xFFFF_FFFFL)))));
    }

    @Test
    void startExportsAndElementTypes() {
        assertEquals("start function", invalid(withFunctions(section(8, 1), new byte[0])));
        assertEquals("duplicate export name", invalid(withFunctions(section(7, vec(2, "x", 0x00, 0, "x", 0x00, 1)), new byte[0])));
        // externref items into a funcref table
        assertEquals("type mismatch", invalid(module(section(4, vec(1, FUNCREF, 0, 1)),
                section(9, vec(1, 0x06, 0, 0x41, 0, END, EXTERNREF, vec(1, 0xD0, EXTERNREF, END))))));
        // item type different from the segment's declared type
        assertEquals("type mismatch", invalid(module(section(9, vec(1, 0x05, EXTERNREF, vec(1, 0xD0, FUNCREF, END))))));
        // an offset must be i32
        assertEquals("type mismatch", invalid(module(section(4, vec(1, FUNCREF, 0, 1)), section(9, vec(1, 0x04, 0x42, 0, END, vec(0))))));
    }

    @Test
    void declaredFunctionReferences() {
        byte[] fourFuncs = cat(section(1, vec(1, 0x60, 0, 0)), section(3, vec(4, 0, 0, 0, 0)));
        byte[] bodies = section(10, vec(4, 2, 0, END, 2, 0, END, 2, 0, END, 2, 0, END));
        WasmModule m = ModuleDecoder.decode(module(fourFuncs,
                section(6, vec(1, FUNCREF, 0, 0xD2, 1, END)),
                section(7, vec(1, "e", 0x00, 3)),
                section(9, vec(1, 0x03, 0x00, vec(1, 2))),
                bodies));
        ModuleValidator.validate(m);
        BitSet expected = new BitSet();
        expected.set(1);
        expected.set(2);
        expected.set(3);
        assertEquals(expected, ModuleValidator.declaredFunctionReferences(m));
    }
}
