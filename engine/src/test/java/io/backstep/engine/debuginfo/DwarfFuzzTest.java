package io.backstep.engine.debuginfo;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstep.engine.decode.ModuleDecoder;
import io.backstep.engine.model.CustomSection;
import io.backstep.engine.model.WasmModule;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed DWARF is a {@link DebugInfoException} and never any other exception (nor a hang): every
 * byte of every debug section of the small modules is flipped in four ways, a dense sample of the
 * bytes of the types.c module, and after each change everything the reader offers is exercised.
 */
class DwarfFuzzTest {
    private static final int[][] MUTATIONS = {{0xFF, 0}, {0x01, 0}, {0x80, 0}, {0, 1}}; // xor mask, or (second = 1) set to 0

    /** Reads everything the reader offers; returns a count so that nothing is optimised away. */
    static long walk(DebugInfo info) {
        long n = 0;
        FrameAccess frame = new FrameAccess() {
            public long local(int index) { return 0x1000 + index; }
            public long global(int index) { return 0x2000; }
            public long operand(int index) { return index; }
            public boolean readMemory(long address, byte[] dst) { return address >= 0 && address + dst.length < 0x10000; }
        };
        for (CompileUnit u : info.units()) {
            n += u.version() + (u.name() == null ? 0 : u.name().length());
            LineTable t = u.lineTable();
            if (t != null) {
                for (LineRow r : t.rows()) n += r.line();
                for (int f = t.firstFileIndex(); f < t.firstFileIndex() + t.fileCount(); f++) {
                    SourceFile sf = t.file(f);
                    n += sf.path().length() + t.addressesFor(f, 10).size();
                }
            }
            long step = Math.max(1, u.ranges().stream().mapToLong(r -> r.end() - r.start()).sum() / 200);
            for (AddressRange r : u.ranges()) {
                for (long a = r.start(); a < r.end() && a < r.start() + 4096; a += step) {
                    LineRow row = info.lineAt(a);
                    if (row != null) n += row.line();
                    for (Variable v : info.variablesAt(a)) {
                        n += v.name() == null ? 0 : v.name().length();
                        n += v.type().name().length() + v.declLine();
                        VariableValue val = info.valueOf(v, a, frame);
                        n += val.status().ordinal();
                    }
                    for (Scope s : info.scopesAt(a)) n += s.declLine() + s.callLine() + (s.name() == null ? 0 : 1) + (s.linkageName() == null ? 0 : 1);
                }
            }
            for (Variable g : info.globals(u)) n += info.valueOf(g, 0, frame).status().ordinal();
            for (Die d : u.entries()) {
                if (d.has(Dw.AT_type)) {
                    DwarfType ty = DwarfType.of(d.reference(Dw.AT_type));
                    n += ty.name().length() + ty.byteSize() + ty.members().size() + ty.dimensions().size()
                            + ty.enumerators().size() + ty.parameters().size();
                    ty.resolved();
                }
                if (d.has(Dw.AT_location) && d.isLocationList(Dw.AT_location)) {
                    for (var e : u.locationList(d, Dw.AT_location)) n += DwarfExpression.toString(e.expression()).length();
                } else if (d.has(Dw.AT_location)) {
                    n += DwarfExpression.toString(d.block(Dw.AT_location)).length();
                }
            }
        }
        n += info.addressesForLine("tiny.c", 16).size();
        return n;
    }

    @ParameterizedTest
    @CsvSource({"tiny.wasm,1", "tiny.dwarf5.wasm,1", "types.O2.wasm,257", "types.O2.dwarf5.wasm,257"})
    void everyFlippedByteIsATypedErrorOrFine(String name, int stride) throws Exception {
        byte[] original = Files.readAllBytes(DebugInfoTesting.resources().resolve(name));
        WasmModule clean = ModuleDecoder.decode(original);
        walk(DebugInfo.of(clean)); // the unmodified module reads without error
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            int tried = 0, typed = 0;
            for (CustomSection cs : clean.customSections()) {
                if (!cs.name().startsWith(".debug_")) continue;
                for (int at = cs.payloadStart(); at < cs.payloadEnd(); at += stride) {
                    for (int[] mut : MUTATIONS) {
                        byte[] b = original.clone();
                        b[at] = (byte) (mut[1] == 1 ? 0 : b[at] ^ mut[0]);
                        if (b[at] == original[at]) continue;
                        WasmModule m = ModuleDecoder.decode(b);
                        tried++;
                        try {
                            walk(DebugInfo.of(m));
                        } catch (DebugInfoException e) {
                            typed++;
                            String msg = e.getMessage();
                            assertTrue(msg != null && !msg.isBlank() && !msg.contains("\n"), "one-line message: " + msg);
                        } catch (Throwable t) {
                            AssertionError err = new AssertionError(name + ": byte 0x" + Integer.toHexString(at) + " of " + cs.name()
                                    + " (mutation " + List.of(mut[0], mut[1]) + ") escaped as " + t, t);
                            fail(err);
                        }
                    }
                }
            }
            assertTrue(tried > 100, "mutations tried: " + tried);
            assertTrue(typed > 0, "some mutations are errors");
        });
    }
}
