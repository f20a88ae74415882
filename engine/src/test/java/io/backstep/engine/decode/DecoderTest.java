package io.backstep.engine.decode;

import static io.backstep.engine.decode.WasmBytes.cat;
import static io.backstep.engine.decode.WasmBytes.module;
import static io.backstep.engine.decode.WasmBytes.s64;
import static io.backstep.engine.decode.WasmBytes.section;
import static io.backstep.engine.decode.WasmBytes.u32;
import static io.backstep.engine.decode.WasmBytes.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.model.ConstExpr;
import io.backstep.engine.model.CustomSection;
import io.backstep.engine.model.DataSegment;
import io.backstep.engine.model.ElementSegment;
import io.backstep.engine.model.ExternKind;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.FunctionBody;
import io.backstep.engine.model.Import;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.NameSection;
import io.backstep.engine.model.SegmentMode;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.validate.InvalidModuleException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoderTest {
    static final int I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B, FUNCREF = 0x70, EXTERNREF = 0x6F;
    static final int END = 0x0B;

    /** Type section with the single type [] -> []. */
    static final byte[] VOID_TYPE = section(1, vec(1, 0x60, 0, 0));
    /** One function of type 0 whose body is just `end`. */
    static final byte[] ONE_FUNC = section(3, vec(1, 0));
    static final byte[] ONE_BODY = section(10, vec(1, 2, 0, END));

    private static String malformed(byte[] bytes) {
        return assertThrows(MalformedModuleException.class, () -> ModuleDecoder.decode(bytes)).reason();
    }

    @Test
    void emptyModule() {
        WasmModule m = ModuleDecoder.decode(WasmBytes.HEADER.clone());
        assertEquals(0, m.types().length);
        assertEquals(0, m.functionCount());
        assertEquals(-1, m.startFunction());
        assertEquals(-1, m.dataCount());
        assertSame(NameSection.EMPTY, m.names());
        assertEquals(0, m.customSections().length);
    }

    @Test
    void header() {
        assertEquals("unexpected end", malformed(new byte[0]));
        assertEquals("unexpected end", malformed(new byte[] {0, 0x61, 0x73}));
        assertEquals("magic header not detected", malformed(new byte[] {0, 0x61, 0x73, 0x6E, 1, 0, 0, 0}));
        assertEquals("unexpected end", malformed(new byte[] {0, 0x61, 0x73, 0x6D, 1}));
        assertEquals("unknown binary version", malformed(new byte[] {0, 0x61, 0x73, 0x6D, 2, 0, 0, 0}));
    }

    @Test
    void types() {
        WasmModule m = ModuleDecoder.decode(module(section(1, vec(2,
                0x60, vec(2, I32, I64), vec(1, F32),
                0x60, vec(1, V128), vec(2, EXTERNREF, FUNCREF)))));
        assertEquals(FuncType.of(new ValType[] {ValType.I32, ValType.I64}, ValType.F32), m.types()[0]);
        assertEquals(FuncType.of(new ValType[] {ValType.V128}, ValType.EXTERNREF, ValType.FUNCREF), m.types()[1]);
        assertEquals("malformed function type", malformed(module(section(1, vec(1, 0x61, 0, 0)))));
        assertEquals("malformed value type", malformed(module(section(1, vec(1, 0x60, vec(1, 0x40), 0)))));
    }

    @Test
    void importsOfEveryKind() {
        WasmModule m = ModuleDecoder.decode(module(VOID_TYPE, section(2, vec(4,
                "env", "f", 0x00, 0,
                "env", "t", 0x01, FUNCREF, 0x01, 1, 10,
                "env", "m", 0x02, 0x00, 2,
                "env", "g", 0x03, I64, 0x01))));
        Import[] im = m.imports();
        assertEquals(ExternKind.FUNCTION, im[0].kind());
        assertEquals(0, im[0].typeIndex());
        assertEquals("t", im[1].name());
        assertEquals(new Limits(1, 10), im[1].table().limits());
        assertEquals(ValType.FUNCREF, im[1].table().elemType());
        assertEquals(new Limits(2, -1), im[2].memory().limits());
        assertEquals(ValType.I64, im[3].global().type());
        assertTrue(im[3].global().mutable());
        assertEquals(1, m.importedFunctionCount());
        assertEquals(1, m.importedTableCount());
        assertEquals(1, m.importedMemoryCount());
        assertEquals(1, m.importedGlobalCount());
        assertEquals("malformed import kind", malformed(module(section(2, vec(1, "a", "b", 0x04, 0)))));
        assertEquals("malformed mutability", malformed(module(section(2, vec(1, "a", "b", 0x03, I32, 0x02)))));
        assertEquals("malformed UTF-8 encoding", malformed(module(section(2, vec(1, cat(1, 0xFF), "b", 0x00, 0)))));
    }

    @Test
    void limitsFlag() {
        assertEquals("integer too large", malformed(module(section(5, vec(1, 0x02, 0)))));
        assertEquals("integer representation too long", malformed(module(section(5, vec(1, 0x81, 0x00, 0, 0)))));
        WasmModule m = ModuleDecoder.decode(module(section(4, vec(1, EXTERNREF, 0x00, u32(300))),
                section(5, vec(1, 0x01, 1, u32(65536)))));
        assertEquals(new Limits(300, -1), m.definedTables()[0].limits());
        assertEquals(ValType.EXTERNREF, m.definedTables()[0].elemType());
        assertEquals(new Limits(1, 65536), m.definedMemories()[0].limits());
        assertEquals("malformed reference type", malformed(module(section(4, vec(1, I32, 0x00, 0)))));
    }

    @Test
    void functionBodiesKeepLocalsAndCodeRange() {
        byte[] code = {0x41, 0x01, 0x1A, END}; // i32.const 1; drop; end
        byte[] body = cat(vec(2, u32(2), I32, u32(1), F64), code);
        byte[] bytes = module(VOID_TYPE, ONE_FUNC, section(10, vec(1, u32(body.length), body)));
        WasmModule m = ModuleDecoder.decode(bytes);
        FunctionBody b = m.bodies()[0];
        assertArrayEquals(new int[] {2, 1}, b.localCounts());
        assertArrayEquals(new ValType[] {ValType.I32, ValType.F64}, b.localTypes());
        assertEquals(3, b.localCount());
        assertEquals(bytes.length, b.codeEnd());
        assertEquals(bytes.length - code.length, b.codeStart());
        assertEquals(0, m.definedFunctionTypeIndices()[0]);
    }

    @Test
    void localLimits() {
        byte[] atLimit = cat(vec(2, u32(FunctionBody.MAX_LOCALS - 1), I32, u32(1), I64), END);
        WasmModule m = ModuleDecoder.decode(module(VOID_TYPE, ONE_FUNC, section(10, vec(1, u32(atLimit.length), atLimit))));
        assertEquals(FunctionBody.MAX_LOCALS, m.bodies()[0].localCount());

        byte[] over = cat(vec(2, u32(FunctionBody.MAX_LOCALS), I32, u32(1), I64), END);
        assertEquals("too many locals", malformed(module(VOID_TYPE, ONE_FUNC, section(10, vec(1, u32(over.length), over)))));
        // A count near 2^32 must be rejected without allocating anything per local.
        byte[] huge = cat(vec(1, u32(0xFFFF_FFFFL), I32), END);
        assertEquals("too many locals", malformed(module(VOID_TYPE, ONE_FUNC, section(10, vec(1, u32(huge.length), huge)))));
    }

    @Test
    void bodyMustEndWithEndOpcode() {
        byte[] body = {0, 0x41, 0x01, 0x1A}; // no end
        assertEquals("END opcode expected", malformed(module(VOID_TYPE, ONE_FUNC, section(10, vec(1, u32(body.length), body)))));
    }

    @Test
    void functionAndCodeCountsMustAgree() {
        assertEquals("function and code section have inconsistent lengths", malformed(module(VOID_TYPE, ONE_FUNC)));
        assertEquals("function and code section have inconsistent lengths",
                malformed(module(VOID_TYPE, section(10, vec(1, 2, 0, END)))));
    }

    @Test
    void sectionOrderAndSizes() {
        assertEquals("unexpected content after last section", malformed(module(ONE_FUNC, VOID_TYPE)));
        assertEquals("unexpected content after last section", malformed(module(VOID_TYPE, VOID_TYPE)));
        assertEquals("malformed section id", malformed(module(cat(13, 0))));
        // Data count (12) goes between element (9) and code (10).
        ModuleDecoder.decode(module(VOID_TYPE, ONE_FUNC, section(12, 0), ONE_BODY));
        assertEquals("unexpected content after last section", malformed(module(VOID_TYPE, ONE_FUNC, ONE_BODY, section(12, 0))));
        // Custom sections may appear anywhere.
        ModuleDecoder.decode(module(section(0, "a"), VOID_TYPE, section(0, "b"), ONE_FUNC, ONE_BODY, section(0, "c")));
        assertEquals("section size mismatch", malformed(module(cat(1, 5, vec(1, 0x60, 0, 0), 0))));
        assertEquals("length out of bounds", malformed(module(cat(1, 10, vec(1, 0x60, 0, 0)))));
        assertEquals("unexpected end of section or function", malformed(module(cat(1, 3, vec(1, 0x60, 0)))));
    }

    @Test
    void hugeCountsAreRejectedWithoutAllocation() {
        for (int id : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
            byte[] bytes = module(section(id, u32(0xFFFF_FFFFL), 0));
            assertEquals("unexpected end of section or function", malformed(bytes), "section " + id);
        }
        assertEquals("unexpected end of section or function",
                malformed(module(section(11, vec(1, 0x01, u32(0x7FFF_FFFFL), 1)))));
    }

    @Test
    void constantExpressions() {
        byte[] v128 = new byte[16];
        for (int i = 0; i < 16; i++) v128[i] = (byte) (i + 1);
        WasmModule m = ModuleDecoder.decode(module(
                section(2, vec(1, "env", "g", 0x03, I64, 0x00)),
                section(6, vec(7,
                        I32, 0, 0x41, s64(-5), END,
                        I64, 0, 0x42, s64(Long.MIN_VALUE), END,
                        F32, 0, 0x43, 0x00, 0x00, 0xC0, 0x3F, END,
                        F64, 0, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, END,
                        V128, 0, 0xFD, 0x0C, v128, END,
                        EXTERNREF, 0, 0xD0, EXTERNREF, END,
                        I64, 1, 0x23, 0, END))));
        ConstExpr[] e = new ConstExpr[7];
        for (int i = 0; i < 7; i++) e[i] = m.definedGlobals()[i].init();
        assertEquals(ConstExpr.Kind.I32_CONST, e[0].kind());
        assertEquals(-5, (int) e[0].lo());
        assertEquals(Long.MIN_VALUE, e[1].lo());
        assertEquals(Float.floatToRawIntBits(1.5f), (int) e[2].lo());
        assertEquals(Double.doubleToRawLongBits(1.0), e[3].lo());
        assertEquals(ConstExpr.Kind.V128_CONST, e[4].kind());
        assertEquals(0x0807060504030201L, e[4].lo());
        assertEquals(0x100F0E0D0C0B0A09L, e[4].hi());
        assertEquals(ConstExpr.Kind.REF_NULL, e[5].kind());
        assertEquals(ValType.EXTERNREF, e[5].type());
        assertEquals(ConstExpr.Kind.GLOBAL_GET, e[6].kind());
        assertEquals(0, e[6].index());
        assertEquals(ValType.I64, e[6].type());
        assertTrue(m.definedGlobals()[6].type().mutable());
    }

    private static String invalidGlobalInit(Object... init) {
        byte[] bytes = module(section(6, vec(1, I32, 0, cat(init))));
        return assertThrows(InvalidModuleException.class, () -> ModuleDecoder.decode(bytes)).reason();
    }

    @Test
    void constantExpressionShapes() {
        assertEquals("constant expression required", invalidGlobalInit(0x41, 0, 0x41, 1, 0x6A, END)); // i32.add
        assertEquals("constant expression required", invalidGlobalInit(0x01, END)); // nop
        assertEquals("constant expression required", invalidGlobalInit(0x02, 0x40, END, END)); // empty block
        assertEquals("type mismatch", invalidGlobalInit(END));
        assertEquals("type mismatch", invalidGlobalInit(0x41, 0, 0x41, 0, END));
        assertEquals("illegal opcode", malformed(module(section(6, vec(1, I32, 0, 0xF3, 0, END)))));
        assertEquals("illegal opcode", malformed(module(section(6, vec(1, I32, 0, 0xFC, 0x20, END)))));
        assertEquals("unexpected end of section or function", malformed(module(section(6, vec(1, I32, 0, 0x41, 0)))));
        // Malformation anywhere wins over an invalid constant expression decoded earlier.
        assertEquals("malformed section id",
                malformed(module(section(6, vec(1, I32, 0, 0x01, END)), cat(14, 0))));
    }

    @Test
    void exportsAndStart() {
        WasmModule m = ModuleDecoder.decode(module(VOID_TYPE, ONE_FUNC,
                section(7, vec(2, "run", 0x00, 0, "mem", 0x02, 0)), section(8, 0), ONE_BODY));
        assertEquals("run", m.exports()[0].name());
        assertEquals(ExternKind.FUNCTION, m.exports()[0].kind());
        assertEquals(ExternKind.MEMORY, m.exports()[1].kind());
        assertEquals(0, m.startFunction());
        assertEquals("malformed export kind", malformed(module(section(7, vec(1, "x", 0x04, 0)))));
    }

    @Test
    void allEightElementSegmentEncodings() {
        byte[] offset = {0x41, 0x02, END};
        byte[] refFunc = {(byte) 0xD2, 0x00, END};
        byte[] nullExt = {(byte) 0xD0, (byte) EXTERNREF, END};
        WasmModule m = ModuleDecoder.decode(module(VOID_TYPE, ONE_FUNC, section(9, vec(8,
                0x00, offset, vec(1, 0),
                0x01, 0x00, vec(2, 0, 0),
                0x02, 1, offset, 0x00, vec(1, 0),
                0x03, 0x00, vec(1, 0),
                0x04, offset, vec(1, refFunc),
                0x05, EXTERNREF, vec(1, nullExt),
                0x06, 1, offset, FUNCREF, vec(2, refFunc, refFunc),
                0x07, FUNCREF, vec(1, refFunc))), ONE_BODY));
        ElementSegment[] e = m.elements();
        SegmentMode[] modes = {SegmentMode.ACTIVE, SegmentMode.PASSIVE, SegmentMode.ACTIVE, SegmentMode.DECLARATIVE,
                SegmentMode.ACTIVE, SegmentMode.PASSIVE, SegmentMode.ACTIVE, SegmentMode.DECLARATIVE};
        int[] itemCounts = {1, 2, 1, 1, 1, 1, 2, 1};
        for (int i = 0; i < 8; i++) {
            assertEquals(modes[i], e[i].mode(), "segment " + i);
            assertEquals(itemCounts[i], e[i].items().length, "segment " + i);
            assertEquals(modes[i] == SegmentMode.ACTIVE, e[i].offset() != null, "segment " + i);
        }
        assertEquals(1, e[2].tableIndex());
        assertEquals(1, e[6].tableIndex());
        assertEquals(0, e[0].tableIndex());
        assertEquals(2, (int) e[4].offset().lo());
        assertEquals(ValType.EXTERNREF, e[5].elemType());
        assertEquals(ConstExpr.Kind.REF_NULL, e[5].items()[0].kind());
        assertEquals(ValType.FUNCREF, e[1].elemType());
        assertEquals(ConstExpr.Kind.REF_FUNC, e[1].items()[1].kind());
        assertEquals(0, e[1].items()[1].index());
        assertEquals("malformed element kind", malformed(module(section(9, vec(1, 0x01, 0x01, vec(0))))));
        assertEquals("malformed reference type", malformed(module(section(9, vec(1, 0x05, I32, vec(0))))));
        assertEquals("malformed elements segment kind", malformed(module(section(9, vec(1, 0x08, vec(0))))));
    }

    @Test
    void dataSegmentsAndDataCount() {
        WasmModule m = ModuleDecoder.decode(module(section(5, vec(1, 0, 1)), section(12, 3), section(11, vec(3,
                0x00, 0x41, 0x10, END, vec(2, 0xAA, 0xBB),
                0x01, vec(1, 0xCC),
                0x02, 0, 0x41, 0x20, END, vec(0)))));
        DataSegment[] d = m.data();
        assertEquals(3, m.dataCount());
        assertEquals(SegmentMode.ACTIVE, d[0].mode());
        assertEquals(16, (int) d[0].offset().lo());
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB}, d[0].bytes());
        assertEquals(SegmentMode.PASSIVE, d[1].mode());
        assertNull(d[1].offset());
        assertArrayEquals(new byte[] {(byte) 0xCC}, d[1].bytes());
        assertEquals(32, (int) d[2].offset().lo());
        assertEquals(0, d[2].bytes().length);
        assertEquals("data count and data section have inconsistent lengths",
                malformed(module(section(12, 2), section(11, vec(1, 0x01, vec(0))))));
        assertEquals("data count and data section have inconsistent lengths", malformed(module(section(12, 1))));
        assertEquals("malformed data segment kind", malformed(module(section(11, vec(1, 0x03, vec(0))))));
    }

    @Test
    void customSectionsAndNames() {
        byte[] payload = {1, 2, 3};
        byte[] names = cat(
                0, u32(name("mod").length), name("mod"),
                1, u32(vec(2, 0, "main", 1, "helper").length), vec(2, 0, "main", 1, "helper"),
                2, u32(vec(1, 0, vec(2, 0, "x", 1, "y")).length), vec(1, 0, vec(2, 0, "x", 1, "y")),
                9, 1, 0x55, // unknown subsection: skipped
                7, u32(vec(1, 0, "counter").length), vec(1, 0, "counter"));
        byte[] bytes = module(VOID_TYPE, section(0, "meta", payload), section(0, "name", names));
        WasmModule m = ModuleDecoder.decode(bytes);
        CustomSection meta = m.customSections()[0];
        assertEquals("meta", meta.name());
        assertEquals(payload.length, meta.payloadEnd() - meta.payloadStart());
        assertEquals(2, bytes[meta.payloadStart() + 1]);
        assertEquals("name", m.customSections()[1].name());
        NameSection n = m.names();
        assertEquals("mod", n.moduleName());
        assertEquals(Map.of(0, "main", 1, "helper"), n.functionNames());
        assertEquals(Map.of(0, Map.of(0, "x", 1, "y")), n.localNames());
        assertEquals(Map.of(0, "counter"), n.globalNames());
        assertEquals("main", m.functionName(0));
    }

    private static byte[] name(String s) {
        return WasmBytes.name(s);
    }

    @Test
    void malformedNameSectionIsIgnored() {
        // Function names decode, then the local names subsection claims more entries than it holds.
        byte[] names = cat(
                1, u32(vec(1, 0, "f").length), vec(1, 0, "f"),
                2, 3, vec(5, 0, 0x01));
        WasmModule m = ModuleDecoder.decode(module(section(0, "name", names)));
        assertEquals(Map.of(0, "f"), m.names().functionNames());
        // Invalid UTF-8 in a name and a truncated subsection are ignored as well.
        m = ModuleDecoder.decode(module(section(0, "name", cat(0, 2, 1, 0xFF))));
        assertNull(m.names().moduleName());
        m = ModuleDecoder.decode(module(section(0, "name", cat(1, 100, 1))));
        assertTrue(m.names().functionNames().isEmpty());
        // The section name itself must still be well formed.
        assertEquals("malformed UTF-8 encoding", malformed(module(section(0, cat(1, 0xC0)))));
    }
}
