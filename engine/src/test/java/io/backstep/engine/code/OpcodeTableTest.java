package io.backstep.engine.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstep.engine.Wasm;
import io.backstep.engine.decode.ModuleDecoder;
import io.backstep.engine.decode.WasmBytes;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.text.WatPrinter;
import io.backstep.engine.text.WatText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The opcode table against the Wasm 2.0 instruction set, and its readers against the table. */
class OpcodeTableTest {
    /** The single-byte opcodes Wasm 2.0 assigns outside the prefixes, as ranges (from the spec's instruction index). */
    private static final int[][] WASM2_SINGLE_BYTE = {
        {0x00, 0x05}, {0x0B, 0x11}, {0x1A, 0x1C}, {0x20, 0x26}, {0x28, 0xC4}, {0xD0, 0xD2},
    };
    /** 0xFC sub-opcodes: 0..7 saturating truncations, 8..17 bulk memory and tables. */
    private static final int FC_COUNT = 18;

    private static boolean assigned(int b) {
        for (int[] r : WASM2_SINGLE_BYTE) if (b >= r[0] && b <= r[1]) return true;
        return false;
    }

    @Test
    void theWasmRowsAreExactlyTheWasm2InstructionSet() {
        int wasmRows = 0;
        for (int b = 0; b < 256; b++) {
            if (b == 0xFC || b == 0xFD) continue;
            Opcode o = OpcodeTable.singleByte(b);
            assertEquals(assigned(b), o != null, String.format("0x%02x", b));
            if (o != null) {
                assertEquals(b, o.binaryOpcode());
                assertEquals(-1, o.prefix());
            }
        }
        for (int sub = 0; sub < 32; sub++) {
            Opcode o = OpcodeTable.prefixFC(sub);
            assertEquals(sub < FC_COUNT, o != null, "0xFC " + sub);
            if (o != null) {
                assertEquals(0xFC, o.prefix());
                assertEquals(sub, o.binaryOpcode());
            }
        }
        for (Opcode o : OpcodeTable.all()) {
            assertEquals(o, OpcodeTable.of(o.code()));
            if (o.wasm()) wasmRows++;
            else assertTrue(o.internal(), o + " is internal-only but not in the internal code");
        }
        assertEquals(201, wasmRows);
        assertNull(OpcodeTable.prefixFC(-1));
        assertNull(OpcodeTable.prefixFC(1L << 32));
    }

    /** A module with one function () -> () whose body is {@code instruction}, then zeros (each a valid immediate or unreachable), then end. */
    private static byte[] moduleWith(byte[] instruction, int ends) {
        return moduleWith(instruction, 24, ends);
    }

    private static byte[] moduleWith(byte[] instruction, int zeroCount, int ends) {
        byte[] zeros = new byte[zeroCount];
        byte[] end = new byte[ends];
        java.util.Arrays.fill(end, (byte) 0x0B);
        byte[] body = WasmBytes.cat(0, instruction, zeros, end); // no locals
        return WasmBytes.module(
                WasmBytes.section(1, WasmBytes.vec(1, 0x60, 0, 0)),
                WasmBytes.section(3, WasmBytes.vec(1, 0)),
                WasmBytes.section(10, WasmBytes.vec(1, WasmBytes.u32(body.length), body)));
    }

    private static byte[] encoding(int prefix, int opcode) {
        return prefix < 0 ? new byte[] {(byte) opcode} : WasmBytes.cat(prefix, WasmBytes.u32(opcode));
    }

    @Test
    void theDecoderAcceptsExactlyTheTablesOpcodes() {
        for (int b = 0; b < 256; b++) {
            if (b == 0xFD) continue; // SIMD: simd.SimdOpsTableTest
            if (b == 0xFC) {
                for (int sub = 0; sub < 24; sub++) checkDecoding(0xFC, sub, OpcodeTable.prefixFC(sub) != null);
            } else {
                checkDecoding(-1, b, OpcodeTable.singleByte(b) != null);
            }
        }
    }

