package io.backstep.engine.bench;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.code.Fusion;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiExitException;
import io.backstep.engine.wasi.WasiHost;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Dynamic histogram of internal opcodes and of consecutive opcode pairs for one sample, gathered
 * through {@link Machine#setListener} (single-stepping, so use small sizes). It tells which
 * instructions dominate a workload and which pairs would pay off as fused "superinstructions".
 *
 * <p>Usage: {@code OpcodeProfile FILE.wasm [arg]}; run it through {@code engine/bench.sh}'s classpath.
 */
public final class OpcodeProfile {
    private static final String[] NAMES = new String[256];

    public static void main(String[] argv) throws Exception {
        Path file = Path.of(argv[0]);
        String[] args = argv.length > 1 ? new String[] {file.getFileName().toString(), argv[1]}
                : new String[] {file.getFileName().toString()};
        names();
        CompiledModule compiled = Wasm.load(Files.readAllBytes(file));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] single = new long[256];
        long[] pairs = new long[256 * 256];
        int[] prev = {-1};
        // The last four opcodes, for runs of three and four (candidate longer superinstructions).
        int[] last = {-1, -1, -1};
        java.util.Map<Long, long[]> triples = new java.util.HashMap<>();
        java.util.Map<Long, long[]> quads = new java.util.HashMap<>();
        // What the fast loop dispatches: a fused opcode covers the next instructions of its run when
        // execution falls through them.
        long[] dispatched = new long[256];
        long[] dispatchPairs = new long[256 * 256];
        int[] run = {0, -1, -1, -1}; // instructions left in the current run, expected next pc, function, previous dispatch
        try (WasiHost host = WasiHost.live(WasiConfig.builder().args(args).stdout(out).build())) {
            Linker linker = new Linker();
            host.install(linker);
            Instance instance = linker.instantiate(compiled);
            Machine machine = new Machine(linker.store());
            machine.setListener((fn, pc, step) -> {
                int op = fn.code().opcodeAt(pc) & 0xFF;
                boolean covered = run[0] > 0 && run[1] == pc && run[2] == fn.code().index;
                if (covered) {
                    run[0]--;
                } else {
                    int d = fn.code().code[pc] & 0xFF;
                    dispatched[d]++;
                    if (run[3] >= 0) dispatchPairs[run[3] * 256 + d]++;
                    run[3] = d;
                    run[0] = Fusion.runLength(d) - 1;
                    run[2] = fn.code().index;
                }
                run[1] = pc + Op.length(fn.code().code, pc, op);
                single[op]++;
                if (prev[0] >= 0) pairs[prev[0] * 256 + op]++;
                prev[0] = op;
                if (last[1] >= 0) triples.computeIfAbsent(((long) last[1] << 16) | ((long) last[2] << 8) | op, k -> new long[1])[0]++;
                if (last[0] >= 0) quads.computeIfAbsent(((long) last[0] << 24) | ((long) last[1] << 16) | ((long) last[2] << 8) | op, k -> new long[1])[0]++;
                last[0] = last[1];
                last[1] = last[2];
                last[2] = op;
            });
            try {
                machine.invoke(instance.exportedFunction("_start"));
            } catch (WasiExitException e) {
                if (e.exitCode() != 0) throw e;
            }
            long total = machine.stepCount();
            System.out.printf(Locale.ROOT, "%s %s: %,d instructions%n", file.getFileName(), argv.length > 1 ? argv[1] : "", total);
            print("opcodes", single, total, 25, false);
            print("consecutive pairs", pairs, total, 25, true);
            long dispatches = java.util.Arrays.stream(dispatched).sum();
            System.out.printf(Locale.ROOT, "  dispatches: %,d (%.2f instructions each)%n", dispatches, (double) total / dispatches);
            print("dispatched opcodes", dispatched, dispatches, 25, false);
            print("consecutive dispatches", dispatchPairs, dispatches, 25, true);
            printRuns("runs of three", triples, total, 3);
            printRuns("runs of four", quads, total, 4);
        }
    }

    private static void print(String title, long[] counts, long total, int top, boolean pair) {
        Integer[] idx = new Integer[counts.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Long.compare(counts[b], counts[a]));
        System.out.println("  top " + title + ":");
        double cumulative = 0;
        for (int i = 0; i < top && counts[idx[i]] > 0; i++) {
            int k = idx[i];
            double pct = 100.0 * counts[k] / total;
            cumulative += pct;
            String name = pair ? name(k >> 8) + " ; " + name(k & 0xFF) : name(k);
            System.out.printf(Locale.ROOT, "    %5.1f%% %6.1f%%  %s%n", pct, cumulative, name);
        }
    }

    private static void printRuns(String title, java.util.Map<Long, long[]> runs, long total, int length) {
        System.out.println("  top " + title + ":");
        runs.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(25).forEach(e -> {
            StringBuilder b = new StringBuilder();
            for (int i = length - 1; i >= 0; i--) b.append(name((int) (e.getKey() >>> (8 * i)) & 0xFF)).append(i > 0 ? " ; " : "");
            System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue()[0] / total, b);
        });
    }

    private static String name(int op) {
        return NAMES[op] != null ? NAMES[op] : String.format("0x%02X", op);
    }

    private static void names() throws IllegalAccessException {
        // Internal opcodes by their constant names in Op; numeric Wasm opcodes keep Wasm numbering.
        String numeric = "i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u "
                + "i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u "
                + "f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne f64.lt f64.gt f64.le f64.ge "
                + "i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u "
                + "i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr "
                + "i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u "
                + "i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr";
        String[] n = numeric.split(" ");
        for (int i = 0; i < n.length; i++) NAMES[0x45 + i] = n[i];
        NAMES[0xA7] = "i32.wrap_i64";
        NAMES[0xAC] = "i64.extend_i32_s";
        NAMES[0xAD] = "i64.extend_i32_u";
        for (Field f : Fusion.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !f.getName().equals("MAX_RUN")) NAMES[f.getInt(null)] = f.getName();
        }
        for (Field f : Op.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                int v = f.getInt(null);
                if (v >= 0 && v < 256 && (NAMES[v] == null || v < 0x45 || v > 0xC4)) NAMES[v] = f.getName();
            }
        }
    }
}
