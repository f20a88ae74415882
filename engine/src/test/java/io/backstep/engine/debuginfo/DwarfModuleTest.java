package io.backstep.engine.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.WasmModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address mapping, external debug info, modules without DWARF, laziness, and lookups on real programs. */
class DwarfModuleTest {
    /**
     * Both ways, exactly: every subprogram's [low_pc, high_pc) is its function body's range, its name
     * is the name section's, and every instruction the engine compiled maps to a DWARF address in its
     * own function and back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lua.wasm", "lz4_bench.wasm", "lz4_bench.O0.wasm", "types.O2.wasm", "types.O0.dwarf5.wasm"})
    void dwarfAddressesAndEnginePositionsMapExactlyBothWays(String name) throws Exception {
        Path file = name.startsWith("types") ? DebugInfoTesting.resources().resolve(name) : DebugInfoTesting.realworld().resolve(name);
        CompiledModule compiled = Wasm.load(Files.readAllBytes(file));
        WasmModule module = compiled.module();
        DebugInfo info = DebugInfo.of(module);
        CodeMap map = info.codeMap();
        int subprograms = 0;
        for (CompileUnit u : info.units()) {
            for (Die d : u.entries()) {
                if (d.tag() != Dw.TAG_subprogram || !d.has(Dw.AT_low_pc)) continue;
                List<AddressRange> ranges = d.ranges();
                if (ranges.isEmpty()) continue; // discarded by the linker (tombstone)
                int fn = map.functionAt(ranges.get(0).start());
                assertTrue(fn >= module.importedFunctionCount(), d + " maps to a defined function");
                assertEquals(ranges.get(0), map.functionRange(fn), d.toString());
                String wasmName = module.functionName(fn);
                if (wasmName != null) {
                    String dn = d.string(Dw.AT_linkage_name) != null ? d.string(Dw.AT_linkage_name) : d.name();
                    // C's main(void) is __original_main in Wasm (wasi-libc's crt calls it).
                    assertTrue(wasmName.equals(dn) || wasmName.equals(d.name())
                            || wasmName.equals("__original_main") && dn.equals("main"), wasmName + " vs " + dn);
                }
                assertEquals(d.offset(), info.functionAt(ranges.get(0).start()).die().offset());
                subprograms++;
            }
        }
        assertTrue(subprograms > 5, "subprograms: " + subprograms);
        for (int fn = module.importedFunctionCount(); fn < module.functionCount(); fn++) {
            CompiledFunction code = compiled.function(fn);
            AddressRange r = map.functionRange(fn);
            for (int i = 0; i < code.instructionCount(); i++) {
                int offset = code.wasmOffset(code.instructionPc(i));
                long a = map.toDwarf(offset);
                assertTrue(r.contains(a), "instruction at 0x" + Integer.toHexString(offset) + " of function " + fn);
                assertEquals(fn, map.functionAt(a));
                assertEquals(offset, map.toModuleOffset(a));
            }
        }
        assertEquals(-1, map.toDwarf(0));
        assertEquals(-1, map.functionAt(-5));
        assertEquals(-1, map.toModuleOffset(Long.MAX_VALUE));
    }

    @Test
    void externalDebugInfoIsReadFromTheModulesFolder(@TempDir Path empty) throws Exception {
        WasmModule stripped = DebugInfoTesting.resource("types.stripped.wasm");
        DebugInfo notFollowed = DebugInfo.of(stripped);
        assertFalse(notFollowed.present());
        assertEquals("types.debug.wasm", notFollowed.externalDebugInfo());
        assertTrue(notFollowed.description().contains("types.debug.wasm"), notFollowed.description());

        DebugInfo external = DebugInfo.of(stripped, DebugInfoTesting.resources());
        assertTrue(external.present(), external.description());
        assertTrue(external.description().startsWith("DWARF from external file"), external.description());
        DebugInfo embedded = DebugInfo.of(DebugInfoTesting.resource("types.O0.wasm"));
        // Same code, same addresses: the external DWARF maps onto the stripped module's code section.
        List<Long> a = external.addressesForLine("types.c", 94);
        assertEquals(embedded.addressesForLine("types.c", 94), a);
        assertFalse(a.isEmpty());
        assertEquals("main", external.functionAt(a.get(0)).name());
        assertEquals(embedded.codeMap().toModuleOffset(a.get(0)) - embedded.codeMap().codeSectionOffset(),
                external.codeMap().toModuleOffset(a.get(0)) - external.codeMap().codeSectionOffset());

        DebugInfo missing = DebugInfo.of(stripped, empty);
        assertFalse(missing.present());
        assertTrue(missing.description().contains("not found"), missing.description());

        Files.write(empty.resolve("types.debug.wasm"), new byte[]{1, 2, 3});
        DebugInfoException e = assertThrows(DebugInfoException.class, () -> DebugInfo.of(stripped, empty));
        assertTrue(e.getMessage().contains("not a WebAssembly module"), e.getMessage());
    }

    @Test
    void aModuleWithoutDwarfSaysSo() {
        WasmModule loop = DebugInfoTesting.decode(DebugInfoTesting.samples().resolve("loop.wasm"));
        DebugInfo info = DebugInfo.of(loop);
        assertFalse(info.present());
        assertTrue(info.description().startsWith("no DWARF"), info.description());
        assertTrue(info.units().isEmpty());
        assertNull(info.lineAt(0));
        assertNull(info.functionAt(0));
        assertTrue(info.variablesAt(0).isEmpty());
        assertTrue(info.addressesForLine("loop.wat", 1).isEmpty());
    }

    /** Opening lua.wasm reads no unit; a lookup at one address reads one unit's entries and one line table. */
    @Test
    void luaIsReadLazily() {
        WasmModule lua = DebugInfoTesting.decode(DebugInfoTesting.realworld().resolve("lua.wasm"));
        DebugInfo info = DebugInfo.of(lua);
        List<CompileUnit> units = info.units();
        assertTrue(units.size() > 30, "units: " + units.size());
        int fn = -1;
        for (int i = lua.importedFunctionCount(); i < lua.functionCount(); i++) if ("luaV_execute".equals(lua.functionName(i))) fn = i;
        AddressRange r = info.codeMap().functionRange(fn);
        long a = r.start() + (r.end() - r.start()) / 2;
        DebugInfo.SourcePosition pos = info.sourceAt(a);
        assertNotNull(pos);
        assertTrue(pos.file().path().endsWith("lvm.c"), pos.file().path());
        Scope f = info.functionAt(a);
        assertEquals("luaV_execute", f.name());
        assertFalse(info.variablesAt(a).isEmpty());
        assertTrue(info.variablesAt(a).stream().anyMatch(v -> "L".equals(v.name()) && v.type().name().equals("lua_State *")));
        assertEquals(1, units.stream().filter(CompileUnit::entriesRead).count(), "units whose entries were read");
        assertEquals(1, units.stream().filter(CompileUnit::lineTableRead).count(), "line tables read");
        // Line -> addresses -> line, through the same tables, for a statement row of luaV_execute.
        LineRow stmt = info.unitAt(a).lineTable().rows().stream()
                .filter(x -> x.isStmt() && !x.endSequence() && x.address() >= a && r.contains(x.address())).findFirst().orElseThrow();
        String path = info.unitAt(a).lineTable().file(stmt.file()).path();
        List<Long> back = info.addressesForLine(path, stmt.line());
        assertFalse(back.isEmpty());
        for (long b : back) assertEquals(stmt.line(), info.lineAt(b).line());
        assertTrue(back.stream().anyMatch(b -> info.codeMap().functionAt(b) == info.codeMap().functionAt(a)));
    }