    private static void checkDecoding(int prefix, int opcode, boolean known) {
        String what = (prefix < 0 ? "" : "0xfc ") + String.format("0x%02x", opcode);
        // A block, loop or if needs one more end; other outcomes than "illegal opcode" (a malformed
        // reference type after ref.null's zero byte, a size mismatch) are fine here.
        int ends = prefix < 0 && opcode >= 0x02 && opcode <= 0x04 ? 2 : 1;
        String error = null;
        try {
            ModuleDecoder.decode(moduleWith(encoding(prefix, opcode), ends));
        } catch (RuntimeException e) {
            error = String.valueOf(e.getMessage());
        }
        boolean illegal = error != null && error.contains("illegal opcode");
        assertEquals(!known, illegal, what + ": " + error);
    }

    @Test
    void theValidatorLowersEachRowToItsOwnLength() throws IOException {
        // Over the spec testsuite's valid modules: walking the internal code with the table's lengths
        // lands on every instruction start the lowering recorded, and every internal opcode has a row.
        int functions = 0;
        for (Path file : suiteModules()) {
            CompiledModule cm;
            try {
                cm = Wasm.load(Files.readAllBytes(file));
            } catch (RuntimeException invalid) {
                continue;
            }
            for (CompiledFunction f : cm.functions()) {
                int[] code = f.plainCode();
                int pc = 0;
                for (int i = 0; i < f.instructionCount(); i++) {
                    assertEquals(f.instructionPc(i), pc, file + " function " + f.index + " instruction " + i);
                    int op = code[pc];
                    Opcode o = OpcodeTable.of(op);
                    assertNotNull(o, "no row for internal opcode 0x" + Integer.toHexString(op));
                    assertTrue(o.internal(), o + " in the internal code");
                    pc += Op.length(code, pc, op);
                }
                assertEquals(code.length, pc);
                functions++;
            }
        }
        assertTrue(functions > 1000, "only " + functions + " functions checked");
    }

