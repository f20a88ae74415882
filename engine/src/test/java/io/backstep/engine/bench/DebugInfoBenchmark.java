package io.backstep.engine.bench;

import io.backstep.engine.debuginfo.AddressRange;
import io.backstep.engine.debuginfo.CompileUnit;
import io.backstep.engine.debuginfo.DebugInfo;
import io.backstep.engine.decode.ModuleDecoder;
import io.backstep.engine.model.WasmModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How cheap opening a module's DWARF is, and what a first lookup and a full read cost. Not a unit
 * test: run with {@code engine/debuginfo-bench.sh [MODULE.wasm] [FUNCTION]} (default: lua.wasm of
 * ../shared/realworld, luaV_execute). The first round is cold (fresh JVM: class loading, interpreted
 * code); the median of the next rounds is warm. Each round starts from the decoded module with a new
 * {@link DebugInfo}, so nothing is cached between rounds.
 */
public final class DebugInfoBenchmark {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/realworld/wasm/lua.wasm");
        String function = args.length > 1 ? args[1] : "luaV_execute";
        int rounds = Integer.getInteger("bench.rounds", 21);
        byte[] bytes = Files.readAllBytes(file);
        long t0 = System.nanoTime();
        WasmModule module = ModuleDecoder.decode(bytes);
        long decode = System.nanoTime() - t0;
        int fn = -1;
        for (int i = module.importedFunctionCount(); i < module.functionCount(); i++) if (function.equals(module.functionName(i))) fn = i;
        if (fn < 0) throw new IllegalArgumentException("no function " + function);

        long[][] t = new long[4][rounds];
        int units = 0, read = 0, vars = 0;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long a = System.nanoTime();
            DebugInfo info = DebugInfo.of(module);
            units = info.units().size();
            long b = System.nanoTime();
            AddressRange range = info.codeMap().functionRange(fn);
            long addr = range.start() + (range.end() - range.start()) / 2;
            DebugInfo.SourcePosition pos = info.sourceAt(addr);
            vars = info.variablesAt(addr).size();
            sink += pos.line() + info.functionAt(addr).name().length();
            long c = System.nanoTime();
            read = (int) info.units().stream().filter(CompileUnit::entriesRead).count();
            long d = System.nanoTime();
            for (CompileUnit u : info.units()) {
                sink += u.entries().size();
                if (u.lineTable() != null) sink += u.lineTable().rows().size();
            }
            long e = System.nanoTime();
            t[0][r] = b - a;
            t[1][r] = c - b;
            t[2][r] = e - d;
            t[3][r] = e - a - (d - c);
        }
        System.out.printf("%s: %,d bytes, %d units; decode %.1f ms (engine, once)%n", file.getFileName(), bytes.length, units, decode / 1e6);
        String[] what = {"open + index unit headers", "first lookup at " + function + " (line, function, " + vars + " variables; reads " + read + " unit)",
                "read every unit's entries and line table", "total"};
        for (int i = 0; i < 4; i++) {
            long[] w = Arrays.copyOfRange(t[i], 1, rounds);
            Arrays.sort(w);
            System.out.printf("  %-70s cold %8.2f ms   warm median %8.2f ms%n", what[i], t[i][0] / 1e6, w.length == 0 ? 0 : w[w.length / 2] / 1e6);
        }
        if (sink == 42) System.out.println();
    }
}
