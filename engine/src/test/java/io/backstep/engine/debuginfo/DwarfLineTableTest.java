package io.backstep.engine.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.model.WasmModule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of every line table, for every sample, real-world program and test module, equals what
 * llvm-dwarfdump-14 --debug-line prints (references made by dump.sh, committed).
 */
class DwarfLineTableTest {
    static Stream<Path> modules() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(DebugInfoTesting.samples())) {
            s.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.list(DebugInfoTesting.realworld())) {
            s.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(out::add);
        }
        for (String n : List.of("types.O0.wasm", "types.O2.wasm", "types.O0.dwarf5.wasm", "types.O2.dwarf5.wasm", "corruption.O0.wasm", "inline.O2.wasm")) {
            out.add(DebugInfoTesting.resources().resolve(n));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void everyRowMatchesDwarfdump(Path wasm) throws Exception {
        String name = wasm.getFileName().toString().replaceAll("\\.wasm$", "");
        WasmModule module = DebugInfoTesting.decode(wasm);
        DebugInfo info = DebugInfo.of(module);
        Map<Long, CompileUnit> byStmtList = new HashMap<>();
        for (CompileUnit u : info.units()) {
            if (u.root().has(Dw.AT_stmt_list)) byStmtList.put(u.root().raw(Dw.AT_stmt_list), u);
        }
        int tables = 0;
        long rowsChecked = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(DebugInfoTesting.reference(name + ".lines.gz")), StandardCharsets.UTF_8))) {
            List<LineRow> mine = null;
            int i = 0;
            long tableOffset = -1;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = line.split(" ");
                if (f[0].equals("T")) {
                    if (mine != null) assertEquals(i, mine.size(), name + " table 0x" + Long.toHexString(tableOffset) + ": row count");
                    tableOffset = Long.parseLong(f[1]);
                    CompileUnit u = byStmtList.get(tableOffset);
                    assertNotNull(u, name + ": no unit refers to line table 0x" + Long.toHexString(tableOffset));
                    LineTable t = u.lineTable();
                    assertEquals(Integer.parseInt(f[2]), t.version(), name + ": version");
                    mine = t.rows();
                    i = 0;
                    tables++;
                    continue;
                }
                assertTrue(i < mine.size(), name + " table 0x" + Long.toHexString(tableOffset) + ": fewer rows than dwarfdump");
                LineRow row = mine.get(i++);
                String flags = (row.isStmt() ? "S" : "") + (row.basicBlock() ? "B" : "") + (row.endSequence() ? "E" : "")
                        + (row.prologueEnd() ? "P" : "") + (row.epilogueBegin() ? "G" : "");
                String got = Long.toHexString(row.address()) + " " + row.line() + " " + row.column() + " " + row.file()
                        + " " + row.isa() + " " + row.discriminator() + " " + (flags.isEmpty() ? "-" : flags);
                assertEquals(line, got, name + " table 0x" + Long.toHexString(tableOffset) + " row " + (i - 1));
                rowsChecked++;
            }
            if (mine != null) assertEquals(i, mine.size(), name + ": row count of the last table");
        }
        assertEquals(byStmtList.size(), tables, name + ": tables");
        if (!name.equals("loop") && !name.equals("trap")) assertTrue(rowsChecked > 100, name + ": rows checked " + rowsChecked);
    }
}