    @Test
    void printedMnemonicsAreTheTablesAndTheSpecsNames() throws IOException {
        Set<String> specWords = new HashSet<>();
        Pattern word = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)?");
        for (Path wast : suiteTexts()) {
            Matcher m = word.matcher(Files.readString(wast));
            while (m.find()) specWords.add(m.group());
        }
        assertTrue(specWords.size() > 500, "the spec testsuite's .wast files were not found");
        for (Opcode o : OpcodeTable.all()) {
            if (!o.wasm()) continue;
            assertTrue(specWords.contains(o.mnemonic()), o.mnemonic() + " appears nowhere in the spec tests");
            int ends = o.flow() == Opcode.Flow.STRUCTURE && !o.mnemonic().equals("end") && !o.mnemonic().equals("else") ? 2 : 1;
            if (o.code() == 0x04) ends = 2;
            byte[] bytes = moduleWith(encoding(o.prefix(), o.binaryOpcode()), ends);
            if (o.immediates() == Immediates.REF_TYPE) {
                bytes = moduleWith(WasmBytes.cat(0xD0, 0x70), 1); // ref.null needs a reference type, not a zero
            } else if (o.mnemonic().equals("end")) {
                bytes = moduleWith(new byte[0], 0, 1); // an end, alone: the function's own
            }
            WasmModule module = ModuleDecoder.decode(bytes);
            WatText text = WatPrinter.print(module);
            int line = text.lineOfOffset(module.bodies()[0].codeStart());
            assertTrue(line >= 0, o.mnemonic());
            String printed = text.line(line).trim();
            String first = printed.split(" ")[0];
            if (o.mnemonic().equals("end")) {
                // The function's own end prints as the closing parenthesis: the first end closes it here.
                assertTrue(printed.startsWith(")"), printed);
            } else {
                assertEquals(o.mnemonic(), first, printed);
            }
        }
    }

    @Test
    void numericSignaturesFollowTheNamingOfTheSpec() {
        // t.op produces a t, except comparisons (i32); operands are of the type after the last '_'
        // for conversions (i64.extend_i32_s takes an i32), else of t.
        Set<String> comparisons = Set.of("eqz", "eq", "ne", "lt", "gt", "le", "ge", "lt_s", "lt_u", "gt_s", "gt_u",
                "le_s", "le_u", "ge_s", "ge_u");
        int checked = 0;
        for (Opcode o : OpcodeTable.all()) {
            if (!o.isNumeric()) continue;
            String name = o.mnemonic();
            ValType t = type(name.substring(0, 3));
            String op = name.substring(4);
            assertEquals(1, o.pushes().length, name);
            assertEquals(comparisons.contains(op) ? ValType.I32 : t, o.pushes()[0], name);
            Matcher from = Pattern.compile("_([if](32|64))(_[su])?$").matcher(op);
            ValType operand = from.find() ? type(from.group(1)) : t;
            for (ValType p : o.pops()) assertEquals(operand, p, name);
            boolean unary = op.equals("eqz") || op.startsWith("clz") || op.startsWith("ctz") || op.equals("popcnt")
                    || Set.of("abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt").contains(op)
                    || op.contains("_") && (from.find(0) || op.startsWith("extend"));
            assertEquals(unary ? 1 : 2, o.pops().length, name);
            assertEquals(o.pushes().length - o.pops().length, o.stackEffect(), name);
            checked++;
        }
        assertEquals(128 + 8, checked);
    }

    @Test
    void memoryAccessesTakeTheirNaturalAlignment() {
        for (Opcode o : OpcodeTable.all()) {
            if (!o.isMemoryAccess()) {
                assertEquals(-1, o.alignLog2(), o.mnemonic());
                continue;
            }
            // The width is in the name (load8, store16, load32) or is the type's.
            Matcher w = Pattern.compile("(load|store)(8|16|32)").matcher(o.mnemonic());
            int bits = w.find() ? Integer.parseInt(w.group(2)) : Integer.parseInt(o.mnemonic().substring(1, 3));
            assertEquals(Integer.numberOfTrailingZeros(bits / 8), o.alignLog2(), o.mnemonic());
            assertTrue(o.traps(), o.mnemonic());
        }
    }

    @Test
    void semanticsNamesAreTheMnemonicsInCamelCase() {
        assertEquals("i32Add", OpcodeTable.of(0x6A).semantics());
        assertEquals("i64ExtendI32U", OpcodeTable.of(0xAD).semantics());
        assertEquals("i32TruncSatF64U", OpcodeTable.of(Op.I32_TRUNC_SAT_F64_U).semantics());
        assertNull(OpcodeTable.of(Op.LOCAL_GET).semantics());
        assertFalse(OpcodeTable.of(Op.CALL).isNumeric());
    }

    private static Path suiteDir() {
        String suite = System.getProperty("backstep.testsuite");
        return suite == null ? Path.of("..", "..", "shared", "wasm-testsuite") : Path.of(suite);
    }

    private static List<Path> suiteModules() throws IOException {
        Path json = suiteDir().resolve("json");
        if (!Files.isDirectory(json)) fail("no spec testsuite at " + json);
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(json)) {
            s.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(all::add);
        }
        return all;
    }

    private static List<Path> suiteTexts() throws IOException {
        Path wast = suiteDir().resolve("wast");
        if (!Files.isDirectory(wast)) fail("no spec testsuite at " + wast);
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(wast)) {
            s.filter(p -> p.toString().endsWith(".wast")).sorted().forEach(all::add);
        }
        return all;
    }

    private static ValType type(String name) {
        return switch (name) {
            case "i32" -> ValType.I32;
            case "i64" -> ValType.I64;
            case "f32" -> ValType.F32;
            case "f64" -> ValType.F64;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