    /** Every address of every function in types.c resolves to the row the line table holds for it. */
    @ParameterizedTest
    @ValueSource(strings = {"types.O0.wasm", "types.O0.dwarf5.wasm"})
    void addressLookupFollowsTheRows(String name) {
        DebugInfo info = DebugInfo.of(DebugInfoTesting.resource(name));
        CompileUnit types = info.units().stream().filter(u -> "types.c".equals(u.name())).findFirst().orElseThrow();
        List<LineRow> rows = types.lineTable().rows();
        int checked = 0;
        for (int i = 0; i + 1 < rows.size(); i++) {
            LineRow r = rows.get(i);
            if (r.endSequence()) continue;
            LineRow next = rows.get(i + 1);
            if (next.address() == r.address()) continue; // several rows at one address: the last one wins
            for (long a = r.address(); a < next.address(); a++) {
                assertEquals(r, info.lineAt(a), "0x" + Long.toHexString(a));
                checked++;
            }
        }
        assertTrue(checked > 200, "addresses checked " + checked);
        // Line 74 (`int count = 0;` in walk) has one is_stmt address, in walk.
        List<Long> walk = info.addressesForLine("./types.c", 74);
        assertEquals(1, walk.size(), walk.toString());
        assertEquals("walk", info.functionAt(walk.get(0)).name());
        assertTrue(info.lineAt(walk.get(0)).isStmt());
        assertTrue(info.addressesForLine("types.c", 1).isEmpty());
        // Function entry: the prologue_end row of walk (line 74, `int count = 0;`, at -O0).
        Scope walkFn = info.functionAt(walk.get(0));
        long entry = info.entryBreakpointAddress(walkFn);
        assertTrue(info.lineAt(entry).prologueEnd(), "prologue_end row");
        assertTrue(walkFn.contains(entry));
        assertEquals(74, info.lineAt(entry).line());
        assertTrue(info.addressesForLine("nosuchfile.c", 74).isEmpty());
    }
}
