package io.backstep.engine.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.source.SourceModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The line of every instruction the engine executes, in every sample, real-world program and test
 * module, is the one llvm-dwarfdump's --debug-line rows give it: the last row at or before its address
 * in the sequence that covers it (rows read from the committed references, independently of the reader).
 */
class DwarfInstructionLinesTest {
    static Stream<Path> modules() throws Exception {
        return DwarfLineTableTest.modules();
    }

    /** One sequence of the reference: its rows' addresses, lines and columns, and its end. */
    private record Sequence(long[] address, int[] line, int[] column, long end) { }

    private static List<Sequence> reference(String name) throws Exception {
        List<Sequence> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(DebugInfoTesting.reference(name + ".lines.gz")), StandardCharsets.UTF_8))) {
            List<long[]> rows = new ArrayList<>();
            for (String l; (l = r.readLine()) != null; ) {
                if (l.isEmpty() || l.startsWith("T ")) continue;
                String[] f = l.split(" ");
                long a = Long.parseLong(f[0], 16);
                if (f[6].contains("E")) {
                    // A sequence the linker discarded (tombstone address) covers no code.
                    if (!rows.isEmpty() && rows.get(0)[0] < 0xFFFFFFFEL) {
                        int n = rows.size();
                        long[] ad = new long[n];
                        int[] li = new int[n], co = new int[n];
                        for (int i = 0; i < n; i++) {
                            ad[i] = rows.get(i)[0];
                            li[i] = (int) rows.get(i)[1];
                            co[i] = (int) rows.get(i)[2];
                        }
                        out.add(new Sequence(ad, li, co, a));
                    }
                    rows.clear();
                } else {
                    rows.add(new long[]{a, Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void everyInstructionHasTheLineDwarfdumpGivesIt(Path wasm) throws Exception {
        String name = wasm.getFileName().toString().replaceAll("\\.wasm$", "");
        CompiledModule module = Wasm.load(Files.readAllBytes(wasm));
        DebugInfo info = DebugInfo.of(module.module());
        SourceModel model = SourceModel.open(module.module(), null);
        List<Sequence> seqs = reference(name);
        seqs.sort((x, y) -> Long.compare(x.address[0], y.address[0]));
        long[] starts = seqs.stream().mapToLong(s -> s.address[0]).toArray();
        long checked = 0, withLine = 0;
        for (CompiledFunction f : module.functions()) {
            if (f == null) continue;
            for (int i = 0; i < f.instructionCount(); i++) {
                int offset = f.wasmOffset(f.instructionPc(i));
                long a = info.codeMap().toDwarf(offset);
                int k = Arrays.binarySearch(starts, a);
                if (k < 0) k = -k - 2;
                int line = -1, column = -1;
                if (k >= 0 && a < seqs.get(k).end) {
                    Sequence s = seqs.get(k);
                    int j = Arrays.binarySearch(s.address, a);
                    if (j < 0) j = -j - 2;
                    else while (j + 1 < s.address.length && s.address[j + 1] == a) j++; // the last row at an address
                    line = s.line[j];
                    column = s.column[j];
                }
                LineRow row = info.lineAt(a);
                String where = name + " func " + f.index + " offset 0x" + Integer.toHexString(offset);
                assertEquals(line, row == null ? -1 : row.line(), where);
                if (row != null) assertEquals(column, row.column(), where);
                var pos = model.position(offset);
                assertEquals(line <= 0 ? null : line, pos == null ? null : pos.line(), where + " (source model)");
                checked++;
                if (line > 0) withLine++;
            }
        }
        assertTrue(checked > 0);
        if (!name.equals("loop") && !name.equals("trap")) assertTrue(withLine > 100, name + ": instructions with a line: " + withLine);
    }
}
